"""Date expressions, with their precision, resolved against the source's reference date.

"on 27 June 2018" is a day; "in April" is a month (of the latest April up to the reference
date); "last year" is a year; "on Friday" is the latest Friday up to the reference date;
"15 months since" is a month counted back. Without a reference date, relative expressions are
kept, marked unresolved.
"""

import datetime
import re
from dataclasses import dataclass

from incidents.choices import DatePrecision

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    day: number
    for number, day in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())
}
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1, "several": 3, "a few": 3,
}  # fmt: skip

_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_COUNT = r"(?P<count>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|an?)"
_UNIT = r"(?P<unit>day|week|month|year)s?"

_PATTERNS = [
    ("iso", rf"\b{_YEAR}-(?P<mm>[01]\d)-(?P<dd>[0-3]\d)\b"),
    ("day_month_year", rf"\b{_DAY} (?:of )?{_MONTH},? {_YEAR}\b"),
    ("month_day_year", rf"\b{_MONTH} {_DAY},? {_YEAR}\b"),
    ("month_year", rf"\b{_MONTH},? (?:of )?{_YEAR}\b"),
    ("day_month", rf"\b{_DAY} {_MONTH}\b"),
    ("month_day", rf"\b{_MONTH} {_DAY}\b(?!,? ?\d)"),
    (
        "in_month",
        rf"\b(?:in|since|until|by|during|from|of|last|early|late|mid-?|earlier in|later in) {_MONTH}\b",
    ),
    ("weekday", rf"\b(?:(?:on|last|this past|late on|early on|since|by) )?{_WEEKDAY}(?:'s|’s)?\b"),
    ("ago", rf"\b{_COUNT} {_UNIT} ago\b"),
    ("since", rf"\b(?:in the |for the )?(?:past |last )?{_COUNT} {_UNIT} since\b"),
    ("last_unit", r"\b(?P<which>last|this|next|earlier this|later this|past) (?P<unit>week|month|year)\b"),
    ("deictic", r"\b(?P<word>yesterday|today|tonight|last night)\b"),
    (
        "year",
        rf"\b(?:(?:in|since|until|by|during|from|of|early|late|"
        rf"mid-?|throughout|before|after) )?{_YEAR}\b(?![,.]?\d)",
    ),
]
# Tried in order; a later pattern never takes words an earlier one took.
# The letters each pattern can start with: a lookahead on them lets the engine pass over most
# positions of a text at once (several times faster on news-length articles).
_FIRST = {
    "iso": "0-9",
    "day_month_year": "0-9",
    "month_year": "JFMASONDjfmasond",
    "month_day_year": "JFMASONDjfmasond",
    "day_month": "0-9",
    "month_day": "JFMASONDjfmasond",
    "in_month": "IiSsUuBbDdFfOoLlEeMm",
    "weekday": "OoLlTtEeSsBbMmWwFf",
    "ago": "0-9OoTtFfSsEeNnAa",
    "since": "0-9IiFfPpLlOoTtSsEeNnAa",
    "last_unit": "LlTtNnEePp",
    "deictic": "YyTtLl",
    "year": "0-9IiSsUuBbDdFfOoEeLlMmTtAa",
}
_REGEXES = [
    (name, re.compile(rf"(?=[{_FIRST[name]}]){pattern}", re.IGNORECASE)) for name, pattern in _PATTERNS
]
# Lower-case "may" and "march" are verbs far more often than months.
_CASE_SENSITIVE_MONTHS = {"may", "march", "mar", "jan", "dec"}


@dataclass(slots=True)
class DateMention:
    text: str
    start: int
    end: int
    date: datetime.date | None
    precision: str
    relative: bool
    basis: str

    @property
    def resolved(self) -> bool:
        return self.date is not None


