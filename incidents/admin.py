"""The documentalists' admin: incidents logged on one page, and every record's list and history.

The incident page nests, with django-nested-admin, the incident's violations, each violation's
perpetrators (involvements) and the citations of both. People and organisations are picked by
autocomplete, which also finds them by aliases and by spellings in other scripts.

Victims' identities go through tracker.policy: where it says no, the identity fields are left out
of the form (so they can be neither read nor overwritten), list columns say "[withheld]", a search
by name finds nothing, and the history shows "[withheld]" instead of old and new values.
"""

import dataclasses
import itertools

import nested_admin
import pycountry
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, smart_split, unescape_string_literal
from simple_history.models import ModelChange
from simple_history.template_utils import HistoricalRecordContextHelper

from incidents import places
from incidents.choices import Disclosure, IncidentStatus
from incidents.models import Actor, AdvocacyResponse, Incident, Involvement, Term, Victim, Violation
from incidents.names import normalise_query, victim_name_q
from reports.admin import export_report
from sources.admin import CitationInline, NestedCitationInline
from tracker import access, policy, roles
from tracker.admin_site import HistoryAdmin, date_with_precision


def country_choices() -> list[tuple[str, str]]:
    """Every ISO 3166-1 country, by name, for a select that cannot hold a mistyped code."""
    countries = sorted((country.name, country.alpha_2) for country in pycountry.countries)
    return [("", "---------")] + [(code, f"{name} ({code})") for name, code in countries]


