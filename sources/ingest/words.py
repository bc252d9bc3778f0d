"""Word lists that tell names from ordinary words, and say what a noun phrase stands for.

They describe English news prose in general, not any one article: titles before names,
the nouns that end organisation names, the nouns for state forces and families, the nouns
that count people.
"""

# Words that start sentences but never start a name.
FUNCTION_WORDS = frozenset(
    """a about above according across after afterwards again against all almost along already also although
    always among an and another any anyone anything are around as at away back be because been before
    being below beside besides between both but by can cannot could despite did do does doing done down
    during each earlier early either else elsewhere enough even ever every everyone everything except far
    few following for former from further had has have having he her here hers herself him himself his how
    however i if in including indeed inside instead into is it its itself just last late later latest least
    less like many may me meanwhile might mine more moreover most much must my myself neither never
    nevertheless next no nobody none nor not nothing now nowhere of off often on once one only onto or
    other others otherwise our ours ourselves out over own per perhaps rather same several she should
    since so some someone something sometimes soon still such than that the their theirs them themselves
    then there thereafter therefore these they this those though through throughout thus to together too
    toward towards under unless unlike until up upon us very via was we well were what whatever when
    whenever where whereas wherever whether which while who whoever whole whom whose why will with within
    without would yet you your yours yourself yourselves""".split()
)

# Capitalised at the start of a sentence, or inside a name, but never a name on their own.
COMMON = FUNCTION_WORDS | frozenset(
    """today yesterday tomorrow tonight according asked said says told added read share tags news more latest
    help stop investigate bring silence trump's following instead this that these those there here
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december
    mr mrs ms dr sir madam
    mass human rights lgbt lgbtq lgbtqi lgbti gay lesbian bisexual trans queer muslim muslims christian
    christians islamic jewish catholic indigenous black white
    police army government state authorities officials security forces court prison ministry""".split()
)

# Titles and offices written before a name: "President Vladimir Putin", "Judge Mohammad Moghiseh".
TITLES = frozenset(
    """president vice prime minister deputy crown prince princess king queen sheikh emir sultan general gen
    colonel col major maj captain capt lieutenant lt sergeant sgt officer corporal private commander
    admiral judge justice senator sen representative rep governor gov mayor chancellor ambassador
    secretary chairman chairwoman chair director spokesman spokeswoman spokesperson rapporteur
    commissioner prosecutor attorney ombudsman ombudsperson inspector superintendent chief head leader
    mr mrs ms dr prof professor father sister brother imam rabbi reverend rev bishop archbishop pope saint
    st mp patrolman po1 po2 po3 spo1 spo2 police""".split()
)

# Lower-case words before a name that say who the person is ("journalist Gauri Lankesh").
VICTIM_DESCRIPTORS = frozenset(
    """survivor victim detainee prisoner hostage captive student students defender activist journalist
    reporter blogger lawyer teenager boy girl""".split()
)

# Last words of organisation names.
ORGANISATION_HEADS = frozenset(
    """network watch campaign house assembly council ministry department police army forces force guard
    guards service services committee commission court union federation foundation institute institution
    centre center party office agency bureau brigade battalion regiment unit front movement alliance
    association society coalition international project group organization organisation parliament
    senate congress government authority directorate secretariat tribunal embassy consulate mission
    nations borders journalists fund bank league church university college corporation company times
    post news press radio television tv cartel chamber board trust initiative defenders
    prosecutor's prosecutors kremlin navy gendarmerie militia cabinet presidency administration
    observatory monitor clinic hospital school academy""".split()
)

# First words of organisation names ("Ministry of Interior", "Office of the …").
ORGANISATION_FIRSTS = frozenset(
    """ministry office department committee commission council court union federation association society
    centre center institute university bureau directorate secretariat assembly parliament mothers
    friends coalition league national international supreme constitutional federal""".split()
)

# Connectors allowed inside a name ("Committee to Protect Journalists", "Mohammed bin Salman").
NAME_CONNECTORS = frozenset(
    (
        "of the for to and on against in de del della la le las los y da do dos das du van von der den "
        "bin bint ibn al el abu ould delos dela di ter ten"
    ).split()
)
NAME_PARTICLES = frozenset(
    (
        "de del della la le da do dos das du van von der den bin bint ibn al el abu ould delos dela di "
        "ter ten y"
    ).split()
)

