"""Domain operations on sources: archiving an article, storing what extraction proposes, and a
reviewer's decisions on it.

Nothing from extraction becomes a record until a reviewer accepts it: `suggestion_accept` makes
(or links) the records and their citations in one transaction, and `suggestion_reject` keeps
the suggestion, marked rejected, so that the same article does not propose it again.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from incidents.choices import ActorKind, DatePrecision, Vocabulary
from incidents.models import Actor, AdvocacyResponse, Incident, Involvement, Term, Victim, Violation
from incidents.names import normalise_query
from reports import audit
from sources.ingest.archive import Article
from sources.ingest.extract import extract
from sources.ingest.matching import Directory
from sources.models import Citation, Source, Suggestion, SuggestionKind, SuggestionStatus, text_sha256

# The document's categories, and the kind of suggestion each item becomes.
CATEGORY_KINDS = {
    "incidents": SuggestionKind.INCIDENT,
    "violations": SuggestionKind.VIOLATION,
    "victims": SuggestionKind.VICTIM,
    "perpetrators": SuggestionKind.PERPETRATOR,
    "places": SuggestionKind.PLACE,
    "dates": SuggestionKind.DATE,
    "advocacy_responses": SuggestionKind.ADVOCACY_RESPONSE,
}
DECIDED = (SuggestionStatus.ACCEPTED, SuggestionStatus.EDITED)


@dataclass
class IngestOutcome:
    source: Source
    created: bool
    suggestions: int


# --- archiving and proposing ----------------------------------------------------------------------


def source_for_article(article: Article) -> Source | None:
    """The source already archived from this article: same original bytes, or same text."""
    return (
        Source.objects.filter(
            Q(original_sha256=article.original_sha256) | Q(sha256=text_sha256(article.text))
        )
        .order_by("pk")
        .first()
    )


def source_ingest(
    *,
    article: Article,
    reference_date: datetime.date | None = None,
    directory: Directory | None = None,
    reextract: bool = False,
) -> IngestOutcome:
    """Archive the article as a Source and store the suggestions extracted from it.

    The same article again is the same source and brings no new suggestions; with `reextract`,
    only suggestions that the source never had (whatever their status) are added.
    """
    with transaction.atomic():
        source = source_for_article(article)
        created = source is None
        if created:
            source = _new_source(article, reference_date)
        elif not source.original_sha256:
            source.original_sha256, source.file_name = (
                article.original_sha256,
                source.file_name or article.file_name,
            )
            source.save(update_fields=["original_sha256", "file_name", "updated_at"])
        if not created and not reextract:
            return IngestOutcome(source, False, 0)
        document = extract(
            source.text,
            reference_date=source.reference_date or source.published_on or reference_date,
            title=source.title,
            directory=directory,
        )
        return IngestOutcome(source, created, len(suggestions_store(source=source, document=document)))


def _new_source(article: Article, reference_date: datetime.date | None) -> Source:
    metadata = article.metadata
    source = Source(
        title=metadata.title[:500] or article.file_name,
        publisher=metadata.publisher[:200],
        author=metadata.author[:200],
        url=metadata.url[:1000],
        published_on=metadata.published_on,
        published_precision=metadata.published_precision,
        reference_date=metadata.reference_date or (reference_date if not metadata.published_on else None),
        language=metadata.language[:8],
        text=article.text,
        original_sha256=article.original_sha256,
        file_name=article.file_name[:255],
        notes=metadata.notes,
    )
    source.sha256 = text_sha256(source.text)
    try:
        source.full_clean()
    except ValidationError as error:
        if "url" not in error.message_dict:
            raise
        # A malformed URL in a saved page is no reason to lose the article: keep it as a note.
        source.notes = f"{source.notes}\nURL as found in the file: {source.url}".strip()
        source.url = ""
        source.full_clean()
    source.save()
    return source


def suggestions_store(*, source: Source, document: dict) -> list[Suggestion]:
    """Suggestions for the document's items that the source does not have yet (by `ref`)."""
    known = set(source.suggestions.values_list("ref", flat=True))
    new = []
    for category, kind in CATEGORY_KINDS.items():
        for item in document.get(category, []):
            if item["id"] in known:
                continue
            known.add(item["id"])
            payload = {key: value for key, value in item.items() if key != "evidence"}
            evidence = item["evidence"]
            new.append(
                Suggestion(
                    source=source,
                    kind=kind,
                    ref=item["id"][:120],
                    text=str(item.get("text", ""))[:500],
                    payload=payload,
                    proposed=payload,
                    quote=evidence["quote"],
                    start=evidence["start"],
                    end=evidence["end"],
                )
            )
    if not new:
        return []
    with transaction.atomic():
        created = bulk_create_with_history(new, Suggestion, batch_size=500)
        # The bulk insert sends no history signal: the change log is told here, or never.
        audit.catch_up(Suggestion, created)
    return created


