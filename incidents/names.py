"""Matching names across spellings and scripts ("Akhmadov", "Ахмадов", "akhmadov")."""

from unidecode import unidecode


def search_key(*names: str) -> str:
    """One lower-case ASCII line per name, for matching whatever script the query is in."""
    lines = []
    for text in names:
        for name in text.splitlines():
            name = name.strip()
            if name:
                lines.append(name.lower())
                lines.append(unidecode(name).lower())
    return "\n".join(dict.fromkeys(lines))


def normalise_query(query: str) -> str:
    return unidecode(query).lower().strip()
