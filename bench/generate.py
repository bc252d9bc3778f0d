"""A realistic synthetic database, for benchmarks: deterministic for a given seed.

Proportions (per incident, on average): 2 violations, 1.5 victims (10% of them groups with a
counted qualifier; 5% of victims reappear in a later incident), 1.5 involvements per violation,
0.5 source (each source reports 1 to 3 incidents of one country), 0.2 advocacy response, and
citations for every incident, violation and victim and most responses, quoting passages of the
source's archived text at their exact offsets. Actors: ministries with their units and officers,
non-state groups and NGOs, about one per 40 incidents (at least 100, at most 4,000).
"""

import random
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pycountry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from tqdm import tqdm

from bench import words
from bench.vocabularies import Terms, ensure_terms
from bench.writer import RowWriter
from incidents.choices import (
    ActorKind,
    CountQualifier,
    DatePrecision,
    Disclosure,
    IncidentStatus,
    VictimKind,
    Vocabulary,
)
from incidents.models import Actor, AdvocacyResponse, Incident, Involvement, Victim, Violation
from incidents.names import search_key, victim_name_index
from sources.models import Citation, Source, text_sha256

FIRST_YEAR, LAST_YEAR = 2000, 2025
LAST_DAY = date(LAST_YEAR, 12, 31)
PSEUDONYM_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

VICTIM_DISCLOSURE = {
    Disclosure.PUBLIC: 50,
    Disclosure.PARTNERS: 25,
    Disclosure.STAFF: 15,
    Disclosure.RESTRICTED: 10,
}
INCIDENT_DISCLOSURE = {
    Disclosure.PUBLIC: 75,
    Disclosure.PARTNERS: 15,
    Disclosure.STAFF: 8,
    Disclosure.RESTRICTED: 2,
}
INCIDENT_STATUS = {
    IncidentStatus.REPORTED: 45,
    IncidentStatus.CORROBORATED: 30,
    IncidentStatus.VERIFIED: 20,
    IncidentStatus.DISPUTED: 5,
}
DATE_PRECISION = {
    DatePrecision.DAY: 70,
    DatePrecision.MONTH: 15,
    DatePrecision.YEAR: 8,
    DatePrecision.APPROXIMATE: 7,
}
COUNT_QUALIFIER = {
    CountQualifier.EXACT: 30,
    CountQualifier.AT_LEAST: 40,
    CountQualifier.APPROXIMATELY: 25,
    CountQualifier.AT_MOST: 5,
}
QUALIFIER_WORDS = {
    CountQualifier.EXACT: "",
    CountQualifier.AT_LEAST: "at least ",
    CountQualifier.APPROXIMATELY: "about ",
    CountQualifier.AT_MOST: "up to ",
}
VIOLATIONS_PER_INCIDENT = {1: 40, 2: 30, 3: 20, 4: 10}
INVOLVEMENTS_PER_VIOLATION = {1: 60, 2: 30, 3: 10}
INCIDENTS_PER_SOURCE = {1: 30, 2: 45, 3: 25}
RESPONSE_CHANCE_PER_SOURCE = 0.4  # sources report ~1.95 incidents: ~1 response per 5 incidents
RECURRING_VICTIM_CHANCE = 0.05
# Keywords, in order of preference, that find each kind of actor's type among the HURIDOCS
# perpetrator types (list 24), whatever their codes.
ACTOR_TYPES = {
    "police": ("police",),
    "military": ("armed forces", "military"),
    "government": ("national-level official", "official", "government"),
    "security": ("intelligence", "security"),
    "militia": ("paramilitary", "militia"),
    "armed group": ("guerrilla", "opposition forces", "armed group"),
    "vigilante group": ("vigilante",),
    "criminal gang": ("warlords", "private armies", "gang"),
    "religious council": ("in the community", "religious"),
    "youth movement": ("crowd or mob", "mob"),
    "relatives of the victims": ("family members", "family"),
    "unknown assailants": ("unknown",),
}
UNIT_NAMES = {
    "police": "Police department",
    "military": "Battalion",
    "government": "Prosecutor's office",
    "security": "Directorate",
}


LOADED_MODELS = [
    Actor,
    Incident,
    Victim,
    Violation,
    Violation.methods.through,
    Involvement,
    AdvocacyResponse,
    AdvocacyResponse.incidents.through,
    AdvocacyResponse.actors.through,
    AdvocacyResponse.addressees.through,
    Source,
    Citation,
]