# --- decisions ------------------------------------------------------------------------------------


def suggestion_reject(*, suggestion: Suggestion, user: AbstractBaseUser) -> Suggestion:
    """Mark it rejected: no record is made, and re-extraction will not propose it again."""
    with transaction.atomic():
        suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        if suggestion.status != SuggestionStatus.PROPOSED:
            raise ValidationError(
                {"status": f"This suggestion is already {suggestion.get_status_display().lower()}."}
            )
        suggestion.status = SuggestionStatus.REJECTED
        suggestion.reviewer = user
        suggestion.decided_at = timezone.now()
        suggestion.save(update_fields=["status", "reviewer", "decided_at"])
    return suggestion


def suggestion_accept(
    *, suggestion: Suggestion, user: AbstractBaseUser, payload: dict | None = None
) -> models.Model:
    """Make or link the record the suggestion proposes, cite its passage, and mark it decided.

    A violation needs its incident and victim (and perpetrators): suggestions of the same source
    that are still proposed are accepted with it, by the same reviewer, in the same transaction.
    Give `payload` to accept with the reviewer's changes.
    """
    with transaction.atomic():
        return _accept(suggestion.pk, user, payload, chain=())


def _accept(pk: int, user: AbstractBaseUser, payload: dict | None, chain: tuple) -> models.Model:
    suggestion = Suggestion.objects.select_for_update().select_related("source").get(pk=pk)
    if suggestion.status in DECIDED:
        return suggestion.record
    if suggestion.status == SuggestionStatus.REJECTED:
        raise ValidationError(
            {
                "status": f"{suggestion.get_kind_display()} "
                f"“{suggestion.text}” was rejected; it makes no record."
            }
        )
    if pk in chain:
        raise ValidationError({"payload": "These suggestions refer to each other in a circle."})
    if payload is not None:
        suggestion.payload = payload
    acceptor = _ACCEPTORS[suggestion.kind]
    record = acceptor(suggestion, user, (*chain, pk))
    _cite(suggestion, record)
    suggestion.status = (
        SuggestionStatus.EDITED if suggestion.payload != suggestion.proposed else SuggestionStatus.ACCEPTED
    )
    suggestion.reviewer = user
    suggestion.decided_at = timezone.now()
    suggestion.content_type = ContentType.objects.get_for_model(record)
    suggestion.object_id = record.pk
    suggestion.full_clean()
    suggestion.save()
    return record


def _cite(suggestion: Suggestion, record: models.Model) -> Citation:
    content_type = ContentType.objects.get_for_model(record)
    existing = Citation.objects.filter(
        source=suggestion.source,
        content_type=content_type,
        object_id=record.pk,
        start=suggestion.start,
        end=suggestion.end,
    ).first()
    if existing:
        return existing
    citation = Citation(
        source=suggestion.source,
        content_type=content_type,
        object_id=record.pk,
        quote=suggestion.quote,
        start=suggestion.start,
        end=suggestion.end,
        note=f"Proposed by ingestion ({suggestion.get_kind_display().lower()} “{suggestion.text[:200]}”).",
    )
    citation.full_clean()
    citation.save()
    return citation


def _term(vocabulary: str, code: str | None, field: str, *, required: bool) -> Term | None:
    if not code:
        if required:
            raise ValidationError({"payload": f"{field}: give a code from the {vocabulary} vocabulary."})
        return None
    term = Term.objects.filter(vocabulary=vocabulary, code=code).first()
    if term is None and required:
        raise ValidationError(
            {
                "payload": f"{field}: {code!r} is not a term of the "
                f"{vocabulary} vocabulary (load it with `manage.py seed`)."
            }
        )
    return term


def _date(payload: dict, field: str) -> datetime.date | None:
    value = payload.get(field)
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({"payload": f"{field}: {value!r} is not a date (YYYY-MM-DD)."}) from None


def _saved(record: models.Model) -> models.Model:
    record.full_clean()
    record.save()
    return record


def _sibling(suggestion: Suggestion, ref: str) -> Suggestion:
    sibling = Suggestion.objects.filter(source=suggestion.source, ref=ref).first()
    if sibling is None:
        raise ValidationError({"payload": f"{ref!r} is not a suggestion of this source."})
    return sibling


