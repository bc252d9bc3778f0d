"""The documentalists' admin, used as a person would: through its pages, with the test client."""

import datetime
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents.choices import Disclosure, Vocabulary
from incidents.models import Actor, AdvocacyResponse, Incident, Involvement, Term, Victim, Violation
from sources.models import Citation, Source

ARTICLE = (
    "Police in Argun detained at least 100 men suspected of being gay. "
    "Witnesses said officers of the local police beat the detainees."
)
DETENTION_QUOTE = "detained at least 100 men"
BEATING_QUOTE = "officers of the local police beat the detainees"

CITATIONS = "sources-citation-content_type-object_id"


class ChangeForm(HTMLParser):
    """The fields of an admin change form as a browser would submit them.

    Empty-form templates (names with __prefix__ or -empty-) are left out: a browser sends only
    the forms its JavaScript made from them.
    """

    def __init__(self, html: str) -> None:
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self._in_form = False
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self.feed(html)

    def _keep(self, name: str | None) -> bool:
        return bool(name) and "__prefix__" not in name and "-empty-" not in name

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("id") or "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and self._keep(name):
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.setdefault(name, []).append(
                attrs.get("value") or ("on" if kind == "checkbox" else "")
            )
        elif tag == "select" and self._keep(name):
            self._select, self._options = (name, "multiple" in attrs), []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and self._keep(name):
            self._textarea = name
            self.fields[name] = [""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self.fields[name] = chosen
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            # The admin starts a textarea's content with a newline that browsers drop.
            self.fields[self._textarea][0] += (
                data.removeprefix("\n") if not self.fields[self._textarea][0] else data
            )


def submitted(response, **changes) -> dict:
    """The page's form, as submitted after typing `changes` into it."""
    fields = ChangeForm(response.content.decode()).fields
    for name, value in changes.items():
        fields[name] = value if isinstance(value, list) else [value]
    return fields


@pytest.fixture
def terms(db) -> SimpleNamespace:
    def term(vocabulary: str, code: str, label: str) -> Term:
        return Term.objects.create(vocabulary=vocabulary, code=code, label=label)

    return SimpleNamespace(
        detention=term(Vocabulary.VIOLATION_TYPE, "TEST-VT-1", "Arbitrary detention"),
        torture=term(Vocabulary.VIOLATION_TYPE, "TEST-VT-2", "Torture"),
        direct=term(Vocabulary.INVOLVEMENT_DEGREE, "TEST-DI-1", "Direct perpetrator"),
        beating=term(Vocabulary.METHOD, "TEST-ME-1", "Beating"),
        statement=term(Vocabulary.INTERVENTION_TYPE, "TEST-IT-1", "Public statement"),
        article=term(Vocabulary.SOURCE_TYPE, "TEST-ST-1", "Press article"),
        police=term(Vocabulary.PERPETRATOR_TYPE, "TEST-PT-1", "Police"),
    )


@pytest.fixture
def records(terms) -> SimpleNamespace:
    """One of every record, linked as a documentalist would link them."""
    incident = Incident.objects.create(
        title="Detentions in Argun",
        start_date=datetime.date(2017, 3, 1),
        start_date_precision="month",
        country="RU",
        region="RU-CE",
    )
    victim = Victim.objects.create(
        kind="group", description="gay men in Chechnya", count=100, count_qualifier="at_least"
    )
    police = Actor.objects.create(
        name="Argun police", kind="organisation", actor_type=terms.police, country="RU"
    )
    violation = Violation.objects.create(incident=incident, victim=victim, violation_type=terms.detention)
    Involvement.objects.create(violation=violation, perpetrator=police, degree=terms.direct)
    source = Source.objects.create(
        title="Gay men detained in Chechnya", publisher="Novaya Gazeta", text=ARTICLE
    )
    start = ARTICLE.index(DETENTION_QUOTE)
    Citation.objects.create(
        source=source, record=incident, quote=DETENTION_QUOTE, start=start, end=start + len(DETENTION_QUOTE)
    )
    response = AdvocacyResponse.objects.create(title="Call for investigation", response_type=terms.statement)
    response.incidents.add(incident)
    return SimpleNamespace(
        incident=incident, victim=victim, police=police, violation=violation, source=source
    )


CHANGELISTS = [
    "incidents_incident",
    "incidents_violation",
    "incidents_involvement",
    "incidents_victim",
    "incidents_actor",
    "incidents_advocacyresponse",
    "incidents_term",
    "sources_source",
    "sources_citation",
]


@pytest.mark.parametrize("changelist", CHANGELISTS)
@pytest.mark.parametrize("who", ["staff", "auditor"])
def test_it_shows_every_list_to_staff_and_auditors(client, records, request, who, changelist):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(f"admin:{changelist}_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count > 0


@pytest.mark.parametrize("changelist", CHANGELISTS)
@pytest.mark.parametrize("who", ["partner", "stranger"])
def test_it_keeps_partners_and_strangers_out_of_the_admin(client, records, request, who, changelist):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(f"admin:{changelist}_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_it_lists_incidents_with_dates_at_their_precision_and_counted_violations(client, staff, records):
    client.force_login(staff)
    response = client.get(reverse("admin:incidents_incident_changelist"))
    content = response.content.decode()
    assert "March 2017" in content  # a month, not "1 March 2017"
    assert "Chechenskaya Respublika" in content
    row = response.context["cl"].result_list[0]
    assert row.violation_count == 1


def test_it_lists_incidents_without_a_query_per_row(client, staff, records, terms):
    client.force_login(staff)
    url = reverse("admin:incidents_incident_changelist")
    with CaptureQueriesContext(connection) as one_incident:
        client.get(url)
    for number in range(5):
        incident = Incident.objects.create(title=f"Incident {number}", country="RU", region="RU-CE")
        Violation.objects.create(incident=incident, victim=records.victim, violation_type=terms.torture)
    with CaptureQueriesContext(connection) as six_incidents:
        response = client.get(url)
    assert response.context["cl"].result_count == 6
    assert len(six_incidents) == len(one_incident)


def test_it_filters_incidents_by_violation_type_country_and_status(client, staff, records, terms):
    other = Incident.objects.create(title="Raid in Kyiv", country="UA", region="UA-30", status="verified")
    Violation.objects.create(incident=other, victim=records.victim, violation_type=terms.torture)
    client.force_login(staff)
    url = reverse("admin:incidents_incident_changelist")

    def titles(**params) -> list[str]:
        return [incident.title for incident in client.get(url, params).context["cl"].result_list]

    assert titles(violations__violation_type__id__exact=terms.detention.pk) == ["Detentions in Argun"]
    assert titles(country="UA") == ["Raid in Kyiv"]
    assert titles(region="RU-CE") == ["Detentions in Argun"]
    assert titles(status__exact="verified") == ["Raid in Kyiv"]
    assert titles(q="Argun") == ["Detentions in Argun"]


def test_it_logs_an_incident_with_violation_perpetrator_and_citations_in_one_post(
    client, staff, terms, records
):
    client.force_login(staff)
    url = reverse("admin:incidents_incident_add")
    page = client.get(url)
    html = page.content.decode()
    # The nested formsets' prefixes, as the page names them (nested_admin's JS clones the
    # "__prefix__" templates into these).
    for prefix in ("violations", "violations-0-involvements", f"violations-0-{CITATIONS}", CITATIONS):
        assert f'name="{prefix}-TOTAL_FORMS"' in html

    data = submitted(
        page,
        title="Mass detentions in Argun",
        start_date="2017-04-03",
        start_date_precision="day",
        country="RU",
        region="RU-CE",
        place_name="Argun",
        **{
            "violations-0-victim": str(records.victim.pk),
            "violations-0-violation_type": str(terms.torture.pk),
            "violations-0-methods": [str(terms.beating.pk)],
            "violations-0-involvements-TOTAL_FORMS": "1",
            "violations-0-involvements-0-perpetrator": str(records.police.pk),
            "violations-0-involvements-0-degree": str(terms.direct.pk),
            f"violations-0-{CITATIONS}-TOTAL_FORMS": "1",
            f"violations-0-{CITATIONS}-0-source": str(records.source.pk),
            f"violations-0-{CITATIONS}-0-quote": BEATING_QUOTE,
            f"{CITATIONS}-TOTAL_FORMS": "1",
            f"{CITATIONS}-0-source": str(records.source.pk),
            f"{CITATIONS}-0-quote": DETENTION_QUOTE,
            "_save": "Save",
        },
    )
    response = client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    incident = Incident.objects.get(title="Mass detentions in Argun")
    violation = incident.violations.get()
    assert violation.violation_type == terms.torture
    assert list(violation.methods.all()) == [terms.beating]
    involvement = violation.involvements.get()
    assert (involvement.perpetrator, involvement.degree) == (records.police, terms.direct)
    # Offsets left blank are found from the quote.
    incident_citation = incident.citations.get()
    assert ARTICLE[incident_citation.start : incident_citation.end] == DETENTION_QUOTE
    violation_citation = violation.citations.get()
    assert ARTICLE[violation_citation.start : violation_citation.end] == BEATING_QUOTE
    for record in (incident, violation, involvement, incident_citation, violation_citation):
        # Saving the violation's methods adds a second history row; both are the staff user's.
        assert {version.history_user for version in record.history.all()} == {staff}


INCIDENT_ERRORS = [
    pytest.param({"end_date": "2017-04-01"}, "end_date", "The end date is before the start date.", id="end"),
    pytest.param({"region": "UA-30"}, "region", "UA-30 is not a subdivision of RU.", id="region"),
]


@pytest.mark.parametrize(("bad_input", "field", "message"), INCIDENT_ERRORS)
def test_it_refuses_a_bad_incident_and_saves_none_of_its_rows(
    client, staff, terms, records, bad_input, field, message
):
    client.force_login(staff)
    url = reverse("admin:incidents_incident_add")
    counts = [model.objects.count() for model in (Incident, Violation, Involvement, Citation)]
    typed = {
        "title": "Detentions in Argun, April",
        "start_date": "2017-04-03",
        "country": "RU",
        "region": "RU-CE",
        "violations-0-victim": str(records.victim.pk),
        "violations-0-violation_type": str(terms.detention.pk),
        "violations-0-involvements-TOTAL_FORMS": "1",
        "violations-0-involvements-0-perpetrator": str(records.police.pk),
        "violations-0-involvements-0-degree": str(terms.direct.pk),
        f"{CITATIONS}-TOTAL_FORMS": "1",
        f"{CITATIONS}-0-source": str(records.source.pk),
        f"{CITATIONS}-0-quote": DETENTION_QUOTE,
        "_save": "Save",
    }
    data = submitted(client.get(url), **(typed | bad_input))
    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [message]
    assert message in response.content.decode()
    assert [model.objects.count() for model in (Incident, Violation, Involvement, Citation)] == counts
    # What was typed is still on the page.
    assert "Detentions in Argun, April" in response.content.decode()


def test_it_refuses_a_violation_with_an_age_below_zero_and_saves_nothing(client, staff, terms, records):
    client.force_login(staff)
    url = reverse("admin:incidents_incident_add")
    data = submitted(
        client.get(url),
        title="Detentions in Argun, April",
        **{
            "violations-0-victim": str(records.victim.pk),
            "violations-0-violation_type": str(terms.detention.pk),
            "violations-0-victim_age": "-1",
            "_save": "Save",
        },
    )
    response = client.post(url, data)

    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()
    assert not Incident.objects.filter(title="Detentions in Argun, April").exists()
    assert Violation.objects.count() == 1


def test_it_refuses_a_victim_count_below_zero(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("admin:incidents_victim_add"),
        {
            "kind": "group",
            "description": "men detained in Argun",
            "count": "-5",
            "count_qualifier": "at_least",
            "disclosure": Disclosure.PUBLIC,
            f"{CITATIONS}-TOTAL_FORMS": "0",
            f"{CITATIONS}-INITIAL_FORMS": "0",
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    assert len(response.context["errors"]) == 1  # the count is the only mistake
    assert response.context["adminform"].form.errors["count"] == [
        "Ensure this value is greater than or equal to 0."
    ]
    assert not Victim.objects.exists()


def autocomplete(client, model_name: str, field_name: str, term: str) -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "incidents", "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


@pytest.mark.parametrize("term", ["Ахмадов", "akhmadov", "AKHMADOV", "Командир", "commander a"])
def test_it_finds_a_perpetrator_by_any_spelling_or_alias(client, staff, db, term):
    Actor.objects.create(name="Akhmadov", kind="person", aliases="Commander A.\nКомандир Ахмадов")
    Actor.objects.create(name="Kadyrov", kind="person")
    client.force_login(staff)
    assert autocomplete(client, "involvement", "perpetrator", term) == ["Akhmadov"]


def test_it_offers_only_the_terms_of_the_fields_vocabulary(client, staff, terms):
    client.force_login(staff)
    assert autocomplete(client, "violation", "violation_type", "") == ["Arbitrary detention", "Torture"]
    assert autocomplete(client, "involvement", "degree", "") == ["Direct perpetrator"]


def test_it_restores_an_incident_title_from_its_history(client, staff, records):
    client.force_login(staff)
    incident = records.incident
    change_url = reverse("admin:incidents_incident_change", args=[incident.pk])
    response = client.post(change_url, submitted(client.get(change_url), title="Wrong title", _save="Save"))
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.title == "Wrong title"

    history = client.get(reverse("admin:incidents_incident_history", args=[incident.pk]))
    assert b"Wrong title" in history.content
    original = incident.history.earliest()
    version_url = reverse("admin:incidents_incident_simple_history", args=[incident.pk, original.history_id])
    response = client.post(version_url, submitted(client.get(version_url), _save="Save"))

    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.title == "Detentions in Argun"
    assert incident.history.latest().history_user == staff
    assert incident.history.count() == 3


def test_it_refuses_an_auditors_change_and_revert(client, auditor, records):
    client.force_login(auditor)
    incident = records.incident
    change_url = reverse("admin:incidents_incident_change", args=[incident.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content

    data = submitted(page, title="Changed by an auditor", _save="Save")
    assert client.post(change_url, data).status_code == 403
    version_url = reverse(
        "admin:incidents_incident_simple_history", args=[incident.pk, incident.history.earliest().history_id]
    )
    assert client.post(version_url, data).status_code == 403
    incident.refresh_from_db()
    assert incident.title == "Detentions in Argun"
    assert incident.history.count() == 1


def test_it_offers_auditors_no_action_that_writes(client, auditor, records):
    client.force_login(auditor)
    changelist = reverse("admin:incidents_incident_changelist")
    assert b"mark_verified" not in client.get(changelist).content
    client.post(changelist, {"action": "mark_verified", "_selected_action": [records.incident.pk]})
    records.incident.refresh_from_db()
    assert records.incident.status == "reported"


def test_it_lets_a_reviewer_mark_incidents_verified_with_history(client, reviewer, records):
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:incidents_incident_changelist"),
        {"action": "mark_verified", "_selected_action": [records.incident.pk]},
    )
    assert response.status_code == 302
    records.incident.refresh_from_db()
    assert records.incident.status == "verified"
    assert records.incident.history.latest().history_user == reviewer


def test_it_hides_restricted_incidents_from_staff_as_the_policy_says(client, staff, superuser, records):
    hidden = Incident.objects.create(title="Named-staff-only incident", disclosure=Disclosure.RESTRICTED)
    client.force_login(staff)
    assert (
        b"Named-staff-only incident" not in client.get(reverse("admin:incidents_incident_changelist")).content
    )
    assert client.get(reverse("admin:incidents_incident_change", args=[hidden.pk])).status_code == 302
    assert client.get(reverse("admin:incidents_incident_history", args=[hidden.pk])).status_code == 404
    client.force_login(superuser)
    assert b"Named-staff-only incident" in client.get(reverse("admin:incidents_incident_changelist")).content
