"""The MkDocs side of the kennisbank engine: wires MkDocs events to the package.

Everything MkDocs-specific lives here; the package ``kennisbank`` is plain
Python. mkdocs-static-i18n runs every event once per language; the engine
caches its model, so the second language costs only rendering.

Languages side by side: mkdocs-static-i18n builds the other languages one
after the other at the end of the default language's build. MkDocs uses one
core; on a machine with more, ``mkdocs build`` forks once the model is loaded
and the site folder cleaned, and the copy builds the other languages (writing
only under ``<site>/<lang>/``) while this process builds the default one. The
output is the same file for file (tests/test_parallel_build.py builds it both
ways); ``KENNISBANK_PARALLEL=0`` turns it off. ``mkdocs serve`` never forks.

Publishing is atomic (kennisbank.publish): ``mkdocs build`` writes into a
staging folder beside the site folder, which ``on_post_build`` swaps in only
when the build succeeded; a failed build removes it. Trust: ``on_page_content``
judges each page's content HTML (kennisbank.judge), ``on_post_page`` refuses any
inline script the theme does not emit (kennisbank.outputs.headers).
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
from copy import deepcopy
from pathlib import Path
from urllib.parse import urlsplit
from typing import Any

from jinja2 import FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from kennisbank import engine, outputs, publish, textsafe
from kennisbank.judge import judge
from kennisbank.outputs import headers, search_index
from kennisbank.adapter import settings_from
from kennisbank.config import Settings
from kennisbank.problems import ContentError, Problem
from kennisbank.schemas import SCHEMA_DIR
from kennisbank.view import View

log = logging.getLogger("mkdocs.hooks.kennisbank")

_state: dict[str, Any] = {}


def _settings(config: MkDocsConfig) -> Settings:
    try:
        return settings_from(config)
    except ValueError as e:
        raise Abort(str(e)) from None


def _language(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    return i18n.current_language if i18n is not None else config.theme["language"]


def on_startup(command: str, dirty: bool) -> None:
    _state["command"], _state["dirty"] = command, dirty


def on_config(config: MkDocsConfig) -> None:
    _state["settings"] = _settings(config)
    build_log = logging.getLogger("mkdocs.commands.build")
    if _unsaid not in build_log.filters:
        build_log.addFilter(_unsaid)


# MkDocs messages that would only confuse: on_post_template skips these files on purpose
# (and the second process adds its own "built in" lines, as mkdocs-static-i18n hides its own).
_UNSAID = ["Template skipped: '404.html' generated empty output",
           "Template skipped: 'sitemap.xml' generated empty output"]


def _unsaid(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith(tuple(_UNSAID))


@event_priority(100)
def on_pre_build(config: MkDocsConfig) -> None:
    """Load the model (cached across languages) and write the generated page stubs."""
    settings = _state["settings"]
    _stage(config)  # (not in on_config: the editors' commands run that to read the settings)
    _state.setdefault("searchable", {})[_language(config)] = {}  # pages for the search index, by language
    try:
        build = engine.load(settings)
        written, removed = engine.write_pages(settings, build)
    except ContentError as e:
        raise Abort(str(e)) from None
    if _state.get("warned") is not build:  # once per model, not once per language
        for warning in build.warnings:
            log.warning(str(warning))
        _state["warned"] = build
    if written or removed:
        log.info(f"kennisbank: {written} generated page(s) written, {removed} removed "
                 f"({len(build.pages)} in all; model loaded in {build.seconds:.2f}s)")
    _state["build"] = build


def _stage(config: MkDocsConfig) -> None:
    """Point the build at a staging folder beside the site folder (kennisbank.publish).

    MkDocs reads ``config.site_dir`` first after ``on_pre_build`` (to clean it, then for
    every file's destination), and every event and plugin writes through it, so the whole build,
    every language included, lands in the staging folder; ``on_post_build``
    swaps it in when the build succeeded, ``on_build_error`` removes it. A
    second build into the same folder stops here. ``mkdocs serve`` builds into
    a temporary folder of its own and is not staged.
    """
    publication = _state.get("publication")
    if publication is not None:  # the other languages' builds (mkdocs-static-i18n calls build() again)
        config.site_dir = str(publication.staging)
        return
    if _state.get("command") not in ("build", "gh-deploy"):
        return
    publication = publish.Publication(Path(config.site_dir))
    try:
        staging = publication.begin()
    except publish.BuildLocked as e:
        raise Abort(str(e)) from None
    _state["publication"] = publication
    config.site_dir = str(staging)


def _publish(config: MkDocsConfig) -> None:
    """Swap the staged site in, unless the build is about to fail in strict mode."""
    if _state.get("in_child"):
        return
    publication = _state.pop("publication", None)
    if publication is None:
        return
    if config.strict and _strict_warnings():
        _state["publication"] = publication  # on_build_error removes it when MkDocs aborts
        return
    publication.commit()
    config.site_dir = str(publication.site)  # (mkdocs gh-deploy reads it after the build)


def _strict_warnings() -> int:
    """Warnings MkDocs' strict mode has counted in this build: it aborts after on_post_build when any."""
    from mkdocs.utils import CountHandler

    return sum(count for handler in logging.getLogger("mkdocs").handlers if isinstance(handler, CountHandler)
               for _, count in handler.get_counts())


def _unpublish() -> None:
    if _state.get("in_child"):
        return
    publication = _state.pop("publication", None)
    if publication is not None:
        publication.abort()


def _autoescaped(name: str | None) -> bool:
    """The engine's templates escape what they print; Material's own do not expect it."""
    return bool(name) and (name.startswith("kb/") or name in ("main.html", "404.html"))


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """Autoescape the engine's templates, and cache compiled templates.

    MkDocs makes its Jinja environment without autoescaping; content and data are
    untrusted, so every template of the engine escapes by default (Material's
    templates, which print HTML they made themselves, are left as they are).
    Templates do not change during one build, so Jinja's per-lookup file check is
    off; MkDocs makes a new environment for every build, so `mkdocs serve` still
    picks up edited templates. The bytecode cache is keyed by each template's
    source checksum; its folder name changes with the escaping rule.
    """
    judged = _state.pop("judged", [])
    if judged:  # every page is rendered before on_env and none is written yet: report them all at once
        raise Abort(str(ContentError(judged)))
    env.autoescape = _autoescaped
    env.auto_reload = False
    cache = _state["settings"].project_dir / ".cache" / "jinja-autoescape-v1"
    cache.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(cache))
    # With the pages' own escaping rule and template cache: the partials compiled here serve the pages too.
    _state["scripts"] = headers.theme_scripts(env, {"config": config, "features": config.theme.get("features") or []},
                                              _base_urls(config, files))
    _state["csp_meta"] = headers.policy(_state["scripts"], meta=True)
    return env


