"""From an archived text to proposals: incidents, violations, victims, perpetrators, places,
dates and advocacy responses, each with the passage (quote and offsets) that supports it.

`extract()` returns the document that `ingest --dry-run --json` prints (docs/ingestion.md
describes it) without the "source" part; `Suggestion` rows are made from the same items.
"""

import datetime
from collections import Counter

from sources.ingest import cues
from sources.ingest.dates import find_dates
from sources.ingest.entities import (
    AGENT,
    GROUP,
    NAME,
    ORGANISATION,
    PERSON,
    PLACE,
    Entity,
    EntityIndex,
    Mention,
    MentionFinder,
)
from sources.ingest.gazetteer import CITY, COUNTRY, REGION, gazetteer
from sources.ingest.matching import Directory
from sources.ingest.roles import ORDERED, SUSPECTED, Act, Response, RoleReader
from sources.ingest.text import Sentence, normalise, sentences, slug
from sources.ingest.vocabulary import actor_type, label

CATEGORIES = ("incidents", "violations", "victims", "perpetrators", "places", "dates", "advocacy_responses")


def evidence(sentence: Sentence) -> dict:
    return {"quote": sentence.text, "start": sentence.start, "end": sentence.end}


def span(mention) -> dict:
    return {"start": mention.start, "end": mention.end}


