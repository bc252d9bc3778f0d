"""Auditors in the admin: they read the logs and every record they may, change nothing, and export."""

import json

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command

from incidents.models import Incident
from reports.admin import export_report, record_history_url
from reports.models import AuditEntry, ExportLog
from reports.tests.conftest import AUDITOR_MUST_NOT_SEE, PUBLIC_NAME
from reports.tests.readers import read_zip


@pytest.fixture
def incident_admin(monkeypatch):
    """The incident list's admin, with the export action (added here if the wiring is not there yet)."""
    model_admin = admin.site._registry[Incident]
    if export_report not in model_admin.actions:
        monkeypatch.setattr(model_admin, "actions", [*model_admin.actions, export_report])
    return model_admin


@pytest.fixture
def exported(case, auditor, tmp_path) -> ExportLog:
    call_command(
        "export_report", "--format", "csv", "--out", str(tmp_path / "x"), "--as", "auditor", verbosity=0
    )
    return ExportLog.objects.get()


def test_auditors_read_the_change_log_and_the_export_log(client, auditor, case, exported):
    client.force_login(auditor)
    entry = AuditEntry.objects.filter(model_label="incidents.incident", object_id=case.grozny.pk).first()
    for url in (
        "/admin/reports/auditentry/",
        f"/admin/reports/auditentry/{entry.pk}/change/",
        "/admin/reports/exportlog/",
        f"/admin/reports/exportlog/{exported.pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b'name="_save"' not in response.content
    assert b"auditor" in client.get("/admin/reports/exportlog/").content


def test_the_history_of_one_record(client, auditor, case):
    client.force_login(auditor)
    case.grozny.title = "Detentions and torture in Grozny"
    case.grozny.save()

    response = client.get(record_history_url(case.grozny))
    assert response.status_code == 200
    shown = {entry.pk for entry in response.context["cl"].result_list}
    assert shown == set(
        AuditEntry.objects.filter(
            model_label="incidents.incident", object_id=str(case.grozny.pk)
        ).values_list("pk", flat=True)
    )
    latest = AuditEntry.objects.filter(
        object_id=str(case.grozny.pk), model_label="incidents.incident"
    ).first()
    page = client.get(f"/admin/reports/auditentry/{latest.pk}/change/").content.decode()
    assert "Detentions and torture in Grozny" in page and "Detentions in Grozny" in page


def test_nobody_changes_the_logs_in_the_admin_not_even_a_superuser(client, superuser, exported):
    client.force_login(superuser)
    entry = AuditEntry.objects.first()
    assert client.get("/admin/reports/auditentry/add/").status_code == 403
    assert client.post(f"/admin/reports/auditentry/{entry.pk}/change/", {"username": "x"}).status_code == 403
    assert client.post(f"/admin/reports/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/reports/exportlog/{exported.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).username == entry.username


def test_an_auditor_can_change_nothing_anywhere_in_the_admin(client, auditor, case, exported):
    client.force_login(auditor)
    records = [
        case.grozny,
        case.public_victim,
        case.police,
        case.response,
        case.source,
        case.torture,
        case.grozny.violations.first(),
        case.police.involvements.first(),
        AuditEntry.objects.first(),
        exported,
        auditor,
        Group.objects.first(),
    ]
    before = {(type(r), r.pk): type(r).objects.filter(pk=r.pk).values().get() for r in records}
    checked = 0
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}"
        assert client.get(f"{base}/add/").status_code in (403, 302), model
        assert client.post(f"{base}/add/", {}).status_code in (403, 302), model
        for record in (r for r in records if type(r) is model):
            assert client.post(f"{base}/{record.pk}/change/", {"title": "changed"}).status_code == 403, model
            assert client.post(f"{base}/{record.pk}/delete/", {"post": "yes"}).status_code == 403, model
            checked += 1
    assert checked == len(records)
    assert {(type(r), r.pk): type(r).objects.filter(pk=r.pk).values().get() for r in records} == before
    # The pages they may read are read-only pages, not forms.
    page = client.get(f"/admin/incidents/incident/{case.grozny.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content


def test_the_export_action_honours_the_lists_filters_and_the_users_view(
    client, auditor, case, incident_admin
):
    client.force_login(auditor)
    changelist = "/admin/incidents/incident/?status__exact=verified"
    listing = client.get(changelist)
    assert b"export_report" in listing.content

    form = client.post(
        changelist,
        {"action": "export_report", "select_across": "1", "index": "0", "_selected_action": [case.grozny.pk]},
    )
    assert form.status_code == 200
    assert b"All 1 incidents that match the list" in form.content

    response = client.post(
        changelist,
        {
            "action": "export_report",
            "select_across": "1",
            "_selected_action": [case.grozny.pk],
            "export_format": "csv",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    files = read_zip(b"".join(response.streaming_content))
    manifest = json.loads(files["manifest.json"])
    assert manifest["filters"] == {"admin_filters": {"status__exact": "verified"}}
    assert manifest["made_by"] == "auditor" and manifest["surface"] == "admin"
    assert manifest["counts"]["incidents"] == 1
    incidents = files["incidents.csv"].decode()
    assert "Detentions in Grozny" in incidents and "Detention in Argun" not in incidents
    everything = b"".join(files.values()).decode()
    assert PUBLIC_NAME in everything
    assert not any(secret in everything for secret in AUDITOR_MUST_NOT_SEE)
    log = ExportLog.objects.get()
    assert (log.username, log.surface, log.total_records) == (
        "auditor",
        "admin",
        sum(manifest["counts"].values()),
    )


def test_the_export_action_exports_only_the_selected_incidents(client, auditor, case, incident_admin):
    client.force_login(auditor)
    response = client.post(
        "/admin/incidents/incident/",
        {
            "action": "export_report",
            "_selected_action": [case.argun.pk, case.hidden.pk],
            "export_format": "json",
        },
    )
    files = read_zip(b"".join(response.streaming_content))
    manifest = json.loads(files["manifest.json"])
    # The hidden incident was never on the auditor's list; its id in the form changes nothing.
    assert manifest["counts"]["incidents"] == 1
    assert manifest["filters"]["selected_ids"] == sorted([case.argun.pk, case.hidden.pk])
    assert [row["title"] for row in json.loads(files["report.json"])["incidents"]] == ["Detention in Argun"]


@pytest.mark.xfail(
    export_report not in admin.site._registry[Incident].actions,
    reason="until IncidentAdmin.actions lists reports.admin.export_report",
    strict=True,
)
def test_the_incident_list_offers_the_export_action():
    """The wiring in incidents/admin.py (IncidentAdmin.actions) that the lead adds."""
    assert export_report in admin.site._registry[Incident].actions


def test_the_logs_are_not_for_partners(client, partner, exported):
    partner.is_staff = True
    partner.save()
    client.force_login(partner)
    assert client.get("/admin/reports/auditentry/").status_code in (302, 403)


def test_the_change_log_shows_no_entry_about_an_incident_above_the_readers_level(
    client, auditor, staff, case
):
    def listed(user) -> str:
        client.force_login(user)
        return client.get("/admin/reports/auditentry/?model_label=incidents.incident").content.decode()

    assert "Detentions in Grozny" in listed(auditor)
    assert "Staff-only incident in Kyiv" not in listed(auditor)
    assert "Staff-only incident in Kyiv" in listed(staff)
