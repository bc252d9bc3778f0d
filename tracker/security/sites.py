"""The admin site, which admits only staff who signed in with their second factor.

Installed as Django's default admin site (tracker.security.apps.TrackerAdminConfig), so every
app's `admin.site.register(...)` lands here. Signing in is two steps: the password on the
admin's own login page, then a code from the user's authenticator app; a user who has none yet
sets one up first. Until the second step is done the session is signed in but not verified,
and every admin page sends it back to that step.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import user_has_device


def is_verified(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Has this user, in this session, given a code from a confirmed device?

    django_otp.middleware.OTPMiddleware adds `is_verified` to request.user; a user object that
    did not come through it (just signed in, say) has not been verified.
    """
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def awaits_second_factor(request: HttpRequest) -> bool:
    """Signed in with a password as someone who may use the admin, but no code given yet."""
    user = request.user
    return user.is_active and user.is_staff and not is_verified(user)


class TrackerAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and is_verified(request.user)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        if awaits_second_factor(request):
            return self.second_factor_redirect(request)
        response = super().login(request, extra_context)
        # A password just accepted signs the user in, unverified: on to the second step.
        if request.method == "POST" and request.user.is_authenticated and awaits_second_factor(request):
            return self.second_factor_redirect(request)
        return response

    def get_urls(self) -> list[URLPattern]:
        from tracker.security import views

        # Outside admin_view: these are the pages an unverified session may see.
        steps = [
            path("second-factor/", self._step(views.second_factor), name="second_factor"),
            path("second-factor/enrol/", self._step(views.enrol), name="second_factor_enrol"),
            path("second-factor/sign-out/", self._step(views.sign_out), name="second_factor_sign_out"),
        ]
        # Before the admin's own patterns, whose catch-all would otherwise answer first.
        return steps + super().get_urls()

    def _step(self, view):
        def step(request: HttpRequest) -> HttpResponse:
            request.current_app = self.name
            return view(request, self)

        return never_cache(csrf_protect(step))

    def second_factor_redirect(self, request: HttpRequest) -> HttpResponseRedirect:
        """To the code page, or to enrolment for a user who has no confirmed device yet."""
        name = "second_factor" if user_has_device(request.user) else "second_factor_enrol"
        return self.step_redirect(request, name)

    def step_redirect(self, request: HttpRequest, name: str) -> HttpResponseRedirect:
        """To one of the second-factor pages, keeping where the user was going."""
        url = reverse(f"admin:{name}", current_app=self.name)
        next_url = self.next_url(request)
        if next_url:
            url += "?" + urlencode({REDIRECT_FIELD_NAME: next_url})
        return HttpResponseRedirect(url)

    def next_url(self, request: HttpRequest) -> str | None:
        """Where the user was going, if it is a page of this site."""
        candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
        return None
