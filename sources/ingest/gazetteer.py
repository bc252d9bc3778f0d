"""Places, nationalities and well-known organisations, looked up by name.

Countries and subdivisions come from pycountry's copy of ISO 3166; cities of 250,000 people or
more from GeoNames (data/cities.tsv); what the press calls otherwise from data/places.yaml;
well-known bodies from data/organisations.yaml. Everything is loaded once per process.
"""

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry
import yaml

from sources.ingest.text import normalise

DATA = Path(__file__).resolve().parent / "data"

COUNTRY, REGION, CITY = "country", "region", "city"

# Subdivision names that are ordinary words in English prose.
_COMMON_SUBDIVISION_WORDS = frozenset(
    "centre center central capital north south east west northern southern eastern western "
    "coast islands island lakes river valley mountain highlands lowlands city state federal "
    "national territory border upper lower middle great grand new saint santa san".split()
)


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    kind: str
    country: str
    region: str = ""
    population: int = 0


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str
    kind: str
    aliases: tuple[str, ...] = field(default_factory=tuple)


@dataclass(slots=True)
class Gazetteer:
    places: dict[str, Place]
    # Subdivisions by name: used only when the text names their country too.
    subdivisions: dict[str, list[Place]]
    demonyms: dict[str, str]
    organisations: dict[str, Organisation]
    not_places: frozenset[str]
    # Aliases written partly in lower case ("UN human rights office"), found by pattern.
    lowercase_aliases: list = field(default_factory=list)

    def place(self, name: str) -> Place | None:
        key = normalise(name)
        if key in self.not_places:
            return None
        return self.places.get(key)

    def subdivision(self, name: str, countries: set[str]) -> Place | None:
        for place in self.subdivisions.get(normalise(name), ()):
            if place.country in countries:
                return place
        return None

    def demonym(self, word: str) -> str:
        return self.demonyms.get(normalise(word), "")

    def organisation(self, name: str) -> Organisation | None:
        return self.organisations.get(normalise(name))


def _country_names(country) -> list[str]:
    names = [country.name]
    for attribute in ("common_name", "official_name"):
        value = getattr(country, attribute, None)
        if value:
            names.append(value)
    return names


@cache
def gazetteer() -> Gazetteer:
    hand = yaml.safe_load((DATA / "places.yaml").read_text(encoding="utf-8"))
    places: dict[str, Place] = {}

    for line in (DATA / "cities.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, country, region, population = line.split("\t")
        places.setdefault(normalise(name), Place(name, CITY, country, region, int(population)))
    for name, entry in hand["cities"].items():
        city = Place(name, CITY, entry["country"], entry.get("region", ""))
        for alias in [name, *entry.get("aliases", [])]:
            places[normalise(alias)] = city

    subdivisions: dict[str, list[Place]] = {}
    for subdivision in pycountry.subdivisions:
        key = normalise(subdivision.name)
        if key in _COMMON_SUBDIVISION_WORDS or len(key) < 4:
            continue
        place = Place(subdivision.name, REGION, subdivision.country_code, subdivision.code)
        subdivisions.setdefault(key, []).append(place)
    for name, code in hand["regions"].items():
        region = pycountry.subdivisions.get(code=code)
        places[normalise(name)] = Place(name, REGION, code.split("-")[0], code if region else "")

    for country in pycountry.countries:
        place = Place(getattr(country, "common_name", None) or country.name, COUNTRY, country.alpha_2)
        for name in _country_names(country):
            places[normalise(name)] = place
    for code, aliases in hand["countries"].items():
        country = pycountry.countries.get(alpha_2=code)
        if country is None:
            continue
        place = Place(aliases[0] if aliases else country.name, COUNTRY, code)
        for alias in aliases:
            places[normalise(alias)] = place
        for name in _country_names(country):
            places[normalise(name)] = place

    organisations: dict[str, Organisation] = {}
    lowercase_aliases = []
    for entry in yaml.safe_load((DATA / "organisations.yaml").read_text(encoding="utf-8")):
        organisation = Organisation(entry["name"], entry["kind"], tuple(entry.get("aliases", ())))
        for alias in (entry["name"], *organisation.aliases):
            organisations[normalise(alias)] = organisation
            if any(
                word[0].islower()
                for word in alias.split()[1:]
                if word not in ("of", "the", "for", "on", "to", "and")
            ):
                lowercase_aliases.append((re.compile(rf"\b{re.escape(alias)}\b"), organisation.name))

    return Gazetteer(
        places=places,
        subdivisions=subdivisions,
        demonyms={normalise(word): code for word, code in hand["demonyms"].items()},
        organisations=organisations,
        not_places=frozenset(normalise(word) for word in hand["not_places"]),
        lowercase_aliases=lowercase_aliases,
    )