def _incident_for(
    suggestion: Suggestion, user: AbstractBaseUser, chain: tuple, *, required: bool = True
) -> Incident | None:
    """The incident this suggestion belongs to: its `incident` id, else the source's incident."""
    payload = suggestion.payload
    if payload.get("incident_id"):
        incident = Incident.objects.filter(pk=payload["incident_id"]).first()
        if incident is None:
            raise ValidationError({"payload": f"incident_id: no incident #{payload['incident_id']}."})
        return incident
    candidates = Suggestion.objects.filter(source=suggestion.source, kind=SuggestionKind.INCIDENT)
    if not required:
        # Only an incident a reviewer already accepted: a response does not bring one about.
        accepted = candidates.filter(status__in=DECIDED).order_by("start", "pk").first()
        return accepted.record if accepted else None
    if payload.get("incident"):
        candidates = candidates.filter(ref=payload["incident"])
    incident_suggestion = candidates.exclude(status=SuggestionStatus.REJECTED).order_by("start", "pk").first()
    if incident_suggestion is None:
        if required:
            raise ValidationError(
                {
                    "payload": "incident_id: this source has no incident "
                    "to attach it to; give the id of an incident."
                }
            )
        return None
    return _accept(incident_suggestion.pk, user, None, chain)


def _accept_incident(suggestion: Suggestion, user: AbstractBaseUser, chain: tuple) -> Incident:
    payload = suggestion.payload
    return _saved(
        Incident(
            title=(payload.get("title") or suggestion.text)[:300],
            narrative=suggestion.quote,
            start_date=_date(payload, "start_date"),
            start_date_precision=payload.get("start_date_precision") or DatePrecision.DAY,
            date_basis=(payload.get("date_basis") or "")[:300],
            country=payload.get("country") or "",
            region=payload.get("region") or "",
            place_name=(payload.get("place_name") or "")[:200],
        )
    )


def _accept_victim(suggestion: Suggestion, user: AbstractBaseUser, chain: tuple) -> Victim:
    payload = suggestion.payload
    existing = (payload.get("existing") or {}).get("id") if payload.get("existing") else None
    if existing:
        victim = Victim.objects.filter(pk=existing).first()
        if victim is None:
            raise ValidationError({"payload": f"existing: no victim #{existing}."})
        return victim
    group = payload.get("kind") == "group"
    victim = Victim(
        kind="group" if group else "person",
        name="" if group else (payload.get("name") or suggestion.text)[:200],
        description=(payload.get("description") or "")[:300],
        count=payload.get("count") if group else None,
        count_qualifier=(payload.get("count_qualifier") or "")
        if group and payload.get("count") is not None
        else "",
    )
    if payload.get("disclosure"):
        victim.disclosure = payload["disclosure"]
    _saved(victim)
    # Restricted by default: the reviewer who named the victim may still see whom they named.
    victim.restricted_to.add(user)
    return victim


def _actor(entry: dict, *, fallback_name: str = "") -> Actor:
    """The actor an entry names: the linked record, else one found by name, else a new one."""
    existing = entry.get("existing") or {}
    if existing.get("model", "actor") == "actor" and existing.get("id"):
        actor = Actor.objects.filter(pk=existing["id"]).first()
        if actor is not None:
            return actor
    name = (entry.get("name") or fallback_name).strip()
    if not name:
        raise ValidationError({"payload": "name: an actor needs a name."})
    # Another suggestion may have made it since extraction ran.
    found = _actor_named(name)
    if found is not None:
        return found
    kind = entry.get("kind") if entry.get("kind") in ActorKind.values else ActorKind.ORGANISATION
    aliases = "\n".join(alias for alias in entry.get("aliases", []) if alias and alias != name)
    return _saved(
        Actor(
            name=name[:200],
            aliases=aliases,
            kind=kind,
            actor_type=_term(
                Vocabulary.PERPETRATOR_TYPE, entry.get("perpetrator_type"), "perpetrator_type", required=False
            ),
            is_state_actor=bool(entry.get("is_state_actor")),
            country=entry.get("country") or "",
        )
    )


def _actor_named(name: str) -> Actor | None:
    key = normalise_query(name)
    for actor in Actor.objects.filter(search_names__contains=key):
        if key in actor.search_names.splitlines():
            return actor
    return None


def _accept_perpetrator(suggestion: Suggestion, user: AbstractBaseUser, chain: tuple) -> Actor:
    return _actor(suggestion.payload, fallback_name=suggestion.text)


