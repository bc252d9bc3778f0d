"""Loading the seeds: the controlled vocabularies, and the curated records made from articles.

Both loaders read YAML through LineLoader, which remembers the line where every mapping and
every list item starts, so that any problem is reported as `PATH:LINE: what is wrong`. Every
object goes through full_clean() before it is saved, and rows that are already right are left
untouched, so that running the seeds twice writes nothing the second time. The seeds/README.md
describes the file formats.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from simple_history.utils import bulk_create_with_history

from incidents.choices import DatePrecision, Vocabulary
from incidents.models import Actor, AdvocacyResponse, Incident, Involvement, Term, Victim, Violation
from reports import audit
from sources.models import Citation, Source, text_sha256

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"
VOCABULARIES_PATH = SEEDS_DIR / "vocabularies.yaml"
RECORDS_DIR = SEEDS_DIR / "records"


def shown_path(path: Path | str) -> str:
    """The path as a reader wants it: relative to the working directory when it lies below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class SeedError(Exception):
    """A problem in a seed file, located by path and line."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = shown_path(path), line, " ".join(message.split())
        where = self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {self.message}")


# --- YAML that remembers lines ---------------------------------------------------------------


class Mapping(dict):
    """A YAML mapping that knows the line it starts on and the line of each key."""

    def __init__(self, line: int = 0) -> None:
        super().__init__()
        self.line, self.key_lines = line, {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Items(list):
    """A YAML list that knows the line of each item."""

    def __init__(self, items: list | None = None, lines: list[int] | None = None) -> None:
        super().__init__(items or [])
        self.lines = lines or []


class LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe loader (libyaml's when installed) whose mappings and lists remember their lines."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Mapping:
        self.flatten_mapping(node)
        mapping = Mapping(line=node.start_mark.line + 1)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in mapping:
                # PyYAML would silently keep the last value; a repeated key is a typo to show.
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is given twice", key_node.start_mark
                )
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping

    def construct_items(self, node: yaml.SequenceNode) -> Items:
        return Items(
            [self.construct_object(child, deep=True) for child in node.value],
            [child.start_mark.line + 1 for child in node.value],
        )

    def construct_date(self, node: yaml.ScalarNode) -> datetime.date:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a valid date", node.start_mark
            ) from None


LineLoader.add_constructor("tag:yaml.org,2002:map", LineLoader.construct_mapping)
LineLoader.add_constructor("tag:yaml.org,2002:seq", LineLoader.construct_items)
LineLoader.add_constructor("tag:yaml.org,2002:timestamp", LineLoader.construct_date)


def yaml_read(path: Path) -> Any:
    """The parsed YAML file, or a SeedError at the line where it stops making sense."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SeedError(path, None, "no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SeedError(path, None, f"cannot be read as UTF-8 text: {error}") from None
    try:
        return yaml.load(text, Loader=LineLoader)  # a safe loader: it builds no Python objects
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = " ".join(part for part in (error.context, error.problem) if part)
        raise SeedError(path, mark.line + 1 if mark else None, f"YAML does not parse: {problem}") from None
    except yaml.YAMLError as error:
        raise SeedError(path, None, f"YAML does not parse: {error}") from None


def _validate(instance: models.Model, *, path: Path, error_line: Any, **checks: Any) -> None:
    """full_clean(); a validation error becomes a SeedError at the line of its field.

    error_line(field name) gives the line to report for a model field (or NON_FIELD_ERRORS),
    and how to name it: "incident 'purge': end_date".
    """
    try:
        instance.full_clean(**checks)
    except ValidationError as error:
        field_name, messages = next(iter(error.message_dict.items()))
        line, label = error_line(field_name)
        raise SeedError(path, line, f"{label}: {messages[0]}") from None


def _save(instance: models.Model, *, path: Path, error_line: Any, reason: str) -> None:
    _validate(instance, path=path, error_line=error_line)
    instance._change_reason = reason  # simple_history stores it on the history row
    instance.save()


# --- vocabularies ----------------------------------------------------------------------------


@dataclass
class VocabularyCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


TERM_FIELDS = {"code", "label", "label_fr", "parent"}


