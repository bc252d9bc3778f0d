"""What a file says about itself: title, publisher, author, publication date, language, URL.

HTML (as saved from a browser) goes through trafilatura, which finds the article's text and
its metadata (title, author, date, site name, canonical URL). Plain text may open with a header
of `Key: value` lines and a blank line (see docs/ingestion.md); the header is not archived.
"""

import datetime
import re
from dataclasses import dataclass

import trafilatura

from incidents.choices import DatePrecision
from sources.ingest.dates import find_dates

HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "publisher": "publisher",
    "source": "publisher",
    "site": "publisher",
    "author": "author",
    "by": "author",
    "byline": "author",
    "date": "published",
    "published": "published",
    "publication date": "published",
    "url": "url",
    "link": "url",
    "language": "language",
    "lang": "language",
    "reference date": "reference_date",
    "reference-date": "reference_date",
    "based on": "notes",
    "based-on": "notes",
    "notes": "notes",
    "note": "notes",
}
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z \-]{0,30}):[ \t]*(.*)$")
_HTML_LANG = re.compile(r"<html\b[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)

# The commonest words of the languages NGOs most often ingest; enough to tell them apart.
_STOPWORDS = {
    "en": "the of and to in is was that for on with by as said have has were are from".split(),
    "fr": "le la les des et est une dans pour que qui sur par pas au du avec été".split(),
    "es": "el la los las de que y en por con para una fue del se al su".split(),
    "ru": "и в не на что он с по как из за его было это к".split(),
    "de": "der die das und ist nicht mit den von zu für auf wurde sich dem".split(),
    "pt": "o a os as de que e em para com uma foi não do da dos".split(),
    "tr": "ve bir bu da de için ile olarak çok daha gibi ama".split(),
    "ar": "في من على إلى أن التي الذي عن مع هذا".split(),
}
_STOPWORD_SETS = {language: frozenset(words) for language, words in _STOPWORDS.items()}


@dataclass
class Metadata:
    title: str = ""
    publisher: str = ""
    author: str = ""
    url: str = ""
    published_on: datetime.date | None = None
    published_precision: str = DatePrecision.DAY
    reference_date: datetime.date | None = None
    language: str = ""
    notes: str = ""

    def as_json(self) -> dict:
        return {
            "title": self.title,
            "publisher": self.publisher,
            "author": self.author,
            "url": self.url,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "published_precision": str(self.published_precision) if self.published_on else None,
            "reference_date": self.reference_date.isoformat() if self.reference_date else None,
            "language": self.language,
            "notes": self.notes,
        }


def parse_date(value: str) -> tuple[datetime.date | None, str]:
    """A written date ('2018-07-17', '17 July 2018', 'July 2018') and its precision."""
    value = value.strip()
    try:
        return datetime.date.fromisoformat(value[:10]), DatePrecision.DAY
    except ValueError:
        pass
    for mention in find_dates(value, None):
        if mention.date and not mention.relative:
            return mention.date, mention.precision
    return None, DatePrecision.DAY


def guess_language(text: str) -> str:
    """ISO 639-1 code of the language whose common words the text uses most; '' if unsure."""
    words = re.findall(r"\w+", text[:5000].lower())
    if len(words) < 20:
        return ""
    counts = {language: sum(1 for word in words if word in stop) for language, stop in _STOPWORD_SETS.items()}
    language, best = max(counts.items(), key=lambda item: item[1])
    return language if best >= len(words) * 0.05 else ""


def read_plain_text(decoded: str) -> tuple[str, Metadata]:
    metadata = Metadata()
    text = decoded
    lines = decoded.split("\n")
    first = _HEADER_LINE.match(lines[0].strip("\r")) if lines else None
    if first and first.group(1).strip().lower() in HEADER_KEYS:
        consumed = 0
        for line in lines:
            line = line.rstrip("\r")
            if not line.strip():
                consumed += 1
                break
            match = _HEADER_LINE.match(line)
            if not match or match.group(1).strip().lower() not in HEADER_KEYS:
                break
            _set(metadata, HEADER_KEYS[match.group(1).strip().lower()], match.group(2).strip())
            consumed += 1
        # The header is metadata, not the article: the archived text starts after it.
        text = "\n".join(lines[consumed:])
    metadata.language = metadata.language or guess_language(text)
    return text, metadata


def _set(metadata: Metadata, field: str, value: str) -> None:
    if field == "published":
        metadata.published_on, metadata.published_precision = parse_date(value)
    elif field == "reference_date":
        metadata.reference_date = parse_date(value)[0]
    elif field == "notes":
        metadata.notes = f"{metadata.notes}\n{value}".strip()
    else:
        setattr(metadata, field, value)


def read_html(decoded: str) -> tuple[str, Metadata]:
    document = trafilatura.bare_extraction(
        decoded, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    metadata = Metadata()
    if document is None:
        return "", metadata
    text = document.text or ""
    metadata.title = (document.title or "").strip()
    metadata.author = (document.author or "").strip()
    metadata.publisher = (document.sitename or "").strip()
    metadata.url = (document.url or "").strip()
    if document.date:
        metadata.published_on, metadata.published_precision = parse_date(document.date)
    lang = _HTML_LANG.search(decoded[:4096])
    metadata.language = (
        (lang.group(1).lower()[:2] if lang else "") or document.language or guess_language(text)
    )
    return text, metadata
