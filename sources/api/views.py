from rest_framework import viewsets

from sources.models import Source


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Source.objects.all()
