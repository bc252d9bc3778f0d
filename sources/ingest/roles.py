"""Who did what to whom, and who responded: roles read from the words around each cue.

A violation cue ("detained", "the killing of") has an agent (the subject of an active verb,
"by …" after a passive one or a noun, "X's government") and a patient (the object of an active
verb, the subject of a passive one, "of …" after a noun). An advocacy cue ("urged", "filed a
police report", "said") has an actor, maybe someone it called on, and what it asked for.
"""

import re
from dataclasses import dataclass, field

from sources.ingest import cues, words
from sources.ingest.entities import AGENT, GROUP, NAME, ORGANISATION, PERSON, Entity, Mention
from sources.ingest.text import Sentence

PRONOUN = "pronoun"
ANAPHOR = "anaphor"

DIRECT = "010100000000"
ORDERED = "010200000000"
FAILED_TO_INVESTIGATE = "TRK-failed-to-investigate"
SUSPECTED = "010600000000"

_PASSIVE_BEFORE = re.compile(
    r"\b(?:was|were|been|being|be|is|are|got|get|gets|getting)\s+"
    r"(?:(?:\w+ly|\w+(?:ed|en)|beat|thrown|held|shot|and|or|also|not|then|reportedly|allegedly|later|,)\s*)*$",
    re.I,
)
_CLAUSE_BREAK = re.compile(
    r"[;:“”\"()]|\.\s|\b(?:that|which|who|whom|whose|after|before|while|when|because|although|though|but|said|says|"
    r"if|whether|where|following|despite)\b",
    re.I,
)
_NOUN_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|his|her|their|its|this|these|those|such|of|multiple|similar|other)|['’]s)\s+(?:[\w\-]+\s+){0,2}$",
    re.I,
)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:about|of|on|against|for|after|over|amid|despite|into|from|with|without|following)\s+"
    r"(?:(?:the|a|an|his|her|their|its|systematic|mass|multiple|similar|other|brutal|alleged|violent)\s+){0,2}$",
    re.I,
)
_BY_AGENT = re.compile(r"(?:[^.;:“”\"]{0,60}?)\b(?:by|at the hands of)\s+", re.I)
_OF_PATIENT = re.compile(r"\s+(?:[\w\-]+\s+){0,2}?(?:of|on|against)\s+", re.I)
_ORDERING_HEADS = re.compile(
    r"['’]s?\s+(?:\w+\s+)?(?:government|regime|administration|"
    r"forces|men|security forces|police|troops|militia|people)\b",
    re.I,
)
_PRONOUNS = re.compile(r"\b(?:he|him|she|her|they|them)\b", re.I)
ANAPHORS = re.compile(
    r"\b[Tt]he (?:[\w’'\-]+ ){0,4}?(?:group|organi[sz]ation|network|"
    r"NGO|charity|watchdog|campaign|coalition|company|firm)\b"
)
_UNNAMED_ACTORS = re.compile(
    r"((?:[\w’'\-]+ ){0,3}(?:advocates|activists|protesters|"
    r"protestors|demonstrators|groups|organi[sz]ations|campaigners|"
    r"supporters|residents|relatives|families|family|parents|widow|wife|husband|mother|father|sister|brother|"
    r"lawyers?|journalists|students|watchdogs|"
    r"NGOs|rights groups))\s+(?:(?:are|were|have|has|had|also|then|later)\s+)*$",
    re.I,
)
_APPOSITIVE = re.compile(
    r",\s+(?:who|which|whose|a|an|the|one|[a-z]+ed)\b[^,;.]*(?:,[^,;.]*)?,\s*(?:(?:was|were|had|has|have|is|are|also|then|later)\s+)*"
)
# "the failure by both Russian leaders and the U.S. to condemn": what was not done.
_NEGATED = re.compile(
    r"\b(?:fail(?:ed|ure|s)?|refus(?:ed|al|es)|unwilling|reluctan(?:t|ce)|declined)\b[^.;]{0,60}\bto\s+$",
    re.I,
)
_SUSPECT_BREAK = re.compile(
    r"[;:“”\"]|\b(?:that|which|whom|after|before|while|when|because|although|but|said|says|if|whether)\b",
    re.I,
)
_THREAT_ANYWHERE = re.compile(cues.THREAT_CONTEXT.pattern.replace(r"\s+$", r"\s+"), re.I)
_INSTITUTION_AFTER = re.compile(
    r"['’]s?\s+(?:[a-z]+\s+)?(?:mission|government|embassy|ministry|authorities|delegation|spokesman|spokeswoman|"
    r"spokesperson|president|leader|prosecutors?|police|foreign ministry|office|parliament|army|officials)\b",
    re.I,
)
# Bodies that judge or govern are not read as the doers of a violation from proximity alone.
_NOT_SUSPECTED_WITHOUT_WORDS = frozenset({"010300000000", "010100000000", "010101000000"})
_SPEECH_AFTER = re.compile(r"^\s*(?:,\s*)?(?:said|says|told|added|wrote|stated)\b", re.I)
_SPEAKER_AFTER = re.compile(r"^\s+(?:[a-z]+\s+){0,3}$")
_ACCORDING = re.compile(r"\baccording to\s+$", re.I)
_DEMAND_END = re.compile(r"[.;”\"]|,\s+(?:said|says|the|he|she|it|they)\b|\s+(?:said|says)\b")