def _accept_violation(suggestion: Suggestion, user: AbstractBaseUser, chain: tuple) -> Violation:
    payload = suggestion.payload
    incident = _incident_for(suggestion, user, chain)
    if payload.get("victim_id"):
        victim = Victim.objects.filter(pk=payload["victim_id"]).first()
        if victim is None:
            raise ValidationError({"payload": f"victim_id: no victim #{payload['victim_id']}."})
    elif payload.get("victim"):
        victim = _accept(_sibling(suggestion, payload["victim"]).pk, user, None, chain)
    else:
        raise ValidationError(
            {"payload": "victim: say who suffered it (a victim suggestion's id, or victim_id)."}
        )
    violation = _saved(
        Violation(
            incident=incident,
            victim=victim,
            violation_type=_term(
                Vocabulary.VIOLATION_TYPE, payload.get("violation_type"), "violation_type", required=True
            ),
            date=_date(payload, "date"),
            date_precision=payload.get("date_precision") or DatePrecision.DAY,
            date_basis=(payload.get("date_basis") or "")[:300],
        )
    )
    for entry in payload.get("perpetrators", []):
        sibling = _sibling(suggestion, entry["perpetrator"])
        if sibling.status == SuggestionStatus.REJECTED:
            continue  # the reviewer said this one is not a perpetrator
        perpetrator = _accept(sibling.pk, user, None, chain)
        degree = _term(Vocabulary.INVOLVEMENT_DEGREE, entry.get("degree"), "degree", required=True)
        involvement, created = Involvement.objects.get_or_create(
            violation=violation, perpetrator=perpetrator, degree=degree
        )
        if created:
            _cite(suggestion, involvement)
    return violation


def _accept_place(suggestion: Suggestion, user: AbstractBaseUser, chain: tuple) -> Incident:
    payload = suggestion.payload
    incident = _incident_for(suggestion, user, chain)
    country = payload.get("country") or incident.country
    if country != incident.country:
        # Another country's place: the old region and town were elsewhere.
        incident.region, incident.place_name = "", ""
    incident.country = country
    incident.region = payload.get("region") or incident.region
    if payload.get("kind") == "city":
        incident.place_name = (payload.get("name") or suggestion.text)[:200]
    return _saved(incident)


def _accept_date(suggestion: Suggestion, user: AbstractBaseUser, chain: tuple) -> Incident:
    payload = suggestion.payload
    date = _date(payload, "date")
    if date is None:
        raise ValidationError(
            {"payload": f"date: “{suggestion.text}” could not be resolved; give the date (YYYY-MM-DD)."}
        )
    incident = _incident_for(suggestion, user, chain)
    incident.start_date = date
    incident.start_date_precision = payload.get("precision") or DatePrecision.DAY
    incident.date_basis = (payload.get("basis") or "")[:300]
    return _saved(incident)


def _accept_advocacy_response(
    suggestion: Suggestion, user: AbstractBaseUser, chain: tuple
) -> AdvocacyResponse:
    payload = suggestion.payload
    response_type = _term(
        Vocabulary.INTERVENTION_TYPE, payload.get("response_type"), "response_type", required=True
    )
    actors = [_actor(entry) for entry in payload.get("actors", [])]
    addressees = [_actor(entry) for entry in payload.get("addressees", [])]
    who = ", ".join(actor.name for actor in actors) or payload.get("actor_description") or ""
    response = _saved(
        AdvocacyResponse(
            title=(payload.get("title") or f"{response_type.label}{' — ' + who if who else ''}")[:300],
            response_type=response_type,
            demands=payload.get("demands") or "",
            description=suggestion.quote,
            date=_date(payload, "date"),
            date_precision=payload.get("precision") or DatePrecision.DAY,
        )
    )
    response.actors.set(actors)
    response.addressees.set(addressees)
    incident = _incident_for(suggestion, user, chain, required=False)
    if incident is not None:
        response.incidents.add(incident)
    return response


_ACCEPTORS = {
    SuggestionKind.INCIDENT: _accept_incident,
    SuggestionKind.VICTIM: _accept_victim,
    SuggestionKind.PERPETRATOR: _accept_perpetrator,
    SuggestionKind.VIOLATION: _accept_violation,
    SuggestionKind.PLACE: _accept_place,
    SuggestionKind.DATE: _accept_date,
    SuggestionKind.ADVOCACY_RESPONSE: _accept_advocacy_response,
}
