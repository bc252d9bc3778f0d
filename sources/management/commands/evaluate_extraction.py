"""`manage.py evaluate_extraction`: precision and recall of extraction on the labelled articles."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sources.ingest import evaluation


class Command(BaseCommand):
    help = (
        "Run extraction on the hand-labelled articles of seeds/eval/ (or the YAML files named) and print "
        "precision and recall per category: victims, perpetrators, advocacy actors, places, violation "
        "types, dates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files",
            nargs="*",
            type=Path,
            metavar="LABELS.yaml",
            help="Labelled files (default: seeds/eval/*.yaml).",
        )
        parser.add_argument(
            "--details", action="store_true", help="List, per article, what was missed and what was wrong."
        )
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
        parser.add_argument(
            "--check", action="store_true", help="Fail unless the targets and every must_find are met."
        )

    def handle(self, *args, files: list[Path], details: bool, json: bool, check: bool, **options) -> None:
        files = files or evaluation.labelled_files(Path(settings.BASE_DIR) / "seeds" / "eval")
        if not files:
            raise CommandError("No labelled files found.")
        results = evaluation.evaluate(files)
        totals = evaluation.totals(results)
        missing = [
            f"{result.name}: {name}"
            for result in results
            for name, found in result.must_find.items()
            if not found
        ]
        if json:
            self.stdout.write(self._json(results, totals, missing))
        else:
            self._table(results, totals, missing, details=details)
        if check:
            failures = [
                f"{category}: precision {totals[category].precision:.2f} < "
                f"{precision} or recall {totals[category].recall:.2f} < {recall}"
                for category, (precision, recall) in evaluation.TARGETS.items()
                if totals[category].precision < precision or totals[category].recall < recall
            ]
            if failures or missing:
                raise CommandError(
                    "Targets not met: " + "; ".join(failures + [f"not found {name}" for name in missing])
                )

    def _table(self, results, totals, missing: list[str], *, details: bool) -> None:
        self.stdout.write(f"Extraction on {len(results)} labelled articles\n")
        self.stdout.write(
            f"{'category':<18}{'expected':>9}{'found':>7}{'proposed':>10}{'right':>7}{'precision':>11}{'recall':>8}"
        )
        for category in evaluation.CATEGORIES:
            score = totals[category]
            self.stdout.write(
                f"{category:<18}{score.expected:>9}{score.found:>7}{score.predicted:>10}{score.correct:>7}"
                f"{score.precision:>11.2f}{score.recall:>8.2f}"
            )
        must = [(result.name, name, found) for result in results for name, found in result.must_find.items()]
        if must:
            found = sum(1 for *_, ok in must if ok)
            self.stdout.write(
                f"\nmust find: {found}/{len(must)}" + (f" (missing: {', '.join(missing)})" if missing else "")
            )
        if details:
            for result in results:
                self.stdout.write(f"\n{result.name}")
                for category, score in result.scores.items():
                    if score.missed or score.wrong:
                        self.stdout.write(f"  {category}: missed {score.missed} wrong {score.wrong}")

    def _json(self, results, totals, missing: list[str]) -> str:
        def figures(score):
            return {
                "expected": score.expected,
                "found": score.found,
                "proposed": score.predicted,
                "right": score.correct,
                "precision": round(score.precision, 3),
                "recall": round(score.recall, 3),
            }

        return json.dumps(
            {
                "articles": len(results),
                "totals": {category: figures(score) for category, score in totals.items()},
                "per_article": {r.name: {c: figures(s) for c, s in r.scores.items()} for r in results},
                "must_find_missing": missing,
            },
            indent=2,
        )