def vocabularies_load(*, path: Path = VOCABULARIES_PATH) -> VocabularyCounts:
    """Insert new terms, update changed labels and parents, and leave unchanged terms alone."""
    document = yaml_read(path)
    if not isinstance(document, Mapping):
        raise SeedError(path, 1, "expected a mapping of vocabulary names to lists of terms")
    counts = VocabularyCounts()
    for name, entries in document.items():
        line = document.line_of(name)
        if name not in Vocabulary.values:
            raise SeedError(
                path, line, f"unknown vocabulary {name!r}; expected one of {', '.join(Vocabulary.values)}"
            )
        if not isinstance(entries, Items):
            raise SeedError(path, line, f"{name}: expected a list of terms")
        _vocabulary_load(name, entries, path=path, counts=counts)
    return counts


def _vocabulary_load(name: str, entries: Items, *, path: Path, counts: VocabularyCounts) -> None:
    wanted = _term_entries(name, entries, path=path)
    existing = {term.code: term for term in Term.objects.filter(vocabulary=name)}
    depths = _depths(name, wanted, existing, path=path)
    reason = f"seed: {Path(path).name}"
    # Level by level, so that every parent has its row before its children are written.
    for depth in sorted(set(depths.values())):
        new_terms = []
        for code in (code for code in wanted if depths[code] == depth):
            entry = wanted[code]
            parent = existing[entry["parent"]] if entry.get("parent") else None
            values = (entry["label"], entry.get("label_fr") or "", parent.pk if parent else None)
            term = existing.get(code)
            # parent_id, not parent: comparing the related objects would load them, a query each.
            if term and (term.label, term.label_fr, term.parent_id) == values:
                counts.unchanged += 1
                continue

            def error_line(field_name: str, entry: Mapping = entry) -> tuple[int, str]:
                if field_name == NON_FIELD_ERRORS:
                    return entry.line, f"{name} {entry['code']}"
                return entry.line_of(field_name), f"{name} {entry['code']}: {field_name}"

            if term:
                term.label, term.label_fr, term.parent = *values[:2], parent
                _save(term, path=path, error_line=error_line, reason=reason)
                counts.updated += 1
                continue
            term = Term(vocabulary=name, code=code, label=values[0], label_fr=values[1], parent=parent)
            # The codes are unique within the file and checked against the stored ones above, and
            # the parent is a row in hand: skipping those checks saves three queries a term.
            checks = {"exclude": ["parent"], "validate_unique": False, "validate_constraints": False}
            _validate(term, path=path, error_line=error_line, **checks)
            new_terms.append(term)
        if new_terms:
            # One insert for the level and one for its history, instead of two queries a term.
            with transaction.atomic():
                created = bulk_create_with_history(new_terms, Term, default_change_reason=reason)
                # The bulk insert sends no history signal: the change log is told here, or never.
                audit.catch_up(Term, created)
            for term in created:
                existing[term.code] = term
            counts.added += len(new_terms)


def _term_entries(name: str, entries: Items, *, path: Path) -> dict[str, Mapping]:
    """The terms of one vocabulary by code, each checked for its fields."""
    wanted: dict[str, Mapping] = {}
    for entry, line in zip(entries, entries.lines, strict=True):
        if not isinstance(entry, Mapping):
            raise SeedError(path, line, f"{name}: expected a term {{code: ..., label: ...}}")
        unknown = set(entry) - TERM_FIELDS
        if unknown:
            raise SeedError(path, line, f"{name}: unknown field {sorted(unknown)[0]!r} in a term")
        for key in ("code", "label", "label_fr", "parent"):
            value = entry.get(key)
            if (key in ("code", "label") or value is not None) and not isinstance(value, str):
                raise SeedError(path, line, f"{name}: {key} must be quoted text, got {value!r}")
        if entry["code"] in wanted:
            raise SeedError(path, line, f"{name}: the code {entry['code']} is given twice")
        wanted[entry["code"]] = entry
    return wanted


def _depths(
    name: str, wanted: dict[str, Mapping], existing: dict[str, Term], *, path: Path
) -> dict[str, int]:
    """How many parents each code has above it in the file (0 for a top term)."""
    depths: dict[str, int] = {}

    def depth_of(code: str, trail: tuple[str, ...]) -> int:
        if code in depths:
            return depths[code]
        entry = wanted[code]
        parent = entry.get("parent")
        if not parent:
            depths[code] = 0
        elif parent in trail or parent == code:
            raise SeedError(
                path, entry.line_of("parent"), f"{name}: the parents of {code} go round in a circle"
            )
        elif parent in wanted:
            depths[code] = depth_of(parent, (*trail, code)) + 1
        elif parent in existing:
            depths[code] = 0
        else:
            raise SeedError(path, entry.line_of("parent"), f"{name}: unknown parent code {parent}")
        return depths[code]

    for code in wanted:
        depth_of(code, ())
    return depths