_ADVOCACY_PRIORITY = [
    "TRK-police-report",
    "TRK-shelter",
    "TRK-resolution",
    "TRK-projection",
    "TRK-protest",
    "TRK-official-denial",
    cues.DEMAND_FOR_INVESTIGATION,
    "020200000000",
    "020300000000",
    "TRK-condemnation",
    cues.REQUEST,
    cues.STATEMENT,
]


@dataclass(eq=False)
class Involvement:
    entity: Entity
    degree: str
    mention: Mention


@dataclass(eq=False)
class Act:
    """One violation cue, with the victims and perpetrators read around it."""

    code: str | None
    phrase: str
    start: int
    end: int
    sentence: Sentence
    patients: list[Mention] = field(default_factory=list)
    agents: list[Involvement] = field(default_factory=list)


@dataclass(eq=False)
class Response:
    code: str
    phrase: str
    start: int
    end: int
    sentence: Sentence
    actors: list[Mention] = field(default_factory=list)
    actor_description: str = ""
    addressees: list[Mention] = field(default_factory=list)
    addressee_description: str = ""
    demands: str = ""
    speaker: Mention | None = None


class RoleReader:
    def __init__(
        self, text: str, sentences: list[Sentence], mentions: list[Mention], organisations: set[str]
    ) -> None:
        self.text = text
        self.sentences = sentences
        self.mentions = sorted(mentions, key=lambda mention: mention.start)
        self.state_organisations = organisations
        self._by_sentence: dict[int, list[Mention]] = {}
        for mention in self.mentions:
            self._by_sentence.setdefault(mention.sentence, []).append(mention)
        self._persons = [
            m for m in self.mentions if m.entity is not None and m.entity.kind == PERSON and not m.relative
        ]
        self._organisations = [
            m for m in self.mentions if m.entity is not None and m.entity.kind == ORGANISATION
        ]

    # --- resolution of pronouns and "the group" ----------------------------------------------

    def person_before(self, position: int, exclude: set | None = None) -> Mention | None:
        exclude = exclude or set()
        for mention in reversed(self._persons):
            if mention.start < position and mention.entity not in exclude:
                return mention
        return None

    def organisation_before(self, position: int) -> Mention | None:
        for mention in reversed(self._organisations):
            if mention.start < position:
                return mention
        return None

    def pronouns(self, sentence: Sentence) -> list[Mention]:
        found = []
        for match in _PRONOUNS.finditer(sentence.text):
            start = sentence.start + match.start()
            found.append(Mention(match.group(), start, start + len(match.group()), sentence.index, PRONOUN))
        return found

    def anaphors(self, sentence: Sentence) -> list[Mention]:
        found = []
        for match in ANAPHORS.finditer(sentence.text):
            start = sentence.start + match.start()
            antecedent = self.organisation_before(start)
            if antecedent is None:
                continue
            mention = Mention(match.group(), start, start + len(match.group()), sentence.index, ANAPHOR)
            mention.entity = antecedent.entity
            found.append(mention)
        return found

    def _resolve(self, mention: Mention, exclude: set) -> Mention | None:
        """The mention a pronoun stands for; other mentions stand for themselves."""
        if mention.kind != PRONOUN:
            return mention
        if mention.text.lower() in ("they", "them"):
            return None
        return self.person_before(mention.start, exclude)

    # --- violations ---------------------------------------------------------------------------

    def acts(self, sentence: Sentence, extra: list[Mention]) -> list[Act]:
        around = sorted(
            [*self._by_sentence.get(sentence.index, []), *extra], key=lambda mention: mention.start
        )
        names = [(m.start, m.end) for m in around if m.kind in (PERSON, ORGANISATION)]
        hits = _hits(cues.VIOLATION_CUES, cues.VIOLATION_PATTERN, sentence, names)
        threat = bool(_THREAT_ANYWHERE.search(sentence.text))
        suspects = self._suspects(sentence, around)
        acts = []
        for start, end, cue in sorted(hits, key=lambda hit: hit[0]):
            code = cue.code
            # The words just before the cue are enough, and keep end-anchored patterns cheap.
            before = self.text[max(sentence.start, start - 150) : start]
            if code in (cues.KILLING, "TRK-honour-violence") and threat:
                code = (
                    cues.HONOUR_THREAT if re.search(r"honou?r", sentence.text, re.I) else cues.DEATH_THREATS
                )
            act = Act(code, self.text[start:end], start, end, sentence)
            passive = cue.form == "passive-only" or bool(_PASSIVE_BEFORE.search(before))
            noun = not passive and (
                cue.form == "noun"
                or self.text.startswith(" of ", end)
                or bool(_PREPOSITION_BEFORE.search(before))
            )
            if (
                not noun
                and not passive
                and " " not in act.phrase
                and not re.search(r"(?:ed|up|en)$", act.phrase, re.I)
            ):
                noun = bool(_NOUN_BEFORE.search(before))
            self._agents(act, around, noun=noun, passive=passive)
            if not act.agents and (passive or noun) and act.code is not None:
                # "a team of 15 Saudi agents flew to Turkey …, and the journalist was killed"
                agent = next(
                    (
                        m
                        for m in around
                        if m.kind == AGENT
                        and m.entity is not None
                        and m.agent_type not in _NOT_SUSPECTED_WITHOUT_WORDS
                        and not _SPEECH_AFTER.match(self.text, m.end)
                        and m.end <= act.start
                        and not cues.ADDRESSEE_CUES.search(self.text, sentence.start, m.start)
                    ),
                    None,
                )
                if agent is not None:
                    act.agents.append(Involvement(agent.entity, SUSPECTED, agent))
            self._patients(act, around, noun=noun, passive=passive)
            if suspects and act.code in (cues.ARREST, cues.DETENTION):
                # The accused are arrested, not wronged; others arrested with them still are.
                accused = {m.entity for m in suspects}
                act.patients = [
                    p for p in act.patients if p.entity not in accused and p.kind != GROUP or p.count
                ]
            act.patients = [p for p in act.patients if not _state_rank(p)]
            acts.append(act)
        if suspects:
            act = Act(None, "", sentence.start, sentence.start, sentence)
            act.agents = [Involvement(m.entity, SUSPECTED, m) for m in suspects]
            acts.append(act)
        for match in cues.FAILED_TO_INVESTIGATE.finditer(sentence.text):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            act = Act(None, match.group(), start, end, sentence)
            by = self._after_by(end, around)
            subject = by or self._left(start, around, kinds=(PERSON, ORGANISATION, AGENT, NAME, ANAPHOR))
            if subject and subject.entity is not None:
                act.agents.append(Involvement(subject.entity, FAILED_TO_INVESTIGATE, subject))
                acts.append(act)
        return acts

    def _suspects(self, sentence: Sentence, around: list[Mention]) -> list[Mention]:
        """Those the sentence says stand accused: 'X was charged with', 'found X guilty of'."""
        found: list[Mention] = []
        kinds = (PERSON, NAME, AGENT)
        for match in cues.SUSPECT.finditer(sentence.text):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            if match.group().lower().startswith(("found", "charged ")) and " " in match.group().strip()[8:]:
                # "found X guilty", "charged X with": the accused are named inside.
                accused = [
                    m
                    for m in around
                    if start < m.start
                    and m.end < end
                    and m.kind in (*kinds, ORGANISATION)
                    and not m.possessive
                ]
            else:
                # Everyone named in the subject: "Three men, the brothers A and B and C, were charged".
                accused = [
                    m
                    for m in around
                    if m.end <= start
                    and m.kind in kinds
                    and not _SUSPECT_BREAK.search(self.text, m.end, start)
                ]
            found += [m for m in accused if m.entity is not None and m not in found]
        # "sentenced Police Officer 3 Arnel Oares, …": named state agents in the dock.
        if found or re.search(r"\b(?:sentenced|convicted|acquitted|on trial)\b", sentence.text, re.I):
            found += [
                m
                for m in around
                if m.kind in (PERSON, NAME) and _state_rank(m) and m.entity is not None and m not in found
            ]
        return found

    def _after_by(self, position: int, around: list[Mention]) -> Mention | None:
        match = _BY_AGENT.match(self.text, position)
        if not match:
            return None
        begin = match.end()
        for mention in around:
            if begin <= mention.start <= begin + 25 and mention.kind in (
                PERSON,
                ORGANISATION,
                AGENT,
                NAME,
                ANAPHOR,
            ):
                return mention
        return None

    def _left(self, position: int, around: list[Mention], *, kinds: tuple) -> Mention | None:
        """The nearest mention before `position` in the same clause; an appositive in between
        ("Castro, who was staying with her, was wounded") is stepped over."""
        sentence = self.sentences[around[0].sentence] if around else None
        skip = None
        if sentence is not None:
            match = _APPOSITIVE.search(self.text, sentence.start, position)
            if match and match.end() == position:
                skip = (match.start(), match.end())
        for mention in reversed(around):
            if mention.end > position or mention.kind not in kinds:
                continue
            if skip and skip[0] <= mention.start < skip[1]:
                continue
            between = (
                self.text[mention.end : skip[0]] + self.text[skip[1] : position]
                if skip and mention.end <= skip[0]
                else self.text[mention.end : position]
            )
            if _CLAUSE_BREAK.search(between):
                return None
            return mention
        return None

    def _coordinated(self, first: Mention, around: list[Mention], kinds: tuple) -> list[Mention]:
        """'the State Department and the U.S. Senate condemned': both."""
        found = [first]
        for mention in reversed(around):
            if mention.end <= found[-1].start and mention.kind in kinds:
                between = self.text[mention.end : found[-1].start].strip().lower()
                if between in ("and", ", and", ",", "and the", ", and the", "or", "and its"):
                    found.append(mention)
                    continue
                if mention.end <= found[-1].start:
                    break
        return found

    def _agents(self, act: Act, around: list[Mention], *, noun: bool, passive: bool) -> None:
        kinds = (PERSON, ORGANISATION, AGENT, NAME, ANAPHOR)
        agent = self._after_by(act.end, around)
        degree = DIRECT
        if agent is None and not noun and not passive:
            position = act.start
            while True:
                agent = self._left(position, around, kinds=kinds)
                if agent is None or not agent.possessive:
                    break
                if _ORDERING_HEADS.match(self.text, agent.end):
                    degree = ORDERED  # "Kadyrov's government rounded up"
                    break
                position = agent.start  # "Police in Uganda's capital arrested": look further back
        if agent is None or agent.entity is None:
            return
        for mention in self._coordinated(agent, around, kinds) if not noun else [agent]:
            if mention.entity is not None:
                act.agents.append(Involvement(mention.entity, degree, mention))

    def _patients(self, act: Act, around: list[Mention], *, noun: bool, passive: bool) -> None:
        kinds = (PERSON, GROUP, NAME, PRONOUN)
        agents = {involvement.entity for involvement in act.agents}
        patient = None
        for mention in around:
            if mention.kind == GROUP and mention.start <= act.start and act.end <= mention.end:
                patient = mention  # "at least four other similar kidnappings"
        if patient is None and noun:
            before = [m for m in around if m.end <= act.start and m.possessive and m.kind in (PERSON, NAME)]
            if before and not self.text[before[-1].end : act.start].strip("’'s "):
                patient = before[-1]
            match = _OF_PATIENT.match(self.text, act.end)
            if patient is None and match:
                patient = next(
                    (m for m in around if match.end() <= m.start <= match.end() + 40 and m.kind in kinds),
                    None,
                )
        elif patient is None and passive:
            patient = self._left(act.start, around, kinds=kinds)
            if patient is None:
                # "After being beaten … by Chechen police, he fled": the subject comes after.
                patient = next(
                    (m for m in around if m.start > act.end and m.kind in (PRONOUN, PERSON, NAME)), None
                )
        elif patient is None:
            for mention in around:
                if mention.start < act.end or mention.kind not in (*kinds, AGENT):
                    continue
                if _CLAUSE_BREAK.search(self.text[act.end : mention.start]) or mention.start - act.end > 90:
                    break
                if mention.kind in kinds and mention.entity not in agents:
                    patient = mention
                break
        if patient is None:
            return
        resolved = self._resolve(patient, agents)
        if resolved is not None and (resolved.entity is None or resolved.entity not in agents):
            act.patients.append(resolved)

    # --- advocacy -----------------------------------------------------------------------------

    def responses(self, sentence: Sentence, extra: list[Mention]) -> list[Response]:
        around = sorted(
            [*self._by_sentence.get(sentence.index, []), *extra], key=lambda mention: mention.start
        )
        names = [(m.start, m.end) for m in around if m.kind in (PERSON, ORGANISATION, NAME)]
        hits = _hits(cues.ADVOCACY_CUES, cues.ADVOCACY_PATTERN, sentence, names)
        responses, demanded_until = [], -1
        for start, end, cue in sorted(hits, key=lambda hit: hit[0]):
            if start < demanded_until or _NEGATED.search(self.text, sentence.start, start):
                continue
            response = Response(cue.code, self.text[start:end], start, end, sentence)
            self._actors(response, around, noun=cue.form == "noun")
            if cue.code in (
                cues.REQUEST,
                "TRK-condemnation",
                "TRK-projection",
                "TRK-protest",
                cues.STATEMENT,
            ):
                demanded_until = self._demands(response, around)
            if response.actors or response.actor_description:
                responses.append(response)
        return _merge_responses(responses)

    def _actors(self, response: Response, around: list[Mention], *, noun: bool) -> None:
        kinds = (PERSON, ORGANISATION, NAME, ANAPHOR, AGENT)
        actor = None
        if response.code == cues.STATEMENT:
            actor = self._speaker(response, around)
        if actor is None and noun:
            before = [m for m in around if m.end <= response.start and m.kind in (ORGANISATION, NAME)]
            if before and len(self.text[before[-1].end : response.start]) <= 40:
                actor = before[-1]
        if actor is None and not noun:
            actor = self._left(response.start, around, kinds=kinds)
            if actor is not None and actor.possessive and not _INSTITUTION_AFTER.match(self.text, actor.end):
                actor = None  # "Regeni's parents said": not Regeni; but "China's mission" is China
        if actor is None:
            # "LGBTQ advocates protested": unnamed, but said who.
            match = _UNNAMED_ACTORS.search(self.text[response.sentence.start : response.start])
            if match:
                response.actor_description = match.group(1)
            return
        if actor.kind == AGENT and not actor.country:
            response.actor_description = actor.text
            return
        chosen = self._coordinated(actor, around, kinds) if not noun else [actor]
        for mention in chosen:
            affiliation = self._affiliation(mention, around)
            if affiliation is not None:
                response.speaker = response.speaker or mention
                mention = affiliation
            if mention.entity is not None and all(m.entity is not mention.entity for m in response.actors):
                response.actors.append(mention)

    def _speaker(self, response: Response, around: list[Mention]) -> Mention | None:
        for mention in around:
            if mention.start >= response.end and _SPEAKER_AFTER.match(
                self.text[response.end : mention.start]
            ):
                if mention.kind in (PERSON, ORGANISATION, NAME, ANAPHOR):
                    return mention
            if mention.start >= response.end:
                break
        for mention in reversed(around):
            if mention.end <= response.start:
                if _ACCORDING.search(self.text[response.sentence.start : mention.start]):
                    return mention
                if mention.kind in (PERSON, ORGANISATION, NAME, ANAPHOR) and re.fullmatch(
                    r"\)?\s*(?:,\s*)?(?:also\s+|later\s+|then\s+|has\s+|had\s+|have\s+)?",
                    self.text[mention.end : response.start],
                ):
                    return mention
                break
        return None

    def _affiliation(self, mention: Mention, around: list[Mention]) -> Mention | None:
        """'Marc Behrendt of Freedom House', "Amnesty's director X": the organisation speaks."""
        if mention.kind not in (PERSON, NAME):
            return None
        for other in around:
            if other.kind != ORGANISATION:
                continue
            between = self.text[mention.end : other.start]
            if other.start >= mention.end and re.fullmatch(
                r",?\s+(?:of|from|at|with|for)\s+(?:the\s+)?", between
            ):
                return other
            between = self.text[other.end : mention.start]
            if other.end <= mention.start and re.fullmatch(
                r"['’]s\s+(?:[a-z\-]+\s+){0,4}|\s+(?:[a-z\-]+\s+){1,4}", between
            ):
                return other
        return None

    def _demands(self, response: Response, around: list[Mention]) -> int:
        """Reads whom the response called on and what it asked for; returns where that ends."""
        position = response.end
        if re.search(r"\bfor$", response.phrase, re.I):
            # "calling for a full investigation": what follows is the demand itself.
            stop = _DEMAND_END.search(self.text, position, response.sentence.end)
            end = stop.start() if stop else response.sentence.end
            response.demands = self.text[position:end].strip(" ,")[:300]
            if re.search(r"investigat|inquiry|probe", response.demands, re.I):
                response.code = cues.DEMAND_FOR_INVESTIGATION
            return end
        if response.code == cues.REQUEST:
            after = [m for m in around if m.start >= position and m.start - position <= 8]
            if after and after[0].kind in (PERSON, ORGANISATION, NAME, AGENT):
                response.addressees.append(after[0])
                position = after[0].end
            else:
                match = re.match(
                    r"\s+((?:the |all )?(?:[\w’'\-]+ ){0,4}?[\w’'\-]+)\s+to\s", self.text[position:]
                )
                if match and not re.match(r"\s+(?:for|an?|that)\b", self.text[position:]):
                    response.addressee_description = match.group(1)
                    position += match.end(1)
        start_match = cues.DEMAND_START.search(self.text, position, min(position + 40, response.sentence.end))
        if (
            not start_match
            or response.code != cues.REQUEST
            and not start_match.group().lower().startswith(("call", "demand"))
        ):
            return response.end
        begin = start_match.end()
        stop = _DEMAND_END.search(self.text, begin, response.sentence.end)
        end = stop.start() if stop else response.sentence.end
        response.demands = self.text[begin:end].strip(" ,")[:300]
        if re.search(r"investigat|inquiry|probe", response.demands, re.I) and response.code == cues.REQUEST:
            response.code = cues.DEMAND_FOR_INVESTIGATION
        return end


