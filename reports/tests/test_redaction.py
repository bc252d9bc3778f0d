"""Identities above the caller's disclosure level are withheld in every export, by tracker.policy."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from incidents.models import Victim
from reports.models import ExportLog
from reports.tests.conftest import AUDITOR_MUST_NOT_SEE, PARTNERS_NAME, PUBLIC_NAME
from reports.tests.readers import READERS, every_text
from tracker import policy
from tracker.models import IdentityAccess


def export(folder, user, export_format):
    call_command(
        "export_report", "--format", export_format, "--out", str(folder), "--as", user.username, verbosity=0
    )
    return folder


@pytest.mark.parametrize("export_format", ["csv", "json", "xlsx", "pdf"])
def test_an_auditors_export_never_holds_a_withheld_identity(case, auditor, out, export_format):
    folder = export(out(), auditor, export_format)
    shown = every_text(folder)
    for secret in AUDITOR_MUST_NOT_SEE:
        assert secret not in shown
    if export_format != "pdf":
        # The identities the auditor may see are there: the check above is not vacuous.
        assert PUBLIC_NAME in shown and PARTNERS_NAME in shown


@pytest.mark.parametrize("role", ["auditor", "partner", "reviewer", "staff", "superuser"])
@pytest.mark.parametrize("export_format", ["csv", "json", "xlsx"])
def test_every_role_gets_exactly_the_identities_the_policy_gives_it(request, case, out, role, export_format):
    user = request.getfixturevalue(role)
    rows = READERS[export_format](export(out(), user, export_format))["victims"]

    assert rows, "the role sees some victims"
    for row in rows:
        victim = Victim.objects.get(pseudonym=row["victim"])
        expected = {field: value or "" for field, value in policy.identity(user, victim).items()}
        assert {field: row[field] for field in Victim.IDENTITY_FIELDS} == expected


def test_the_staff_named_on_a_restricted_victim_see_it_and_other_staff_do_not(case, staff, reviewer, out):
    by_staff = READERS["csv"](export(out(), staff, "csv"))["victims"]
    by_reviewer = READERS["csv"](export(out(), reviewer, "csv"))["victims"]
    restricted = case.restricted_victim.pseudonym
    assert next(r for r in by_staff if r["victim"] == restricted)["name"] == case.restricted_victim.name
    assert next(r for r in by_reviewer if r["victim"] == restricted)["name"] == policy.WITHHELD


def test_a_partner_never_sees_incidents_above_its_level(case, partner, out):
    incidents = READERS["csv"](export(out(), partner, "csv"))["incidents"]
    assert {row["title"] for row in incidents} == {"Detentions in Grozny", "Detention in Argun"}


def test_every_protected_identity_exported_is_noted_in_the_access_trail(case, auditor, staff, out):
    export(out(), auditor, "csv")
    noted = IdentityAccess.objects.filter(surface="export")
    # The partners-level identity was shown; the public one is in the press already; the rest were withheld.
    assert {(n.username, n.victim_pseudonym) for n in noted} == {("auditor", case.partners_victim.pseudonym)}

    export(out(), staff, "json")
    by_staff = {
        n.victim_pseudonym for n in IdentityAccess.objects.filter(surface="export", username="documentalist")
    }
    assert by_staff == {
        case.partners_victim.pseudonym,
        case.staff_victim.pseudonym,
        case.restricted_victim.pseudonym,
    }


@pytest.mark.parametrize("export_format", ["csv", "json"])
def test_an_identity_tampered_with_in_the_database_stops_the_export(case, auditor, out, export_format):
    pk = case.partners_victim.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM incidents_victim WHERE id = %s", [pk])
        stored = cursor.fetchone()[0]
        assert stored.startswith("gAAAAA")
        # One character of the ciphertext changed, behind the model's back.
        forged = stored[:40] + ("A" if stored[40] != "A" else "B") + stored[41:]
        cursor.execute("UPDATE incidents_victim SET name = %s WHERE id = %s", [forged, pk])

    folder = out()
    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
        export(folder, auditor, export_format)
    assert not folder.exists()
    assert not ExportLog.objects.exists()
    assert not IdentityAccess.objects.filter(surface="export").exists()