# --- records ---------------------------------------------------------------------------------


@dataclass
class RecordCounts:
    already_loaded: bool = False
    source: Source | None = None
    created: Counter = field(default_factory=Counter)
    reused_actors: int = 0

    def summary(self) -> str:
        """What was created, e.g. '1 source, 12 actors, 3 victims, … 90 citations'."""
        order = [Source, Actor, Victim, Incident, Violation, Involvement, AdvocacyResponse, Citation]
        parts = []
        for model in sorted(self.created, key=order.index):
            number = self.created[model]
            name = model._meta.verbose_name if number == 1 else model._meta.verbose_name_plural
            parts.append(f"{number} {name}")
        return ", ".join(parts)


SECTIONS = {"source", "actors", "victims", "incidents", "responses"}
SOURCE_FIELDS = {
    "file", "title", "publisher", "author", "url", "published_on", "published_precision",
    "reference_date", "language", "source_type", "reliability", "captured_at", "notes",
}  # fmt: skip
ACTOR_FIELDS = {
    "key", "name", "aliases", "kind", "type", "state_actor", "parent", "country", "description", "cite",
}  # fmt: skip
VICTIM_FIELDS = {
    "key", "kind", "description", "count", "count_qualifier", "gender", "age_range", "disclosure",
    "name", "other_names", "contact_details", "identifying_details", "cite",
}  # fmt: skip
INCIDENT_FIELDS = {
    "key", "title", "narrative", "start_date", "start_precision", "end_date", "end_precision",
    "date_basis", "ongoing", "country", "region", "place_name", "lat", "lon", "status",
    "confidentiality", "cite", "violations",
}  # fmt: skip
VIOLATION_FIELDS = {
    "victim", "type", "methods", "status", "date", "precision", "date_basis", "consequences",
    "victim_age", "victim_status", "perpetrators", "cite",
}  # fmt: skip
INVOLVEMENT_FIELDS = {"actor", "degree", "notes", "cite"}
RESPONSE_FIELDS = {
    "key", "title", "type", "incidents", "actors", "addressees", "demands", "outcome", "description",
    "date", "precision", "date_basis", "country", "place_name", "cite",
}  # fmt: skip

# Where a model's field name differs from the YAML key that sets it.
YAML_KEYS = {
    "actor_type": "type",
    "is_state_actor": "state_actor",
    "start_date_precision": "start_precision",
    "end_date_precision": "end_precision",
    "is_ongoing": "ongoing",
    "latitude": "lat",
    "longitude": "lon",
    "violation_type": "type",
    "response_type": "type",
    "date_precision": "precision",
    "perpetrator": "actor",
    "sha256": "file",
    "text": "file",
}


def record_paths() -> list[Path]:
    """Every records file of the seeds, in the order they load."""
    return sorted(RECORDS_DIR.glob("*.yaml"))


def records_load(*, path: Path) -> RecordCounts:
    """Load one records file; a file whose source text is already archived is skipped."""
    return _RecordsFile(Path(path)).load()


