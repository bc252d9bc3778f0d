"""Every protected identity shown leaves one line in the access trail, and never the identity."""

import csv
import io

import pytest
from django.db import connection

from tracker.models import IdentityAccess
from tracker.tests.api_data import *  # noqa: F403
from tracker.tests.api_data import STAFF_NAME


def assert_trail_holds_no_identity(victim) -> None:
    """Every text column of every trail row, read raw: no name, no contact, nothing identifying."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM tracker_identityaccess")
        dump = " ".join(str(value) for row in cursor.fetchall() for value in row).lower()
    secrets = [victim.name, *victim.name.split(), victim.contact_details, victim.identifying_details]
    for secret in filter(None, secrets):
        assert secret.lower() not in dump


def test_the_admin_change_page_leaves_exactly_one_record(world, client, staff):
    client.force_login(staff)
    victim = world.staff_victim
    response = client.get(f"/admin/incidents/victim/{victim.pk}/change/?q={STAFF_NAME}")
    assert response.status_code == 200
    assert STAFF_NAME in response.content.decode()
    (access,) = IdentityAccess.objects.all()
    assert (access.user, access.username, access.victim, access.surface) == (
        staff,
        staff.username,
        victim,
        "admin",
    )
    assert access.victim_pseudonym == victim.pseudonym
    assert access.fields == "name,other_names,contact_details,identifying_details"
    assert access.path == f"/admin/incidents/victim/{victim.pk}/change/"
    assert_trail_holds_no_identity(victim)


def test_the_change_page_shows_staff_who_looked(world, client, staff):
    client.force_login(staff)
    url = f"/admin/incidents/victim/{world.staff_victim.pk}/change/"
    client.get(url)
    page = client.get(url).content.decode()
    assert "who was shown this identity" in page.lower()
    assert f"{staff.username} (admin" in page


def test_an_api_victim_detail_leaves_exactly_one_record(world, api, staff):
    victim = world.staff_victim
    response = api("staff").get(f"/api/v1/victims/{victim.pk}/")
    assert response.status_code == 200
    assert response.json()["name"] == STAFF_NAME
    (access,) = IdentityAccess.objects.all()
    assert (access.user, access.victim, access.surface) == (staff, victim, "api")
    assert set(access.fields.split(",")) == set(victim.IDENTITY_FIELDS)
    assert_trail_holds_no_identity(victim)


def test_an_api_export_leaves_one_record_per_protected_victim_shown(world, api):
    response = api("staff").get("/api/v1/victims/?format=csv")
    assert STAFF_NAME in b"".join(response.streaming_content).decode()
    accesses = list(IdentityAccess.objects.filter(victim=world.staff_victim))
    assert len(accesses) == 1
    assert accesses[0].surface == "export"
    assert not IdentityAccess.objects.filter(victim=world.public_victim).exists()


@pytest.mark.parametrize("role", ["partner", "auditor"])
def test_nothing_is_recorded_when_the_identity_is_withheld(world, api, role):
    response = api(role).get(f"/api/v1/victims/{world.staff_victim.pk}/")
    assert STAFF_NAME.encode() not in response.content
    assert not IdentityAccess.objects.exists()


def test_public_identities_are_not_recorded(world, api, client, staff):
    assert api("staff").get(f"/api/v1/victims/{world.public_victim.pk}/").status_code == 200
    client.force_login(staff)
    assert client.get(f"/admin/incidents/victim/{world.public_victim.pk}/change/").status_code == 200
    assert not IdentityAccess.objects.exists()


def test_auditors_read_and_export_the_trail_but_cannot_change_it(world, api, client, auditor):
    api("staff").get(f"/api/v1/victims/{world.staff_victim.pk}/")
    access = IdentityAccess.objects.get()
    client.force_login(auditor)
    listing = client.get("/admin/tracker/identityaccess/?surface=api")
    assert listing.status_code == 200
    assert world.staff_victim.pseudonym in listing.content.decode()
    exported = client.post(
        "/admin/tracker/identityaccess/",
        {"action": "export_csv", "_selected_action": [access.pk]},
    )
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0] == ["at", "username", "victim_pseudonym", "fields", "surface", "path"]
    assert rows[1][1:3] == ["documentalist", world.staff_victim.pseudonym]
    assert (
        client.post(f"/admin/tracker/identityaccess/{access.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert IdentityAccess.objects.count() == 1


def test_staff_without_the_auditor_role_cannot_read_the_trail(world, client, staff):
    client.force_login(staff)
    assert client.get("/admin/tracker/identityaccess/").status_code == 403


def test_an_export_outside_a_request_records_once_and_a_bare_read_as_a_command(world, staff):
    from tracker import access, policy

    with access.trail(surface="export"):
        for _ in range(3):
            policy.identity(staff, world.staff_victim)
        assert not IdentityAccess.objects.exists()  # written once, at the end
    assert list(IdentityAccess.objects.values_list("surface", flat=True)) == ["export"]
    policy.identity(staff, world.staff_victim)
    assert sorted(IdentityAccess.objects.values_list("surface", flat=True)) == ["command", "export"]


@pytest.mark.parametrize("size", ["small", "large"])
def test_a_trail_is_written_whole_whatever_its_size(db, staff, size):
    from django.utils import timezone

    from incidents.choices import Disclosure
    from incidents.models import Victim
    from tracker import access

    # Large: past the size from which PostgreSQL gets the trail by COPY rather than INSERT.
    count = 3 if size == "small" else access._COPY_FROM + 1
    victims = Victim.objects.bulk_create(
        [Victim(description=f"v{n}", disclosure=Disclosure.STAFF) for n in range(count)]
    )
    before = timezone.now()
    with access.trail(surface="export", path="/admin/x/"):
        for victim in victims:
            access.note_row(
                staff,
                pk=victim.pk,
                pseudonym=victim.pseudonym,
                disclosure=victim.disclosure,
                fields=["other_names", "name"],
            )
    rows = IdentityAccess.objects.values_list(
        "user_id", "username", "victim_id", "victim_pseudonym", "fields", "surface", "path"
    )
    assert sorted(rows) == sorted(
        (staff.pk, "documentalist", v.pk, v.pseudonym, "name,other_names", "export", "/admin/x/")
        for v in victims
    )
    assert all(before <= at <= timezone.now() for at in IdentityAccess.objects.values_list("at", flat=True))
