from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Human-rights incident tracker"
admin.site.site_title = "Incident tracker"
admin.site.index_title = "Documentation"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("_nested_admin/", include("nested_admin.urls")),
    path("api/v1/", include("tracker.api.urls")),
]
