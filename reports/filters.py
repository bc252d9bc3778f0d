"""The filters a report is made with, checked once and recorded in its manifest."""

from dataclasses import asdict, dataclass
from datetime import date

from django.db.models import Q, QuerySet

from incidents import places
from incidents.choices import IncidentStatus, Vocabulary
from incidents.models import Term, Violation


class ReportFilterError(ValueError):
    """Bad filter input; the message names the filter."""


@dataclass(frozen=True)
class ReportFilters:
    """Which incidents a report covers, besides what the caller's role may see at all.

    Dates select incidents whose span meets the period: an incident that started before
    date_after but ended (or is still going on) after it is in.
    """

    date_after: date | None = None
    date_before: date | None = None
    country: str = ""
    region: str = ""
    violation_type: str = ""
    status: str = ""

    @classmethod
    def parse(cls, **raw: str | None) -> "ReportFilters":
        """Filters from text input (command options, query strings); errors name the filter."""
        dates = {name: _date(name, raw.get(name)) for name in ("date_after", "date_before")}
        if dates["date_after"] and dates["date_before"] and dates["date_before"] < dates["date_after"]:
            raise ReportFilterError("date_before: is earlier than date_after.")
        country = (raw.get("country") or "").strip().upper()
        region = (raw.get("region") or "").strip().upper()
        errors = places.location_errors(country, region)
        if errors:
            raise ReportFilterError("; ".join(f"{name}: {message}" for name, message in errors.items()))
        violation_type = (raw.get("violation_type") or "").strip()
        if (
            violation_type
            and not Term.objects.filter(vocabulary=Vocabulary.VIOLATION_TYPE, code=violation_type).exists()
        ):
            raise ReportFilterError(f"violation_type: no violation type has the code {violation_type!r}.")
        status = (raw.get("status") or "").strip().lower()
        if status and status not in IncidentStatus.values:
            raise ReportFilterError(
                f"status: must be one of {', '.join(IncidentStatus.values)}; got {status!r}."
            )
        return cls(country=country, region=region, violation_type=violation_type, status=status, **dates)

    def as_dict(self) -> dict[str, str]:
        """The filters that are set, as text: what the manifest and the export log record."""
        return {name: str(value) for name, value in asdict(self).items() if value not in (None, "")}

    def apply(self, incidents: QuerySet) -> QuerySet:
        if self.date_after:
            incidents = incidents.filter(
                Q(end_date__gte=self.date_after)
                | Q(end_date__isnull=True, start_date__gte=self.date_after)
                | Q(is_ongoing=True)
            )
        if self.date_before:
            incidents = incidents.filter(start_date__lte=self.date_before)
        if self.country:
            incidents = incidents.filter(country=self.country)
        if self.region:
            incidents = incidents.filter(region=self.region)
        if self.status:
            incidents = incidents.filter(status=self.status)
        if self.violation_type:
            incidents = incidents.filter(
                pk__in=Violation.objects.filter(
                    violation_type__vocabulary=Vocabulary.VIOLATION_TYPE,
                    violation_type__code=self.violation_type,
                ).values("incident_id")
            )
        return incidents


def _date(name: str, value: str | date | None) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ReportFilterError(f"{name}: {value!r} is not a date (YYYY-MM-DD).") from None
