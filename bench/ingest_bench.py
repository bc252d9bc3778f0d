"""Benchmark of `manage.py ingest --dry-run --json` on 1,000 articles, on one core.

    .venv/bin/python bench/ingest_bench.py [--articles 1000] [--chunks 4] [--keep DIR]

The articles are the labelled evaluation set (seeds/eval: plain text and saved HTML), copied
with a per-copy line so that no two files are the same. The command runs in this process, in
chunks, on a throwaway SQLite database; after each chunk the script prints the throughput and
the resident memory, so that memory flat in the number of articles shows as the same figure
after every chunk. Output of the command (the JSON documents) is counted and discarded.
"""

import argparse
import io
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class Counting(io.TextIOBase):
    """Discards what the command prints, counting lines (one JSON document each)."""

    def __init__(self) -> None:
        self.lines = 0

    def write(self, text: str) -> int:
        self.lines += text.count("\n")
        return len(text)


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_articles(folder: Path, count: int, join: int = 1) -> list[Path]:
    """`count` distinct files from the evaluation set; with `join` > 1, each plain-text file
    carries that many articles' text, for news-length articles."""
    originals = sorted(p for p in (ROOT / "seeds" / "eval").iterdir() if p.suffix in (".txt", ".html"))
    originals.append(ROOT / "seeds" / "articles" / "000_682fccb5fc53fd06.txt")
    texts = [p for p in originals if p.suffix == ".txt"]
    paths = []
    for number in range(count):
        original = originals[number % len(originals)] if join == 1 else texts[number % len(texts)]
        text = original.read_text(encoding="utf-8")
        for extra in range(1, join):
            text += (
                "\n" + texts[(number + extra) % len(texts)].read_text(encoding="utf-8").split("\n\n", 1)[-1]
            )
        if original.suffix == ".html":
            text = text.replace("</article>", f"<p>Copy {number} of this article.</p>\n</article>")
        else:
            text += f"\nCopy {number}.\n"
        path = folder / f"{number:05d}{original.suffix}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--chunks", type=int, default=4)
    parser.add_argument("--join", type=int, default=1, help="Articles' texts per file (2: news length).")
    parser.add_argument("--keep", type=Path, help="Write the articles here and keep them.")
    options = parser.parse_args()

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    work = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings_test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    folder = options.keep or work / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    paths = make_articles(folder, options.articles, options.join)
    size = sum(path.stat().st_size for path in paths)
    average = size / len(paths) / 1024
    print(f"{len(paths)} articles ({average:.1f} KiB on average), one core, dry run with --json")

    # One warm-up file: imports, the gazetteer and the vocabulary labels load once per process.
    call_command("ingest", str(paths[0]), "--dry-run", "--json", stdout=Counting(), stderr=io.StringIO())
    print(f"after start-up: {rss_mib():.0f} MiB resident")

    chunk = max(1, len(paths) // options.chunks)
    total_time, total_cpu, documents = 0.0, 0.0, 0
    for begin in range(0, len(paths), chunk):
        batch = paths[begin : begin + chunk]
        out = Counting()
        started, cpu = time.perf_counter(), time.process_time()
        call_command("ingest", *map(str, batch), "--dry-run", "--json", stdout=out, stderr=io.StringIO())
        elapsed, used = time.perf_counter() - started, time.process_time() - cpu
        total_time += elapsed
        total_cpu += used
        documents += out.lines
        print(
            f"articles {begin + 1:>5}-{begin + len(batch):<5} {len(batch) / elapsed:7.1f} articles/s "
            f"({len(batch) / used:.1f} per CPU-second)   resident {rss_mib():4.0f} MiB"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"total: {documents} documents in {total_time:.1f} s = {documents / total_time:.1f} articles/s "
        f"({documents / total_cpu:.1f} per CPU-second); peak {peak:.0f} MiB resident"
    )
    if not options.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