class CountrySelectMixin:
    """Country fields are picked from the ISO 3166-1 list rather than typed."""

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "country":
            return forms.ChoiceField(
                choices=country_choices(),
                required=not db_field.blank,
                label=capfirst(db_field.verbose_name),
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CountryFilter(admin.SimpleListFilter):
    """The countries that occur in the list, by name."""

    title = "country"
    parameter_name = "country"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        codes = (
            model_admin.get_queryset(request)
            .exclude(country="")
            .order_by()
            .values_list("country", flat=True)
            .distinct()
        )
        return sorted(((code, places.country_name(code) or code) for code in codes), key=lambda c: c[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(country=self.value()) if self.value() else queryset


class RegionFilter(admin.SimpleListFilter):
    """The regions (ISO 3166-2) that occur in the list, within the chosen country if there is one."""

    title = "region"
    parameter_name = "region"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        incidents = model_admin.get_queryset(request).exclude(region="").order_by()
        country = request.GET.get(CountryFilter.parameter_name)
        if country:
            incidents = incidents.filter(country=country)
        codes = incidents.values_list("region", flat=True).distinct()
        return sorted(
            ((code, f"{places.region_name(code) or code} ({code})") for code in codes), key=lambda c: c[1]
        )

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(region=self.value()) if self.value() else queryset


class NameSearchMixin:
    """Search that also finds a record by any of its names, whatever the script of the query.

    `search_names` holds each name lower-cased and transliterated (incidents.names.search_key), so
    the query, transliterated the same way, finds "Akhmadov" when typed "Ахмадов" or "akhmadov".
    The `search_fields` must be plain fields of the model.
    """

    def names_q(self, request: HttpRequest, word: str) -> Q:
        return Q(search_names__icontains=word)

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        word_queries = []
        for word in smart_split(search_term):
            if word.startswith(('"', "'")) and word[0] == word[-1]:
                word = unescape_string_literal(word)
            word_q = Q.create(
                [(f"{field}__icontains", word) for field in self.get_search_fields(request)],
                connector=Q.OR,
            )
            normalised = normalise_query(word)
            if normalised:
                word_q |= self.names_q(request, normalised)
            word_queries.append(word_q)
        if not word_queries:
            return queryset, False
        return queryset.filter(Q.create(word_queries)), False


@admin.register(Term)
class TermAdmin(HistoryAdmin):
    list_display = ("code", "label", "label_fr", "vocabulary", "parent", "is_active")
    list_filter = ("vocabulary", "is_active", ("parent", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("parent",)
    search_fields = ("code", "label", "label_fr")
    autocomplete_fields = ("parent",)
    fields = ("vocabulary", "code", "label", "label_fr", "parent", "is_active")


class NestedInvolvementInline(nested_admin.NestedTabularInline):
    """The perpetrators of a violation, with their degree of involvement."""

    model = Involvement
    fields = ("perpetrator", "degree", "notes")
    autocomplete_fields = ("perpetrator", "degree")
    extra = 0
    verbose_name = "perpetrator"
    verbose_name_plural = "perpetrators"


class ViolationInline(nested_admin.NestedStackedInline):
    model = Violation
    fields = (
        ("victim", "violation_type"),
        "methods",
        ("date", "date_precision"),
        "date_basis",
        ("status", "victim_status", "victim_age"),
        "consequences",
    )
    autocomplete_fields = ("victim", "violation_type", "methods", "status", "victim_status")
    inlines = [NestedInvolvementInline, NestedCitationInline]

    def get_extra(self, request: HttpRequest, obj: Incident | None = None, **kwargs) -> int:
        # A new incident starts with one violation form; a recorded one shows what it has.
        return 1 if obj is None else 0

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .select_related("victim", "violation_type", "status", "victim_status")
        )


def visible_incidents(user: User | AnonymousUser) -> QuerySet:
    return Incident.objects.filter(policy.incident_visible_q(user))


@admin.register(Incident)
class IncidentAdmin(CountrySelectMixin, HistoryAdmin, nested_admin.NestedModelAdmin):
    """An incident with its violations, perpetrators and citations, all on one page."""

    list_display = (
        "title",
        "dates",
        "country_display",
        "region_display",
        "status",
        "disclosure",
        "violation_count",
    )
    list_filter = (
        CountryFilter,
        RegionFilter,
        ("violations__violation_type", admin.RelatedOnlyFieldListFilter),
        "status",
        "disclosure",
        "start_date",
    )
    search_fields = ("title", "narrative", "place_name")
    date_hierarchy = "start_date"
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("title", "narrative", ("status", "disclosure"))}),
        (
            "When",
            {
                "fields": (
                    ("start_date", "start_date_precision"),
                    ("end_date", "end_date_precision"),
                    "is_ongoing",
                    "date_basis",
                )
            },
        ),
        ("Where", {"fields": (("country", "region"), "place_name", ("latitude", "longitude"))}),
        ("Record", {"fields": (("created_at", "updated_at"),), "classes": ("collapse",)}),
    )
    inlines = [ViolationInline, NestedCitationInline]
    actions = ["mark_verified", export_report]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .filter(policy.incident_visible_q(request.user))
            .annotate(violation_count=Count("violations", distinct=True))
        )

    def formfield_for_choice_field(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "disclosure":
            # Nobody can set a confidentiality that would hide the incident from themselves.
            allowed = policy.clearance(request.user)
            kwargs["choices"] = [choice for choice in Disclosure.choices if choice[0] in allowed]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @admin.display(description="dates", ordering="start_date")
    def dates(self, incident: Incident) -> str | None:
        start = date_with_precision(incident.start_date, incident.start_date_precision)
        end = date_with_precision(incident.end_date, incident.end_date_precision)
        if incident.is_ongoing:
            return f"{start or '?'} – ongoing"
        if end and end != start:
            return f"{start or '?'} – {end}"
        return start

    @admin.display(description="country", ordering="country")
    def country_display(self, incident: Incident) -> str:
        return incident.country_name or incident.country

    @admin.display(description="region", ordering="region")
    def region_display(self, incident: Incident) -> str:
        return incident.region_name or incident.region

    @admin.display(description="violations", ordering="violation_count")
    def violation_count(self, incident: Incident) -> int:
        return incident.violation_count

    @admin.action(description="Mark the selected incidents as verified", permissions=["change"])
    def mark_verified(self, request: HttpRequest, incidents: QuerySet) -> None:
        marked = 0
        with transaction.atomic():
            # One save per incident, not update(): each change must leave its history row.
            for incident in incidents.exclude(status=IncidentStatus.VERIFIED):
                incident.status = IncidentStatus.VERIFIED
                incident._change_reason = "Marked verified"
                incident.save()
                self.log_change(request, incident, [{"changed": {"fields": ["status"]}}])
                marked += 1
        self.message_user(request, f"{marked} incident(s) marked verified.", messages.SUCCESS)


class InvolvementInline(admin.TabularInline):
    model = Involvement
    fields = ("perpetrator", "degree", "notes")
    autocomplete_fields = ("perpetrator", "degree")
    extra = 0
    verbose_name = "perpetrator"
    verbose_name_plural = "perpetrators"


@admin.register(Violation)
class ViolationAdmin(HistoryAdmin):
    list_display = ("violation_type", "victim", "incident", "when", "status", "perpetrator_count")
    list_filter = (
        ("violation_type", admin.RelatedOnlyFieldListFilter),
        ("status", admin.RelatedOnlyFieldListFilter),
        "incident__country",
        "incident__status",
        "date",
    )
    list_select_related = ("violation_type", "victim", "incident", "status")
    search_fields = ("incident__title", "victim__pseudonym", "violation_type__label", "consequences")
    date_hierarchy = "date"
    autocomplete_fields = ("incident", "victim", "violation_type", "methods", "status", "victim_status")
    fields = (
        "incident",
        ("victim", "violation_type"),
        "methods",
        ("date", "date_precision"),
        "date_basis",
        ("status", "victim_status", "victim_age"),
        "consequences",
    )
    inlines = [InvolvementInline, CitationInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .filter(incident__in=visible_incidents(request.user))
            .annotate(perpetrator_count=Count("involvements", distinct=True))
        )

    @admin.display(description="date", ordering="date")
    def when(self, violation: Violation) -> str | None:
        return date_with_precision(violation.date, violation.date_precision)

    @admin.display(description="perpetrators", ordering="perpetrator_count")
    def perpetrator_count(self, violation: Violation) -> int:
        return violation.perpetrator_count


@admin.register(Involvement)
class InvolvementAdmin(HistoryAdmin):
    list_display = ("perpetrator", "degree", "violation", "incident")
    list_filter = (
        ("degree", admin.RelatedOnlyFieldListFilter),
        "perpetrator__kind",
        "perpetrator__is_state_actor",
    )
    list_select_related = (
        "perpetrator",
        "degree",
        "violation__violation_type",
        "violation__victim",
        "violation__incident",
    )
    search_fields = ("perpetrator__name", "violation__incident__title", "notes")
    autocomplete_fields = ("violation", "perpetrator", "degree")
    inlines = [CitationInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(violation__incident__in=visible_incidents(request.user))

    @admin.display(description="incident", ordering="violation__incident__title")
    def incident(self, involvement: Involvement) -> Incident:
        return involvement.violation.incident


@admin.register(Actor)
class ActorAdmin(CountrySelectMixin, NameSearchMixin, HistoryAdmin):
    """People, groups and organisations: perpetrators, responders and those called on."""

    list_display = ("name", "kind", "actor_type", "is_state_actor", "parent", "country", "involvement_count")
    list_filter = ("kind", ("actor_type", admin.RelatedOnlyFieldListFilter), "is_state_actor", CountryFilter)
    list_select_related = ("actor_type", "parent")
    search_fields = ("name", "description")
    autocomplete_fields = ("actor_type", "parent")
    fields = ("name", "aliases", ("kind", "actor_type", "is_state_actor"), "parent", "country", "description")
    inlines = [CitationInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(involvement_count=Count("involvements"))

    @admin.display(description="involvements", ordering="involvement_count")
    def involvement_count(self, actor: Actor) -> int:
        return actor.involvement_count


@admin.register(AdvocacyResponse)
class AdvocacyResponseAdmin(CountrySelectMixin, HistoryAdmin):
    list_display = ("title", "response_type", "when", "country", "incident_count")
    list_filter = (("response_type", admin.RelatedOnlyFieldListFilter), CountryFilter, "date")
    list_select_related = ("response_type",)
    search_fields = ("title", "description", "demands", "outcome", "place_name")
    date_hierarchy = "date"
    autocomplete_fields = ("response_type", "incidents", "actors", "addressees")
    fields = (
        "title",
        "response_type",
        ("date", "date_precision"),
        "date_basis",
        "incidents",
        "actors",
        "addressees",
        "demands",
        "outcome",
        "description",
        ("country", "place_name"),
    )
    inlines = [CitationInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(incident_count=Count("incidents"))

    @admin.display(description="date", ordering="date")
    def when(self, response: AdvocacyResponse) -> str | None:
        return date_with_precision(response.date, response.date_precision)

    @admin.display(description="incidents", ordering="incident_count")
    def incident_count(self, response: AdvocacyResponse) -> int:
        return response.incident_count


class WithheldIdentityContextHelper(HistoricalRecordContextHelper):
    """A history row's changes, with a victim's identity fields shown as "[withheld]"."""

    def __init__(self, model, historical_record, *, identity_visible: bool) -> None:
        super().__init__(model, historical_record)
        self.identity_visible = identity_visible

    def format_delta_change(self, change: ModelChange) -> ModelChange:
        if self.identity_visible or change.field not in Victim.IDENTITY_FIELDS:
            return super().format_delta_change(change)
        field = self.model._meta.get_field(change.field)
        return dataclasses.replace(
            change, field=capfirst(field.verbose_name), old=policy.WITHHELD, new=policy.WITHHELD
        )


def may_name_staff(user: User | AnonymousUser) -> bool:
    """Who may say which staff see a restricted identity: the Staff role (and superusers)."""
    return user.is_superuser or roles.STAFF in policy.user_roles(user)


@admin.register(Victim)
class VictimAdmin(NameSearchMixin, HistoryAdmin):
    """Victims, named by pseudonym; the identity only where tracker.policy allows."""

    list_display = (
        "pseudonym",
        "kind",
        "description",
        "counted",
        "disclosure",
        "identity_name",
        "violation_count",
    )
    list_filter = ("kind", "disclosure", "count_qualifier")
    # Names are searched through names_q, and only among identities the user may see.
    search_fields = ("pseudonym", "description")
    filter_horizontal = ("restricted_to",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        victims = super().get_queryset(request).annotate(violation_count=Count("violations"))
        return policy.with_identity_visibility(victims, request.user)

    def names_q(self, request: HttpRequest, word: str) -> Q:
        # Victims' names are encrypted: whole words are found through the blind index.
        return policy.identity_visible_q(request.user) & victim_name_q(word)

    def identity_shown(self, request: HttpRequest, victim: Victim | None) -> bool:
        # Whoever records a new victim types the identity in; it is theirs to see.
        return victim is None or policy.may_see_identity(request.user, victim)

    def get_fieldsets(self, request: HttpRequest, obj: Victim | None = None):
        about = ("kind", "description", ("count", "count_qualifier"), "gender", "age_range")
        fieldsets = [
            (None, {"fields": about if obj is None else ("pseudonym", *about)}),
            ("Confidentiality", {"fields": ("disclosure", "restricted_to")}),
        ]
        if self.identity_shown(request, obj):
            fieldsets.append(
                (
                    "Identity",
                    {
                        "fields": Victim.IDENTITY_FIELDS,
                        "description": "Shown only to those the disclosure level allows.",
                    },
                )
            )
            if obj is not None:
                fieldsets.append(("Access trail", {"fields": ("identity_accesses",)}))
        return fieldsets

    def render_change_form(
        self, request: HttpRequest, context, add=False, change=False, form_url="", obj=None
    ):
        if request.method == "GET" and obj is not None and "name" in self.get_fields(request, obj):
            access.note(request.user, obj, Victim.IDENTITY_FIELDS, surface="admin")
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="who was shown this identity")
    def identity_accesses(self, victim: Victim) -> str:
        accesses = victim.accesses.order_by("-at")[:50]
        return (
            format_html_join(
                mark_safe("<br>"),
                "{} — {} ({}, {})",
                (
                    (a.at.strftime("%Y-%m-%d %H:%M"), a.username or "system", a.surface, a.fields)
                    for a in accesses
                ),
            )
            or "nobody yet"
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Victim | None = None) -> list[str]:
        readonly = ["pseudonym"]
        if obj is not None and self.identity_shown(request, obj):
            readonly.append("identity_accesses")
        if not self.identity_shown(request, obj):
            # Who cannot see an identity cannot loosen its protection either.
            readonly += ["disclosure", "restricted_to"]
        elif not may_name_staff(request.user):
            readonly.append("restricted_to")
        return readonly

    def get_inlines(self, request: HttpRequest, obj: Victim | None) -> list:
        # Passages cited for a victim tend to name them.
        return [CitationInline] if self.identity_shown(request, obj) else []

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        initial = super().get_changeform_initial_data(request)
        if policy.may_be_named_for_restricted(request.user):
            # A new victim is restricted by default: its author keeps sight of it.
            initial.setdefault("restricted_to", [request.user.pk])
        return initial

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "restricted_to":
            kwargs["queryset"] = (
                User.objects.filter(groups__name__in=(roles.STAFF, roles.REVIEWERS))
                .distinct()
                .order_by("username")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="count")
    def counted(self, victim: Victim) -> str:
        if victim.count is None:
            return ""
        return f"{victim.get_count_qualifier_display()} {victim.count}".strip()

    @admin.display(description="name")
    def identity_name(self, victim: Victim) -> str:
        # get_queryset annotated identity_visible for the requesting user (no query per row);
        # a row without it is withheld.
        if not getattr(victim, "identity_visible", False):
            return policy.WITHHELD
        # The changelist shows names too: the trail takes the user from the request.
        access.note(None, victim, ("name",), surface="admin")
        return victim.name

    @admin.display(description="violations", ordering="violation_count")
    def violation_count(self, victim: Victim) -> int:
        return victim.violation_count

    def set_history_delta_changes(
        self, request: HttpRequest, historical_records, foreign_keys_are_objs=True
    ) -> None:
        records = list(historical_records)
        if not records:
            return
        current = self.get_object(request, records[0].id)
        user = request.user
        current_visible = policy.may_see_identity(
            user, current if current is not None else records[0].instance
        )
        # Pages list the newest first; each row shows what changed since the row below it.
        for newer, older in itertools.pairwise(records):
            delta = newer.diff_against(older, foreign_keys_are_objs=foreign_keys_are_objs)
            visible = (
                current_visible
                and policy.may_see_identity(user, newer.instance)
                and policy.may_see_identity(user, older.instance)
            )
            helper = WithheldIdentityContextHelper(self.model, newer, identity_visible=visible)
            newer.history_delta_changes = helper.context_for_delta_changes(delta)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context=None
    ) -> HttpResponse:
        try:
            version = Victim.history.get(id=unquote(object_id), history_id=version_id)
        except (Victim.history.model.DoesNotExist, ValueError):
            raise Http404 from None
        current = self.get_object(request, unquote(object_id))
        user = request.user
        if not (
            policy.may_see_identity(user, current if current is not None else version.instance)
            and policy.may_see_identity(user, version.instance)
        ):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
