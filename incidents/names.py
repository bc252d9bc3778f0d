"""Matching names across spellings and scripts ("Akhmadov", "Ахмадов", "akhmadov")."""

from django.db.models import Q
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


def _words(*names: str) -> list[str]:
    return list(dict.fromkeys(word for line in search_key(*names).splitlines() for word in line.split()))


def _lines(*names: str) -> list[str]:
    return [" ".join(line.split()) for line in search_key(*names).splitlines()]


def victim_name_index(*names: str, key_index: int = 0) -> str:
    """A victim's blind index: one HMAC token per name word and per whole name, space-delimited.

    Victims' names are encrypted, so they cannot be searched; their tokens can. The tokens
    reveal nothing without the identity key, only which victims share a name word.
    """
    from tracker.crypto import index_token

    tokens = [index_token(f"word:{word}", key_index=key_index) for word in _words(*names)]
    tokens += [index_token(f"name:{line}", key_index=key_index) for line in _lines(*names)]
    return f" {' '.join(dict.fromkeys(tokens))} " if tokens else ""


def victim_name_tokens(name: str) -> set[str]:
    """The tokens a whole name is indexed under, under every configured key (see victim_name_index)."""
    from tracker.crypto import index_key_count, index_token

    return {
        index_token(f"name:{line}", key_index=key_index)
        for line in _lines(name)
        for key_index in range(index_key_count())
    }


def victim_name_q(query: str) -> Q:
    """Victims whose names hold every word of the query (in any script), via the blind index.

    Tokens under old keys match too, so searching keeps working while rotate_identity_key runs.
    """
    from tracker.crypto import index_key_count, index_token

    words = normalise_query(query).split()
    if not words:
        return Q(pk__in=[])
    q = Q()
    for word in words:
        any_key = Q()
        for key_index in range(index_key_count()):
            token = index_token(f"word:{word}", key_index=key_index)
            any_key |= Q(search_names__contains=f" {token} ")
        q &= any_key
    return q