def _weighted(rng: random.Random, table: dict):
    return rng.choices(list(table), weights=list(table.values()))[0]


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randrange(6, 22), rng.randrange(60), tzinfo=UTC)


def date_phrase(day: date, precision: str) -> str:
    month = words.MONTHS[day.month - 1]
    if precision == DatePrecision.DAY:
        return f"On {day.day} {month} {day.year}"
    if precision == DatePrecision.MONTH:
        return f"In {month} {day.year}"
    if precision == DatePrecision.YEAR:
        return f"In {day.year}"
    return f"Around {month} {day.year}"


@dataclass
class Cast:
    """The actors of one country, as the generator draws them."""

    perpetrators: list[int] = field(default_factory=list)
    perpetrator_weights: list[int] = field(default_factory=list)
    authorities: list[int] = field(default_factory=list)  # addressees of advocacy
    responders: list[int] = field(default_factory=list)  # local NGOs
    names: dict[int, str] = field(default_factory=dict)


class _Passage:
    """The body of a source's text, with the offsets of each cited sentence."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.citations: list[tuple[type, int, int, int, str]] = []

    def add(self, sentence: str, cites: list[tuple[type, int]] = ()) -> None:
        if self.parts:
            self.parts.append(" ")
            self.length += 1
        start = self.length
        self.parts.append(sentence)
        self.length += len(sentence)
        for model, pk in cites:
            self.citations.append((model, pk, start, self.length, sentence))

    def paragraph(self) -> None:
        self.parts.append("\n\n")
        self.length += 2

    def text(self) -> str:
        return "".join(self.parts)


class Generator:
    def __init__(self, *, incidents: int, seed: int, progress: bool = False) -> None:
        self.incidents = incidents
        self.rng = random.Random(seed)
        self.progress = progress
        self.writer = RowWriter()
        self.terms: Terms | None = None
        self.vocabularies = ""
        self.countries = [country for country in words.COUNTRIES]
        self.country_weights = [country.weight for country in self.countries]
        self.regions = {
            country.code: sorted(
                (region.code, region.name)
                for region in pycountry.subdivisions.get(country_code=country.code)
                if region.parent_code is None
            )
            for country in self.countries
        }
        self.casts: dict[str, Cast] = {}
        self.international: list[int] = []
        self.actor_names: dict[int, str] = {}
        self.recent_victims: dict[str, deque] = {c.code: deque(maxlen=200) for c in self.countries}
        self.recent_incidents: dict[str, deque] = {c.code: deque(maxlen=50) for c in self.countries}
        self.pseudonyms: set[str] = set()
        self.hashes: set[str] = set()
        self.content_types: dict[type, int] = {}
        self.phases: dict[str, float] = {}  # seconds from the start at the end of each phase

    def run(self) -> dict[str, int]:
        """Write the whole database in one transaction; return the rows made per table."""
        started = time.monotonic()
        with transaction.atomic():
            self.vocabularies = ensure_terms()
            self.terms = Terms(self.rng)
            self.content_types = {
                model: ContentType.objects.get_for_model(model).pk
                for model in (Incident, Violation, Victim, Involvement, AdvocacyResponse)
            }
            self.pseudonyms = set(Victim.objects.values_list("pseudonym", flat=True))
            self.hashes = set(Source.objects.values_list("sha256", flat=True))
            with self.writer.foreign_keys_checked_at_the_end(LOADED_MODELS):
                self._make_actors()
                made = 0
                with tqdm(total=self.incidents, disable=not self.progress, unit=" incidents") as bar:
                    while made < self.incidents:
                        size = min(_weighted(self.rng, INCIDENTS_PER_SOURCE), self.incidents - made)
                        self._make_source(size)
                        made += size
                        bar.update(size)
                self.writer.flush()
                self.phases["generated and written"] = time.monotonic() - started
            self.writer.reset_sequences()
            self.phases["foreign keys checked"] = time.monotonic() - started
        self.phases["committed"] = time.monotonic() - started
        if connection.vendor == "postgresql":
            self.writer.analyze()
            self.phases["analysed"] = time.monotonic() - started
        self.seconds = time.monotonic() - started
        return {model._meta.label: count for model, count in self.writer.counts.items()}

    # Actors -----------------------------------------------------------------------------------

    def _actor(self, cast: Cast | None, name: str, **values) -> int:
        pk = self.writer.next_id(Actor)
        aliases = values.pop("aliases", "")
        moment = _moment(date(FIRST_YEAR, 1, 1) + timedelta(days=self.rng.randrange(9000)), self.rng)
        self.writer.add(
            Actor,
            {
                "id": pk,
                "name": name,
                "aliases": aliases,
                "search_names": search_key(name, aliases),
                "created_at": moment,
                "updated_at": moment,
                **values,
            },
        )
        self.actor_names[pk] = name
        if cast is not None:
            cast.names[pk] = name
        return pk

    def _make_actors(self) -> None:
        terms = self.terms
        kinds = {
            kind: terms.matching(Vocabulary.PERPETRATOR_TYPE, keys) for kind, keys in ACTOR_TYPES.items()
        }
        police = kinds["police"]
        official = kinds["government"]

        for name in words.INTERNATIONAL_RESPONDERS:
            self.international.append(self._actor(None, name, kind=ActorKind.ORGANISATION))

        target = min(max(self.incidents // 40, 100), 4000)
        total_weight = sum(self.country_weights)
        for country in self.countries:
            cast = self.casts[country.code] = Cast()
            country_name = pycountry.countries.get(alpha_2=country.code).name
            budget = max(5, target * country.weight // total_weight)
            state = {"country": country.code, "is_state_actor": True}
            government = self._actor(cast, f"Government of {country_name}", actor_type_id=official, **state)
            cast.authorities.append(government)
            ministries = []
            for ministry, kind in words.MINISTRIES:
                pk = self._actor(
                    cast,
                    f"{ministry} of {country_name}",
                    actor_type_id=kinds[kind],
                    parent_id=government,
                    **state,
                )
                cast.authorities.append(pk)
                ministries.append((pk, kind))
            regions = self.regions[country.code] or [("", country_name)]
            units: list[int] = []
            for number in range(max(2, budget * 4 // 10)):
                ministry, kind = ministries[number % len(ministries)]
                region = regions[number % len(regions)][1]
                name = f"{UNIT_NAMES[kind]} No. {number + 1}, {region}"
                pk = self._actor(cast, name, actor_type_id=kinds[kind], parent_id=ministry, **state)
                units.append(pk)
                self._perpetrator(cast, pk, 6)
            for _ in range(max(1, budget * 3 // 10)):
                given, surname = self.rng.choice(words.GIVEN_NAMES), self.rng.choice(words.SURNAMES)
                cyrillic = words.CYRILLIC.get(surname) if country.cyrillic else None
                aliases = f"{given} {cyrillic}" if cyrillic else ""
                pk = self._actor(
                    cast,
                    f"{given} {surname}",
                    aliases=aliases,
                    kind=ActorKind.PERSON,
                    actor_type_id=police,
                    parent_id=self.rng.choice(units),
                    description="Officer.",
                    **state,
                )
                self._perpetrator(cast, pk, 2)
            for number in range(max(1, budget * 2 // 10)):
                group = words.NON_STATE_GROUPS[number % len(words.NON_STATE_GROUPS)]
                region = regions[self.rng.randrange(len(regions))][1]
                pk = self._actor(
                    cast,
                    f"{region} {group}",
                    kind=ActorKind.GROUP,
                    actor_type_id=kinds[group],
                    country=country.code,
                )
                self._perpetrator(cast, pk, 3)
            for number in range(max(1, budget // 10)):
                ngo = words.LOCAL_NGO_KINDS[number % len(words.LOCAL_NGO_KINDS)]
                cast.responders.append(self._actor(cast, f"{country_name} {ngo}", country=country.code))

    def _perpetrator(self, cast: Cast, pk: int, weight: int) -> None:
        cast.perpetrators.append(pk)
        previous = cast.perpetrator_weights[-1] if cast.perpetrator_weights else 0
        cast.perpetrator_weights.append(previous + weight)

    # Incidents and what hangs from them ---------------------------------------------------------

    def _make_source(self, size: int) -> None:
        rng = self.rng
        country = rng.choices(self.countries, weights=self.country_weights)[0]
        source_id = self.writer.next_id(Source)
        body = _Passage()
        around = self._source_date()
        incident_ids, titles, last_day = [], [], date(FIRST_YEAR, 1, 1)
        for _ in range(size):
            pk, title, day = self._make_incident(country, body, around)
            incident_ids.append(pk)
            titles.append(title)
            last_day = max(last_day, day)
            for _ in range(rng.randrange(1, 4)):
                body.add(rng.choice(words.FILLER))
            body.paragraph()
        published = min(last_day + timedelta(days=rng.randrange(3, 40)), LAST_DAY)
        if rng.random() < RESPONSE_CHANCE_PER_SOURCE:
            self._make_response(country, incident_ids, body, last_day, published)
        self.recent_incidents[country.code].extend(incident_ids)

        publisher = rng.choice(words.PUBLISHERS)
        author = f"{rng.choice(words.GIVEN_NAMES)} {rng.choice(words.SURNAMES)}"
        headline = (
            titles[0] if size == 1 else f"{pycountry.countries.get(alpha_2=country.code).name}: {titles[0]}"
        )
        header = f"{headline}\n\nBy {author}, {publisher}, {published:%d %B %Y}\n\n"
        text = header + body.text() + f"Reference BENCH-{source_id:08d}."
        sha256 = text_sha256(text)
        if sha256 in self.hashes:  # cannot happen with the reference line, but the column is unique
            raise RuntimeError(f"Generated source text #{source_id} duplicates an archived one.")
        self.hashes.add(sha256)
        captured = _moment(published, rng)
        self.writer.add(
            Source,
            {
                "id": source_id,
                "title": headline[:500],
                "source_type_id": self.terms.pick(Vocabulary.SOURCE_TYPE),
                "publisher": publisher,
                "author": author,
                "url": f"https://news.example.org/{published:%Y/%m}/{source_id}",
                "published_on": published,
                "published_precision": DatePrecision.DAY,
                "reference_date": None,
                "language": "en" if rng.random() < 0.6 else country.language,
                "text": text,
                "sha256": sha256,
                "captured_at": captured,
                "reliability_id": self.terms.pick(Vocabulary.RELIABILITY),
                "updated_at": captured,
            },
        )
        for model, object_id, start, end, quote in body.citations:
            self.writer.add(
                Citation,
                {
                    "source_id": source_id,
                    "content_type_id": self.content_types[model],
                    "object_id": object_id,
                    "quote": quote,
                    "start": start + len(header),
                    "end": end + len(header),
                },
            )

    def _source_date(self) -> date:
        # Documentation grows over the years: later years weigh more.
        year = self.rng.choices(
            range(FIRST_YEAR, LAST_YEAR + 1), weights=range(1, LAST_YEAR - FIRST_YEAR + 2)
        )[0]
        return date(year, 1, 1) + timedelta(days=self.rng.randrange(365))

    def _incident_date(self, around: date) -> tuple[date, str]:
        """A start date in the months before the source's, with its precision."""
        day = max(around - timedelta(days=self.rng.randrange(120)), date(FIRST_YEAR, 1, 1))
        precision = _weighted(self.rng, DATE_PRECISION)
        if precision == DatePrecision.MONTH:
            day = day.replace(day=1)
        elif precision == DatePrecision.YEAR:
            day = date(day.year, 1, 1)
        return day, precision

    def _make_incident(self, country: words.Country, body: _Passage, around: date) -> tuple[int, str, date]:
        rng = self.rng
        pk = self.writer.next_id(Incident)
        start, precision = self._incident_date(around)
        end, ongoing = None, False
        if precision == DatePrecision.DAY and rng.random() < 0.25:
            end = min(start + timedelta(days=rng.randrange(1, 30)), LAST_DAY)
        elif rng.random() < 0.04:
            ongoing = True
        regions = self.regions[country.code]
        region, place = ("", "")
        if regions and rng.random() < 0.85:
            region, place = rng.choice(regions)
        country_name = pycountry.countries.get(alpha_2=country.code).name
        where = f"{place}, {country_name}" if place else country_name
        latitude = longitude = None
        if rng.random() < 0.6:
            latitude = Decimal(
                f"{max(-90.0, min(90.0, country.latitude + rng.uniform(-1, 1) * country.spread)):.6f}"
            )
            longitude = Decimal(
                f"{((country.longitude + rng.uniform(-1, 1) * country.spread + 180) % 360) - 180:.6f}"
            )

        violation_count = _weighted(rng, VIOLATIONS_PER_INCIDENT)
        victim_count = violation_count if rng.random() < 0.5 else rng.randint(1, violation_count)
        victims = [self._victim_for(country, start) for _ in range(victim_count)]
        victims += [rng.choice(victims) for _ in range(violation_count - victim_count)]
        types = [self.terms.pick(Vocabulary.VIOLATION_TYPE) for _ in victims]
        main_type = self.terms.label(types[0])
        if victim_count == 1:
            summary = victims[0][1]
        else:
            summary = f"{victim_count} victims"
        title = f"{main_type} of {summary} in {where}"[:300]

        opening = f"{date_phrase(start, precision)}, {summary} suffered {main_type.lower()} in {where}."
        body.add(opening, [(Incident, pk)])
        narrative = [opening]
        cited_victims = set()
        for (victim_id, phrase, is_new), type_id in zip(victims, types, strict=True):
            violation_id, perpetrators = self._make_violation(
                pk, victim_id, type_id, start, precision, country
            )
            suffered = self.terms.label(type_id).lower()
            sentence = f"{phrase[0].upper()}{phrase[1:]} suffered {suffered} at the hands of {perpetrators}."
            cites = [(Violation, violation_id)]
            if is_new and victim_id not in cited_victims:
                cites.append((Victim, victim_id))
                cited_victims.add(victim_id)
            body.add(sentence, cites)
            narrative.append(sentence)

        published = start + timedelta(days=rng.randrange(3, 40))
        created = _moment(min(published, LAST_DAY), rng)
        updated = min(
            created + timedelta(days=rng.expovariate(1 / 60)), datetime(LAST_YEAR, 12, 31, 23, tzinfo=UTC)
        )
        self.writer.add(
            Incident,
            {
                "id": pk,
                "title": title,
                "narrative": " ".join(narrative),
                "start_date": start,
                "start_date_precision": precision,
                "end_date": end,
                "end_date_precision": DatePrecision.DAY,
                "date_basis": "",
                "is_ongoing": ongoing,
                "country": country.code,
                "region": region,
                "place_name": place,
                "latitude": latitude,
                "longitude": longitude,
                "status": _weighted(rng, INCIDENT_STATUS),
                "disclosure": _weighted(rng, INCIDENT_DISCLOSURE),
                "created_at": created,
                "updated_at": updated,
            },
        )
        return pk, title, end or start

    def _victim_for(self, country: words.Country, day: date) -> tuple[int, str, bool]:
        """(victim id, how the source describes the victim, whether the victim is new)."""
        recent = self.recent_victims[country.code]
        if recent and self.rng.random() < RECURRING_VICTIM_CHANCE:
            pk, phrase = self.rng.choice(recent)
            return pk, phrase, False
        pk, phrase = self._make_victim(country, day)
        recent.append((pk, phrase))
        return pk, phrase, True

    def _pseudonym(self) -> str:
        while True:
            pseudonym = "V-" + "".join(self.rng.choices(PSEUDONYM_ALPHABET, k=6))
            if pseudonym not in self.pseudonyms:
                self.pseudonyms.add(pseudonym)
                return pseudonym

    def _make_victim(self, country: words.Country, day: date) -> tuple[int, str]:
        rng = self.rng
        pk = self.writer.next_id(Victim)
        moment = _moment(min(day + timedelta(days=rng.randrange(3, 40)), LAST_DAY), rng)
        values = {
            "id": pk,
            "pseudonym": self._pseudonym(),
            "disclosure": _weighted(rng, VICTIM_DISCLOSURE),
            "created_at": moment,
            "updated_at": moment,
        }
        if rng.random() < 0.10:
            qualifier = _weighted(rng, COUNT_QUALIFIER)
            count = min(int(rng.paretovariate(1.2) * 4) + 2, 5000)
            group = rng.choice(words.GROUP_DESCRIPTIONS)
            phrase = f"{QUALIFIER_WORDS[qualifier]}{count} {group}"
            values.update(
                kind=VictimKind.GROUP,
                count=count,
                count_qualifier=qualifier,
                description=f"{group} in {country.code}",
            )
        else:
            gender = rng.choices(words.GENDERS, weights=words.GENDER_WEIGHTS)[0]
            low = rng.choice((14, 18, 26, 36, 46, 56))
            age_range = f"{low}-{low + 9}" if rng.random() < 0.7 else ""
            given, surname = rng.choice(words.GIVEN_NAMES), rng.choice(words.SURNAMES)
            name = f"{given} {surname}"
            if country.cyrillic and surname in words.CYRILLIC:
                other_names = f"{given} {words.CYRILLIC[surname]}"
            else:
                other_names = f"{given[:3]}{rng.randrange(10, 99)}" if rng.random() < 0.2 else ""
            phrase = f"a {gender} aged {age_range}" if age_range else f"a {gender}"
            values.update(
                kind=VictimKind.PERSON,
                description=phrase,
                gender=gender,
                age_range=age_range,
                name=name,
                other_names=other_names,
                contact_details=f"+{rng.randrange(1, 999)} {rng.randrange(10**8, 10**9)}"
                if rng.random() < 0.25
                else "",
                identifying_details="Known in the neighbourhood; works at the market."
                if rng.random() < 0.3
                else "",
                search_names=victim_name_index(name, other_names),
            )
        self.writer.add(Victim, values)
        return pk, phrase

    def _make_violation(
        self,
        incident_id: int,
        victim_id: int,
        type_id: int,
        day: date,
        precision: str,
        country: words.Country,
    ) -> tuple[int, str]:
        rng, terms, writer = self.rng, self.terms, self.writer
        pk = writer.next_id(Violation)
        updated = _moment(min(day + timedelta(days=rng.randrange(3, 400)), LAST_DAY), rng)
        writer.add(
            Violation,
            {
                "id": pk,
                "incident_id": incident_id,
                "victim_id": victim_id,
                "violation_type_id": type_id,
                "status_id": terms.pick(Vocabulary.VIOLATION_STATUS) if rng.random() < 0.8 else None,
                "consequences": "Injuries requiring medical care." if rng.random() < 0.2 else "",
                "victim_age": rng.randrange(15, 70) if rng.random() < 0.5 else None,
                "victim_status_id": terms.pick(Vocabulary.VICTIM_STATUS) if rng.random() < 0.6 else None,
                "date": day,
                "date_precision": precision,
                "date_basis": "",
                "updated_at": updated,
            },
        )
        for method in terms.pick_distinct(Vocabulary.METHOD, rng.choices((0, 1, 2), weights=(40, 40, 20))[0]):
            writer.add(Violation.methods.through, {"violation_id": pk, "term_id": method})
        cast = self.casts[country.code]
        perpetrators: list[int] = []
        for _ in range(_weighted(rng, INVOLVEMENTS_PER_VIOLATION)):
            actor = rng.choices(cast.perpetrators, cum_weights=cast.perpetrator_weights)[0]
            if actor not in perpetrators:
                perpetrators.append(actor)
        for actor in perpetrators:
            writer.add(
                Involvement,
                {
                    "violation_id": pk,
                    "perpetrator_id": actor,
                    "degree_id": terms.pick(Vocabulary.INVOLVEMENT_DEGREE),
                    "notes": "",
                },
            )
        return pk, " and ".join(cast.names[actor] for actor in perpetrators)

    def _make_response(
        self, country: words.Country, incident_ids: list[int], body: _Passage, after: date, published: date
    ) -> None:
        rng, writer = self.rng, self.writer
        pk = writer.next_id(AdvocacyResponse)
        cast = self.casts[country.code]
        incidents = list(incident_ids)
        earlier = self.recent_incidents[country.code]
        if earlier and rng.random() < 0.2:
            incidents.append(rng.choice(earlier))
        responders = cast.responders + self.international
        actors = list(dict.fromkeys(rng.choice(responders) for _ in range(rng.randint(1, 2))))
        addressees = list(dict.fromkeys(rng.choice(cast.authorities) for _ in range(rng.randint(1, 2))))
        type_id = self.terms.pick(Vocabulary.INTERVENTION_TYPE)
        demand = rng.choice(words.DEMANDS)
        by = self.actor_names[actors[0]]
        on = self.actor_names[addressees[0]]
        day = after + timedelta(days=rng.randrange(0, max(1, (published - after).days + 1)))
        writer.add(
            AdvocacyResponse,
            {
                "id": pk,
                "title": f"{by}: {self.terms.label(type_id).lower()}"[:300],
                "response_type_id": type_id,
                "demands": f"Called on {on} to {demand}.",
                "outcome": rng.choice(words.OUTCOMES),
                "description": "",
                "country": country.code,
                "place_name": "",
                "date": min(day, LAST_DAY),
                "date_precision": DatePrecision.DAY,
                "date_basis": "",
                "updated_at": _moment(min(day + timedelta(days=rng.randrange(0, 90)), LAST_DAY), rng),
            },
        )
        for incident in dict.fromkeys(incidents):
            writer.add(
                AdvocacyResponse.incidents.through, {"advocacyresponse_id": pk, "incident_id": incident}
            )
        for actor in actors:
            writer.add(AdvocacyResponse.actors.through, {"advocacyresponse_id": pk, "actor_id": actor})
        for actor in addressees:
            writer.add(AdvocacyResponse.addressees.through, {"advocacyresponse_id": pk, "actor_id": actor})
        if rng.random() < 0.9:
            body.add(f"{by} called on {on} to {demand}.", [(AdvocacyResponse, pk)])
        else:
            body.add(f"{by} called on {on} to {demand}.")