# Nouns for those who act for a state or for themselves, with their HURIDOCS perpetrator type
# (seeds/vocabularies.yaml, list 24) and whether they act for a state.
AGENT_HEADS: dict[str, tuple[str, bool]] = {
    "police": ("010104000000", True),
    "police officers": ("010104000000", True),
    "police officer": ("010104000000", True),
    "policemen": ("010104000000", True),
    "officers": ("010104000000", True),
    "officer": ("010104000000", True),
    "soldiers": ("010103000000", True),
    "troops": ("010103000000", True),
    "army": ("010103000000", True),
    "military": ("010103000000", True),
    "marines": ("010103000000", True),
    "security forces": ("010103000000", True),
    "security services": ("010106000000", True),
    "security agents": ("010106000000", True),
    "intelligence agents": ("010106000000", True),
    "intelligence officers": ("010106000000", True),
    "agents": ("010106000000", True),
    "forces": ("010103000000", True),
    "authorities": ("010100000000", True),
    "government": ("010100000000", True),
    "regime": ("010100000000", True),
    "officials": ("010101000000", True),
    "prison guards": ("010105000000", True),
    "guards": ("010105000000", True),
    "prosecutors": ("010300000000", True),
    "judge": ("010300000000", True),
    "court": ("010300000000", True),
    "gunmen": ("990000000000", False),
    "assailants": ("990000000000", False),
    "attackers": ("990000000000", False),
    "killers": ("990000000000", False),
    "hitmen": ("990000000000", False),
    "kidnappers": ("990000000000", False),
    "abductors": ("990000000000", False),
    "captors": ("990000000000", False),
    "men": ("990000000000", False),
    "mob": ("TRK-vigilante-group", False),
    "vigilantes": ("TRK-vigilante-group", False),
    "militia": ("020101000000", False),
    "militiamen": ("020101000000", False),
    "militants": ("020200000000", False),
    "paramilitaries": ("020101000000", False),
    "death squad": ("020102000000", False),
    "death squads": ("020102000000", False),
    "cartel": ("029000000000", False),
    "gang": ("029000000000", False),
    "father": ("TRK-family", False),
    "mother": ("TRK-family", False),
    "brother": ("TRK-family", False),
    "brothers": ("TRK-family", False),
    "uncle": ("TRK-family", False),
    "cousin": ("TRK-family", False),
    "cousins": ("TRK-family", False),
    "husband": ("110101000000", False),
    "relatives": ("TRK-family", False),
    "family": ("TRK-family", False),
}

# Modifiers that may stand before an agent noun ("a five-man vigilante mob", "local police").
AGENT_MODIFIERS = frozenset(
    """the a an his her their its local federal state municipal regional national city provincial district
    armed masked unidentified unknown plainclothes plain-clothes uniformed off-duty riot traffic secret
    security military special elite vigilante rogue corrupt several two three four five six seven eight
    nine ten dozen dozens some other own""".split()
)

# Nouns that count people ("at least 100 gay and bisexual men", "43 students").
PEOPLE_NOUNS = frozenset(
    """people persons men women children boys girls students teachers journalists reporters activists
    protesters protestors demonstrators detainees prisoners civilians villagers residents members workers
    lawyers defenders migrants refugees victims individuals others bodies teenagers minors farmers
    worshippers believers monks nuns priests uyghurs uighurs muslims kazakhs christians opponents critics
    bloggers employees patients youths adults inmates supporters relatives families""".split()
)

# Nouns that count violations ("at least four other similar kidnappings"): each is a victim.
VIOLATION_COUNT_NOUNS = frozenset(
    (
        "kidnappings abductions killings murders disappearances arrests detentions deaths executions cases "
        "attacks"
    ).split()
)

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "a hundred": 100, "a thousand": 1000, "a million": 1_000_000, "one million": 1_000_000,
    "dozen": 12, "a dozen": 12,
}  # fmt: skip

# Count qualifiers, from the words before the number.
QUALIFIERS = {
    "at least": "at_least",
    "more than": "at_least",
    "over": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "up to": "at_most",
    "at most": "at_most",
    "fewer than": "at_most",
    "less than": "at_most",
    "nearly": "approximately",
    "almost": "approximately",
    "about": "approximately",
    "around": "approximately",
    "approximately": "approximately",
    "roughly": "approximately",
    "some": "approximately",
    "an estimated": "approximately",
    "estimated": "approximately",
    "as many as": "at_most",
}

# Last words of the names of places where things happen, not of actors ("the Ram Bar").
VENUE_HEADS = frozenset(
    """bar club restaurant hotel cafe café shelter station prison jail camp consulate embassy airport square
    street avenue road park stadium mosque church temple hospital market mall building dump""".split()
)

# Ranks that mark a state agent ("Police Officer 3 Arnel Oares", "army major").
STATE_RANKS = frozenset(
    """police officer officers policeman patrolman po1 po2 po3 spo1 spo2 sergeant sgt lieutenant captain major
    colonel general soldier soldiers commander constable inspector agent""".split()
)