class _RecordsFile:
    """One records file being loaded: its keys, and the source its quotes are found in.

    `what` names the record being read ("incident 'purge', violation 2"), for the messages.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.reason = f"seed: {path.name}"
        self.counts = RecordCounts()
        self.actors: dict[str, Actor] = {}
        self.victims: dict[str, Victim] = {}
        self.incidents: dict[str, Incident] = {}
        self.source: Source
        self.what = "the file"

    def load(self) -> RecordCounts:
        document = yaml_read(self.path)
        if not isinstance(document, Mapping):
            raise SeedError(
                self.path, 1, "expected a mapping with source:, actors:, victims:, incidents:, responses:"
            )
        self._check_fields(document, SECTIONS)
        if not isinstance(document.get("source"), Mapping):
            raise SeedError(
                self.path, document.line_of("source"), "source: expected the mapping of the source"
            )
        source = self._source(document["source"])
        existing = Source.objects.filter(sha256=source.sha256).first()
        if existing:
            self.counts.already_loaded, self.counts.source = True, existing
            return self.counts
        self._save(source, document["source"])
        self.source = self.counts.source = source
        for section, load in (
            ("actors", self._actor),
            ("victims", self._victim),
            ("incidents", self._incident),
            ("responses", self._response),
        ):
            self.what = "the file"
            for entry in self._mappings(document, section):
                load(entry)
        return self.counts

    # -- one record of each kind

    def _source(self, entry: Mapping) -> Source:
        self.what = "source"
        self._check_fields(entry, SOURCE_FIELDS)
        text_path = SEEDS_DIR / self._text(entry, "file", required=True)
        try:
            # newline="" keeps the text byte for byte, so that its SHA-256 is the file's.
            with open(text_path, encoding="utf-8", newline="") as text_file:
                text = text_file.read()
        except (OSError, UnicodeDecodeError) as error:
            raise self._fail(entry, "file", f"cannot read {text_path}: {error}") from None
        published_on, published_precision = self._date(entry, "published_on", "published_precision")
        source = Source(
            title=self._text(entry, "title", required=True),
            publisher=self._text(entry, "publisher"),
            author=self._text(entry, "author"),
            url=self._text(entry, "url"),
            published_on=published_on,
            published_precision=published_precision,
            reference_date=self._date(entry, "reference_date", None)[0],
            language=self._text(entry, "language"),
            source_type=self._term(entry, "source_type", Vocabulary.SOURCE_TYPE),
            reliability=self._term(entry, "reliability", Vocabulary.RELIABILITY),
            notes=self._text(entry, "notes"),
            text=text,
            # Source.save() sets it too, but full_clean() wants it before.
            sha256=text_sha256(text),
        )
        if "captured_at" in entry:
            if not isinstance(entry["captured_at"], datetime.datetime):
                raise self._fail(entry, "captured_at", "expected a date and time, e.g. 2018-07-17T09:30:00Z")
            source.captured_at = entry["captured_at"]
        return source

    def _actor(self, entry: Mapping) -> None:
        self.what = "actor"
        self._check_fields(entry, ACTOR_FIELDS)
        key = self._key(entry, self.actors)
        names = [self._text(entry, "name", required=True), *self._text_list(entry, "aliases")]
        # Read every field even when the actor exists, so that a wrong code is never let through.
        described = Actor(
            name=names[0],
            aliases="\n".join(names[1:]),
            kind=self._text(entry, "kind") or Actor._meta.get_field("kind").default,
            actor_type=self._term(entry, "type", Vocabulary.PERPETRATOR_TYPE),
            is_state_actor=self._bool(entry, "state_actor"),
            parent=self._ref(entry, "parent", self.actors),
            country=self._text(entry, "country"),
            description=self._text(entry, "description"),
        )
        actor = self._actor_match(entry, names)
        if actor is None:
            actor = described
            self._save(actor, entry)
        else:
            # One real-world actor is one row: reuse it as it stands, adding the spellings it lacks.
            _validate(described, path=self.path, error_line=self._error_line(entry))
            self.counts.reused_actors += 1
            known = _actor_names(actor)
            missing = [name for name in names if name.lower() not in known]
            if missing:
                actor.aliases = "\n".join(filter(None, [actor.aliases, *missing]))
                self._save(actor, entry, count=False)
        self.actors[key] = actor
        self._cite(actor, entry)

    def _actor_match(self, entry: Mapping, names: list[str]) -> Actor | None:
        """The existing actor known by one of these names or aliases, whatever the case."""
        wanted = {name.lower() for name in names}
        matches = {}
        for name in wanted:
            # search_names holds every name lower-cased, one a line: a cheap first cut.
            for actor in Actor.objects.filter(search_names__contains=name):
                if wanted & _actor_names(actor):
                    matches[actor.pk] = actor
        if len(matches) > 1:
            found = ", ".join(sorted(repr(actor.name) for actor in matches.values()))
            raise SeedError(self.path, entry.line, f"{self.what}: its names match several actors: {found}")
        actor = next(iter(matches.values()), None)
        same = [key for key, known in self.actors.items() if actor and known.pk == actor.pk]
        if same:
            raise SeedError(self.path, entry.line, f"{self.what} has a name or alias of actor {same[0]!r}")
        return actor

    def _victim(self, entry: Mapping) -> None:
        self.what = "victim"
        self._check_fields(entry, VICTIM_FIELDS)
        key = self._key(entry, self.victims)
        victim = Victim(
            kind=self._text(entry, "kind") or Victim._meta.get_field("kind").default,
            description=self._text(entry, "description"),
            count=self._int(entry, "count"),
            count_qualifier=self._text(entry, "count_qualifier"),
            gender=self._text(entry, "gender"),
            age_range=self._text(entry, "age_range"),
            disclosure=self._text(entry, "disclosure") or Victim._meta.get_field("disclosure").default,
            name=self._text(entry, "name"),
            other_names="\n".join(self._text_list(entry, "other_names")),
            contact_details=self._text(entry, "contact_details"),
            identifying_details=self._text(entry, "identifying_details"),
        )
        self._save(victim, entry)
        self.victims[key] = victim
        self._cite(victim, entry)

    def _incident(self, entry: Mapping) -> None:
        self.what = "incident"
        self._check_fields(entry, INCIDENT_FIELDS)
        key = self._key(entry, self.incidents)
        start_date, start_precision = self._date(entry, "start_date", "start_precision")
        end_date, end_precision = self._date(entry, "end_date", "end_precision")
        incident = Incident(
            title=self._text(entry, "title", required=True),
            narrative=self._text(entry, "narrative"),
            start_date=start_date,
            start_date_precision=start_precision,
            end_date=end_date,
            end_date_precision=end_precision,
            date_basis=self._text(entry, "date_basis"),
            is_ongoing=self._bool(entry, "ongoing"),
            country=self._text(entry, "country"),
            region=self._text(entry, "region"),
            place_name=self._text(entry, "place_name"),
            latitude=self._decimal(entry, "lat"),
            longitude=self._decimal(entry, "lon"),
            status=self._text(entry, "status") or Incident._meta.get_field("status").default,
            disclosure=self._text(entry, "confidentiality") or Incident._meta.get_field("disclosure").default,
        )
        self._save(incident, entry, keys={"disclosure": "confidentiality"})
        self.incidents[key] = incident
        self._cite(incident, entry)
        for number, violation in enumerate(self._mappings(entry, "violations"), start=1):
            self.what = f"incident {key!r}, violation {number}"
            self._violation(incident, violation)

    def _violation(self, incident: Incident, entry: Mapping) -> None:
        self._check_fields(entry, VIOLATION_FIELDS)
        day, precision = self._date(entry, "date", "precision")
        violation = Violation(
            incident=incident,
            victim=self._ref(entry, "victim", self.victims, required=True),
            violation_type=self._term(entry, "type", Vocabulary.VIOLATION_TYPE, required=True),
            status=self._term(entry, "status", Vocabulary.VIOLATION_STATUS),
            date=day,
            date_precision=precision,
            date_basis=self._text(entry, "date_basis"),
            consequences=self._text(entry, "consequences"),
            victim_age=self._int(entry, "victim_age"),
            victim_status=self._term(entry, "victim_status", Vocabulary.VICTIM_STATUS),
        )
        methods = self._terms(entry, "methods", Vocabulary.METHOD)
        self._save(violation, entry)
        violation.methods.set(methods)
        self._cite(violation, entry)
        what = self.what
        for involvement in self._mappings(entry, "perpetrators"):
            self.what = f"{what}, perpetrator"
            self._involvement(violation, involvement)

    def _involvement(self, violation: Violation, entry: Mapping) -> None:
        self._check_fields(entry, INVOLVEMENT_FIELDS)
        actor = self._ref(entry, "actor", self.actors, required=True)
        self.what += f" {entry['actor']!r}"
        involvement = Involvement(
            violation=violation,
            perpetrator=actor,
            degree=self._term(entry, "degree", Vocabulary.INVOLVEMENT_DEGREE, required=True),
            notes=self._text(entry, "notes"),
        )
        self._save(involvement, entry)
        self._cite(involvement, entry)

    def _response(self, entry: Mapping) -> None:
        self.what = "response"
        self._check_fields(entry, RESPONSE_FIELDS)
        self.what = f"response {entry.get('key') or entry.get('title')!r}"
        day, precision = self._date(entry, "date", "precision")
        response = AdvocacyResponse(
            title=self._text(entry, "title", required=True),
            response_type=self._term(entry, "type", Vocabulary.INTERVENTION_TYPE, required=True),
            demands=self._text(entry, "demands"),
            outcome=self._text(entry, "outcome"),
            description=self._text(entry, "description"),
            date=day,
            date_precision=precision,
            date_basis=self._text(entry, "date_basis"),
            country=self._text(entry, "country"),
            place_name=self._text(entry, "place_name"),
        )
        incidents = self._refs(entry, "incidents", self.incidents)
        actors = self._refs(entry, "actors", self.actors)
        addressees = self._refs(entry, "addressees", self.actors)
        self._save(response, entry)
        response.incidents.set(incidents)
        response.actors.set(actors)
        response.addressees.set(addressees)
        self._cite(response, entry)

    # -- citations and saving

    def _cite(self, record: models.Model, entry: Mapping) -> None:
        """A Citation for each quote under cite:, found word for word in the source text."""
        quotes = entry.get("cite")
        if not isinstance(quotes, Items) or not quotes:
            raise self._fail(
                entry, "cite", "give at least one quote from the source that supports the record"
            )
        for quote, line in zip(quotes, quotes.lines, strict=True):
            note = ""
            if isinstance(quote, Mapping):
                self._check_fields(quote, {"quote", "note"})
                quote, note = quote.get("quote"), self._text(quote, "note")
            if not isinstance(quote, str) or not quote:
                raise SeedError(self.path, line, f"{self.what}: cite: expected a quote, got {quote!r}")
            passage = self.source.find_passage(quote)
            if passage is None:
                shown = quote if len(quote) <= 80 else quote[:77] + "..."
                raise SeedError(
                    self.path, line, f"{self.what}: cite: this quote is not in the source's text: {shown!r}"
                )
            citation = Citation(
                source=self.source, record=record, quote=quote, start=passage[0], end=passage[1], note=note
            )
            _save(
                citation,
                path=self.path,
                error_line=lambda name, line=line: (line, f"{self.what}: cite"),
                reason=self.reason,
            )
            self.counts.created[Citation] += 1

    def _save(
        self, instance: models.Model, entry: Mapping, *, keys: dict | None = None, count: bool = True
    ) -> None:
        _save(instance, path=self.path, error_line=self._error_line(entry, keys), reason=self.reason)
        if count:
            self.counts.created[type(instance)] += 1

    def _error_line(self, entry: Mapping, keys: dict | None = None) -> Any:
        """For a model field, the line of the YAML key that set it, and how to name it."""
        names = {**YAML_KEYS, **(keys or {})}

        def error_line(field_name: str) -> tuple[int, str]:
            if field_name == NON_FIELD_ERRORS:
                return entry.line, self.what
            key = names.get(field_name, field_name)
            return entry.line_of(key), f"{self.what}: {key}"

        return error_line

    # -- reading fields; each error names the record, the field and its line

    def _fail(self, entry: Mapping, key: str, message: str) -> SeedError:
        return SeedError(self.path, entry.line_of(key), f"{self.what}: {key}: {message}")

    def _check_fields(self, entry: Mapping, allowed: set[str]) -> None:
        for key in entry:
            if key not in allowed:
                raise self._fail(entry, key, f"unknown field; expected one of {', '.join(sorted(allowed))}")

    def _mappings(self, entry: Mapping, key: str) -> list[Mapping]:
        items = entry.get(key) or Items()
        if not isinstance(items, Items):
            raise self._fail(entry, key, "expected a list")
        for item, line in zip(items, items.lines, strict=True):
            if not isinstance(item, Mapping):
                raise SeedError(self.path, line, f"{self.what}: {key}: expected a mapping for each item")
        return items

    def _text(self, entry: Mapping, key: str, *, required: bool = False) -> str:
        value = entry.get(key)
        if value is None or value == "":
            if required:
                raise self._fail(entry, key, "is required")
            return ""
        if not isinstance(value, str):
            raise self._fail(entry, key, f"expected text, got {value!r} (put it in quotes)")
        return value.strip()

    def _text_list(self, entry: Mapping, key: str) -> list[str]:
        values = entry.get(key) or []
        if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
            raise self._fail(entry, key, "expected a list of texts")
        return [value.strip() for value in values]

    def _int(self, entry: Mapping, key: str) -> int | None:
        value = entry.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise self._fail(entry, key, f"expected a whole number, got {value!r}")
        return value

    def _decimal(self, entry: Mapping, key: str) -> Decimal | None:
        value = entry.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._fail(entry, key, f"expected a number, got {value!r}")
        return Decimal(str(value))

    def _bool(self, entry: Mapping, key: str) -> bool:
        value = entry.get(key, False)
        if not isinstance(value, bool):
            raise self._fail(entry, key, f"expected true or false, got {value!r}")
        return value

    def _date(self, entry: Mapping, key: str, precision_key: str | None) -> tuple[datetime.date | None, str]:
        """A date written YYYY-MM-DD, YYYY-MM or YYYY, and its precision (by default, the form's)."""
        value = entry.get(key)
        precision = entry.get(precision_key) if precision_key else None
        if precision is not None and precision not in DatePrecision.values:
            raise self._fail(entry, precision_key, f"expected one of {', '.join(DatePrecision.values)}")
        if value is None:
            return None, precision or DatePrecision.DAY
        if isinstance(value, datetime.datetime):
            raise self._fail(entry, key, "expected a date without a time")
        if isinstance(value, datetime.date):
            day, form = value, DatePrecision.DAY
        elif isinstance(value, str) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
            day, form = datetime.date(int(value[:4]), int(value[5:]), 1), DatePrecision.MONTH
        elif isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
            day, form = datetime.date(value, 1, 1), DatePrecision.YEAR
        else:
            raise self._fail(entry, key, f"expected YYYY-MM-DD, YYYY-MM or YYYY, got {value!r}")
        # A date can be given less precisely than it is written, never more.
        ranks = [DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR]
        precision = precision or form
        if precision in ranks and ranks.index(precision) < ranks.index(form):
            raise self._fail(entry, key, f"{value} is not precise to the {precision}")
        return day, precision

    def _key(self, entry: Mapping, table: dict) -> str:
        key = self._text(entry, "key", required=True)
        if key in table:
            raise self._fail(entry, "key", f"{key!r} is already defined above")
        self.what = f"{self.what} {key!r}"
        return key

    def _ref(self, entry: Mapping, key: str, table: dict, *, required: bool = False) -> Any:
        reference = self._text(entry, key, required=required)
        if reference and reference not in table:
            raise self._fail(entry, key, f"{reference!r} is not a key defined above")
        return table.get(reference) if reference else None

    def _refs(self, entry: Mapping, key: str, table: dict) -> list:
        references = self._text_list(entry, key)
        for reference in references:
            if reference not in table:
                raise self._fail(entry, key, f"{reference!r} is not a key defined above")
        return [table[reference] for reference in references]

    def _term(self, entry: Mapping, key: str, vocabulary: str, *, required: bool = False) -> Term | None:
        code = self._text(entry, key, required=required)
        return self._vocabulary_terms(entry, key, vocabulary, [code])[0] if code else None

    def _terms(self, entry: Mapping, key: str, vocabulary: str) -> list[Term]:
        return self._vocabulary_terms(entry, key, vocabulary, self._text_list(entry, key))

    def _vocabulary_terms(self, entry: Mapping, key: str, vocabulary: str, codes: list[str]) -> list[Term]:
        terms = {term.code: term for term in Term.objects.filter(vocabulary=vocabulary, code__in=codes)}
        for code in codes:
            if code not in terms:
                raise self._fail(entry, key, f"unknown code {code!r} in the {vocabulary} vocabulary")
        return [terms[code] for code in codes]


def _actor_names(actor: Actor) -> set[str]:
    return {name.strip().lower() for name in [actor.name, *actor.aliases.splitlines()] if name.strip()}


# --- both --------------------------------------------------------------------------------------


@dataclass
class SeedCounts:
    vocabularies: VocabularyCounts
    records: dict[Path, RecordCounts]


def seed(
    *, vocabularies_path: Path = VOCABULARIES_PATH, record_files: list[Path] | None = None
) -> SeedCounts:
    """Load the vocabularies, then each records file (all of seeds/records/ by default).

    All of it is one transaction: after any error, nothing at all has been written.
    """
    paths = record_paths() if record_files is None else [Path(path) for path in record_files]
    with transaction.atomic():
        terms = vocabularies_load(path=vocabularies_path)
        records = {path: records_load(path=path) for path in paths}
    return SeedCounts(vocabularies=terms, records=records)
