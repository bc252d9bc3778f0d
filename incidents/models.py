"""The documentation model, after HURIDOCS Events Standard Formats.

An Incident (ESF event) is made of Violations (ESF acts); each violation has one Victim and
one violation type, and Involvements tie Actors to it as perpetrators. AdvocacyResponses
(ESF interventions) record what was done about incidents. Every fact-stating record can be
cited by passages of Sources (see sources.models.Citation).
"""

import calendar
import datetime
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from incidents import places
from incidents.choices import (
    ActorKind,
    CountQualifier,
    DatePrecision,
    Disclosure,
    IncidentStatus,
    VictimKind,
    Vocabulary,
)
from incidents.names import search_key, victim_name_index
from tracker.crypto import EncryptedTextField


class Term(models.Model):
    """One term of a controlled vocabulary. Codes are stable; labels may be edited."""

    vocabulary = models.CharField(max_length=32, choices=Vocabulary.choices)
    code = models.CharField(
        max_length=64,
        help_text="Stable code: HURIDOCS' own where the term comes from the micro-thesauri, "
        "TRK-… for terms this project added.",
    )
    label = models.CharField(max_length=300)
    label_fr = models.CharField("label (French)", max_length=300, blank=True)
    parent = models.ForeignKey(
        to="self",
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    is_active = models.BooleanField(
        default=True, help_text="Inactive terms stay on old records but are not offered."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["vocabulary", "code"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="term_unique_code"),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.parent_id and self.parent.vocabulary != self.vocabulary:
            raise ValidationError({"parent": "The parent must belong to the same vocabulary."})


def vocabulary(name: str) -> dict:
    """`limit_choices_to` for a foreign key to the terms of one vocabulary."""
    return {"vocabulary": name, "is_active": True}


def latest_day(day: datetime.date, precision: str) -> datetime.date:
    """The last day a date of this precision may stand for: "April 2018" runs to 30 April."""
    if precision == DatePrecision.YEAR:
        return day.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day


class DatedMixin(models.Model):
    """A date that keeps its precision, and says how it was established."""

    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=12, choices=DatePrecision.choices, default=DatePrecision.DAY)
    date_basis = models.CharField(
        max_length=300,
        blank=True,
        help_text='How the date was established, e.g. \'"on Friday", resolved against the '
        "source's reference date Monday 16 July 2018'.",
    )

    class Meta:
        abstract = True


class Incident(models.Model):
    """Something that happened at a place over a span of time (ESF event)."""

    title = models.CharField(max_length=300)
    narrative = models.TextField(blank=True)
    start_date = models.DateField(null=True, blank=True, db_index=True)
    start_date_precision = models.CharField(
        max_length=12, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    end_date = models.DateField(null=True, blank=True, db_index=True)
    end_date_precision = models.CharField(
        max_length=12, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    date_basis = models.CharField(
        max_length=300,
        blank=True,
        help_text="How the dates were established from the sources (relative expressions "
        "and what they were resolved against).",
    )
    is_ongoing = models.BooleanField("ongoing", default=False)
    country = models.CharField(
        max_length=2, blank=True, db_index=True, help_text="ISO 3166-1 alpha-2 code, e.g. RU."
    )
    region = models.CharField(
        max_length=10,
        blank=True,
        db_index=True,
        help_text="ISO 3166-2 subdivision code within the country, e.g. RU-CE (Chechnya).",
    )
    place_name = models.CharField(max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    status = models.CharField(max_length=16, choices=IncidentStatus.choices, default=IncidentStatus.REPORTED)
    disclosure = models.CharField(
        "confidentiality",
        max_length=12,
        choices=Disclosure.choices,
        default=Disclosure.PUBLIC,
        help_text="Who may see this incident at all.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    citations = GenericRelation("sources.Citation", related_query_name="incident")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if (
            self.start_date
            and self.end_date
            and latest_day(self.end_date, self.end_date_precision) < self.start_date
        ):
            errors["end_date"] = "The end date is before the start date."
        if self.is_ongoing and self.end_date:
            errors["is_ongoing"] = "An ongoing incident has no end date."
        errors.update(places.location_errors(self.country, self.region))
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = "Give both latitude and longitude, or neither."
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = "Latitude must be between -90 and 90."
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = "Longitude must be between -180 and 180."
        if errors:
            raise ValidationError(errors)

    @property
    def country_name(self) -> str:
        return places.country_name(self.country)

    @property
    def region_name(self) -> str:
        return places.region_name(self.region)


def new_pseudonym() -> str:
    """A random public handle for a victim: not the row id, not derived from the name."""
    # No 0/O or 1/I, so that a pseudonym read aloud or copied by hand stays right.
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "V-" + "".join(secrets.choice(alphabet) for _ in range(6))


class Victim(models.Model):
    """One real person, or a group counted as a whole (ESF person in the victim role).

    The identity fields (name, other names, contact details, identifying details) are shown
    only where tracker.policy allows; everything else is safe for any reader of the record.
    """

    IDENTITY_FIELDS = ("name", "other_names", "contact_details", "identifying_details")

    pseudonym = models.CharField(max_length=12, unique=True, default=new_pseudonym, editable=False)
    kind = models.CharField(max_length=8, choices=VictimKind.choices, default=VictimKind.PERSON)
    description = models.CharField(
        max_length=300,
        blank=True,
        help_text="Non-identifying description shown to every reader, e.g. "
        "'gay and bisexual men in Chechnya' or 'young gay man from Chechnya'.",
    )
    count = models.PositiveIntegerField(
        null=True, blank=True, help_text="For a group: how many people it counts."
    )
    count_qualifier = models.CharField(
        max_length=16, choices=CountQualifier.choices, blank=True, help_text='"at least 100" is not 100.'
    )
    gender = models.CharField(max_length=40, blank=True)
    age_range = models.CharField(max_length=20, blank=True, help_text="e.g. 18-25")
    disclosure = models.CharField(
        max_length=12,
        choices=Disclosure.choices,
        default=Disclosure.RESTRICTED,
        help_text="Who may see the real identity. Public: already public in the press.",
    )
    restricted_to = models.ManyToManyField(
        to=settings.AUTH_USER_MODEL,
        related_name="restricted_victims",
        blank=True,
        help_text="Staff named here may see a restricted identity.",
    )

    # The identity: never shown where tracker.policy says no.
    # Encrypted at rest (tracker.crypto): raw SQL, history rows and backups hold ciphertext.
    name = EncryptedTextField(max_length=200, blank=True)
    other_names = EncryptedTextField(
        blank=True, help_text="Aliases and spellings in other scripts, one per line."
    )
    contact_details = EncryptedTextField(blank=True)
    identifying_details = EncryptedTextField(blank=True)
    # A blind index (HMAC tokens of the name words), never the names: see victim_name_q.
    search_names = models.TextField(editable=False, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    citations = GenericRelation("sources.Citation", related_query_name="victim")
    history = HistoricalRecords(excluded_fields=["search_names"])

    class Meta:
        ordering = ["pseudonym"]
        constraints = [
            models.CheckConstraint(
                condition=Q(count__isnull=True) | Q(count_qualifier__gt=""),
                name="victim_count_has_qualifier",
            ),
        ]

    def __str__(self) -> str:
        # Never the name: str() ends up in dropdowns, logs and history pages.
        return self.pseudonym

    def save(self, *args, **kwargs) -> None:
        self.search_names = victim_name_index(self.name, self.other_names)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.count is not None and not self.count_qualifier:
            raise ValidationError(
                {"count_qualifier": "Say whether the count is exact, a minimum or an estimate."}
            )
        if self.kind == VictimKind.PERSON and self.count not in (None, 1):
            raise ValidationError({"count": "A single person has no count; record a group instead."})


class Actor(models.Model):
    """A person, group or organisation that acts in the record (ESF person, other than victims).

    The same row is a perpetrator through its involvements and a responder or addressee through
    advocacy responses: one real-world actor is one row, whatever its roles.
    """

    name = models.CharField(max_length=200)
    aliases = models.TextField(
        blank=True, help_text="Other names, abbreviations and spellings in other scripts, one per line."
    )
    kind = models.CharField(max_length=16, choices=ActorKind.choices, default=ActorKind.ORGANISATION)
    actor_type = models.ForeignKey(
        to=Term,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=vocabulary(Vocabulary.PERPETRATOR_TYPE),
        null=True,
        blank=True,
        verbose_name="type",
    )
    is_state_actor = models.BooleanField(
        "state actor", default=False, help_text="Acts for a state: officials, police, armed forces."
    )
    parent = models.ForeignKey(
        to="self",
        on_delete=models.PROTECT,
        related_name="units",
        null=True,
        blank=True,
        help_text="The body it belongs to: a police unit belongs to a ministry.",
    )
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code.")
    description = models.TextField(blank=True)
    search_names = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    citations = GenericRelation("sources.Citation", related_query_name="actor")
    history = HistoricalRecords(excluded_fields=["search_names"])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_names = search_key(self.name, self.aliases)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = places.location_errors(self.country, "")
        parent, seen = self.parent, set()
        while parent is not None:
            if parent.pk == self.pk or parent.pk in seen:
                errors["parent"] = "An actor cannot belong to itself."
                break
            seen.add(parent.pk)
            parent = parent.parent
        if errors:
            raise ValidationError(errors)


class Violation(DatedMixin):
    """One victim suffered one type of violation within one incident (ESF act)."""

    incident = models.ForeignKey(to=Incident, on_delete=models.CASCADE, related_name="violations")
    victim = models.ForeignKey(to=Victim, on_delete=models.PROTECT, related_name="violations")
    violation_type = models.ForeignKey(
        to=Term,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=vocabulary(Vocabulary.VIOLATION_TYPE),
    )
    methods = models.ManyToManyField(
        to=Term,
        related_name="+",
        blank=True,
        limit_choices_to=vocabulary(Vocabulary.METHOD),
    )
    status = models.ForeignKey(
        to=Term,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=vocabulary(Vocabulary.VIOLATION_STATUS),
        null=True,
        blank=True,
        help_text="Alleged, confirmed…",
    )
    consequences = models.TextField(blank=True)
    victim_age = models.PositiveSmallIntegerField("victim's age at the time", null=True, blank=True)
    victim_status = models.ForeignKey(
        to=Term,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=vocabulary(Vocabulary.VICTIM_STATUS),
        null=True,
        blank=True,
        verbose_name="victim's status at the time",
    )
    perpetrators = models.ManyToManyField(
        to=Actor, through="Involvement", related_name="violations", blank=True
    )
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    citations = GenericRelation("sources.Citation", related_query_name="violation")
    history = HistoricalRecords(m2m_fields=[methods])

    class Meta:
        ordering = ["incident", "date", "pk"]

    def __str__(self) -> str:
        # Ids only: the victim's str() is its pseudonym, never a name.
        return self.display_for(str(self.violation_type), str(self.victim))

    @staticmethod
    def display_for(type_label: str, victim_pseudonym: str) -> str:
        """A violation's display text from its type's label and its victim's pseudonym."""
        return f"{type_label} — {victim_pseudonym}"


class Involvement(models.Model):
    """An actor's part in a violation, as perpetrator (ESF involvement)."""

    violation = models.ForeignKey(to=Violation, on_delete=models.CASCADE, related_name="involvements")
    perpetrator = models.ForeignKey(to=Actor, on_delete=models.PROTECT, related_name="involvements")
    degree = models.ForeignKey(
        to=Term,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=vocabulary(Vocabulary.INVOLVEMENT_DEGREE),
        verbose_name="degree of involvement",
    )
    notes = models.CharField(max_length=300, blank=True)

    citations = GenericRelation("sources.Citation", related_query_name="involvement")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["violation", "perpetrator", "degree"], name="involvement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.perpetrator} — {self.degree}"


class AdvocacyResponse(DatedMixin):
    """What someone did about incidents (ESF intervention)."""

    title = models.CharField(max_length=300)
    response_type = models.ForeignKey(
        to=Term,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=vocabulary(Vocabulary.INTERVENTION_TYPE),
        verbose_name="type of response",
    )
    incidents = models.ManyToManyField(to=Incident, related_name="responses", blank=True)
    actors = models.ManyToManyField(
        to=Actor, related_name="responses", blank=True, verbose_name="by", help_text="Who did it."
    )
    addressees = models.ManyToManyField(
        to=Actor,
        related_name="responses_addressed",
        blank=True,
        verbose_name="calling on",
        help_text="On whom it called.",
    )
    demands = models.TextField(blank=True, help_text="What it asked for.")
    outcome = models.TextField(blank=True, help_text="What came of it.")
    description = models.TextField(blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code.")
    place_name = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    citations = GenericRelation("sources.Citation", related_query_name="advocacy_response")
    history = HistoricalRecords(m2m_fields=[incidents, actors, addressees])

    class Meta:
        ordering = ["-date", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = places.location_errors(self.country, "")
        if errors:
            raise ValidationError(errors)
