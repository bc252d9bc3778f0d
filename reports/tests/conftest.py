"""A small documented case to export: incidents at three confidentiality levels, victims at four.

The auditor may see the public and partners incidents, and the identities of public and
partners victims only; the names below that it must never receive are in AUDITOR_MUST_NOT_SEE.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User

from incidents.choices import Disclosure, IncidentStatus, Vocabulary
from incidents.models import Actor, AdvocacyResponse, Incident, Involvement, Term, Victim, Violation
from sources.models import Citation, Source

PUBLIC_NAME = "Maxim Lapunov"
PARTNERS_NAME = "Zelimkhan Bakaev"
STAFF_NAME = "Staff-Level Secret Person"
RESTRICTED_NAME = "Restricted Secret Person"
HIDDEN_INCIDENT_VICTIM = "Victim Of A Staff-Only Incident"
AUDITOR_MUST_NOT_SEE = (STAFF_NAME, RESTRICTED_NAME, HIDDEN_INCIDENT_VICTIM, "+7 900 000 00 00")


@dataclass
class Case:
    grozny: Incident
    argun: Incident
    hidden: Incident
    public_victim: Victim
    partners_victim: Victim
    staff_victim: Victim
    restricted_victim: Victim
    hidden_victim: Victim
    torture: Term
    detention: Term
    police: Actor
    response: AdvocacyResponse
    source: Source


def term(vocabulary: str, code: str, label: str) -> Term:
    return Term.objects.create(vocabulary=vocabulary, code=code, label=label)


@pytest.fixture
def case(db, staff: User) -> Case:
    torture = term(Vocabulary.VIOLATION_TYPE, "04-07", "Torture")
    detention = term(Vocabulary.VIOLATION_TYPE, "04-03", "Arbitrary detention")
    beating = term(Vocabulary.METHOD, "05-01", "Beating")
    electric = term(Vocabulary.METHOD, "05-02", "Electric shock")
    direct = term(Vocabulary.INVOLVEMENT_DEGREE, "18-01", "Direct")
    statement = term(Vocabulary.INTERVENTION_TYPE, "20-01", "Statement")
    article = term(Vocabulary.SOURCE_TYPE, "16-01", "Newspaper article")

    grozny = Incident.objects.create(
        title="Detentions in Grozny",
        narrative="Men were detained and tortured.",
        start_date=date(2017, 2, 1),
        start_date_precision="month",
        end_date=date(2017, 4, 30),
        country="RU",
        region="RU-CE",
        place_name="Grozny",
        latitude=Decimal("43.317800"),
        longitude=Decimal("45.694900"),
        status=IncidentStatus.VERIFIED,
        disclosure=Disclosure.PUBLIC,
    )
    argun = Incident.objects.create(
        title="Detention in Argun",
        start_date=date(2019, 1, 10),
        country="RU",
        region="RU-CE",
        status=IncidentStatus.REPORTED,
        disclosure=Disclosure.PARTNERS,
    )
    hidden = Incident.objects.create(
        title="Staff-only incident in Kyiv",
        start_date=date(2019, 3, 5),
        country="UA",
        status=IncidentStatus.REPORTED,
        disclosure=Disclosure.STAFF,
    )
    victims = {
        "public": Victim.objects.create(name=PUBLIC_NAME, disclosure=Disclosure.PUBLIC, gender="male"),
        "partners": Victim.objects.create(name=PARTNERS_NAME, disclosure=Disclosure.PARTNERS),
        "staff": Victim.objects.create(
            name=STAFF_NAME, contact_details="+7 900 000 00 00", disclosure=Disclosure.STAFF
        ),
        "restricted": Victim.objects.create(name=RESTRICTED_NAME, disclosure=Disclosure.RESTRICTED),
        "hidden": Victim.objects.create(name=HIDDEN_INCIDENT_VICTIM, disclosure=Disclosure.PUBLIC),
    }
    victims["restricted"].restricted_to.add(staff)

    first = Violation.objects.create(
        incident=grozny, victim=victims["public"], violation_type=torture, date=date(2017, 3, 16)
    )
    first.methods.add(beating, electric)
    Violation.objects.create(incident=grozny, victim=victims["staff"], violation_type=detention)
    Violation.objects.create(incident=argun, victim=victims["partners"], violation_type=detention)
    Violation.objects.create(incident=argun, victim=victims["restricted"], violation_type=torture)
    Violation.objects.create(incident=hidden, victim=victims["hidden"], violation_type=torture)

    police = Actor.objects.create(
        name="Chechen police", kind="organisation", is_state_actor=True, country="RU"
    )
    Involvement.objects.create(violation=first, perpetrator=police, degree=direct)

    response = AdvocacyResponse.objects.create(title="Call for an investigation", response_type=statement)
    response.incidents.add(grozny, hidden)
    response.actors.add(Actor.objects.create(name="Human Rights Watch"))
    response.addressees.add(police)

    source = Source.objects.create(
        title="Gay men detained in Chechnya",
        source_type=article,
        publisher="Novaya Gazeta",
        text=f"{PUBLIC_NAME} said he was held in Grozny. {RESTRICTED_NAME} was detained in Argun.",
    )
    Citation.objects.create(source=source, record=grozny, quote="held in Grozny", start=None, end=None)
    Citation.objects.create(
        source=source, record=victims["restricted"], quote=f"{RESTRICTED_NAME} was detained in Argun"
    )
    for citation in Citation.objects.all():
        citation.full_clean()
        citation.save()

    return Case(
        grozny=grozny,
        argun=argun,
        hidden=hidden,
        public_victim=victims["public"],
        partners_victim=victims["partners"],
        staff_victim=victims["staff"],
        restricted_victim=victims["restricted"],
        hidden_victim=victims["hidden"],
        torture=torture,
        detention=detention,
        police=police,
        response=response,
        source=source,
    )


@pytest.fixture
def out(tmp_path):
    """A fresh folder name per export."""
    counter = SimpleNamespace(n=0)

    def folder():
        counter.n += 1
        return tmp_path / f"export-{counter.n}"

    return folder
