from django.db import models


class Vocabulary(models.TextChoices):
    """The controlled vocabularies; codes follow HURIDOCS micro-thesauri where one exists."""

    VIOLATION_TYPE = "violation_type", "Types of acts (HURIDOCS 04)"
    METHOD = "method", "Methods of violence (HURIDOCS 05)"
    SOURCE_TYPE = "source_type", "Types of source material (HURIDOCS 16)"
    INVOLVEMENT_DEGREE = "involvement_degree", "Degrees of involvement (HURIDOCS 18)"
    INTERVENTION_TYPE = "intervention_type", "Types of intervention (HURIDOCS 20)"
    PERPETRATOR_TYPE = "perpetrator_type", "Types of perpetrators (HURIDOCS 24)"
    VICTIM_STATUS = "victim_status", "Status as victim (HURIDOCS 25)"
    VIOLATION_STATUS = "violation_status", "Violation status (HURIDOCS 41)"
    RELIABILITY = "reliability", "Reliability (HURIDOCS 42)"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    APPROXIMATE = "approximate", "Approximate"


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", "Reported"
    CORROBORATED = "corroborated", "Corroborated"
    VERIFIED = "verified", "Verified"
    DISPUTED = "disputed", "Disputed"


class Disclosure(models.TextChoices):
    """Who may see a record's protected part, from widest to narrowest."""

    PUBLIC = "public", "Public (already public in the press)"
    PARTNERS = "partners", "Partners"
    STAFF = "staff", "Staff"
    RESTRICTED = "restricted", "Restricted (named staff only)"


class CountQualifier(models.TextChoices):
    EXACT = "exact", "Exactly"
    AT_LEAST = "at_least", "At least"
    APPROXIMATELY = "approximately", "Approximately"
    AT_MOST = "at_most", "At most"


class VictimKind(models.TextChoices):
    PERSON = "person", "Person"
    GROUP = "group", "Group counted as a whole"


class ActorKind(models.TextChoices):
    PERSON = "person", "Person"
    GROUP = "group", "Group"
    ORGANISATION = "organisation", "Organisation"