def _base_urls(config: MkDocsConfig, files: Files) -> list[str]:
    """Every base URL a page of the site can have ('.', '..', …, and the root path of static pages)."""
    settings: Settings = _state["settings"]
    others = tuple(f"{lang}/" for lang in settings.languages if lang != settings.default_language)
    # The same list in every language's build: paths without their language folder, which adds one level.
    deepest = max((f.url.removeprefix(next((o for o in others if f.url.startswith(o)), "")).count("/")
                   for f in files.documentation_pages()), default=0)
    depth = deepest + (1 if others else 0)
    return [".", *("/".join([".."] * n) for n in range(1, depth + 1)), urlsplit(config.site_url or "/").path or "/"]


def _redirect_scripts(config: MkDocsConfig) -> set[str]:
    """The inline script of each page mkdocs-redirects writes (its template, with the target it computes)."""
    plugin = config.plugins.get("redirects")
    if plugin is None or not getattr(plugin, "redirects", None):
        return set()
    from mkdocs_redirects import plugin as redirects

    scripts = set()
    for old, new in plugin.redirects.items():
        target, fragment = redirects._split_hash_fragment(str(new))
        if new.lower().startswith(("http://", "https://")):
            url = new
        elif target in plugin.doc_pages:
            url = redirects.get_relative_html_path(old, plugin.doc_pages[target].url + fragment,
                                                   config.use_directory_urls)
        else:
            continue  # the plugin warns and writes nothing
        scripts.update(headers.inline_scripts(redirects.HTML_TEMPLATE.format(url=url)))
    return scripts