class Extraction:
    """One article read once; `document()` gives the proposals."""

    def __init__(
        self,
        text: str,
        *,
        reference_date: datetime.date | None = None,
        title: str = "",
        directory: Directory | None = None,
    ) -> None:
        self.text = text
        self.reference_date = reference_date
        self.title = title
        self.directory = directory or Directory.empty()
        self.gazetteer = gazetteer()
        self.sentences = sentences(text)
        self.finder = MentionFinder(text, self.gazetteer, self.directory.kind)
        self._read_mentions()
        self._read_roles()

    # --- reading ------------------------------------------------------------------------------

    def _read_mentions(self) -> None:
        self.names: list[Mention] = []
        self.places: list[Mention] = []
        self.groups: list[Mention] = []
        self.agents: list[Mention] = []
        countries: set[str] = set()
        for sentence in self.sentences:
            for mention in self.finder.names(sentence):
                if mention.kind == PLACE:
                    self.places.append(mention)
                    countries.add(mention.place.country)
                elif not sentence.is_headline:
                    self.names.append(mention)
                if mention.country:
                    countries.add(mention.country)
            if sentence.is_headline:
                continue
            taken = [(m.start, m.end) for m in self.names if m.sentence == sentence.index]
            self.agents += self.finder.agents(sentence, taken)
            self.groups += self.finder.groups(sentence)
        # A lone capitalised word opening a sentence ("Given …") is a name only if it is
        # capitalised elsewhere too, or a known name.
        elsewhere = Counter(m.text for m in self.names if not self._opens_sentence(m))
        last_words = {m.text.rsplit(" ", 1)[-1] for m in self.names if " " in m.text}
        self.names = [
            m
            for m in self.names
            if not (self._opens_sentence(m) and " " not in m.text and m.kind in (NAME, PERSON))
            or elsewhere[m.text]
            or m.text in last_words
            or self.directory.kind(m.text)
        ]
        # A subdivision named without its country ("Guerrero") counts where the country is named.
        for mention in list(self.names):
            region = (
                self.gazetteer.subdivision(mention.text, countries)
                if mention.kind in (NAME, PERSON)
                else None
            )
            if region is not None:
                mention.kind, mention.place = PLACE, region
                self.names.remove(mention)
                self.places.append(mention)
        # "Muscat pleaded guilty" after "Vincent Muscat": a surname, not Oman's capital.
        surnames = {normalise(m.text).split()[-1] for m in self.names if m.kind == PERSON and " " in m.text}
        for mention in list(self.places):
            if (
                " " not in mention.text
                and normalise(mention.text) in surnames
                and mention.place.kind != COUNTRY
            ):
                mention.kind, mention.place = NAME, None
                self.places.remove(mention)
                self.names.append(mention)
        self.index = EntityIndex(self.finder.acronyms)
        for mention in sorted(self.names, key=lambda m: m.start):
            self.index.add(mention)
        # A country can act ("China has detained …"): it stands for its state.
        self.states: list[Mention] = []
        for mention in self.places:
            if mention.place.kind == COUNTRY and not sentences_headline(self.sentences, mention):
                state = Mention(
                    mention.text,
                    mention.start,
                    mention.end,
                    mention.sentence,
                    ORGANISATION,
                    possessive=mention.possessive,
                )
                state.canonical, state.country = mention.place.name, mention.place.country
                entity = self.index.add(state)
                entity.organisation_kind, entity.state = "state", True
                self.states.append(state)
        self.reader = RoleReader(self.text, self.sentences, [*self.names, *self.groups], set())
        for mention in sorted(self.agents, key=lambda m: m.start):
            if mention.relative:
                owner = self.reader.person_before(mention.start)
                if owner is None:
                    continue
                mention.canonical = f"{mention.text.split()[-1].capitalize()} of {owner.entity.name}"
            self.index.add(mention)
        for group in self.groups:
            group.entity = Entity(normalise(group.text), group.text, GROUP, [group])
        self.dates = find_dates(self.text, self.reference_date)

    def _opens_sentence(self, mention: Mention) -> bool:
        sentence = self.sentences[mention.sentence]
        before = self.text[sentence.start : mention.start].rstrip()
        return not before.strip("“\"‘'( ") or before.endswith(("“", "‘", "("))

    def _read_roles(self) -> None:
        mentions = [
            *self.names,
            *self.states,
            *self.groups,
            *[a for a in self.agents if a.entity is not None],
        ]
        self.reader = RoleReader(self.text, self.sentences, mentions, set())
        self.acts: list[Act] = []
        self.responses: list[Response] = []
        for sentence in self.sentences:
            if sentence.is_headline:
                continue
            extra = self.reader.pronouns(sentence) + self.reader.anaphors(sentence)
            self.acts += self.reader.acts(sentence, extra)
            self.responses += self.reader.responses(sentence, extra)

    # --- the document -------------------------------------------------------------------------

    def document(self) -> dict:
        victims, victim_refs = self._victims()
        perpetrators, perpetrator_refs = self._perpetrators()
        violations = self._violations(victim_refs, perpetrator_refs)
        places = self._places()
        dates = self._dates()
        return {
            "incidents": self._incidents(violations, places, dates),
            "violations": violations,
            "victims": victims,
            "perpetrators": perpetrators,
            "places": places,
            "dates": dates,
            "advocacy_responses": self._responses(),
        }

    def _victims(self) -> tuple[list[dict], dict[int, str]]:
        items, refs = [], {}
        for act in self.acts:
            if act.code is None and not any(p.kind == GROUP for p in act.patients):
                continue
            for patient in act.patients:
                entity = patient.entity
                if entity is None or id(entity) in refs or entity.kind not in (PERSON, GROUP, NAME):
                    continue
                ref = f"victim:{slug(entity.name)}"
                refs[id(entity)] = ref
                first = entity.mentions[0] if entity.kind != GROUP else patient
                item = {
                    "id": ref,
                    "text": first.text,
                    "kind": "group" if entity.kind == GROUP else "person",
                    "name": entity.name if entity.kind != GROUP else "",
                    "description": patient.descriptor if entity.kind == GROUP else _descriptor(entity),
                    "count": patient.count if entity.kind == GROUP else None,
                    "count_qualifier": patient.qualifier if entity.kind == GROUP else "",
                    "aliases": sorted(entity.aliases - {entity.name}),
                    "existing": self.directory.victim(entity.name) if entity.kind != GROUP else None,
                    "span": span(patient if patient.kind != "pronoun" else first),
                    "evidence": evidence(act.sentence),
                }
                items.append(item)
        return items, refs

    def _perpetrators(self) -> tuple[list[dict], dict[int, str]]:
        items, refs = [], {}
        victims = {
            id(p.entity) for act in self.acts if act.code for p in act.patients if p.entity is not None
        }
        for act in self.acts:
            for involvement in act.agents:
                entity = involvement.entity
                if id(entity) in refs or entity.kind == GROUP:
                    continue
                if id(entity) in victims and involvement.degree == SUSPECTED:
                    continue  # prosecuted, and wronged: the victim, not a perpetrator
                ref = f"perpetrator:{slug(entity.name)}"
                refs[id(entity)] = ref
                kind, type_code, state = _actor_kind(entity, involvement.degree)
                items.append(
                    {
                        "id": ref,
                        "text": involvement.mention.text,
                        "name": _actor_name(entity),
                        "kind": kind,
                        "perpetrator_type": type_code,
                        "perpetrator_type_label": label("perpetrator_type", type_code),
                        "is_state_actor": state,
                        "country": entity.country,
                        "aliases": sorted(entity.aliases - {entity.name}),
                        "existing": self.directory.actor(_actor_name(entity)),
                        "span": span(involvement.mention),
                        "evidence": evidence(act.sentence),
                    }
                )
        return items, refs

    def _violations(self, victim_refs: dict, perpetrator_refs: dict) -> list[dict]:
        items: dict[str, dict] = {}
        for act in self.acts:
            if act.code is None:
                continue
            victims = [victim_refs.get(id(p.entity)) for p in act.patients if p.entity is not None] or [None]
            for victim in victims:
                ref = f"violation:{act.code}:{(victim or 'victim:unknown').split(':', 1)[1]}"
                item = items.get(ref)
                if item is None:
                    date = self._date_near(act)
                    item = items[ref] = {
                        "id": ref,
                        "text": act.phrase,
                        "violation_type": act.code,
                        "violation_type_label": label("violation_type", act.code),
                        "victim": victim,
                        "perpetrators": [],
                        "date": date["date"] if date else None,
                        "date_precision": date["precision"] if date else None,
                        "date_basis": date["basis"] if date else "",
                        "span": span(act),
                        "evidence": evidence(act.sentence),
                    }
                for involvement in act.agents:
                    perpetrator = perpetrator_refs.get(id(involvement.entity))
                    if perpetrator and all(p["perpetrator"] != perpetrator for p in item["perpetrators"]):
                        item["perpetrators"].append(
                            {
                                "perpetrator": perpetrator,
                                "degree": involvement.degree,
                                "degree_label": label("involvement_degree", involvement.degree),
                            }
                        )
        # Involvements read elsewhere ("failed to investigate") join the article's violations.
        return list(items.values())

    def _date_near(self, act: Act) -> dict | None:
        inside = [d for d in self.dates if act.sentence.start <= d.start < act.sentence.end]
        if not inside:
            return None
        nearest = min(inside, key=lambda d: abs(d.start - act.start))
        return _date_fields(nearest)

    def _places(self) -> list[dict]:
        items: dict[str, dict] = {}
        for mention in self.places:
            place = mention.place
            key = (
                place.region
                if place.kind == REGION and place.region
                else f"{place.country}:{normalise(place.name)}"
            )
            if key in items:
                continue
            sentence = self.sentences[mention.sentence]
            items[key] = {
                "id": f"place:{slug(place.name)}",
                "text": mention.text,
                "name": place.name if place.kind != REGION else mention.text,
                "kind": place.kind,
                "country": place.country,
                "region": place.region,
                "span": span(mention),
                "evidence": evidence(sentence),
            }
        return list(items.values())

    def _dates(self) -> list[dict]:
        items: dict[str, dict] = {}
        for mention in self.dates:
            fields = _date_fields(mention)
            key = (
                f"{fields['date']}:{fields['precision']}"
                if fields["date"]
                else f"unresolved:{slug(mention.text)}"
            )
            if key in items:
                continue
            sentence = next(s for s in self.sentences if s.start <= mention.start < s.end + 1)
            items[key] = {
                "id": f"date:{key.replace(':', '-')}",
                "text": mention.text,
                **fields,
                "span": span(mention),
                "evidence": evidence(sentence),
            }
        return list(items.values())

    def _incidents(self, violations: list[dict], places: list[dict], dates: list[dict]) -> list[dict]:
        if not violations:
            return []
        first = min(violations, key=lambda item: item["evidence"]["start"])
        sentence = next(s for s in self.sentences if s.start == first["evidence"]["start"])
        dated = [v for v in violations if v["date"]]
        date = min(dated, key=lambda item: item["evidence"]["start"]) if dated else None
        place = self._incident_place(violations, places)
        title = self.title or _shorten(sentence.text)
        return [
            {
                "id": f"incident:{slug(title)}",
                "text": title,
                "title": title[:300],
                "start_date": date["date"] if date else None,
                "start_date_precision": date["date_precision"] if date else None,
                "date_basis": date["date_basis"] if date else "",
                "country": place["country"] if place else "",
                "region": place["region"] if place else "",
                "place_name": place["name"] if place and place["kind"] == CITY else "",
                "violation_types": sorted({v["violation_type"] for v in violations}),
                "span": {"start": sentence.start, "end": sentence.end},
                "evidence": evidence(sentence),
            }
        ]

    def _incident_place(self, violations: list[dict], places: list[dict]) -> dict | None:
        """The most specific place named where violations are; else the most named country."""
        if not places:
            return None
        rank = {CITY: 0, REGION: 1, COUNTRY: 2}
        violation_sentences = {(v["evidence"]["start"], v["evidence"]["end"]) for v in violations}
        near = [p for p in places if (p["evidence"]["start"], p["evidence"]["end"]) in violation_sentences]
        if near:
            return min(near, key=lambda p: (rank[p["kind"]], p["span"]["start"]))
        counted = Counter(p.place.country for p in self.places)
        country = counted.most_common(1)[0][0]
        return min((p for p in places if p["country"] == country), key=lambda p: rank[p["kind"]])

    def _responses(self) -> list[dict]:
        items: dict[str, dict] = {}
        victims = {id(p.entity) for act in self.acts for p in act.patients if p.entity is not None}
        for response in self.responses:
            # A victim's own words ("Help me," Akhmadov said) are testimony, not advocacy.
            response.actors = [
                m for m in response.actors if id(m.entity) not in victims or response.code != cues.STATEMENT
            ]
            if not response.actors and not response.actor_description:
                continue
            actors = [self._actor_item(mention) for mention in response.actors]
            key = "-".join(actor["id"].split(":", 1)[1] for actor in actors) or slug(
                response.actor_description
            )
            ref = f"advocacy_response:{response.code}:{key}"
            if ref in items:
                ref = f"{ref}:{response.sentence.index}"
            date = next(
                (d for d in self.dates if response.sentence.start <= d.start < response.sentence.end), None
            )
            items[ref] = {
                "id": ref,
                "text": response.phrase,
                "response_type": response.code,
                "response_type_label": label("intervention_type", response.code),
                "actors": actors,
                "actor_description": response.actor_description,
                "speaker": response.speaker.text if response.speaker else "",
                "addressees": [self._actor_item(mention) for mention in response.addressees],
                "addressee_description": response.addressee_description,
                "demands": response.demands,
                **{
                    key: value
                    for key, value in (_date_fields(date) if date else {}).items()
                    if key != "basis"
                },
                "span": {"start": response.start, "end": response.end},
                "evidence": evidence(response.sentence),
            }
        return list(items.values())

    def _actor_item(self, mention: Mention) -> dict:
        entity = mention.entity
        name = _actor_name(entity)
        kind, type_code, state = _actor_kind(entity, "")
        return {
            "id": f"actor:{slug(name)}",
            "text": mention.text,
            "name": name,
            "kind": kind,
            "is_state_actor": state,
            "country": entity.country,
            "aliases": sorted(entity.aliases - {entity.name}),
            "existing": self.directory.actor(name),
        }


