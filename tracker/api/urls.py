"""The API's addresses, under /api/v1/ (see docs/api.md)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from incidents.api import views as incident_views
from sources.api import views as source_views
from tracker.api import schema  # noqa: F401 -- registers the token scheme with drf-spectacular
from tracker.api.stats import StatsView
from tracker.api.withdrawals import WithdrawalsView

router = DefaultRouter()
router.register("incidents", incident_views.IncidentViewSet)
router.register("violations", incident_views.ViolationViewSet)
router.register("victims", incident_views.VictimViewSet)
router.register("perpetrators", incident_views.PerpetratorViewSet, basename="perpetrator")
router.register("advocacy-responses", incident_views.AdvocacyResponseViewSet)
router.register("sources", source_views.SourceViewSet)
router.register("terms", incident_views.TermViewSet)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("stats/", StatsView.as_view(), name="stats"),
    path("withdrawals/", WithdrawalsView.as_view(), name="withdrawals"),
    path("", include(router.urls)),
]
