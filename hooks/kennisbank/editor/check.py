"""``python -m kennisbank check``: everything an editor can get wrong, without building.

First the engine's own load step (front matter and data against their schemas,
every reference, personal data) and the judge of the HTML every page renders
to (``kennisbank.judge``: each body goes through Python-Markdown with the
site's ``markdown_extensions`` from mkdocs.yml): the same errors that stop a
build. Then what only an editor's eye needs: translations that are missing or
older than their original, images without alt text, links to pages or files
that do not exist (an image gets an image's hint), and raw HTML in content;
and every URL a build would publish that urls.txt does not list yet (a new page,
a new image: CI's manifest test fails on them). One line per finding,
``path:line: what is wrong — how to fix it``, errors apart from warnings, in
the command's language (``kennisbank.messages``, the engine's problems included).
"""

from __future__ import annotations

import argparse
import os
import posixpath
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pathspec

from .. import citation, engine, generate
from ..config import Settings
from ..judge import judge
from ..kinds import KINDS
from ..load import display_path, read_document
from ..messages import say
from ..outputs import feeds
from ..problems import ContentError, Problem
from ..textsafe import RENDER_BUDGET, RenderTimeout, render_budget
from ..urls import prefix
from . import translations
from .markdown import TAG, links, prose_lines
from .new import placeholders
from .urls import MANIFEST, SKIP, page_url, read_manifest

# Inline tags with no Markdown equivalent that cannot change layout or bring script.
ALLOWED_TAGS = frozenset({"abbr", "br", "sub", "sup", "kbd", "mark", "del", "ins", "s", "small", "wbr"})


class Checker:
    """Editor-level checks of the written Markdown files of one project."""

    def __init__(self, settings: Settings, planned: list[str], render: Callable[[str], str]) -> None:
        self.settings = settings
        self.render = render
        self.docs = settings.docs_dir
        self.files = {p.relative_to(self.docs).as_posix() for p in self.docs.rglob("*") if p.is_file()}
        self.files |= set(planned)
        langs = settings.languages
        self.urls = {page_url(f, langs, settings.default_language) for f in self.files}
        # a page without a translation is still built in every language (with the original's text)
        self.urls |= {f"/{lang}{u}" for u in list(self.urls) for lang in langs
                      if lang != settings.default_language and not u.startswith(f"/{lang}/")}
        self.urls |= set(read_manifest(settings.project_dir / MANIFEST))
        self.base = urlsplit(settings.site_url)
        self.problems: list[Problem] = []

    def check_file(self, path: Path) -> None:
        s = self.settings
        document, _ = read_document(path, self.docs, s.project_dir, list(s.languages), s.default_language)
        if document is None:
            return  # the engine reported why
        rel, display = document.path, document.display
        try:
            with render_budget(RENDER_BUDGET, display):  # the build's time limit per page, here too
                rendered = self.render(document.body)
        except RenderTimeout as e:
            self.problems += e.problems
            return
        judged = judge(rendered, document.body, display, document.body_line)
        self.problems += judged
        judged_lines = {p.line for p in judged}
        if document.language == s.default_language:
            for language in s.languages:
                twin = translations.translation_path(rel, language)
                if language != s.default_language and twin not in self.files:
                    self.warn(display, 1, say("no_translation", language=language),
                              say("no_translation_fix", path=f"{s.docs_dir.name}/{twin}"))
        self.check_template(document.meta, document.body, display, document.body_line)
        for link in links(document.body, document.body_line):
            if link.image and not link.text.strip():
                self.error(display, link.line, say("image_no_alt", image=link.target or link.text),
                           say("image_no_alt_fix"))
            elif link.image and link.text.strip() == posixpath.basename(link.target):
                self.warn(display, link.line, say("image_alt_is_file_name", image=link.target),
                          say("image_alt_is_file_name_fix"))
            if link.target:
                self.check_link(rel, display, link.line, link.target, link.image)
        for number, line in prose_lines(document.body, document.body_line):
            if number in judged_lines:
                continue  # the judge said what is wrong there
            for tag in TAG.finditer(line):
                name = tag.group(2).lower()
                if name not in ALLOWED_TAGS:
                    self.error(display, number, say("raw_html", tag=name), say("raw_html_fix"))

    def check_template(self, meta: dict, body: str, display: str, first_line: int) -> None:
        """Text of the `new` command's template that was not replaced."""
        summaries, hints = placeholders()
        if meta.get("summary") in summaries:  # at the line of 'summary:' in the front matter
            self.error(display, getattr(meta, "lines", {}).get("summary", 1), say("template_summary"),
                       say("template_summary_fix"))
        for number, line in enumerate(body.splitlines(), start=first_line):
            hint = line.strip().removeprefix("<!--").removesuffix("-->").strip()
            if hint in hints:
                self.warn(display, number, say("template_hint"), say("template_hint_fix"))

    def check_link(self, rel: str, display: str, line: int, target: str, image: bool = False) -> None:
        parts = urlsplit(target)
        own = bool(parts.netloc) and parts.netloc == self.base.netloc
        if (parts.scheme or parts.netloc) and not own:
            return  # another site, or mailto: and the like
        path = unquote(parts.path)
        if not path:
            return  # a heading on the same page
        if own or path.startswith("/"):
            prefix = self.base.path.rstrip("/")
            url = path[len(prefix):] if prefix and path.startswith(prefix + "/") else path
            if not self._known_url(url):
                if image:
                    self.error(display, line, say("image_unknown_url", image=target), say("image_unknown_url_fix"))
                else:
                    self.error(display, line, say("link_unknown_url", target=target), say("link_unknown_url_fix"))
            return
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
        if resolved in self.files:
            return
        if path.endswith(".md"):
            self.error(display, line, say("link_missing_file", target=target, path=f"{self.docs.name}/{resolved}"),
                       say("link_missing_file_fix"))
            return
        # not a file: an address relative to the page's own URL (/section/slug/)
        own_url = page_url(rel, self.settings.languages, self.settings.default_language)
        if self._known_url(posixpath.normpath(posixpath.join(own_url, path))):
            return
        if image:
            folder = posixpath.dirname(f"{self.docs.name}/{rel}")
            self.error(display, line, say("image_missing", image=target, path=f"{self.docs.name}/{resolved}"),
                       say("image_missing_fix", folder=folder))
        else:
            self.error(display, line, say("link_unknown_url", target=target), say("link_relative_fix"))

    def _known_url(self, url: str) -> bool:
        url = "/" + url.lstrip("/")
        return url in self.urls or f"{url}/" in self.urls or url.removesuffix("index.html") in self.urls

    def error(self, path: str, line: int, what: str, fix: str) -> None:
        self.problems.append(Problem(path, line, what, fix))

    def warn(self, path: str, line: int, what: str, fix: str) -> None:
        self.problems.append(Problem(path, line, what, fix, warning=True))


