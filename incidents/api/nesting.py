"""What a page of incidents or victims shows of its related records, read as plain rows.

An incident shows its violations, perpetrators, sources and responses as links, a victim its
violations and their incidents: a handful of columns each. Read as model instances
(prefetch_related with select_related), a page of 50 incidents brought some 900 of them, and
building them was a third of the request (bench/README.md). Here each relation is one query of
`values_list()` rows per page, grouped by record and stored on it for `related()` to read; the
serializer and the CSV/GeoJSON columns read the same rows, so the list, the record's page and
the exports cannot differ.

Only what visibility allows is read: a visible incident's violations are all visible, a
victim's are asked of tracker.api.visibility; links carry pseudonyms and titles, never a
victim's identity or a source's text.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from incidents.models import AdvocacyResponse, Incident, Involvement, Victim, Violation
from sources.models import Citation
from tracker.api import visibility
from tracker.api.prefetch import PREFIX, attach, grouped


class ViolationRow(NamedTuple):
    pk: int
    incident_id: int
    type_code: str
    type_label: str
    victim_id: int
    victim_pseudonym: str

    @property
    def display(self) -> str:
        return Violation.display_for(self.type_label, self.victim_pseudonym)


class VictimViolationRow(NamedTuple):
    pk: int
    victim_id: int
    display: str
    incident_id: int
    incident_title: str


class LinkRow(NamedTuple):
    """A related record shown as a link: its id and its display text (a title or a name)."""

    pk: int
    display: str


def incident_links(incidents: Iterable[Incident]) -> None:
    """Give each incident, once, its `violations`, `perpetrators`, `sources` and `responses`
    rows, in the order the API shows them."""
    pending = [incident for incident in incidents if not hasattr(incident, PREFIX + "violations")]
    if not pending:
        return
    ids = [incident.pk for incident in pending]

    violations = [
        ViolationRow(*row)
        for row in Violation.objects.filter(incident__in=ids)
        .order_by("date", "pk")  # within an incident, the model's order, without its join
        .values_list(
            "pk",
            "incident_id",
            "violation_type__code",
            "violation_type__label",
            "victim_id",
            "victim__pseudonym",
        )
    ]
    attach(pending, "violations", grouped(violations, key=lambda violation: violation.incident_id))

    # Perpetrators in the order of the violations they are involved in, each once.
    perpetrators: dict[int, dict[int, LinkRow]] = defaultdict(dict)
    involvements = (
        Involvement.objects.filter(violation__incident__in=ids)
        .order_by("violation__date", "violation_id", "pk")
        .values_list("violation__incident_id", "perpetrator_id", "perpetrator__name")
    )
    for incident_id, actor_id, name in involvements:
        perpetrators[incident_id].setdefault(actor_id, LinkRow(actor_id, name))
    attach(pending, "perpetrators", {pk: found.values() for pk, found in perpetrators.items()})

    # Sources cited by the incident or by any of its violations, each once, by id.
    incident_of = {
        ContentType.objects.get_for_model(Incident).pk: {pk: pk for pk in ids},
        ContentType.objects.get_for_model(Violation).pk: {row.pk: row.incident_id for row in violations},
    }
    matches = Q()
    for type_id, objects in incident_of.items():
        matches |= Q(content_type=type_id, object_id__in=list(objects))
    cited = Citation.objects.filter(matches).order_by()
    sources: dict[int, dict[int, LinkRow]] = defaultdict(dict)
    for type_id, object_id, source_id, title in cited.values_list(
        "content_type_id", "object_id", "source_id", "source__title"
    ):
        sources[incident_of[type_id][object_id]].setdefault(source_id, LinkRow(source_id, title))
    attach(pending, "sources", {pk: sorted(found.values()) for pk, found in sources.items()})

    responses = AdvocacyResponse.incidents.through.objects.filter(incident_id__in=ids).order_by(
        *(_through(field) for field in AdvocacyResponse._meta.ordering), "advocacyresponse_id"
    )
    by_incident = defaultdict(list)
    for incident_id, pk, title in responses.values_list(
        "incident_id", "advocacyresponse_id", "advocacyresponse__title"
    ):
        by_incident[incident_id].append(LinkRow(pk, title))
    attach(pending, "responses", by_incident)


def _through(field: str) -> str:
    descending = field.startswith("-")
    return ("-" if descending else "") + "advocacyresponse__" + field.lstrip("-")


def victim_links(victims: Iterable[Victim], user) -> None:
    """Give each victim, once, the `violations` it suffered that `user` may see, in the
    violations' own order, with their incidents."""
    pending = [victim for victim in victims if not hasattr(victim, PREFIX + "violations")]
    if not pending:
        return
    violations = (
        visibility.violations(user)
        .filter(victim__in=[victim.pk for victim in pending])
        .values_list(
            "pk", "victim_id", "violation_type__label", "victim__pseudonym", "incident_id", "incident__title"
        )
    )
    rows = [
        VictimViolationRow(pk, victim_id, Violation.display_for(label, pseudonym), incident_id, title)
        for pk, victim_id, label, pseudonym, incident_id, title in violations
    ]
    attach(pending, "violations", grouped(rows, key=lambda row: row.victim_id))
