"""The controlled-vocabulary terms the generator draws from, seeded if the database has none."""

import random

from django.core.management import call_command
from django.core.management.base import CommandError

from incidents.choices import Vocabulary
from incidents.models import Term

# Used only when `manage.py seed --vocabularies-only` is not available and a vocabulary is
# empty, so that the benchmark can still run; the real terms come from the HURIDOCS seeds.
MINIMAL_TERMS = {
    Vocabulary.VIOLATION_TYPE: (
        "Arbitrary detention", "Torture", "Extrajudicial killing", "Threats", "Beating",
        "Enforced disappearance", "Forced outing", "Online harassment", "Sexual violence",
        "Denial of fair trial",
    ),
    Vocabulary.METHOD: ("Beating", "Electric shocks", "Threats", "Deprivation of sleep", "Humiliation"),
    Vocabulary.SOURCE_TYPE: ("News article", "NGO statement", "Report", "Testimony", "Official statement"),
    Vocabulary.INVOLVEMENT_DEGREE: (
        "Direct perpetrator", "Ordered", "Complicit", "Failed to prevent", "Failed to investigate",
    ),
    Vocabulary.INTERVENTION_TYPE: (
        "Public statement", "Protest", "Resolution", "Letter", "Legal action", "Police report",
        "Shelter or evacuation", "Call for investigation", "Official denial",
    ),
    Vocabulary.PERPETRATOR_TYPE: (
        "Police", "Military", "Government official", "Security service", "Armed group", "Family member",
        "Individual", "Religious group",
    ),
    Vocabulary.VICTIM_STATUS: ("Detainee", "Civilian", "Activist", "Journalist"),
    Vocabulary.VIOLATION_STATUS: ("Alleged", "Confirmed", "Disputed"),
    Vocabulary.RELIABILITY: ("High", "Medium", "Low"),
}  # fmt: skip

# Terms whose labels contain these words are drawn more often: they are what NGOs record most.
PREFERRED = {
    Vocabulary.VIOLATION_TYPE: ("detention", "arrest", "torture", "killing", "threat", "beat", "disappear"),
    Vocabulary.METHOD: ("beat", "threat", "electric", "humiliat"),
    Vocabulary.SOURCE_TYPE: ("newspaper", "news", "press release of human rights", "report", "testimony"),
    Vocabulary.INVOLVEMENT_DEGREE: ("directly carried", "direct perpetrator", "gave orders", "ordered"),
    Vocabulary.INTERVENTION_TYPE: ("statement", "investigation", "publicity", "protest", "legal aid"),
}


def ensure_terms() -> str:
    """Make sure every vocabulary has terms; say where they came from."""
    if not Term.objects.exists():
        try:
            call_command("seed", "--vocabularies-only", verbosity=0)
        except CommandError:
            pass  # the seed command is not there (yet): fall through to the minimal terms
        else:
            if set(MINIMAL_TERMS) <= set(Term.objects.values_list("vocabulary", flat=True)):
                return "seeded with `manage.py seed --vocabularies-only`"
    present = set(Term.objects.filter(is_active=True).values_list("vocabulary", flat=True))
    missing = [name for name in MINIMAL_TERMS if name not in present]
    for name in missing:
        Term.objects.bulk_create(
            Term(vocabulary=name, code=f"TRK-BENCH-{name.upper()}-{number:02d}", label=label)
            for number, label in enumerate(MINIMAL_TERMS[name], start=1)
        )
    if missing:
        return "minimal benchmark terms made for: " + ", ".join(missing)
    return "existing terms"


class Terms:
    """Active terms per vocabulary, drawn with realistic weights."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ids: dict[str, list[int]] = {}
        self.labels: dict[int, str] = {}
        self._cumulative: dict[str, list[int]] = {}
        for pk, name, label in (
            Term.objects.filter(is_active=True)
            .order_by("vocabulary", "code", "pk")
            .values_list("pk", "vocabulary", "label")
        ):
            self.ids.setdefault(name, []).append(pk)
            self.labels[pk] = label
        for name, ids in self.ids.items():
            words = PREFERRED.get(name, ())
            total, cumulative = 0, []
            for pk in ids:
                label = self.labels[pk].lower()
                total += 8 if any(word in label for word in words) else 1
                cumulative.append(total)
            self._cumulative[name] = cumulative

    def pick(self, name: str) -> int:
        return self.rng.choices(self.ids[name], cum_weights=self._cumulative[name])[0]

    def pick_distinct(self, name: str, count: int) -> list[int]:
        count = min(count, len(self.ids[name]))
        chosen: list[int] = []
        while len(chosen) < count:
            pk = self.pick(name)
            if pk not in chosen:
                chosen.append(pk)
        return chosen

    def matching(self, name: str, words: tuple[str, ...]) -> int | None:
        """The term whose label has the first of the words found, else a random one; None if empty."""
        ids = self.ids.get(name)
        if not ids:
            return None
        for word in words:
            for pk in ids:
                if word in self.labels[pk].lower():
                    return pk
        return self.rng.choice(ids)

    def label(self, pk: int) -> str:
        return self.labels[pk]
