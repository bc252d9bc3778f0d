"""Names already in the database, so that a suggestion links to the record instead of
proposing a duplicate: "Akhmadov", "akhmadov" and "Ахмадов" all find "Zelimkhan Akhmadov".

The directory is read once per run (two queries), then looked up in memory.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django.db import DatabaseError

from incidents.names import normalise_query, victim_name_tokens
from sources.ingest.text import normalise


@lru_cache(maxsize=65536)
def _keys(name: str) -> frozenset[str]:
    """The forms a name is matched under: as written, transliterated, without articles or dots."""
    return frozenset(key for key in (normalise_query(name), normalise(name)) if key)


@dataclass
class Directory:
    actors: dict[str, dict] = field(default_factory=dict)
    victims: dict[str, dict] = field(default_factory=dict)
    # Whole names only: a surname alone ("Kadyrov") is matched within an article, not across records.

    @classmethod
    def empty(cls) -> "Directory":
        return cls()

    @classmethod
    def from_database(cls) -> "Directory":
        from incidents.choices import VictimKind
        from incidents.models import Actor, Victim

        directory = cls()
        try:
            for actor in Actor.objects.only("pk", "name", "kind", "search_names"):
                record = {"model": "actor", "id": actor.pk, "name": actor.name, "kind": actor.kind}
                for line in actor.search_names.splitlines():
                    for key in _keys(line):
                        directory.actors.setdefault(key, record)
            victims = Victim.objects.filter(kind=VictimKind.PERSON).exclude(search_names="")
            for pk, pseudonym, index in victims.values_list("pk", "pseudonym", "search_names"):
                # The pseudonym, never the name: this goes into suggestions and JSON output.
                record = {"model": "victim", "id": pk, "name": pseudonym}
                # Victims' names are encrypted; their blind index holds one token per whole name.
                for token in index.split():
                    directory.victims.setdefault(token, record)
        except DatabaseError:
            # No tables yet (a dry run before `migrate`): extraction still works, unlinked.
            return cls()
        return directory

    def actor(self, name: str) -> dict | None:
        return next((self.actors[key] for key in _keys(name) if key in self.actors), None)

    def victim(self, name: str) -> dict | None:
        tokens = {token for key in _keys(name) for token in victim_name_tokens(key)}
        return next((self.victims[token] for token in sorted(tokens) if token in self.victims), None)

    def kind(self, name: str) -> str:
        """'person' or 'organisation' for a known actor's name, so an unusual name is still read right."""
        actor = self.actor(name)
        if actor is None:
            return "person" if self.victim(name) else ""
        return "person" if actor["kind"] == "person" else "organisation"
