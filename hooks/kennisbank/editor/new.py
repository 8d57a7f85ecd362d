"""``python -m kennisbank new``: start a new item, in every language of the site.

Writes ``docs/<section>/<slug>.md`` (the original, in the default language)
and one ``<slug>.<lang>.md`` per other language, with valid front matter and a
short template of the sections a good case story has (context, question,
approach, result, lessons). The section follows from the type (data/sections.yml);
the slug is made from the title unless given, and a slug that exists, or whose
URL was published before, is refused. What is not given as an option is asked
for when the command runs in a terminal, one question at a time: each answer is
checked as it is given, and a refused one is asked again (with the reason).
A date may be written as editors write dates (``14-03-2024``, ``14 maart 2024``:
``dates.py``); the file holds its ISO form. The new pages' URLs (and their
citation files) are added to urls.txt.
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

from .. import citation, schemas, urls, yamlsafe
from ..config import Settings
from ..load import ID, read_data
from ..messages import say
from ..strings import interface_string, languages, table
from ..timeline import today
from .dates import DateRefused, normalise
from .urls import MANIFEST, add_to_manifest, read_manifest

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


def _list(value: str | list[str] | None) -> list[str]:
    if isinstance(value, list):
        return value
    return [v.strip() for v in (value or "").split(",") if v.strip()]


class Catalogue:
    """The ids an item may use, read from data/ (the data must be valid), and the slugs that are taken."""

    def __init__(self, settings: Settings) -> None:
        data = read_data(settings.data_dir, settings.project_dir)
        if data.problems:
            raise Refused(say("new_data_problems") + "\n" + "\n".join(str(p) for p in data.problems))
        self.settings = settings
        self.section_of = {t["id"]: s["id"] for s in data.records["sections"] if s.get("kind") == "content"
                           for t in s.get("types") or []}
        self.themes = [t["id"] for t in data.records["themes"]]
        self.programmes = [p["id"] for p in data.records["programmes"]]

    def check_slug(self, section: str, slug: str) -> None:
        """Refuse a slug that is not valid, whose files exist, or whose URL was published before."""
        if not ID.match(slug) or len(slug) > 80:
            raise Refused(say("new_bad_slug", slug=slug))
        folder = self.settings.docs_dir / section
        taken = sorted(p.name for p in folder.glob(f"{slug}.*md") if p.name.split(".")[0] == slug)
        if taken:
            raise Refused(say("new_slug_exists", item=f"{section}/{slug}", files=", ".join(taken)))
        url = f"/{section}/{slug}/"
        if url in read_manifest(self.settings.project_dir / MANIFEST):
            raise Refused(say("new_published_before", url=url, manifest=MANIFEST))


Check = Callable[[Any], Any]


def _questions(request: Request, catalogue: Catalogue) -> list[tuple[str, str, Check]]:
    """(field, question, check) in the order they are asked; a check returns the value or raises Refused."""

    def check_type(value: str) -> str:
        value = value.strip()
        if value not in catalogue.section_of:
            raise Refused(say("new_unknown_type", type=value, types=", ".join(catalogue.section_of)))
        return value

    def check_title(value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise Refused(say("new_title_empty"))
        catalogue.check_slug(catalogue.section_of[request.type], request.slug or slugify(value))
        return value

    def check_ids(kind: str, known: list[str], required: bool) -> Check:
        def check(value: str | list[str]) -> list[str]:
            given = _list(value)
            if required and not given:
                raise Refused(say("new_themes_empty", themes=", ".join(known)))
            for one in given:
                if one not in known:
                    raise Refused(say(f"new_unknown_{kind}", value=one, known=", ".join(known) or "—"))
            return given
        return check

    def check_date(value: str) -> str:
        try:
            return normalise(value) if value.strip() else ""
        except DateRefused as e:
            raise Refused(str(e)) from None

    return [
        ("type", say("ask_type", types=", ".join(catalogue.section_of)), check_type),
        ("title", say("ask_title"), check_title),
        ("themes", say("ask_themes", themes=", ".join(catalogue.themes)), check_ids("theme", catalogue.themes, True)),
        ("programmes", say("ask_programmes", programmes=", ".join(catalogue.programmes)),
         check_ids("programme", catalogue.programmes, False)),
        ("date", say("ask_date"), check_date),
        ("summary", say("ask_summary"), lambda value: " ".join(value.split())),
    ]


def complete(request: Request, catalogue: Catalogue, ask: Callable[[str], str] | None,
             tell: Callable[[str], object] = print) -> Request:
    """Check every value; in a terminal (``ask``), ask for each one missing or refused, until it is right.

    Each answer is checked as soon as it is given; a refused answer is asked
    again with the reason (``tell``), and the answers given before it are kept.
    Without a terminal the first problem is refused (``Refused``), as it is.
    """
    if ask is None:
        missing = [f"--{name}" for name, value in (("type", request.type), ("title", request.title),
                                                   ("themes", request.themes)) if not value]
        if missing:
            raise Refused(say("new_missing", options=", ".join(missing)))
    for name, question, check in _questions(request, catalogue):
        given = getattr(request, name)
        if given or ask is None:  # given values (and, without a terminal, the defaults) are checked as they are
            try:
                setattr(request, name, check(given))
                continue
            except Refused as e:
                if ask is None:
                    raise
                tell(say("new_answer_refused", reason=e))
                if name == "title":
                    request.slug = ""  # a given slug that is taken: the next title makes one
        while True:
            try:
                setattr(request, name, check(ask(question)))
                break
            except Refused as e:
                tell(say("new_answer_refused", reason=e))
                if name == "title":
                    request.slug = ""
    request.slug = request.slug or slugify(request.title)
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
    """Write the files of a complete request; refuses a slug that exists or was published.

    The URLs a build will publish for the new item (its page in every language,
    and its citation files when its section has them) are added to urls.txt.
    """
    catalogue = Catalogue(settings)
    section = catalogue.section_of[request.type]
    catalogue.check_slug(section, request.slug)
    files = files_for(request, settings, section)
    (settings.docs_dir / section).mkdir(parents=True, exist_ok=True)
    for path, content in files.items():
        path.write_text(content, encoding="utf-8")
    langs, default = settings.languages, settings.default_language
    pages = [f"/{urls.prefix(lang, default)}{section}/{request.slug}/" for lang in langs]
    if section in settings.cite_sections and citation.files_written(settings):
        pages += [f"{page}{name}" for page in pages for name in citation.FILES.values()]
    add_to_manifest(settings, pages)
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
    parser.add_argument("--date", default="", help="publication date: 2024-03-14, 14-03-2024 or '14 maart 2024' "
                        "(also YYYY-MM or YYYY; default: today)")
    parser.add_argument("--summary", default="", help="one or two sentences (default: a placeholder to replace)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    request = Request(args.type, args.title.strip(), _list(args.themes), _list(args.programmes), args.slug,
                      args.date, args.summary.strip())
    ask = input if sys.stdin.isatty() else None
    try:
        request = complete(request, Catalogue(settings), ask)
        paths = create(request, settings)
    except Refused as e:
        print(say("error", message=e))
        return 1
    except (EOFError, KeyboardInterrupt):  # Ctrl-D or Ctrl-C at a question
        print()
        print(say("new_stopped"))
        return 1
    root = settings.project_dir
    for path in paths:
        print(say("new_created", path=path.relative_to(root).as_posix()))
    print(say("new_next"))
    return 0
