"""Reading article files: what is refused (and why), and what an accepted file becomes.

A file is refused, with a one-line reason, when it is empty, binary, larger than the limit, or
not decodable as text; the rest of a batch goes on. An accepted file becomes an `Article`:
the text to archive, its metadata, and the SHA-256 of the original bytes.
"""

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sources.ingest.metadata import Metadata, read_html, read_plain_text

MAX_BYTES = 5 * 1024 * 1024
ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ".xhtml"})
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


class Refused(Exception):
    """A file that cannot be ingested; str() is the one-line reason, `kind` its short name."""

    def __init__(self, reason: str, kind: str) -> None:
        super().__init__(reason)
        self.kind = kind


@dataclass
class Article:
    path: Path
    text: str
    original_sha256: str
    metadata: Metadata = field(default_factory=Metadata)

    @property
    def file_name(self) -> str:
        return self.path.name


def article_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named, and the article files inside the folders named, in a stable order."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and child.suffix.lower() in ARTICLE_SUFFIXES
                    and not child.name.startswith(".")
                ):
                    yield child
        else:
            yield path


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # A page saved by a browser in its own encoding says so; trust only a declaration.
    head = raw[:2048].lower()
    for marker in (b"charset=", b"encoding="):
        if marker in head:
            declared = head.split(marker, 1)[1].strip(b"\"' ").split(b'"')[0].split(b"'")[0].split(b";")[0]
            declared = declared.split(b">")[0].split(b" ")[0].strip(b"\"'/")
            try:
                return raw.decode(declared.decode("ascii"))
            except (LookupError, UnicodeDecodeError, UnicodeEncodeError):
                break
    raise Refused("not decodable as UTF-8 text (nor in an encoding the file declares)", "not decodable")


def _looks_binary(raw: bytes) -> bool:
    sample = raw[:8192]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return controls > len(sample) * 0.02


def _is_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in _HTML_SUFFIXES:
        return True
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def read_article(path: Path, *, max_bytes: int = MAX_BYTES) -> Article:
    """The article in one file, or Refused with the reason."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise Refused(f"cannot be read: {error.strerror or error}", "unreadable") from None
    if size == 0:
        raise Refused("empty file", "empty")
    if size > max_bytes:
        raise Refused(f"too large: {size:,} bytes (the limit is {max_bytes:,})", "too large")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise Refused(f"cannot be read: {error.strerror or error}", "unreadable") from None
    if _looks_binary(raw):
        raise Refused("binary file, not text or HTML", "binary")
    decoded = _decode(raw)
    if _is_html(path, decoded):
        text, metadata = read_html(decoded)
    else:
        text, metadata = read_plain_text(decoded)
    if not text.strip():
        if decoded.strip():
            raise Refused("no article text found in it", "no text")
        raise Refused("empty file (only white space)", "empty")
    if not metadata.title:
        first_line = text.strip().split("\n", 1)[0].strip()
        metadata.title = first_line[:300] if len(first_line) <= 300 else first_line[:297] + "…"
    return Article(path, text, hashlib.sha256(raw).hexdigest(), metadata)