@event_priority(100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    _build_other_languages_alongside(config)
    return files


def _parallel(config: MkDocsConfig) -> list[str]:
    """The languages a second process should build, or none when this build should not fork."""
    i18n = config.plugins.get("i18n")
    if (i18n is None or i18n.building or _state.get("command") not in ("build", "gh-deploy")
            or os.environ.get("KENNISBANK_PARALLEL", "1") == "0" or not hasattr(os, "fork")
            or (os.cpu_count() or 1) < 2 or _state.get("child")
            or any(name in config.plugins for name in ("search", "material/search"))):
        return []  # (Material's search collects every language's pages in one process)
    return [lang for lang in i18n.build_languages if lang != i18n.current_language]


def _build_other_languages_alongside(config: MkDocsConfig) -> None:
    """Fork: the copy builds the other languages the way mkdocs-static-i18n would, then exits."""
    others = _parallel(config)
    if not others:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()  # the model lives as long as the build: neither process's collector need look at it again
    parent = os.getpid()
    pid = os.fork()
    if pid:
        _state["child"] = pid
        log.info(f"kennisbank: building {', '.join(others)} in a second process (pid {pid}); "
                 "KENNISBANK_PARALLEL=0 builds one language after the other")
        # mkdocs-static-i18n must not build them too: its on_post_build returns at once while
        # it believes it is building (on_post_build below sets this back).
        config.plugins.get("i18n").building = True
        return
    code = 1
    publish.die_with_parent(parent)  # a killed build must not leave this process writing
    _state["in_child"] = True  # writes into the first process's staging folder, which that one publishes
    try:
        from mkdocs import utils
        from mkdocs.commands.build import build

        i18n = config.plugins.get("i18n")
        i18n.building = True  # what mkdocs-static-i18n sets around its own builds of the other languages
        utils.clean_directory = lambda path: path  # the default language's build cleaned the folder
        _UNSAID.extend(["Documentation built in", "Building documentation"])
        for language in others:
            i18n.current_language = language
            build(config, dirty=_state.get("dirty", False))
        code = 0
    except Abort as e:
        log.error(str(e))
    except BaseException:  # anything else: report it; the first process stops the build
        log.exception("kennisbank: the build of the other languages failed")
    finally:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _wait_for_other_languages() -> None:
    pid = _state.pop("child", None)
    if pid is None:
        return
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise Abort("the other languages' build failed (see the messages above)")


def on_build_error(error: Exception) -> None:
    """A failed build stops the other languages' process and removes its staging folder: the site stays."""
    _timer.stop(check=False)
    pid = _state.pop("child", None)
    if pid is not None:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    _unpublish()


_timer = textsafe.RenderTimer(lambda timeout: Abort(str(timeout)))


@event_priority(-100)  # the last change to the Markdown: the budget covers rendering alone
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Content items are shown with the item template (their front matter cannot choose one)."""
    build = _state["build"]
    if page.file.src_uri in build.site.items_by_file:
        page.meta["template"] = "kb/item.html"
    _timer.start(textsafe.RENDER_BUDGET, _shown(page))  # stopped in on_page_content
    return markdown


@event_priority(-100)  # after every other plugin that changes the page's HTML
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Judge the HTML Markdown made of the page (kennisbank.judge); on_env stops the build on any refusal."""
    _timer.stop()
    source = page.file.content_string
    body = page.markdown or ""
    start = source.find(body) if body else -1  # MkDocs drops the front matter; plugins strip the ends
    first_line = source.count("\n", 0, start) + 1 if start >= 0 else 1
    _state.setdefault("judged", []).extend(judge(html, body, _shown(page), first_line))
    return html


def _view_for(page: Page | None, config: MkDocsConfig) -> View:
    site = _state["build"].site
    language = _language(config)
    locale = _state["settings"].locale(language)
    kind, obj = _subject(site, page)
    root = urlsplit(config.site_url or "/").path or "/"
    return View(site, language, kind, obj, locale, page.url if page is not None else None, root)


def _subject(site: Any, page: Page | None) -> tuple[str, Any]:
    """What a page is about: a content item, a generated record or section, a format, or nothing."""
    if page is None:
        return "", None
    item = site.items_by_file.get(page.file.src_uri)
    if item is not None:
        return "item", item
    ref = page.meta.get("kb")
    if isinstance(ref, dict):
        return ref["kind"], site.record(ref["kind"], ref["id"])
    if page.meta.get("format"):
        return "page", site.formats.get(page.meta["format"])
    return "page", None


def _shown(page: Page) -> str:
    """A page's source file as an editor sees it (docs/…)."""
    settings: Settings = _state["settings"]
    return f"{settings.docs_dir.relative_to(settings.project_dir).as_posix()}/{page.file.src_uri}" \
        if settings.docs_dir.is_relative_to(settings.project_dir) else page.file.src_uri


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    context["kb"] = _view_for(page, config)
    context["kb_csp"] = _state["csp_meta"]
    return context


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    """Static templates (404.html, sitemap.xml) get a view without a page.

    mkdocs-static-i18n leaves the language switcher pointing at the last page it
    rendered; for pages that are not pages (the 404) it should lead home.
    """
    context["kb"] = _view_for(None, config)
    context["kb_csp"] = _state["csp_meta"]
    i18n = config.plugins.get("i18n")
    if getattr(i18n, "extra_alternate", None):
        # mkdocs-static-i18n sets extra.alternate per page as an attribute, which Jinja reads
        # before the mapping's item: set both, or a 404 rendered after pages links to the last one.
        config.extra["alternate"] = deepcopy(i18n.extra_alternate)
        config.extra.alternate = config.extra["alternate"]
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Refuse a page with a script the theme does not emit; keep what the search index needs of it."""
    unexpected = headers.unexpected_scripts(output, _state["scripts"])
    if unexpected:
        raise Abort(str(ContentError([Problem(_shown(page), 1, f"the page holds an {what} that the theme does not "
                                              "emit", "remove it: content cannot run script") for what in unexpected])))
    part = search_index.searchable(output)
    if part is not None:
        _state["searchable"][_language(config)][Path(page.file.abs_dest_path)] = part
    return output


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """One 404 page per language: MkDocs writes every language's to /404.html.

    The default language's stays at /404.html; each other language's is moved
    to /<lang>/404.html, so hosts can serve the right one per path prefix. The
    same for sitemap.xml: the engine adds each other language's pages to the
    default language's (outputs.sitemaps.merge_languages). Empty output tells
    MkDocs not to write the file itself.
    """
    if template_name not in ("404.html", "sitemap.xml"):
        return output
    language = _language(config)
    if language == _state["settings"].default_language:
        return output
    target = Path(config.site_dir) / language / template_name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return ""


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """`mkdocs serve` rebuilds when data, schemas, the engine or its templates change."""
    settings: Settings = _state["settings"]
    engine_dir = Path(engine.__file__).parent
    for path in (settings.data_dir, SCHEMA_DIR, engine_dir, Path(config.theme.custom_dir or settings.data_dir)):
        if path.exists():
            server.watch(str(path))
    return server


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    """Write the non-page outputs (kennisbank.outputs) of this language, then of the whole site.

    At priority -200 this runs after mkdocs-static-i18n's on_post_build, which
    builds the other languages from inside the default language's build (or,
    side by side, after this process waited for the one that built them): so
    when the default language gets here, every language is built.
    """
    settings: Settings = _state["settings"]
    build = _state["build"]
    site_dir = Path(config.site_dir)
    i18n = config.plugins.get("i18n")
    if "child" in _state:  # the side-by-side case: this is the default language's build
        i18n.building = False
    # mkdocs-static-i18n leaves current_language at the last language it built; the
    # outer build (i18n no longer "building") is the default language's.
    language = _language(config) if getattr(i18n, "building", True) else settings.default_language
    try:
        outputs.after_language(build, settings, site_dir, language, _state["searchable"].pop(language, {}))
        if language == settings.default_language:
            _wait_for_other_languages()
            outputs.after_all(build, settings, site_dir, _state["scripts"] | _redirect_scripts(config))
            _publish(config)
    except ContentError as e:  # e.g. the search index could not be written: stop with the message
        raise Abort(str(e)) from None
