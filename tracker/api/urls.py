from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from incidents.api import views as incident_views
from sources.api import views as source_views

router = DefaultRouter()
router.register("incidents", incident_views.IncidentViewSet)
router.register("violations", incident_views.ViolationViewSet)
router.register("victims", incident_views.VictimViewSet)
router.register("perpetrators", incident_views.PerpetratorViewSet, basename="perpetrator")
router.register("advocacy-responses", incident_views.AdvocacyResponseViewSet)
router.register("sources", source_views.SourceViewSet)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("", include(router.urls)),
]
