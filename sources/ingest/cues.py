"""The words that signal a violation or an advocacy response, and the vocabulary terms they map to.

Codes are those of seeds/vocabularies.yaml (HURIDOCS micro-thesauri, and TRK-… for the
project's own terms). A cue with no code still marks who acted and who suffered ("atrocities
committed by …"), without proposing a type.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cue:
    pattern: re.Pattern
    code: str | None
    # "verb": X did it to Y; "noun": the X of Y by Z; "passive-only": a participle ("found dead").
    form: str = "verb"


def _cues(table: list[tuple[str, str | None, str]]) -> list[Cue]:
    return [
        Cue(re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), code, form) for pattern, code, form in table
    ]


KILLING = "010101000000"
EXTRAJUDICIAL = "010101020000"
TORTURE = "020111110000"
ASSAULT = "020101000000"
THREATS = "020103010000"
DEATH_THREATS = "020103020000"
ARREST = "030101000000"
DETENTION = "030102000000"
DISAPPEARANCE = "030103000000"
ABDUCTION = "030104000000"
ROUNDUP = "030107000000"

VIOLATION_CUES = _cues(
    [
        (r"extra-?judicial(?:ly)? (?:killings?|executions?|executed|killed)", EXTRAJUDICIAL, "noun"),
        (r"summar(?:y|ily) execut(?:ed|ions?)", "010101010000", "noun"),
        (r"honou?r killings?", "TRK-honour-violence", "noun"),
        (
            r"attempted (?:to kill|murder|assassination)|assassination attempt|tried to kill",
            "010109000000",
            "verb",
        ),
        (
            r"shot (?:and killed|dead)|gunned down|stabbed to death|beaten to death|hacked to death",
            KILLING,
            "verb",
        ),
        (
            r"kill(?:ed|ing|s)?|murder(?:ed|ing|s)?|assassinat(?:ed|ion|ing)|slain|slaying|executed",
            KILLING,
            "verb",
        ),
        (r"killings|murders", KILLING, "noun"),
        (r"found dead|bod(?:y|ies) (?:was|were) found", KILLING, "passive-only"),
        (r"car bomb|bomb(?:ing)? (?:that )?killed", KILLING, "noun"),
        (r"tortur(?:e|ed|es|ing)", TORTURE, "verb"),
        (r"electric shocks?|waterboard(?:ed|ing)", TORTURE, "noun"),
        (r"rap(?:e|ed|ing)", "020111010000", "verb"),
        (r"sexual(?:ly)? (?:violence|assault(?:ed)?|abuse[d]?)", "020111030000", "verb"),
        (
            r"beat(?:en|ing|ings)?|assault(?:ed|s)?|attack(?:ed|s)?|ill-treat(?:ed|ment)|brutali[sz]ed|wounded|injured",
            ASSAULT,
            "verb",
        ),
        (r"death threats?|threatened to kill", DEATH_THREATS, "verb"),
        (r"threatened|(?<!bomb )threats?|intimidat(?:ed|ion)", THREATS, "verb"),
        (r"extort(?:ed|ion)", "130104000000", "verb"),
        (r"poison(?:ed|ing)", "010109000000", "verb"),
        (r"forced to out|forcibly outed|outed", "TRK-forced-outing", "verb"),
        (
            r"online (?:harassment|abuse|threats|smear)|harass(?:ed|ment)? online|trolling",
            "TRK-online-harassment",
            "verb",
        ),
        (r"harass(?:ed|ment|ing)", "020103000000", "verb"),
        (r"surveil(?:led|lance)|spyware|wiretapp(?:ed|ing)", "020103030000", "verb"),
        (r"wanted list", "TRK-wanted-listing", "noun"),
        (r"rounded up|round-?ups?|mass (?:arrests|detentions)", ROUNDUP, "verb"),
        (r"arrest(?:ed|s|ing)?", ARREST, "verb"),
        (
            r"detain(?:ed|ing|s)?|detentions?|imprison(?:ed|ment)|jail(?:ed)?|incarcerat(?:ed|ion)|held "
            r"(?:incommunicado|in custody|without charge)|behind "
            r"bars|sentenced to (?:\w+ )*?(?:years?|prison|jail)|"
            r"internment|interned|(?:detention|internment|re-?education|"
            r"political education) (?:camps?|centres?|centers?)",
            DETENTION,
            "verb",
        ),
        (r"enforced disappearances?|disappearances?", DISAPPEARANCE, "noun"),
        # Said of the one who vanished: "X disappeared", "X went missing".
        (
            r"forcibly disappeared|disappeared|whereabouts (?:remain |are )?unknown",
            DISAPPEARANCE,
            "passive-only",
        ),
        (
            r"kidnapp?(?:ed|ing|ings)?|abduct(?:ed|ion|ions|ing)|thrown "
            r"into a (?:vehicle|car|van)|bundled into|hijack(?:ed|ing)",
            ABDUCTION,
            "verb",
        ),
        (r"taken away", DISAPPEARANCE, "verb"),
        (r"(?:have|has|had) not been seen since|never seen again|missing", DISAPPEARANCE, "passive-only"),
        (r"raid(?:ed|s)?", "040101000000", "verb"),
        (r"deport(?:ed|ation)", "330101000000", "verb"),
        (r"lashes|flogg(?:ed|ing)", TORTURE, "noun"),
        (r"unfair trial|sham trial|closed-door trial|show trial", "350114000000", "noun"),
        (r"denied (?:access to )?(?:medical care|medical treatment)", "360102040000", "verb"),
        (
            r"(?:not allowed|denied (?:access to)?|without) (?:a |any )?(?:lawyer|legal counsel)",
            "350109000000",
            "noun",
        ),
        (
            r"opened fire on|fired (?:\w+ ){0,3}(?:shots|bullets|rounds) at|shot "
            r"at|convicted|plant(?:ed|ing) (?:\w+ ){0,2}bomb|detonat(?:ed|ing)",
            None,
            "verb",
        ),
        (
            r"atrocities|abuses?|persecution|crimes against humanity|crackdown|violence against|purge",
            None,
            "noun",
        ),
    ]
)

# All the cues in one pattern: one pass over a sentence instead of one per cue.
VIOLATION_PATTERN = re.compile(
    "|".join(f"(?P<c{index}>{cue.pattern.pattern})" for index, cue in enumerate(VIOLATION_CUES)),
    re.IGNORECASE,
)

# Phrases that turn a killing into a threat of one ("intended to murder", "would kill").
THREAT_CONTEXT = re.compile(
    r"\b(?:intend(?:ed|s)? to|plann(?:ed|ing) to|threaten(?:ed|s)? to|would|wanted to|vowed to)\s+$", re.I
)
HONOUR_THREAT = "TRK-honour-killing-threat"

# Failure to investigate or protect: who failed, for the involvement degree.
FAILED_TO_INVESTIGATE = re.compile(
    r"\b(?:refus(?:e|ed|es|ing) to (?:open|investigate|prosecute)|"
    r"fail(?:ed|s|ure)? to (?:investigate|prosecute|protect)|"
    r"lack of (?:a )?credible investigation|turn(?:ed|s)? (?:a )?blind eyes?|complacent|impunity)\b",
    re.I,
)

DEMAND_FOR_INVESTIGATION = "020100000000"
REQUEST = "010600000000"
STATEMENT = "TRK-public-statement"

ADVOCACY_CUES = _cues(
    [
        (
            r"filed (?:a |an )?(?:police report|report with (?:the "
            r")?police)|reported (?:it|the \w+) to (?:the )?police",
            "TRK-police-report",
            "verb",
        ),
        (
            r"provided (?:\w+ ){0,3}(?:with )?(?:shelter|a safe house|refuge)|sheltered|evacuated|relocated",
            "TRK-shelter",
            "verb",
        ),
        (r"resolution", "TRK-resolution", "noun"),
        (r"projected|projection", "TRK-projection", "verb"),
        (
            r"protest(?:ed|s|ing)?|demonstrat(?:ed|ion|ions)|rall(?:y|ied)|held a vigil|marched",
            "TRK-protest",
            "verb",
        ),
        (
            r"condemn(?:ed|s|ing)?|denounc(?:ed|es|ing)|deplor(?:ed|es)|blast(?:ed|s)",
            "TRK-condemnation",
            "verb",
        ),
        (
            r"den(?:ied|ies|y)|called (?:the )?allegations|dismissed (?:the )?(?:allegations|"
            r"reports|accusations)|rejected (?:the )?(?:allegations|accusations|findings|report)",
            "TRK-official-denial",
            "verb",
        ),
        (
            r"call(?:ed|s|ing)? (?:for|on)|urg(?:ed|es|ing)|demand(?:ed|s|ing)?|"
            r"appeal(?:ed|s|ing)? (?:to|for)|press(?:ed|ing)? for|ask(?:ed|s|ing)",
            REQUEST,
            "verb",
        ),
        (
            r"filed (?:a |an )?(?:complaint|lawsuit|petition|"
            r"case)|sued|took (?:\w+ ){0,3}to court|legal action",
            "020200000000",
            "verb",
        ),
        (
            r"documented|published (?:a |its )?report|report(?:ed)? (?:found|concluded)|found|concluded",
            "020300000000",
            "verb",
        ),
        (
            r"said|says|told|stated|added|wrote|tweeted|warned|alleged|echo(?:es|"
            r"ed)|welcom(?:ed|es)|called (?:it|the \w+) an?|in a statement|statement",
            STATEMENT,
            "verb",
        ),
    ]
)

ADVOCACY_PATTERN = re.compile(
    r"(?<![\w'’-])(?=\w)(?:"
    + "|".join(f"(?P<c{i}>{cue.pattern.pattern})" for i, cue in enumerate(ADVOCACY_CUES))
    + ")",
    re.IGNORECASE,
)

# Verbs after which the next noun phrase is the one called upon ("urged Trump to …").
ADDRESSEE_CUES = re.compile(
    r"\b(?:call(?:ed|s|ing)? on|urg(?:ed|es|ing)|ask(?:ed|"
    r"s|ing)|press(?:ed|ing)?|appeal(?:ed|s|ing)? to)\s+$",
    re.I,
)
# Where what was asked for begins.
DEMAND_START = re.compile(
    r"\b(?:call(?:ed|s|ing)? for|demand(?:ed|s|ing)?|appeal(?:ed|s|ing)? for|press(?:ed|ing)? for|to)\s+",
    re.I,
)

# Who stands accused: "X was charged with", "found X guilty of", "X pleaded guilty".
SUSPECT = re.compile(
    r"\b(?:charged (?:[\w’'\-]+ ){0,8}?with|accused of|suspected of|convicted of|guilty "
    r"of|pleaded guilty|arrested (?:for|over|in connection with)|"
    r"complicity in|found (?:\w+ ){1,4}guilty)",
    re.I,
)
