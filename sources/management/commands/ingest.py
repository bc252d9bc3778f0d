"""`manage.py ingest PATH...`: archive articles as sources and propose records for review."""

import datetime
import json
import sys
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import timezone
from tqdm import tqdm

from sources import services
from sources.ingest.archive import MAX_BYTES, Article, Refused, article_files, read_article
from sources.ingest.extract import extract
from sources.ingest.matching import Directory
from sources.models import text_sha256


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--reference-date: {value!r} is not a date (YYYY-MM-DD).") from None


def source_json(article: Article, reference_date: datetime.date | None) -> dict:
    """The "source" part of a dry-run document: what would be archived."""
    metadata = article.metadata.as_json()
    if not metadata["reference_date"] and not metadata["published_on"] and reference_date:
        metadata["reference_date"] = reference_date.isoformat()
    archived = None
    try:
        existing = services.source_for_article(article)
        archived = existing.pk if existing else None
    except DatabaseError:
        pass  # no tables yet: a dry run needs none
    return {
        "file": str(article.path),
        "file_name": article.file_name,
        **metadata,
        "sha256": text_sha256(article.text),
        "original_sha256": article.original_sha256,
        "captured_at": timezone.now().isoformat(timespec="seconds"),
        "text_length": len(article.text),
        "archived_as": archived,
    }


class Command(BaseCommand):
    help = (
        "Archive article files (plain text or HTML saved from a browser, or folders of them) as sources, "
        "and propose incidents, violations, victims, perpetrators, places, dates and advocacy responses "
        "for review. The same article twice is one source. With --dry-run --json, nothing is written and "
        "one JSON document per file is printed (see docs/ingestion.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="Article files or folders.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Write nothing; say what would be proposed."
        )
        parser.add_argument(
            "--json", action="store_true", help="Print one JSON document per file (JSON Lines)."
        )
        parser.add_argument(
            "--reference-date",
            type=_date,
            metavar="YYYY-MM-DD",
            help="Resolve relative dates ('on Friday') against this date where a file has no date.",
        )
        parser.add_argument(
            "--reextract",
            action="store_true",
            help="For articles already archived, add suggestions they never had (rejected ones stay so).",
        )
        parser.add_argument(
            "--max-bytes", type=int, default=MAX_BYTES, help=f"Refuse larger files (default {MAX_BYTES:,})."
        )

    def handle(
        self,
        *args,
        paths: list[Path],
        dry_run: bool,
        json: bool,
        reference_date,
        reextract: bool,
        max_bytes: int,
        **options,
    ) -> None:
        files = list(article_files(paths))
        if not files:
            raise CommandError("No article files found in the paths given.")
        directory = Directory.from_database()
        counts: Counter = Counter()
        refusals: Counter = Counter()
        # Progress goes to stderr, and only on a terminal; the summary line is always printed.
        progress = tqdm(files, unit="file", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)
        for path in progress:
            counts["read"] += 1
            try:
                article = read_article(path, max_bytes=max_bytes)
            except Refused as reason:
                refusals[reason.kind] += 1
                message = f"refused {path}: {reason}"
                progress.write(message, file=sys.stderr) if not progress.disable else self.stderr.write(
                    message
                )
                continue
            if dry_run:
                self._dry_run(article, reference_date, directory, counts, as_json=json)
            else:
                self._ingest(article, reference_date, directory, reextract, counts, as_json=json)
        progress.close()
        self._summary(counts, refusals, dry_run=dry_run, to_stderr=json)

    def _dry_run(
        self, article: Article, reference_date, directory: Directory, counts: Counter, *, as_json: bool
    ) -> None:
        source = source_json(article, reference_date)
        reference = source["published_on"] or source["reference_date"]
        document = extract(
            article.text,
            reference_date=datetime.date.fromisoformat(reference) if reference else None,
            title=article.metadata.title,
            directory=directory,
        )
        counts["new"] += source["archived_as"] is None
        counts["suggestions"] += (
            0 if source["archived_as"] else sum(len(items) for items in document.values())
        )
        if as_json:
            self.stdout.write(json.dumps({"source": source, **document}, ensure_ascii=False, default=str))

    def _ingest(
        self,
        article: Article,
        reference_date,
        directory: Directory,
        reextract: bool,
        counts: Counter,
        *,
        as_json: bool,
    ) -> None:
        outcome = services.source_ingest(
            article=article, reference_date=reference_date, directory=directory, reextract=reextract
        )
        counts["new"] += outcome.created
        counts["suggestions"] += outcome.suggestions
        if as_json:
            document = {"source": {**source_json(article, reference_date), "archived_as": outcome.source.pk}}
            document["suggestions_made"] = outcome.suggestions
            self.stdout.write(json.dumps(document, ensure_ascii=False, default=str))

    def _summary(self, counts: Counter, refusals: Counter, *, dry_run: bool, to_stderr: bool) -> None:
        refused = sum(refusals.values())
        why = (
            f" ({', '.join(f'{count} {reason}' for reason, count in refusals.most_common())})"
            if refused
            else ""
        )
        new = "new sources that would be archived" if dry_run else "new sources"
        suggestions = "suggestions that would be made" if dry_run else "suggestions made"
        line = (
            f"{counts['read']} files read, {counts['new']} {new}, {counts['suggestions']} {suggestions}, "
            f"{refused} files refused{why}."
        )
        (self.stderr if to_stderr else self.stdout).write(line)
