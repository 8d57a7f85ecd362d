"""Read data files and the front matter of Markdown files, and validate each.

The first step of loading (load and validate -> link). Everything read here is
untrusted: bytes become text only through ``textsafe.decode`` (UTF-8, no
invisible characters), YAML goes through ``yamlsafe`` (bounded in size and
depth), every record through its JSON Schema before ``link`` turns records into
model objects, and a Markdown body that would nest too deep or render too
slowly is refused here (``textsafe.check_markdown``), before the build or
``make check`` renders it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import schemas, textsafe, urls, yamlsafe
from .kinds import KINDS
from .messages import say
from .problems import Problem

DATA_FILES = KINDS.data_files
"""The data files, in the order they are read; each has ``schemas/<name>.schema.json`` (kinds.py)."""

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\r?\n(.*?\r?\n)?(?:-{3}|\.{3})[ \t]*(?:\r?\n|\Z)", re.S)


@dataclass
class Document:
    """One Markdown file: where it is, its language, and its parsed front matter."""

    path: str  # relative to docs_dir, with forward slashes
    display: str  # path shown in messages (relative to the project)
    language: str
    meta: Any
    body: str
    body_line: int
    fingerprint: str


@dataclass
class Data:
    """The valid records of every data file, and what could not be used.

    ``unusable`` holds, per file, the ids of records that failed their schema, or
    ``None`` when the whole file failed: the linker does not report references
    to those as unknown, so one mistake gives one message.
    """

    records: dict[str, list[Any]] = field(default_factory=dict)
    unusable: dict[str, set[str] | None] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_data(data_dir: Path, display_root: Path, refused: set[Path] | frozenset[Path] = frozenset()) -> Data:
    """Load and validate every data file; a missing file is an empty list, a ``refused`` one is not read."""
    data = Data()
    for name in DATA_FILES:
        path = data_dir / f"{name}.yml"
        display = display_path(path, display_root)
        data.records[name] = []
        if path in refused:  # (content_files said why: a symbolic link, say, whose target must not be read)
            data.unusable[name] = None
            continue
        if not path.exists():
            continue
        value, found = yamlsafe.load_file(path, display)
        if found:
            data.problems += found
            data.unusable[name] = None
            continue
        if value is None:
            value = yamlsafe.LocatedList()
            value.line, value.lines = 1, {}
        try:
            schema_problems = schemas.validate(value, name, display)
            bad_indexes = schemas.failing_items(value, name) if schema_problems and isinstance(value, list) else set()
        except RecursionError:  # not expected (yamlsafe bounds the depth): a message, not a traceback
            data.problems.append(Problem(display, 1, say("data_too_deep"), say("data_too_deep_fix", depth=yamlsafe.MAX_DEPTH)))
            data.unusable[name] = None
            continue
        data.problems += schema_problems
        if not isinstance(value, list):
            data.unusable[name] = None
            continue
        data.records[name] = [r for i, r in enumerate(value) if i not in bad_indexes]
        data.unusable[name] = {str(r.get("id")) for i, r in enumerate(value) if i in bad_indexes and isinstance(r, dict)}
    for extra in sorted(data_dir.glob("*.y*ml")) if data_dir.exists() else []:
        if extra.stem not in DATA_FILES:
            data.problems.append(Problem(display_path(extra, display_root), 1, say("data_unknown_file", name=extra.name),
                                         say("data_unknown_file_fix", names=", ".join(n + ".yml" for n in DATA_FILES))))
    return data


def read_document(path: Path, docs_dir: Path, display_root: Path, languages: list[str],
                  default: str) -> tuple[Document | None, list[Problem]]:
    """Parse one Markdown file's front matter and bound its body (which is judged once rendered: ``kennisbank.judge``).

    Never raises on what the file holds: unreadable bytes, front matter and a
    body too costly to render all come back as problems (and no document).
    """
    rel = path.relative_to(docs_dir).as_posix()
    display = display_path(path, display_root)
    too_big = [Problem(display, 1, say("file_too_large", limit=yamlsafe.MAX_BYTES // 1024), say("file_too_large_fix"))]
    if path.stat().st_size > yamlsafe.MAX_BYTES:
        return None, too_big  # not even read
    raw = path.read_bytes()
    if len(raw) > yamlsafe.MAX_BYTES:
        return None, too_big
    text, unreadable = textsafe.decode(raw, display)
    if text is None:
        return None, unreadable
    language = urls.file_language(path.name, languages, default)
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, [Problem(display, 1, say("front_matter_missing"), say("front_matter_missing_fix"))]
    meta, problems = yamlsafe.parse(match.group(1) or "", display, first_line=2)
    if not problems and not isinstance(meta, dict):
        problems.append(Problem(display, 2, say("front_matter_not_fields"), say("front_matter_not_fields_fix")))
    body = text[match.end():]
    body_line = text[: match.end()].count("\n") + 1
    too_costly = textsafe.check_markdown(body, display, body_line)
    if too_costly:  # never rendered: the build stops on these problems, `make check` lists them
        return None, problems + too_costly
    fingerprint = hashlib.sha256(raw).hexdigest()[:12]
    document = Document(rel, display, language, meta if isinstance(meta, dict) else {}, body, body_line, fingerprint)
    return (None if problems and not isinstance(meta, dict) else document), problems


def display_path(path: Path, root: Path) -> str:
    """The path as an editor sees it: relative to the project folder."""
    if path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