def _month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _months_back(reference: datetime.date, months: int) -> datetime.date:
    index = reference.year * 12 + reference.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _valid(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _latest(reference: datetime.date, month: int, day: int = 1) -> datetime.date | None:
    """The latest month/day on or before the reference date (news reports look back)."""
    candidate = _valid(reference.year, month, day)
    if candidate and candidate > reference:
        candidate = _valid(reference.year - 1, month, day)
    return candidate


def find_dates(text: str, reference: datetime.date | None) -> list[DateMention]:
    mentions: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, regex in _REGEXES:
        for match in regex.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            groups = {key: value for key, value in match.groupdict().items() if value is not None}
            month = groups.get("month")
            if month and month.lower().rstrip(".") in _CASE_SENSITIVE_MONTHS and not month[0].isupper():
                continue
            resolved, basis = None, ""
            if kind in ("day_month", "month_day", "in_month"):
                # "on 3 February", after "25 January 2016": the year last written, not the reference's.
                year = _year_before(mentions, start)
                if year is not None:
                    resolved = _resolve(kind, {**groups, "written_year": year}, match.group(), reference)
                    last = [m for m in mentions if m.end <= start and m.date and not m.relative][-1]
                    if resolved is not None and not _continues(last, resolved[0]):
                        resolved = None
                    elif resolved is not None:
                        basis = f'"{match.group()}", in {year}, the year last written before it'

            resolved = resolved or _resolve(kind, groups, match.group(), reference)
            if resolved is None:
                continue
            date, precision, relative = resolved
            taken.append((start, end))
            phrase = match.group()
            mentions.append(
                DateMention(
                    phrase,
                    start,
                    end,
                    date,
                    precision,
                    relative,
                    basis or _basis(phrase, relative, date, reference),
                )
            )
            mentions.sort(key=lambda mention: mention.start)
    return mentions


def _year_before(mentions: list[DateMention], position: int) -> int | None:
    """The year of the last date written in full, if the narrative is still in it."""
    written = [m for m in mentions if m.end <= position and m.date and not m.relative]
    return written[-1].date.year if written else None


def _continues(last: DateMention | None, date: datetime.date | None) -> bool:
    # "went missing on 25 January 2016 … found on 3 February": a story moves forward, so a
    # date before the last one written belongs to another time ("in February" after 2017).
    return last is None or date is None or date >= last.date


def _basis(phrase: str, relative: bool, date: datetime.date | None, reference: datetime.date | None) -> str:
    if not relative:
        return f'"{phrase}", as written'
    if date is None:
        return f'"{phrase}": relative, and the source has no reference date'
    return f'"{phrase}", resolved against the reference date {reference.isoformat()}'


def _resolve(
    kind: str, groups: dict, phrase: str, reference: datetime.date | None
) -> tuple[datetime.date | None, str, bool] | None:
    day, month, year = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
    if kind == "iso":
        date = _valid(int(groups["year"]), int(groups["mm"]), int(groups["dd"]))
        return (date, day, False) if date else None
    if kind in ("day_month_year", "month_day_year"):
        date = _valid(int(groups["year"]), _month_number(groups["month"]), int(groups["day"]))
        return (date, day, False) if date else None
    if kind == "month_year":
        return datetime.date(int(groups["year"]), _month_number(groups["month"]), 1), month, False
    if kind == "year":
        return datetime.date(int(groups["year"]), 1, 1), year, False
    if kind in ("day_month", "month_day"):
        if not 1 <= int(groups["day"]) <= 31:
            return None
        if "written_year" in groups:
            return (
                _valid(groups["written_year"], _month_number(groups["month"]), int(groups["day"])),
                day,
                True,
            )
        date = _latest(reference, _month_number(groups["month"]), int(groups["day"])) if reference else None
        return date, day, True
    if kind == "in_month":
        if "written_year" in groups:
            return datetime.date(groups["written_year"], _month_number(groups["month"]), 1), month, True
        date = _latest(reference, _month_number(groups["month"])) if reference else None
        return date, month, True
    if kind == "weekday":
        if reference is None:
            return None, day, True
        back = (reference.weekday() - WEEKDAYS[groups["weekday"].lower()]) % 7
        return reference - datetime.timedelta(days=back), day, True
    if kind == "deictic":
        if reference is None:
            return None, day, True
        back = 0 if groups["word"].lower() in ("today", "tonight") else 1
        return reference - datetime.timedelta(days=back), day, True
    if kind in ("ago", "since"):
        return _counted_back(groups, reference)
    if kind == "last_unit":
        return _last_unit(groups, reference)
    return None


def _counted_back(groups: dict, reference: datetime.date | None) -> tuple[datetime.date | None, str, bool]:
    count = groups["count"].lower()
    number = int(count) if count.isdigit() else _NUMBERS.get(count, 1)
    unit = groups["unit"].lower()
    precision = {"day": DatePrecision.DAY, "week": DatePrecision.APPROXIMATE}.get(unit, DatePrecision.MONTH)
    if unit == "year":
        precision = DatePrecision.YEAR
    if reference is None:
        return None, precision, True
    if unit in ("day", "week"):
        return reference - datetime.timedelta(days=number * (7 if unit == "week" else 1)), precision, True
    months = number * (12 if unit == "year" else 1)
    back = _months_back(reference, months)
    return (datetime.date(back.year, 1, 1) if unit == "year" else back), precision, True


def _last_unit(groups: dict, reference: datetime.date | None) -> tuple[datetime.date | None, str, bool]:
    unit, which = groups["unit"].lower(), groups["which"].lower()
    precision = {"week": DatePrecision.APPROXIMATE, "month": DatePrecision.MONTH, "year": DatePrecision.YEAR}[
        unit
    ]
    if reference is None:
        return None, precision, True
    step = {"last": -1, "past": -1, "next": 1}.get(which, 0)
    if unit == "year":
        return datetime.date(reference.year + step, 1, 1), precision, True
    if unit == "month":
        return _months_back(reference, -step), precision, True
    return reference + datetime.timedelta(days=7 * step), precision, True
