"""Who may use the API: tokens (hashed, expiring, revocable, last use recorded), roles, throttling."""

import datetime
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from incidents.models import Incident
from tracker.models import ApiToken, token_hash
from tracker.tests.api_data import *  # noqa: F403

ENDPOINTS = [
    "/api/v1/",
    "/api/v1/incidents/",
    "/api/v1/violations/",
    "/api/v1/victims/",
    "/api/v1/perpetrators/",
    "/api/v1/advocacy-responses/",
    "/api/v1/sources/",
    "/api/v1/terms/",
    "/api/v1/stats/",
    "/api/v1/withdrawals/",
]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_it_refuses_anonymous_callers_with_401(world, path):
    response = APIClient().get(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"Argun" not in response.content


def test_it_refuses_anonymous_callers_a_record_and_its_csv(world):
    for path in (f"/api/v1/incidents/{world.chechnya.pk}/", "/api/v1/incidents/?format=csv"):
        response = APIClient().get(path)
        assert response.status_code == 401
        assert b"Argun" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_it_refuses_an_unknown_token(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer trk_not-a-real-token")
    response = client.get("/api/v1/incidents/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_it_accepts_the_token_keyword_too(world, tokens):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {tokens['partner']}")
    assert client.get("/api/v1/incidents/").status_code == 200


def test_it_stores_only_the_hash_of_a_token(tokens):
    stored = ApiToken.objects.get(organisation="partner org")
    assert stored.key_hash == token_hash(tokens["partner"])
    assert tokens["partner"] not in str(list(ApiToken.objects.values()))
    assert tokens["partner"].startswith(stored.prefix)


def test_it_records_the_last_use_of_a_token(world, api):
    assert ApiToken.objects.get(organisation="partner org").last_used_at is None
    api("partner").get("/api/v1/incidents/")
    used = ApiToken.objects.get(organisation="partner org").last_used_at
    assert used is not None and timezone.now() - used < datetime.timedelta(minutes=1)


def test_a_revoked_token_stops_working_at_once(world, api):
    client = api("partner")
    assert client.get("/api/v1/incidents/").status_code == 200
    ApiToken.objects.get(organisation="partner org").revoke()
    response = client.get("/api/v1/incidents/")
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_an_expired_token_is_refused(world, api):
    ApiToken.objects.filter(organisation="partner org").update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = api("partner").get("/api/v1/incidents/")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_token_of_a_deactivated_account_is_refused(world, api, partner):
    partner.is_active = False
    partner.save()
    assert api("partner").get("/api/v1/incidents/").status_code == 401


def test_a_signed_in_user_without_a_role_gets_403(world, api):
    assert api("stranger").get("/api/v1/incidents/").status_code == 403


@pytest.mark.parametrize("role", ["partner", "auditor", "reviewer"])
def test_only_staff_write(world, api, role):
    client = api(role)
    created = client.post("/api/v1/incidents/", {"title": "New"}, format="json")
    changed = client.patch(f"/api/v1/incidents/{world.chechnya.pk}/", {"title": "Changed"}, format="json")
    deleted = client.delete(f"/api/v1/incidents/{world.chechnya.pk}/")
    assert (created.status_code, changed.status_code, deleted.status_code) == (403, 403, 403)
    assert Incident.objects.get(pk=world.chechnya.pk).title == "Detentions of gay men in Argun"


def test_issue_token_prints_a_working_token(world, partner, capsys):
    call_command("issue_token", "partner", "--organisation", "Memorial", "--expires-in-days", "30")
    plaintext = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(key_hash=token_hash(plaintext))
    assert (token.user, token.organisation) == (partner, "Memorial")
    assert token.expires_at > timezone.now() + datetime.timedelta(days=29)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert client.get("/api/v1/incidents/").status_code == 200


def test_issue_token_names_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("issue_token", "nobody")


def test_staff_issue_a_token_in_the_admin_and_see_it_once(client, superuser, partner):
    client.force_login(superuser)
    response = client.post(
        "/admin/tracker/apitoken/add/", {"user": partner.pk, "organisation": "Memorial"}, follow=True
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(organisation="Memorial")
    shown = [str(message) for message in response.context["messages"]]
    plaintext = re.search(r"trk_[\w-]+", " ".join(shown)).group()
    assert token_hash(plaintext) == token.key_hash
    page = client.get(f"/admin/tracker/apitoken/{token.pk}/change/").content.decode()
    assert plaintext not in page


def test_staff_revoke_tokens_in_the_admin(client, superuser, tokens):
    client.force_login(superuser)
    token = ApiToken.objects.get(organisation="partner org")
    client.post(
        "/admin/tracker/apitoken/", {"action": "revoke_tokens", "_selected_action": [token.pk]}, follow=True
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.history.first().history_user == superuser


def test_it_throttles_each_token_with_a_clear_429(world, api, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "3/minute"}}
    partner = api("partner")
    assert [partner.get("/api/v1/terms/").status_code for _ in range(3)] == [200, 200, 200]
    refused = partner.get("/api/v1/terms/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "throttled" in refused.json()["detail"]
    # Another organisation's token has its own budget.
    assert api("auditor").get("/api/v1/terms/").status_code == 200


def test_the_budget_is_kept_in_the_shared_cache_where_there_is_one(world, api, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "tracker_cache"}
    }
    call_command("createcachetable", verbosity=0)
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "2/minute"}}
    partner = api("partner")
    assert [partner.get("/api/v1/terms/").status_code for _ in range(3)] == [200, 200, 429]
    # The requests are counted in the database table, where every worker process reads them.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM tracker_cache WHERE cache_key LIKE %s", ["%throttle_api_token-%"]
        )
        assert cursor.fetchone()[0] == 1
