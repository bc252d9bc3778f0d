"""Sentences and words of an archived text, each with its character offsets in that text.

Every offset the pipeline hands out is an index into the archived text (Python characters,
that is Unicode code points), so that `text[start:end]` is the quote, word for word.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from unidecode import unidecode

# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    "mr mrs ms dr st gen lt col sgt capt cpt maj prof jr sr rep sen gov no nos vs etc inc ltd co "
    "jan feb mar apr jun jul aug sep sept oct nov dec mt ft rev hon adm cmdr pres supt insp".split()
)

_SENTENCE_END = re.compile(r"[.!?]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9À-ÖØ-ÞА-Я])|[.!?][\"”’)\]]*(?=\s*$)")
_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}|(?:St|Mt|Ft|Dr|Mr|Mrs|Ms|Gen|Lt|Col|Sgt|Capt|Prof|Rep|Sen|Gov|Jr|Sr)\.(?=\s[A-Z])|[^\W_]+(?:['’\-][^\W_]+)*|\S",
    re.UNICODE,
)
_SPACE = re.compile(r"\s+")


class Token(NamedTuple):
    text: str
    start: int
    end: int

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()


@dataclass(slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    tokens: list[Token]
    is_headline: bool = False

    def offset_tokens(self, start: int, end: int) -> list[Token]:
        return [token for token in self.tokens if token.start >= start and token.end <= end]


def tokens(text: str, offset: int = 0) -> list[Token]:
    return [
        Token(match.group(), match.start() + offset, match.end() + offset) for match in _TOKEN.finditer(text)
    ]


def _ends_in_abbreviation(paragraph: str, stop: int) -> bool:
    """Is the full stop at `stop` part of an abbreviation ('Dr.', 'St.', 'U.S.', 'J.')?"""
    words = paragraph[:stop].split()
    if not words:
        return False
    last = words[-1].strip('("“‘').lower()
    if last in ABBREVIATIONS:
        return True
    # A single initial ("J. Smith"), or dotted initials ("U.S.") followed by a capital.
    return len(last) == 1 and last.isalpha() or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", last))


def _looks_like_headline(line: str) -> bool:
    """Title Case lines (headlines, section titles) give no reliable capitalisation cues."""
    words = [word for word in re.findall(r"[^\W\d_][\w'’\-]*", line)]
    if len(words) < 3 or line.rstrip().endswith((".", "”", '"')):
        return False
    capitalised = sum(1 for word in words if word[0].isupper())
    return capitalised / len(words) >= 0.6


def sentences(text: str) -> list[Sentence]:
    """The text's sentences, paragraph by paragraph, with their offsets."""
    found: list[Sentence] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        line = paragraph.group()
        if not line.strip():
            continue
        headline = _looks_like_headline(line)
        begin = 0
        for match in _SENTENCE_END.finditer(line):
            if match.group().startswith(".") and _ends_in_abbreviation(line, match.start()):
                continue
            _add(found, text, paragraph.start() + begin, paragraph.start() + match.end(), headline)
            begin = match.end()
        _add(found, text, paragraph.start() + begin, paragraph.end(), headline)
    return found


def _add(found: list[Sentence], text: str, start: int, end: int, headline: bool) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        found.append(
            Sentence(len(found), start, end, text[start:end], tokens(text[start:end], start), headline)
        )


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """A name reduced for comparison: ASCII, lower case, no article, no possessive, no dots."""
    name = unidecode(name).lower().replace("’", "'")
    name = re.sub(r"'s$|'$", "", name.strip())
    name = re.sub(r"^(the|a|an)\s+", "", name)
    name = name.replace(".", "").replace("-", " ")
    return _SPACE.sub(" ", name).strip()


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise(name)).strip("-")[:80] or "x"
