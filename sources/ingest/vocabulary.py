"""Labels of the vocabulary codes that extraction proposes, and the type of an actor from its name.

Labels come from seeds/vocabularies.yaml, the same file `manage.py seed` loads into Term, so
that a dry run needs no database.
"""

import re
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings

UNKNOWN_ACTOR = "990000000000"

# The last words of a body's name, and the HURIDOCS type of perpetrator (list 24) they imply.
_ACTOR_TYPES = [
    (r"police|gendarmerie|constabulary|militsiya|policia|policía", "010104000000"),
    (r"intelligence|security service|fsb|kgb|secret service|state security", "010106000000"),
    (
        r"army|armed forces|military|navy|air force|forces|guard|brigade|battalion|regiment|troops|marines",
        "010103000000",
    ),
    (r"prison|penitentiary|correctional", "010105000000"),
    (r"court|tribunal|judiciary|prosecutor|prosecutor's office|procuracy", "010300000000"),
    (r"parliament|senate|congress|duma|legislature|national assembly", "010200000000"),
    (
        r"ministry|government|kremlin|presidency|administration|cabinet|office|department|authorities|regime",
        "010100000000",
    ),
    (r"municipality|city council|mayor's office|governorate|province", "010102000000"),
    (r"company|corporation|corp|inc|ltd|sa|s\.a\.|llc|group plc|holdings", "210100000000"),
    (r"cartel|gang|clan|mafia", "029000000000"),
    (r"militia|paramilitar\w*", "020101000000"),
]


@cache
def _labels() -> dict[tuple[str, str], str]:
    path = Path(settings.BASE_DIR) / "seeds" / "vocabularies.yaml"
    try:
        vocabularies = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError:
        return {}
    return {
        (vocabulary, str(term["code"])): term["label"]
        for vocabulary, terms in vocabularies.items()
        if isinstance(terms, list)
        for term in terms
        if isinstance(term, dict) and "code" in term
    }


def label(vocabulary: str, code: str | None) -> str:
    return _labels().get((vocabulary, code), "") if code else ""


def actor_type(name: str, *, person: bool) -> str:
    """The type of perpetrator a body's name says it is; unknown for people and others."""
    if person:
        return UNKNOWN_ACTOR
    lowered = name.lower()
    for pattern, code in _ACTOR_TYPES:
        if re.search(rf"\b(?:{pattern})\b", lowered):
            return code
    return UNKNOWN_ACTOR
