from rest_framework import viewsets

from incidents.models import Actor, AdvocacyResponse, Incident, Victim, Violation


class IncidentViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Incident.objects.all()


class ViolationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Violation.objects.all()


class VictimViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Victim.objects.all()


class PerpetratorViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Actor.objects.filter(involvements__isnull=False).distinct()


class AdvocacyResponseViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = AdvocacyResponse.objects.all()
