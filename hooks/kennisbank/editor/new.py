"""``python -m kennisbank new``: start a new item, in every language of the site.

Writes ``docs/<section>/<slug>.md`` (the original, in the default language)
and one ``<slug>.<lang>.md`` per other language, with valid front matter and a
short template of the sections a good case story has (context, question,
approach, result, lessons). The section follows from the type (data/sections.yml);
the slug is made from the title unless given, and a slug that exists, or whose
URL was published before, is refused. What is not given as an option is asked
for when the command runs in a terminal.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import schemas, yamlsafe
from ..config import Settings
from ..load import ID, read_data
from ..strings import interface_string, languages, table
from ..timeline import today
from .urls import MANIFEST, add_to_manifest, page_url, read_manifest

SECTIONS = ("context", "question", "approach", "result", "lessons")


class Refused(Exception):
    """What the editor asked for cannot be made; the message says why and what to do."""


@dataclass
class Request:
    type: str
    title: str
    themes: list[str]
    programmes: list[str]
    slug: str = ""
    date: str = ""
    summary: str = ""


def slugify(title: str) -> str:
    """'Werkplaats Den Bosch: één aanpak' -> 'werkplaats-den-bosch-een-aanpak' (at most 80 characters)."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    while len(slug) > 80:
        slug = slug.rsplit("-", 1)[0]
    return slug


def text(key: str, language: str, default: str) -> str:
    return interface_string(key, language, default).value


def placeholders() -> tuple[set[str], set[str]]:
    """The template's summary and hint texts in every language (the check finds any left in)."""
    tables = [table(language) for language in languages()]
    summaries = {t["template_summary"] for t in tables if "template_summary" in t}
    hints = {t[key] for t in tables for key in (f"template_{section}_hint" for section in SECTIONS) if key in t}
    return summaries, hints


def _list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


class Catalogue:
    """The ids an item may use, read from data/ (the data must be valid)."""

    def __init__(self, settings: Settings) -> None:
        data = read_data(settings.data_dir, settings.project_dir)
        if data.problems:
            raise Refused("data/ has problems; run `make check` and fix them first:\n"
                          + "\n".join(str(p) for p in data.problems))
        self.section_of = {t["id"]: s["id"] for s in data.records["sections"] if s.get("kind") == "content"
                           for t in s.get("types") or []}
        self.themes = [t["id"] for t in data.records["themes"]]
        self.programmes = [p["id"] for p in data.records["programmes"]]


def complete(request: Request, catalogue: Catalogue, ask: Callable[[str], str] | None) -> Request:
    """Fill in what is missing by asking (in a terminal), then check every value."""
    if ask is not None:
        if not request.type:
            request.type = ask(f"Type ({', '.join(catalogue.section_of)}): ").strip()
        if not request.title:
            request.title = ask("Title (in the site's first language): ").strip()
        if not request.themes:
            request.themes = _list(ask(f"Themes, separated by commas ({', '.join(catalogue.themes)}): "))
        if not request.programmes:
            request.programmes = _list(ask(f"Programme(s), separated by commas; empty for none "
                                           f"({', '.join(catalogue.programmes)}): "))
        if not request.summary:
            request.summary = ask("Summary in one or two sentences (empty: fill it in later): ").strip()
    missing = [f"--{name}" for name, value in (("type", request.type), ("title", request.title),
                                               ("themes", request.themes)) if not value]
    if missing:
        raise Refused(f"missing {', '.join(missing)}: give them as options (make new TYPE=… TITLE=\"…\" THEMES=a,b)")
    if request.type not in catalogue.section_of:
        raise Refused(f"unknown type '{request.type}': use one of {', '.join(catalogue.section_of)}")
    for kind, given, known in (("theme", request.themes, catalogue.themes),
                               ("programme", request.programmes, catalogue.programmes)):
        for value in given:
            if value not in known:
                raise Refused(f"unknown {kind} '{value}': use one of {', '.join(known)}")
    request.slug = request.slug or slugify(request.title)
    if not ID.match(request.slug) or len(request.slug) > 80:
        raise Refused(f"'{request.slug}' is not a valid slug: use lowercase letters, digits and single hyphens "
                      "(give one with --slug / SLUG=)")
    return request


