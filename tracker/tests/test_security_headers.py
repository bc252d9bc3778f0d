"""Every response that may carry protected data says `Cache-Control: no-store`, pages carry a
Content-Security-Policy, and error pages repeat nothing from the request."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils.cache import get_max_age

from tracker.api.urls import router


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_not_stored(response) -> None:
    assert "no-store" in cache_directives(response), response.get("Cache-Control")
    assert get_max_age(response) == 0


def admin_changelists() -> list[str]:
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]


def test_every_admin_list_page_is_not_stored_and_has_a_policy(client, superuser):
    client.force_login(superuser)
    pages = ["/admin/", *admin_changelists()]
    assert len(pages) > 10  # every registered model, not a handful

    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert_not_stored(response)
        assert "Content-Security-Policy" in response, page


def test_sign_in_pages_are_not_stored(staff):
    browser = Client()
    assert_not_stored(browser.get("/admin/login/"))
    browser.post("/admin/login/", {"username": "documentalist", "password": "wrong"})
    browser.force_login(staff)
    response = browser.get("/admin/second-factor/")
    assert response.status_code == 200
    assert_not_stored(response)


def test_the_enrolment_page_with_its_secret_is_not_stored(db):
    from django.contrib.auth.models import User

    newcomer = User.objects.create_user("newcomer", password="x", is_staff=True)
    browser = Client()
    browser.force_login(newcomer)

    response = browser.get("/admin/second-factor/enrol/")

    assert response.status_code == 200
    assert_not_stored(response)


def test_api_lists_are_not_stored(client, staff):
    client.force_login(staff)

    response = client.get("/api/v1/incidents/")

    assert response.status_code == 200
    assert_not_stored(response)


@pytest.mark.parametrize("prefix", [prefix for prefix, _viewset, _basename in router.registry])
def test_every_api_list_is_not_stored(client, staff, prefix):
    client.force_login(staff)

    response = client.get(f"/api/v1/{prefix}/")

    assert response.status_code == 200, prefix
    assert_not_stored(response)


def test_api_refusals_are_not_stored(db):
    anonymous = Client().get("/api/v1/incidents/")
    bad_token = Client(HTTP_AUTHORIZATION="Bearer not-a-real-token").get("/api/v1/incidents/")

    assert anonymous.status_code in (401, 403)
    assert bad_token.status_code == 401
    assert_not_stored(anonymous)
    assert_not_stored(bad_token)


def test_the_admin_policy_allows_only_this_sites_scripts(client, staff):
    client.force_login(staff)

    directives = csp_directives(client.get("/admin/"))

    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    # No other site and no wildcard anywhere: keywords and data:/blob: only.
    sources = {source for listed in directives.values() for source in listed}
    assert sources <= {"'self'", "'none'", "'unsafe-inline'", "data:", "blob:"}


def test_the_api_docs_have_a_policy_and_load_nothing_from_elsewhere(client, staff):
    client.force_login(staff)

    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    assert csp_directives(response)["script-src"] == ["'self'"]
    assert_not_stored(response)
    # Swagger UI is served from this site (drf-spectacular-sidecar), not from a CDN.
    assert b"cdn" not in response.content.lower()
    assert b"https://" not in response.content


def test_protected_responses_keep_the_referrer_on_this_site(client, staff):
    client.force_login(staff)

    assert client.get("/admin/")["Referrer-Policy"] == "same-origin"
    assert client.get("/api/v1/incidents/")["Referrer-Policy"] == "same-origin"


def test_a_not_found_page_does_not_repeat_the_address(db):
    # A mistyped or tampered URL may hold a name; the 404 page must not echo it back.
    response = Client().get("/victims/Akhmadov-Ruslan/")

    assert response.status_code == 404
    assert b"Akhmadov" not in response.content
