"""Victims in the admin: the identity is shown, searched and kept in history only as tracker.policy allows."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents.choices import Disclosure, Vocabulary
from incidents.models import Incident, Term, Victim, Violation

# Fictional names; each appears nowhere else on the pages, so its bytes betray a leak.
NAMES = {
    Disclosure.PUBLIC: "Aslan Publicov",
    Disclosure.PARTNERS: "Bislan Partnerov",
    Disclosure.STAFF: "Cheslan Staffov",
    Disclosure.RESTRICTED: "Dzhamal Restrictov",
}
CONTACT = "+7 928 000 00 00"


@pytest.fixture
def victims(db) -> dict[str, Victim]:
    return {
        level: Victim.objects.create(
            disclosure=level,
            description=f"young man ({level})",
            name=name,
            other_names=name.split()[1].upper(),
            contact_details=f"{CONTACT} ({level})",
        )
        for level, name in NAMES.items()
    }


def change_page(client, victim: Victim):
    return client.get(reverse("admin:incidents_victim_change", args=[victim.pk]))


@pytest.mark.parametrize(
    ("level", "shown"),
    [
        (Disclosure.PUBLIC, True),
        (Disclosure.PARTNERS, True),
        (Disclosure.STAFF, False),
        (Disclosure.RESTRICTED, False),
    ],
)
def test_it_shows_an_auditor_only_the_identities_of_their_clearance(client, auditor, victims, level, shown):
    client.force_login(auditor)
    response = change_page(client, victims[level])
    assert response.status_code == 200
    assert victims[level].pseudonym.encode() in response.content
    assert (NAMES[level].encode() in response.content) is shown
    assert (CONTACT.encode() in response.content) is shown


def test_it_shows_staff_their_clearance_and_restricted_identities_only_to_named_staff(
    client, staff, reviewer, victims
):
    client.force_login(staff)
    assert NAMES[Disclosure.STAFF].encode() in change_page(client, victims[Disclosure.STAFF]).content
    assert (
        NAMES[Disclosure.RESTRICTED].encode()
        not in change_page(client, victims[Disclosure.RESTRICTED]).content
    )
    victims[Disclosure.RESTRICTED].restricted_to.add(reviewer)
    client.force_login(reviewer)
    assert (
        NAMES[Disclosure.RESTRICTED].encode() in change_page(client, victims[Disclosure.RESTRICTED]).content
    )


def test_it_withholds_names_in_the_victim_list_without_a_query_per_row(client, auditor, victims):
    client.force_login(auditor)
    url = reverse("admin:incidents_victim_changelist")
    response = client.get(url)
    content = response.content.decode()
    assert NAMES[Disclosure.PUBLIC] in content
    assert NAMES[Disclosure.PARTNERS] in content
    assert NAMES[Disclosure.STAFF] not in content
    assert NAMES[Disclosure.RESTRICTED] not in content
    assert content.count("[withheld]") == 2

    with CaptureQueriesContext(connection) as four_victims:
        client.get(url)
    for number in range(4):
        Victim.objects.create(disclosure=Disclosure.STAFF, name=f"Extra Victim {number}")
    with CaptureQueriesContext(connection) as eight_victims:
        client.get(url)
    assert len(eight_victims) == len(four_victims)


def test_it_keeps_a_reviewer_from_overwriting_an_identity_they_may_not_see(client, reviewer, victims):
    victim = victims[Disclosure.RESTRICTED]
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:incidents_victim_change", args=[victim.pk]),
        {
            "kind": "person",
            "description": "young man from Grozny",
            "disclosure": Disclosure.PUBLIC,
            "name": "Overwritten",
            "contact_details": "",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    victim.refresh_from_db()
    assert victim.description == "young man from Grozny"
    assert victim.name == NAMES[Disclosure.RESTRICTED]
    assert victim.contact_details.startswith(CONTACT)
    # Nor loosen its protection, nor name themselves on it.
    assert victim.disclosure == Disclosure.RESTRICTED
    assert not victim.restricted_to.exists()


def test_it_lets_only_staff_name_who_sees_a_restricted_identity(client, staff, reviewer, victims):
    victim = victims[Disclosure.RESTRICTED]
    victim.restricted_to.add(reviewer)
    client.force_login(reviewer)
    page = change_page(client, victim)
    assert b'name="name"' in page.content
    assert b'name="restricted_to"' not in page.content
    victim.restricted_to.add(staff)
    client.force_login(staff)
    assert b'name="restricted_to"' in change_page(client, victim).content


def autocomplete_victims(client, term: str) -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "incidents", "model_name": "violation", "field_name": "victim", "term": term},
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_it_finds_a_restricted_victim_by_name_only_for_those_who_may_see_it(
    client, reviewer, superuser, victims
):
    restricted = victims[Disclosure.RESTRICTED]
    restricted.other_names = "Джамал Рестриктов"
    restricted.save()
    client.force_login(reviewer)
    assert autocomplete_victims(client, "Restrictov") == []
    assert autocomplete_victims(client, "Рестриктов") == []
    # The same search reaches the victim by what every reader may see.
    assert autocomplete_victims(client, restricted.pseudonym) == [restricted.pseudonym]
    assert autocomplete_victims(client, "(restricted)") == [restricted.pseudonym]

    client.force_login(superuser)
    assert autocomplete_victims(client, "Restrictov") == [restricted.pseudonym]
    assert autocomplete_victims(client, "Рестриктов") == [restricted.pseudonym]
    restricted.restricted_to.add(reviewer)
    client.force_login(reviewer)
    assert autocomplete_victims(client, "dzhamal") == [restricted.pseudonym]


def test_it_finds_nothing_in_the_list_by_a_withheld_name(client, auditor, victims):
    client.force_login(auditor)
    url = reverse("admin:incidents_victim_changelist")
    assert client.get(url, {"q": "Staffov"}).context["cl"].result_count == 0
    assert client.get(url, {"q": "Partnerov"}).context["cl"].result_count == 1


@pytest.fixture
def renamed(victims) -> Victim:
    """A staff-level victim whose name was corrected once."""
    victim = victims[Disclosure.STAFF]
    victim.name = "Cheslan Renamedov"
    victim.save()
    return victim


def history_page(client, victim: Victim):
    return client.get(reverse("admin:incidents_victim_history", args=[victim.pk]))


def test_it_shows_a_cleared_user_the_old_and_new_names_in_history(client, superuser, renamed):
    client.force_login(superuser)
    content = history_page(client, renamed).content.decode()
    assert "Cheslan Staffov" in content
    assert "Cheslan Renamedov" in content
    assert "[withheld]" not in content


def test_it_withholds_old_and_new_names_from_an_auditors_history(client, auditor, renamed):
    client.force_login(auditor)
    response = history_page(client, renamed)
    assert response.status_code == 200
    assert b"Cheslan Staffov" not in response.content
    assert b"Cheslan Renamedov" not in response.content
    assert b"Staffov" not in response.content
    assert b"[withheld]" in response.content
    assert renamed.pseudonym.encode() in response.content


def test_it_refuses_an_auditor_a_past_version_of_a_withheld_identity(client, auditor, superuser, renamed):
    version_url = reverse(
        "admin:incidents_victim_simple_history", args=[renamed.pk, renamed.history.earliest().history_id]
    )
    client.force_login(auditor)
    assert client.get(version_url).status_code == 403
    client.force_login(superuser)
    response = client.get(version_url)
    assert response.status_code == 200
    assert b"Cheslan Staffov" in response.content


def test_it_never_names_a_victim_in_a_violation_page_or_message(client, staff, victims):
    victim = victims[Disclosure.STAFF]
    incident = Incident.objects.create(title="Detentions in Argun")
    torture = Term.objects.create(vocabulary=Vocabulary.VIOLATION_TYPE, code="TEST-VT-1", label="Torture")
    violation = Violation.objects.create(incident=incident, victim=victim, violation_type=torture)
    client.force_login(staff)
    response = client.get(reverse("admin:incidents_violation_change", args=[violation.pk]), follow=True)
    assert victim.pseudonym.encode() in response.content
    assert NAMES[Disclosure.STAFF].encode() not in response.content
    response = client.post(
        reverse("admin:incidents_victim_change", args=[victim.pk]),
        {
            "kind": "person",
            "disclosure": Disclosure.STAFF,
            "name": NAMES[Disclosure.STAFF],
            "sources-citation-content_type-object_id-TOTAL_FORMS": "0",
            "sources-citation-content_type-object_id-INITIAL_FORMS": "0",
            "_save": "Save",
        },
        follow=True,
    )
    messages = re.search(r'<ul class="messagelist">(.*?)</ul>', response.content.decode(), re.DOTALL)[1]
    assert victim.pseudonym in messages
    assert NAMES[Disclosure.STAFF] not in messages
    assert LogEntry.objects.get(object_id=str(victim.pk)).object_repr == victim.pseudonym