def front_matter(fields: dict[str, Any]) -> str:
    lines = []
    for key, value in fields.items():
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(value)}]")
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "---\n" + "\n".join(lines) + "\n---\n"


def body(language: str, default: str) -> str:
    parts = []
    for section in SECTIONS:
        parts.append(f"## {text('template_' + section, language, default)}\n\n"
                     f"<!-- {text('template_' + section + '_hint', language, default)} -->\n")
    return "\n" + "\n".join(parts)


def files_for(request: Request, settings: Settings, section: str) -> dict[Path, str]:
    """The file of every language, checked against its schema before anything is written."""
    default = settings.default_language
    folder = settings.docs_dir / section
    original: dict[str, Any] = {"title": request.title, "type": request.type, "date": request.date or today().isoformat(),
                                "summary": request.summary or text("template_summary", default, default),
                                "themes": request.themes}
    if request.programmes:
        original["programmes"] = request.programmes
    files = {folder / f"{request.slug}.md": (front_matter(original) + body(default, default), "item")}
    for language in settings.languages:
        if language != default:
            translation = {"title": request.title, "summary": text("template_summary", language, default)}
            files[folder / f"{request.slug}.{language}.md"] = (front_matter(translation) + body(language, default),
                                                               "translation")
    for path, (content, schema) in files.items():
        meta, problems = yamlsafe.parse(content.split("---\n")[1], path.name, first_line=2)
        problems += schemas.validate(meta, schema, path.name)
        if problems:
            raise Refused("\n".join(str(p) for p in problems))
    return {path: content for path, (content, _) in files.items()}


def create(request: Request, settings: Settings) -> list[Path]:
    """Write the files of a complete request; refuses a slug that exists or was published."""
    section = Catalogue(settings).section_of[request.type]
    folder = settings.docs_dir / section
    taken = sorted(p.name for p in folder.glob(f"{request.slug}.*md") if p.name.split(".")[0] == request.slug)
    if taken:
        raise Refused(f"'{section}/{request.slug}' exists already ({', '.join(taken)}): "
                      "choose another title or give another slug (--slug / SLUG=)")
    url = f"/{section}/{request.slug}/"
    if url in read_manifest(settings.project_dir / MANIFEST):
        raise Refused(f"{url} was published before (see {MANIFEST}) and now leads elsewhere: choose another slug")
    files = files_for(request, settings, section)
    folder.mkdir(parents=True, exist_ok=True)
    for path, content in files.items():
        path.write_text(content, encoding="utf-8")
    rels = [p.relative_to(settings.docs_dir).as_posix() for p in files]
    add_to_manifest(settings, [page_url(r, settings.languages, settings.default_language) for r in rels])
    return list(files)


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("new", help="start a new item (story, publication, news) in every language",
                            description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--type", default="", help="the type of item, from data/sections.yml (e.g. a case story)")
    parser.add_argument("--title", default="", help="the title, in the site's first language")
    parser.add_argument("--themes", default="", help="theme ids, separated by commas")
    parser.add_argument("--programme", "--programmes", dest="programmes", default="",
                        help="programme id(s), separated by commas")
    parser.add_argument("--slug", default="", help="the file name and URL (default: made from the title)")
    parser.add_argument("--date", default="", help="publication date YYYY-MM-DD (default: today)")
    parser.add_argument("--summary", default="", help="one or two sentences (default: a placeholder to replace)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    request = Request(args.type, args.title.strip(), _list(args.themes), _list(args.programmes), args.slug,
                      args.date, args.summary.strip())
    ask = input if sys.stdin.isatty() else None
    try:
        request = complete(request, Catalogue(settings), ask)
        paths = create(request, settings)
    except Refused as e:
        print(f"error: {e}")
        return 1
    root = settings.project_dir
    for path in paths:
        print(f"created {path.relative_to(root).as_posix()}")
    print("Next: write the text under each heading (replace the <!-- hints -->) in every file, "
          "then run `make check` and `make serve` to see it.")
    return 0
