"""Who and what an article names: people, organisations, places, agents ("Chechen police",
"his father") and counted groups ("at least 100 gay and bisexual men"), each mention with its
offsets, and the mentions of one real-world entity gathered ("Ramzan Kadyrov" … "Kadyrov",
"Human Rights Campaign" … "HRC").
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sources.ingest import words
from sources.ingest.gazetteer import Gazetteer, Place
from sources.ingest.text import Sentence, Token, normalise

PERSON, ORGANISATION, AGENT, GROUP, PLACE, NAME = "person", "organisation", "agent", "group", "place", "name"


@dataclass(eq=False)
class Mention:
    text: str
    start: int
    end: int
    sentence: int
    kind: str
    title: str = ""
    descriptor: str = ""
    country: str = ""
    possessive: bool = False
    place: Place | None = None
    agent_type: str = ""
    state: bool = False
    relative: bool = False  # "his father": a relative of the person the pronoun stands for
    count: int | None = None
    qualifier: str = ""
    canonical: str = ""  # the name it stands for, where the words are not one ("his father")
    entity: "Entity | None" = None


@dataclass(eq=False)
class Entity:
    key: str
    name: str
    kind: str  # person, organisation, agent, group
    mentions: list[Mention] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    country: str = ""
    agent_type: str = ""
    state: bool = False
    organisation_kind: str = ""
    affiliation: "Entity | None" = None  # "Marc Behrendt of Freedom House"
    existing: dict | None = None

    def add(self, mention: Mention) -> None:
        mention.entity = self
        self.mentions.append(mention)
        self.aliases.add(mention.text)
        if len(mention.text) > len(self.name) and mention.kind == self.kind and not mention.canonical:
            self.name = mention.text
        self.country = self.country or mention.country


# "police report", "government spokesman": the agent noun is only a modifier there.
_NOT_AGENT_FOLLOWERS = frozenset(
    "report reports station stations custody chief chiefs spokesman spokeswoman spokesperson statement raid "
    "laboratory lab hospital doctors experts academy college school "
    "raids officials official data figures sources source records record investigation investigators "
    "'s ’s of".split()
)
_ACRONYM = re.compile(r"(?:[A-Z]\.){2,}|[A-Z][A-Z0-9&]{1,7}s?")
_PARENS_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z0-9&.\-]{1,9})\)")


def _is_name_word(token: Token) -> bool:
    return token.is_word and token.text[0].isupper() and not token.text.isdigit()


def _strip_possessive(text: str) -> tuple[str, bool]:
    if text.endswith(("’s", "'s")) and len(text) > 3:
        return text[:-2], True
    if text.endswith(("s’", "s'")) and len(text) > 3:
        return text[:-1], True
    return text, False


class MentionFinder:
    """Finds the mentions of one text, sentence by sentence."""

    def __init__(
        self, text: str, gazetteer: Gazetteer, known_kind: Callable[[str], str] | None = None
    ) -> None:
        self.text = text
        self.gazetteer = gazetteer
        self.known_kind = known_kind or (lambda name: "")
        self.acronyms: dict[str, str] = {}  # "PACE" -> "Parliamentary Assembly of the Council of Europe"

    # --- capitalised names -------------------------------------------------------------------

    def names(self, sentence: Sentence) -> list[Mention]:
        found = []
        for run in self._runs(sentence):
            parts = self._split(run)
            for index, part in enumerate(parts):
                mention = self._classify(part, sentence)
                if mention is None:
                    continue
                following = parts[index + 1] if index + 1 < len(parts) else None
                if (
                    len(part) == 1
                    and mention.kind in (NAME, PERSON)
                    and following
                    and self.text[part[-1].end : following[0].start].strip() == "and"
                    and self._person_like(following)
                ):
                    # "Alfred and George Degiorgio": the first brother has the surname too.
                    mention.canonical = f"{mention.text} {following[-1].text}"
                    mention.kind = PERSON
                found.append(mention)
        for alias, organisation in self.gazetteer.lowercase_aliases:
            for match in alias.finditer(sentence.text):
                start = sentence.start + match.start()
                if not any(
                    m.start <= start < m.end for m in found if m.kind != ORGANISATION or m.end - m.start > 3
                ):
                    found = [m for m in found if not (start <= m.start < sentence.start + match.end())]
                    found.append(
                        Mention(
                            match.group(),
                            start,
                            sentence.start + match.end(),
                            sentence.index,
                            ORGANISATION,
                            canonical=organisation,
                        )
                    )
        return sorted(found, key=lambda mention: mention.start)

    def _runs(self, sentence: Sentence) -> list[list[Token]]:
        tokens, runs, i = sentence.tokens, [], 0
        while i < len(tokens):
            if not _is_name_word(tokens[i]):
                i += 1
                continue
            run, j = [tokens[i]], i + 1
            while j < len(tokens) and not self._ends_possessive(run[-1]):
                token = tokens[j]
                adjacent = token.start - run[-1].end <= 1 and self.text[run[-1].end : token.start] in (
                    "",
                    " ",
                )
                if not adjacent:
                    break
                if _is_name_word(token):
                    run.append(token)
                    j += 1
                    continue
                lower = token.text.lower()
                if lower in words.NAME_CONNECTORS and j + 1 < len(tokens):
                    after = tokens[j + 1]
                    if lower != "the" and after.text.lower() == "the" and j + 2 < len(tokens):
                        after = tokens[j + 2]
                    if _is_name_word(after) or (lower in words.NAME_PARTICLES and after.is_word):
                        run.append(token)
                        j += 1
                        continue
                if lower.startswith(("al-", "el-", "bin-")) and token.is_word:
                    run.append(token)
                    j += 1
                    continue
                break
            while run and run[-1].text.lower() in words.NAME_CONNECTORS:
                run.pop()
            if run:
                runs.append(run)
            i = j
        return runs

    @staticmethod
    def _ends_possessive(token: Token) -> bool:
        return token.text.endswith(("’s", "'s"))

    def _split(self, run: list[Token]) -> list[list[Token]]:
        """Split a run at connectors that join two names rather than make one."""
        for index, token in enumerate(run):
            lower = token.text.lower()
            if lower not in words.NAME_CONNECTORS or lower in words.NAME_PARTICLES or index == 0:
                continue
            left, right = run[:index], run[index + 1 :]
            while right and right[0].text.lower() == "the":
                right = right[1:]
            if not right:
                return [left]
            left_is_organisation = self._organisation_like(left)
            if lower == "and":
                if self._organisation_like(right) and not left_is_organisation and not self._place(left):
                    continue  # "Council of Popular and Indigenous Organizations of Honduras"
                return [left, *self._split(right)]
            if lower in ("of", "for", "to", "on", "against") and left_is_organisation:
                continue
            if lower == "the":
                continue
            return [left, *self._split(right)]
        return [run]

    def _words(self, run: list[Token]) -> list[str]:
        return [token.text.lower() for token in run]

    def _organisation_like(self, run: list[Token]) -> bool:
        lowered = self._words(run)
        if not lowered:
            return False
        last = _strip_possessive(lowered[-1])[0]
        return last in words.ORGANISATION_HEADS or lowered[0] in words.ORGANISATION_FIRSTS

    def _person_like(self, run: list[Token]) -> bool:
        return 2 <= len(run) <= 4 and all(
            token.text[0].isupper() and token.text.lower() not in words.COMMON for token in run
        )

    def _place(self, run: list[Token]) -> Place | None:
        return self.gazetteer.place(self.text[run[0].start : run[-1].end])

    def _classify(self, run: list[Token], sentence: Sentence) -> Mention | None:
        # Leading ordinary words ("The", "After", "On Friday") and titles go; demonyms are kept
        # as the actor's country.
        title, country = [], ""
        while run:
            lower = run[0].text.lower().rstrip(".")
            raw = _strip_possessive(run[0].text)[0]
            if len(run) > 1 and self.gazetteer.place(self.text[run[0].start : run[-1].end]):
                break
            if self._organisation_like(run) and lower not in words.FUNCTION_WORDS:
                break
            if lower in words.TITLES and len(run) > 1:
                title.append(run[0].text)
            elif self.gazetteer.demonym(raw) and (len(run) > 1 or not self.gazetteer.place(raw)):
                if not self._organisation_like(run):
                    country = country or self.gazetteer.demonym(raw)
                    if len(run) == 1:
                        return None
                else:
                    break
            elif lower in words.COMMON or run[0].text in ("I",):
                pass
            else:
                break
            run = run[1:]
        if not run:
            return None
        start, end = run[0].start, run[-1].end
        phrase, possessive = _strip_possessive(self.text[start:end])
        end = start + len(phrase)
        if _PARENS_ACRONYM.match(self.text, end) and len(run) > 1:
            acronym = _PARENS_ACRONYM.match(self.text, end).group(1)
            self.acronyms[acronym] = phrase
        mention = Mention(
            phrase, start, end, sentence.index, NAME, " ".join(title), country=country, possessive=possessive
        )
        mention.descriptor = self._descriptor(sentence, start)
        known = self.known_kind(phrase)
        if _strip_possessive(run[-1].text)[0].lower() in words.VENUE_HEADS and len(run) > 1 and not known:
            return None  # "the Ram Bar": where it happened, not who
        organisation = self.gazetteer.organisation(phrase)
        place = self.gazetteer.place(phrase)
        lowered = [_strip_possessive(word)[0] for word in self._words(run)]
        if organisation or known == ORGANISATION:
            mention.kind = ORGANISATION
        elif place and not title:
            mention.kind, mention.place = PLACE, place
        elif (
            self._organisation_like(run)
            and len(run) > 1
            or (lowered[-1] in words.ORGANISATION_HEADS and len(run) == 1 and lowered[-1] == "kremlin")
        ):
            mention.kind = ORGANISATION
        elif _ACRONYM.fullmatch(phrase) and len(run) == 1:
            mention.kind = ORGANISATION if phrase in self.acronyms or organisation else NAME
            if phrase in ("I", "A", "OK", "TV") or phrase.lower() in words.COMMON:
                return None
        elif (
            known == PERSON
            or self._person_like(run)
            and not any(word in words.ORGANISATION_HEADS for word in lowered)
        ):
            mention.kind = PERSON
        elif len(run) == 1 and lowered[0] not in words.COMMON:
            mention.kind = PERSON if title else NAME
        else:
            return None
        return mention

    def _descriptor(self, sentence: Sentence, start: int) -> str:
        before = [token for token in sentence.tokens if token.end <= start][-3:]
        return " ".join(token.text.lower() for token in before if token.is_word)

    # --- agents: "Chechen police", "a five-man vigilante mob", "his father" -------------------

    def agents(self, sentence: Sentence, taken: list[tuple[int, int]]) -> list[Mention]:
        tokens, found, i = sentence.tokens, [], 0
        lowered = [token.text.lower() for token in tokens]
        while i < len(tokens):
            head = None
            for width in (2, 1):
                candidate = " ".join(lowered[i : i + width])
                if i + width <= len(tokens) and candidate in words.AGENT_HEADS:
                    head = (candidate, width)
                    break
            follower = lowered[i + head[1]] if head and i + head[1] < len(tokens) else ""
            if (
                not head
                or follower in _NOT_AGENT_FOLLOWERS
                or any(s <= tokens[i].start < e for s, e in taken)
            ):
                i += 1
                continue
            mention = self._agent(sentence, i, *head)
            if mention:
                found.append(mention)
            i += head[1]
        return found

    def _agent(self, sentence: Sentence, index: int, head: str, width: int) -> Mention | None:
        tokens = sentence.tokens
        agent_type, state = words.AGENT_HEADS[head]
        first, country, possessor, relative = index, "", None, False
        modifiers = []
        while first > 0:
            token = tokens[first - 1]
            lower = token.text.lower()
            raw, possessive = _strip_possessive(token.text)
            if token.end != tokens[first].start - 1 or self.text[token.end] != " ":
                break
            if lower in ("his", "her", "their", "its") and agent_type in ("TRK-family", "110101000000"):
                relative = True
                first -= 1
                break
            if lower in words.AGENT_MODIFIERS or re.fullmatch(r"\d+|\w+-(?:man|member|strong)", lower):
                modifiers.append(lower)
                first -= 1
                continue
            if token.text[0].isupper() and (self.gazetteer.demonym(raw) or self.gazetteer.place(raw)):
                country = country or self.gazetteer.demonym(raw) or self.gazetteer.place(raw).country
                modifiers.append(lower)
                first -= 1
                continue
            if possessive and token.text[0].isupper():
                possessor = raw
            break
        if agent_type in ("TRK-family", "110101000000") and not relative:
            return None
        if head == "men" and not any(word not in ("the", "a", "an") for word in modifiers):
            return None
        if head in ("court", "judge") and not country:
            return None
        # Determiners say nothing about who it is; "the assailants" is still "assailants".
        while first < index and tokens[first].text.lower() in ("the", "a", "an"):
            first += 1
        start, end = tokens[first].start, tokens[index + width - 1].end
        phrase = self.text[start:end]
        if possessor:
            return None  # "Kadyrov's government": the possessor is the agent (see roles)
        return Mention(
            phrase,
            start,
            end,
            sentence.index,
            AGENT,
            country=country,
            agent_type=agent_type,
            state=state,
            relative=relative,
        )

    # --- counted groups: "at least 100 gay and bisexual men" -----------------------------------

    _NUMBER = re.compile(
        r"\b(?:(?P<qualifier>" + "|".join(sorted(words.QUALIFIERS, key=len, reverse=True)) + r")\s+)?"
        r"(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?: million|"
        r" thousand)?|a (?:hundred|thousand|million|dozen)|"
        r"one million|dozens|hundreds|thousands|"
        + "|".join(sorted((word for word in words.NUMBER_WORDS if " " not in word), key=len, reverse=True))
        + r")\b",
        re.IGNORECASE,
    )
    _GROUP_STOP = frozenset(
        "years year months month days day weeks week percent per than hours minutes times".split()
    )

    def groups(self, sentence: Sentence) -> list[Mention]:
        found = []
        tokens = sentence.tokens
        for match in self._NUMBER.finditer(sentence.text):
            end_of_number = sentence.start + match.end()
            following = [token for token in tokens if token.start >= end_of_number][:7]
            between, noun = [], None
            for token in following:
                lower = token.text.lower()
                if not token.is_word or lower in self._GROUP_STOP or lower.isdigit():
                    break
                if lower in words.PEOPLE_NOUNS or lower in words.VIOLATION_COUNT_NOUNS:
                    noun = token
                    break
                between.append(lower)
            if noun is None or len(between) > 5:
                continue
            count = _number(match.group("number"))
            qualifier = (
                words.QUALIFIERS.get((match.group("qualifier") or "").lower(), "exact") if count else ""
            )
            start = sentence.start + match.start()
            mention = Mention(
                self.text[start : noun.end],
                start,
                noun.end,
                sentence.index,
                GROUP,
                count=count,
                qualifier=qualifier,
            )
            mention.descriptor = " ".join(
                word for word in [*between, noun.text.lower()] if word not in ("of", "the")
            )
            found.append(mention)
        return found


def _number(text: str) -> int | None:
    text = text.lower().replace(",", "")
    if text in ("dozens", "hundreds", "thousands"):
        return None
    multiplier = 1
    for word, factor in (("million", 1_000_000), ("thousand", 1000)):
        if text.endswith(" " + word):
            text, multiplier = text[: -len(word) - 1], factor
    if text in words.NUMBER_WORDS:
        return words.NUMBER_WORDS[text] * multiplier
    try:
        return int(float(text) * multiplier)
    except ValueError:
        return None


def initials(name: str) -> str:
    return "".join(word[0] for word in re.findall(r"[^\W\d_][\w'’\-]*", name) if word[0].isupper())


class EntityIndex:
    """Gathers mentions into entities: a surname joins its full name, an acronym its expansion."""

    def __init__(self, acronyms: dict[str, str]) -> None:
        self.entities: list[Entity] = []
        self._by_key: dict[str, Entity] = {}
        self._surnames: dict[str, Entity] = {}
        self._acronyms = acronyms

    def add(self, mention: Mention) -> Entity:
        kind = ORGANISATION if mention.kind == NAME and mention.text in self._acronyms else mention.kind
        key = normalise(mention.canonical or mention.text)
        entity = self._find(mention, key, kind)
        if entity is None:
            entity = Entity(key, mention.canonical or mention.text, PERSON if kind == NAME else kind)
            entity.agent_type, entity.state = mention.agent_type, mention.state
            self.entities.append(entity)
            self._by_key[key] = entity
            if entity.kind == PERSON and " " in key:
                surname = key.split()[-1]
                self._surnames.setdefault(surname, entity)
                earlier = self._by_key.get(surname)
                if earlier is not None and earlier.kind == PERSON and earlier is not entity:
                    self._merge(earlier, into=entity)
        entity.add(mention)
        if entity.kind == ORGANISATION:
            self._by_key.setdefault(normalise(initials(entity.name)), entity)
        return entity

    def _merge(self, earlier: Entity, *, into: Entity) -> None:
        for mention in earlier.mentions:
            into.add(mention)
        self.entities.remove(earlier)
        for key, entity in list(self._by_key.items()):
            if entity is earlier:
                self._by_key[key] = into

    def _find(self, mention: Mention, key: str, kind: str) -> Entity | None:
        if key in self._by_key and (self._by_key[key].kind == kind or kind == NAME):
            return self._by_key[key]
        if kind in (PERSON, NAME) and key in self._surnames:
            return self._surnames[key]
        if kind == NAME and " " not in key:
            # "Gauri" after "Gauri Lankesh": a first name alone, when only one person has it.
            people = [
                e for e in self.entities if e.kind == PERSON and e.key.split()[0] == key and " " in e.key
            ]
            if len(people) == 1:
                return people[0]
        if kind in (ORGANISATION, NAME) and mention.text in self._acronyms:
            return self._by_key.get(normalise(self._acronyms[mention.text]))
        if kind in (ORGANISATION, NAME) and _ACRONYM.fullmatch(mention.text):
            return self._by_key.get(key)
        return None
