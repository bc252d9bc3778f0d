"""The manifest that travels with every export, and the check that the files still match it.

manifest.json names who made the export, when, with which filters, how many records of each
type, the software version, and each file's size and SHA-256. Anyone can check the files
against it (`manage.py verify_export DIR`); where the database is at hand, the manifest itself
is checked against the export log, which keeps its SHA-256.
"""

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path

from django.conf import settings

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
DISTRIBUTION = "incident-tracker"


@cache
def software_version() -> str:
    """The version in pyproject.toml, the one place it is written (installed metadata first)."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        pass
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as pyproject:
            return tomllib.load(pyproject)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def describe_files(directory: Path, names: list[str]) -> list[dict]:
    return [
        {"name": name, "bytes": (directory / name).stat().st_size, "sha256": file_sha256(directory / name)}
        for name in names
    ]


def write_manifest(directory: Path, manifest: dict) -> str:
    """Write manifest.json; return its SHA-256, which the export log keeps."""
    path = directory / MANIFEST_NAME
    path.write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8"
    )
    return file_sha256(path)


@dataclass
class ExportCheck:
    """What verify found, file by file."""

    manifest: dict = field(default_factory=dict)
    manifest_sha256: str = ""
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_files(directory: Path) -> ExportCheck:
    """Check each file the manifest lists against its size and SHA-256."""
    check = ExportCheck()
    path = directory / MANIFEST_NAME
    if not path.is_file():
        check.problems.append(f"{MANIFEST_NAME}: not found in {directory}.")
        return check
    try:
        check.manifest = json.loads(path.read_text(encoding="utf-8"))
        listed = check.manifest["files"]
    except (ValueError, KeyError, TypeError):
        check.problems.append(f"{MANIFEST_NAME}: not a readable manifest.")
        return check
    check.manifest_sha256 = file_sha256(path)
    for entry in listed:
        name = str(entry.get("name", ""))
        target = directory / name
        if Path(name).name != name or not name:
            check.problems.append(f"{name!r}: the manifest names a file outside the export's folder.")
        elif not target.is_file():
            check.problems.append(f"{name}: missing.")
        elif file_sha256(target) != entry.get("sha256"):
            check.problems.append(f"{name}: changed (its SHA-256 differs from the manifest's).")
        else:
            check.lines.append(f"{name}: OK ({entry.get('bytes')} bytes, SHA-256 {entry['sha256']}).")
    known = {str(entry.get("name")) for entry in listed} | {MANIFEST_NAME}
    for extra in sorted(p.name for p in directory.iterdir() if p.name not in known):
        check.lines.append(f"{extra}: not part of the export (not in the manifest).")
    return check