def _hits(table: list, pattern: re.Pattern, sentence: Sentence, names: list[tuple[int, int]]) -> list[tuple]:
    """The cues of a sentence, leftmost first (at one place, the earlier cue of the table wins),
    leaving out words that are part of a name ("Committee to Protect Journalists")."""
    hits = []
    for match in pattern.finditer(sentence.text):
        start, end = sentence.start + match.start(), sentence.start + match.end()
        if not any(s < end and start < e for s, e in names):
            hits.append((start, end, table[int(match.lastgroup[1:])]))
    return hits


def _state_rank(mention: Mention) -> bool:
    return mention.kind in (PERSON, NAME) and any(
        word in words.STATE_RANKS for word in mention.descriptor.split()[-2:]
    )


def _merge_responses(responses: list[Response]) -> list[Response]:
    """One response per actor and sentence: the most specific kind wins."""
    kept: dict[tuple, Response] = {}
    for response in responses:
        actors = tuple(sorted(id(mention.entity) for mention in response.actors)) or (
            response.actor_description,
        )
        key = (response.sentence.index, actors)
        current = kept.get(key)
        if current is None or _ADVOCACY_PRIORITY.index(response.code) < _ADVOCACY_PRIORITY.index(
            current.code
        ):
            if current is not None:
                response.addressees = response.addressees or current.addressees
                response.demands = response.demands or current.demands
                response.speaker = response.speaker or current.speaker
            kept[key] = response
        else:
            current.addressees = current.addressees or response.addressees
            current.demands = current.demands or response.demands
            current.speaker = current.speaker or response.speaker
    return list(kept.values())
