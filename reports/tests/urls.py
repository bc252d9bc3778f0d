"""The project's URLs plus one API-path view that edits a record, to see the surface it is logged as."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from incidents.models import Incident
from tracker.urls import urlpatterns as project_urlpatterns


def retitle(request: HttpRequest, pk: int) -> HttpResponse:
    incident = Incident.objects.get(pk=pk)
    incident.title = request.POST["title"]
    incident.save()
    return HttpResponse("ok")


urlpatterns = [
    path("api/v1/_reports_test/retitle/<int:pk>/", retitle),
    *project_urlpatterns,
]
