"""Records and tokens for the API tests: a small documented world with secrets planted in it.

The world: a public incident in Chechnya (RU-CE) with victims at every disclosure level, a
staff-only incident (hidden from partners and auditors), a public ongoing incident in Ukraine, a
source whose archived text names the protected victims, and advocacy responses. Every protected
value contains CANARY, so a test can look for it in the raw bytes of any response.

Import the fixtures into a test module with `from tracker.tests.api_data import *`.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType
from rest_framework.test import APIClient

from incidents.choices import (
    CountQualifier,
    DatePrecision,
    Disclosure,
    IncidentStatus,
    VictimKind,
    Vocabulary,
)
from incidents.models import Actor, AdvocacyResponse, Incident, Involvement, Term, Victim, Violation
from sources.models import Citation, Source
from tracker.models import ApiToken

__all__ = ["terms", "world", "tokens", "api", "World", "CANARY", "CANARY_CYRILLIC"]

CANARY = "qzxcanary"
CANARY_CYRILLIC = "Квзканари"
STAFF_NAME = "Qzxcanary Staffova"
RESTRICTED_NAME = "Qzxcanary Restrictenko"
PARTNERS_NAME = "Partnerknown Visibleva"
PUBLIC_NAME = "Zelimkhan Akhmadov"


def _term(vocabulary: str, code: str, label: str, parent: Term | None = None) -> Term:
    return Term.objects.create(vocabulary=vocabulary, code=code, label=label, parent=parent)


@pytest.fixture
def terms(db) -> dict[str, Term]:
    """A few terms of each vocabulary, made directly (the tests do not depend on the seed)."""
    integrity = _term(Vocabulary.VIOLATION_TYPE, "020000000000", "Violations against personal integrity")
    made = {
        "integrity": integrity,
        "torture": _term(Vocabulary.VIOLATION_TYPE, "020101000000", "Physical assaults", integrity),
        "detention": _term(Vocabulary.VIOLATION_TYPE, "030000000000", "Arbitrary detention"),
        "outing": _term(Vocabulary.VIOLATION_TYPE, "TRK-0001", "Forced outing"),
        "beating": _term(Vocabulary.METHOD, "050101000000", "Beating"),
        "direct": _term(Vocabulary.INVOLVEMENT_DEGREE, "180100000000", "Direct perpetrator"),
        "ordered": _term(Vocabulary.INVOLVEMENT_DEGREE, "180200000000", "Ordered"),
        "police": _term(Vocabulary.PERPETRATOR_TYPE, "240101000000", "Police"),
        "militia": _term(Vocabulary.PERPETRATOR_TYPE, "240300000000", "Militia"),
        "statement": _term(Vocabulary.INTERVENTION_TYPE, "200100000000", "Public statement"),
        "article": _term(Vocabulary.SOURCE_TYPE, "160100000000", "Press article"),
        "reliable": _term(Vocabulary.RELIABILITY, "420100000000", "Reliable"),
        "alleged": _term(Vocabulary.VIOLATION_STATUS, "410100000000", "Alleged"),
        "detainee": _term(Vocabulary.VICTIM_STATUS, "250100000000", "Detainee"),
    }
    return made


@dataclass
class World:
    chechnya: Incident
    hidden: Incident
    ukraine: Incident
    public_victim: Victim
    partners_victim: Victim
    staff_victim: Victim
    restricted_victim: Victim
    group_victim: Victim
    hidden_victim: Victim
    police: Actor
    militia: Actor
    secret_unit: Actor
    source: Source
    other_source: Source
    response: AdvocacyResponse
    hidden_response: AdvocacyResponse
    violations: list[Violation]
    hidden_violation: Violation


def _victim(name: str, disclosure: str, **fields) -> Victim:
    secret = name if CANARY in name.lower() else ""
    return Victim.objects.create(
        name=name,
        disclosure=disclosure,
        other_names=f"{CANARY_CYRILLIC}\n{secret} alias" if secret else "",
        contact_details=f"{CANARY}-contact@example.org" if secret else "",
        identifying_details=f"{CANARY} birthmark on the left hand" if secret else "",
        **fields,
    )


def _violation(incident, victim, violation_type, perpetrator, degree, **fields) -> Violation:
    violation = Violation.objects.create(
        incident=incident, victim=victim, violation_type=violation_type, **fields
    )
    if perpetrator is not None:
        Involvement.objects.create(violation=violation, perpetrator=perpetrator, degree=degree)
    return violation


def _cite(source: Source, record, quote: str) -> Citation:
    citation = Citation(
        source=source,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        quote=quote,
    )
    citation.full_clean()
    citation.save()
    return citation


@pytest.fixture
def world(terms, staff) -> World:
    chechnya = Incident.objects.create(
        title="Detentions of gay men in Argun",
        narrative="Police detained and beat men in a former military compound.",
        start_date=datetime.date(2017, 4, 1),
        start_date_precision=DatePrecision.MONTH,
        end_date=datetime.date(2017, 4, 1),
        end_date_precision=DatePrecision.MONTH,
        country="RU",
        region="RU-CE",
        place_name="Argun",
        latitude="43.291000",
        longitude="45.872000",
        status=IncidentStatus.VERIFIED,
    )
    hidden = Incident.objects.create(
        title=f"{CANARY} raid on a safe house",
        narrative=f"Staff-only account naming {STAFF_NAME}.",
        start_date=datetime.date(2018, 6, 15),
        country="RU",
        region="RU-CE",
        status=IncidentStatus.REPORTED,
        disclosure=Disclosure.STAFF,
    )
    ukraine = Incident.objects.create(
        title="Attacks on a Pride march",
        narrative="Marchers were attacked by a militia.",
        start_date=datetime.date(2019, 1, 1),
        start_date_precision=DatePrecision.YEAR,
        is_ongoing=True,
        country="UA",
        status=IncidentStatus.CORROBORATED,
    )
    police = Actor.objects.create(
        name="Chechen police",
        aliases="Полиция Чечни",
        actor_type=terms["police"],
        is_state_actor=True,
        country="RU",
    )
    militia = Actor.objects.create(name="Street militia", actor_type=terms["militia"], country="UA")
    secret_unit = Actor.objects.create(name=f"{CANARY} unit", actor_type=terms["police"], is_state_actor=True)

    public_victim = _victim(PUBLIC_NAME, Disclosure.PUBLIC, gender="male", age_range="30-40")
    partners_victim = _victim(PARTNERS_NAME, Disclosure.PARTNERS, gender="male")
    staff_victim = _victim(STAFF_NAME, Disclosure.STAFF, gender="male", age_range="18-25")
    restricted_victim = _victim(RESTRICTED_NAME, Disclosure.RESTRICTED, gender="male")
    group_victim = Victim.objects.create(
        kind=VictimKind.GROUP,
        description="gay and bisexual men in Chechnya",
        count=100,
        count_qualifier=CountQualifier.AT_LEAST,
        disclosure=Disclosure.PUBLIC,
    )
    hidden_victim = Victim.objects.create(
        description=f"{CANARY} only in a hidden incident", disclosure=Disclosure.PUBLIC
    )

    violations = [
        _violation(
            chechnya,
            public_victim,
            terms["torture"],
            police,
            terms["direct"],
            date=datetime.date(2017, 4, 3),
            consequences="Bruises and a broken rib.",
        ),
        _violation(chechnya, partners_victim, terms["detention"], police, terms["ordered"]),
        _violation(chechnya, staff_victim, terms["detention"], police, terms["direct"]),
        _violation(chechnya, restricted_victim, terms["outing"], police, terms["direct"]),
        _violation(chechnya, group_victim, terms["detention"], police, terms["direct"]),
        _violation(
            ukraine, public_victim, terms["torture"], militia, terms["direct"], date=datetime.date(2019, 6, 1)
        ),
    ]
    violations[0].methods.add(terms["beating"])
    hidden_violation = _violation(hidden, hidden_victim, terms["outing"], secret_unit, terms["direct"])

    text = (
        f"Novaya Gazeta reports that {PUBLIC_NAME} was beaten. {STAFF_NAME} and {RESTRICTED_NAME} "
        f"were held in Argun. Relatives of {PARTNERS_NAME} confirmed the detention."
    )
    source = Source.objects.create(
        title="Murder of gay men in Chechnya",
        source_type=terms["article"],
        publisher="Novaya Gazeta",
        url="https://example.org/article",
        published_on=datetime.date(2017, 4, 1),
        language="ru",
        text=text,
        reliability=terms["reliable"],
        notes=f"Phone {STAFF_NAME} again.",
    )
    other_source = Source.objects.create(
        title="Pride attacked",
        publisher="Kyiv Post",
        published_on=datetime.date(2019, 6, 2),
        published_precision=DatePrecision.MONTH,
        language="en",
        text="A militia attacked marchers.",
    )
    _cite(source, chechnya, f"{PUBLIC_NAME} was beaten")
    _cite(source, violations[2], f"{STAFF_NAME} and {RESTRICTED_NAME} were held in Argun")
    _cite(source, staff_victim, STAFF_NAME)
    _cite(other_source, violations[5], "A militia attacked marchers.")

    response = AdvocacyResponse.objects.create(
        title="Statement calling for an investigation",
        response_type=terms["statement"],
        date=datetime.date(2017, 4, 10),
        demands="An independent investigation.",
        country="RU",
    )
    response.incidents.add(chechnya)
    response.actors.add(militia)
    response.addressees.add(police)
    hidden_response = AdvocacyResponse.objects.create(
        title=f"{CANARY} private letter", response_type=terms["statement"], date=datetime.date(2018, 7, 1)
    )
    hidden_response.incidents.add(hidden)

    return World(
        chechnya=chechnya,
        hidden=hidden,
        ukraine=ukraine,
        public_victim=public_victim,
        partners_victim=partners_victim,
        staff_victim=staff_victim,
        restricted_victim=restricted_victim,
        group_victim=group_victim,
        hidden_victim=hidden_victim,
        police=police,
        militia=militia,
        secret_unit=secret_unit,
        source=source,
        other_source=other_source,
        response=response,
        hidden_response=hidden_response,
        violations=violations,
        hidden_violation=hidden_violation,
    )


@pytest.fixture
def tokens(db, staff, reviewer, partner, auditor, stranger, superuser) -> dict[str, str]:
    """A token for each member of the cast, by role name."""
    cast = {
        "staff": staff,
        "reviewer": reviewer,
        "partner": partner,
        "auditor": auditor,
        "stranger": stranger,
        "superuser": superuser,
    }
    return {role: ApiToken.issue(user=user, organisation=f"{role} org")[1] for role, user in cast.items()}


@pytest.fixture
def api(tokens):
    """api("partner") is a client that sends the partner's token; api(None) sends none."""

    def client_for(role: str | None) -> APIClient:
        client = APIClient()
        if role:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens[role]}")
        return client

    return client_for