def markdown_renderer(config_file: str | Path) -> Callable[[str], str]:
    """Markdown to HTML the way the site's build renders a page: the extensions and settings of mkdocs.yml."""
    import markdown

    from ..adapter import markdown_options

    extensions, configs = markdown_options(config_file)
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)

    def render(text: str) -> str:
        md.reset()
        return md.convert(text)

    return render


def published(settings: Settings, build: engine.Build) -> dict[str, tuple[str, int]]:
    """The URLs a build will publish that urls.txt lists (see editor/urls.py), each with the file (and line) it comes from.

    Pages in every language (a page without a translation is built in each one),
    the other files of docs/ once, and what the outputs write beside an item's page
    (citation files, QR codes) or per section and theme (feeds). Sitemaps, open
    data and the calendar follow from sections, not from an editor's new file.
    """
    languages, default = settings.languages, settings.default_language
    docs = settings.docs_dir.name
    spec = pathspec.GitIgnoreSpec.from_lines(settings.exclude_docs) if settings.exclude_docs else None
    sources: dict[str, tuple[str, int]] = {}
    generated = {page.path for page in build.pages}
    for folder, dirs, names in os.walk(settings.docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        base = Path(folder).relative_to(settings.docs_dir).as_posix()
        for name in sorted(names):
            rel = name if base == "." else f"{base}/{name}"
            if name.startswith((".", "_")) or rel.startswith(SKIP) or (spec and spec.match_file(rel)):
                continue
            if not rel.endswith(".md"):
                sources.setdefault(page_url(rel, languages, default), (f"{docs}/{rel}", 1))
            elif rel not in generated and not _generated(Path(folder) / name):
                _page(sources, rel, f"{docs}/{rel}", languages, default)
    for rel in sorted(generated):
        _page(sources, rel, MANIFEST, languages, default)
    if urlsplit(settings.site_url).scheme in ("http", "https"):  # outputs need an absolute site_url
        site = build.site
        for item in site.items.values():
            if citation.cited(item, settings):
                for language in languages:
                    for name in citation.FILES.values():
                        sources.setdefault(f"/{prefix(language, default)}{item.path}{name}",
                                           (f"{docs}/{item.files[default]}", 1))
        for kind in KINDS:
            if kind.qr and kind.pages and site.section_of_kind(kind.plural):
                for record in site.tables[kind.plural].values():
                    for language in languages:
                        sources.setdefault(f"/{prefix(language, default)}{record.path}qr.svg",
                                           (record.source.path, record.source.line))
        for path in feeds.paths(site, settings):
            sources.setdefault("/" + path.lstrip("/"), (MANIFEST, 1))
    return sources


def _page(sources: dict[str, tuple[str, int]], rel: str, shown: str, languages: tuple[str, ...],
          default: str) -> None:
    url = page_url(rel, languages, default)
    sources.setdefault(url, (shown, 1))
    if url.startswith(tuple(f"/{lang}/" for lang in languages if lang != default)):
        return  # a translation: its language's page only
    for language in languages:
        if language != default:
            sources.setdefault(f"/{prefix(language, default)}{url.lstrip('/')}", (shown, 1))


def unlisted(settings: Settings, build: engine.Build) -> list[Problem]:
    """URLs a build will publish that urls.txt does not list yet (CI's test fails on them)."""
    manifest = settings.project_dir / MANIFEST
    if not manifest.exists():
        return []  # the project keeps no manifest
    listed = set(read_manifest(manifest))
    return [Problem(path, line, say("not_in_manifest", url=url), say("not_in_manifest_fix", url=url))
            for url, (path, line) in sorted(published(settings, build).items()) if url not in listed]


def check(settings: Settings, config_file: str | Path | None = None) -> list[Problem]:
    """Every problem an editor should see, errors and warnings (``Problem.warning``).

    ``config_file`` is the site's mkdocs.yml (default: the one in the project folder).
    """
    found: list[Problem] = []
    planned: list[str] = []
    try:
        build = engine.load(settings)
    except ContentError as e:
        found += e.problems
    else:
        found += build.warnings
        planned = [p.path for p in build.pages]
        for status in translations.needing_work(build.site):
            if status.state != translations.MISSING:  # missing ones are found per file below
                path, what, fix = translations.describe(status, settings.docs_dir.name)
                shown = display_path(settings.project_dir / path, settings.project_dir)
                found.append(Problem(shown, 1, what, fix, warning=True))
        found += unlisted(settings, build)
    render = markdown_renderer(config_file or settings.project_dir / "mkdocs.yml")
    checker = Checker(settings, planned, render)
    for source in engine.markdown_files(settings.docs_dir, settings.exclude_docs):
        if not _generated(source):
            checker.check_file(source)
    reported = {(p.path, p.line) for p in found if not p.warning}
    found += [p for p in checker.problems if p.warning or (p.path, p.line) not in reported]
    return sorted(set(found))


def _generated(path: Path) -> bool:
    with path.open("rb") as f:
        return generate.is_generated(f.read(200))


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("check", help="check content and data without building; errors name file:line",
                            description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--github", action="store_true",
                        help="also print GitHub Actions annotations, so findings show on the pull request's files")


def run(args: argparse.Namespace, settings: Settings) -> int:
    found = check(settings, getattr(args, "config_file", None))
    errors = [p for p in found if not p.warning]
    warnings = [p for p in found if p.warning]
    for title, group in ((say("check_errors"), errors), (say("check_warnings"), warnings)):
        if group:
            print(title)
            for problem in group:
                print(str(problem))
    if args.github:
        for problem in found:
            level = "warning" if problem.warning else "error"
            print(f"::{level} file={problem.path},line={problem.line}::{problem.what} — {problem.fix}")
    files = sum(1 for p in engine.markdown_files(settings.docs_dir, settings.exclude_docs) if not _generated(p))
    verdict = say("check_verdict_errors") if errors else say("check_verdict_ok")
    print(say("check_summary", errors=len(errors), warnings=len(warnings), files=files,
              data=f"{settings.data_dir.name}/", verdict=verdict))
    return 1 if errors else 0
