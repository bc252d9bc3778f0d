from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

# Everything under these may carry protected data (victims' identities, who did what). Marking
# all of it is simpler and safer than deciding page by page which ones do.
PROTECTED_PATH_PREFIXES = ("/admin/", "/api/", "/_nested_admin/")


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response that may carry protected data, so that no
    browser, proxy or shared computer keeps a copy. Placed first in MIDDLEWARE, so that it also
    marks the answers other middleware make (lockouts, CSRF refusals, redirects)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(PROTECTED_PATH_PREFIXES):
            add_never_cache_headers(response)
        return response