def extract(
    text: str,
    *,
    reference_date: datetime.date | None = None,
    title: str = "",
    directory: Directory | None = None,
) -> dict:
    return Extraction(text, reference_date=reference_date, title=title, directory=directory).document()


def sentences_headline(sentences: list[Sentence], mention: Mention) -> bool:
    return sentences[mention.sentence].is_headline


def _descriptor(entity: Entity) -> str:
    for mention in entity.mentions:
        if mention.descriptor:
            return mention.descriptor.split()[-1]
    return ""


def _actor_name(entity: Entity) -> str:
    """The name to record: a well-known body's own name ("Russian LGBT Network" for "Russian LGBTQ
    Network"), else the fullest form the article uses."""
    known = gazetteer().organisation(entity.name) if entity.kind == ORGANISATION else None
    if known is not None:
        return known.name
    name = entity.name
    if entity.kind == AGENT:
        name = name[:1].upper() + name[1:]
    return name


_SINGULAR_RELATIVES = ("father", "mother", "brother", "uncle", "cousin", "husband")


def _actor_kind(entity: Entity, degree: str) -> tuple[str, str, bool]:
    if entity.kind == PERSON or entity.name.split()[0].lower() in _SINGULAR_RELATIVES:
        code = entity.agent_type or ("010100000000" if degree == ORDERED else "")
        return "person", code or actor_type(entity.name, person=True), bool(code and code.startswith("01"))
    if entity.kind == AGENT:
        code = entity.agent_type or "990000000000"
        kind = "organisation" if entity.state else "group"
        return kind, code, entity.state
    code = actor_type(entity.name, person=False)
    return "organisation", code, code.startswith("01")


def _date_fields(mention) -> dict:
    return {
        "date": mention.date.isoformat() if mention.date else None,
        "precision": mention.precision,
        "resolved": mention.resolved,
        "basis": mention.basis,
    }


def _shorten(sentence: str) -> str:
    return sentence if len(sentence) <= 120 else sentence[:117].rsplit(" ", 1)[0] + "…"


__all__ = ["CATEGORIES", "Extraction", "extract", "cues"]
