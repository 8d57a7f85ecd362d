"""The MkDocs events of the kennisbank engine, as one plugin object that holds the build's state.

mkdocs-static-i18n runs every event once per language; the engine caches its
model, so the second language costs only rendering. The other languages may be
built in a second process (``languages``); publishing is atomic (``staging``).
Trust: ``on_page_content`` judges each page's content HTML (kennisbank.judge),
``on_post_page`` refuses any inline script the theme does not emit
(kennisbank.outputs.headers).
"""

from __future__ import annotations

import html as html_text
import logging
import re
import sys
import time
from copy import deepcopy
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from jinja2 import FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from kennisbank import engine, gloss, messages, outputs, reads, textsafe, urls
from kennisbank.adapter import settings_from
from kennisbank.config import Settings
from kennisbank.engine import Build
from kennisbank.judge import judge
from kennisbank.outputs import citations, headers, redirects, search_index
from kennisbank.outputs.links import home_title
from kennisbank.problems import ContentError, Problem
from kennisbank.render_cache import RenderCache
from kennisbank.schemas import SCHEMA_DIR
from kennisbank.strings import interface_string
from kennisbank.view import View

from .cached_pages import CachedPages
from .converter import Converter
from .languages import OtherLanguages, i18n_of
from .preview import Preview
from .staging import Staging

log = logging.getLogger("mkdocs.hooks.kennisbank")

# MkDocs messages that would only confuse: on_post_template skips these files on purpose.
_UNSAID = ("Template skipped: '404.html' generated empty output",
           "Template skipped: 'sitemap.xml' generated empty output")


def _unsaid(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith(_UNSAID)


class KennisbankPlugin(BasePlugin):
    """Every event the engine needs, with the state of the build (every language's) on the instance.

    Used from ``hooks/kennisbank_hook.py``, which MkDocs loads once per process:
    one instance lives as long as the process, through every rebuild of
    ``mkdocs serve``, and each event resets what must not outlast a build.
    """

    settings: Settings  # from mkdocs.yml, set by on_config
    build: Build  # the loaded model, set by on_pre_build

    def __init__(self) -> None:
        self.command: str | None = None  # 'build', 'gh-deploy' or 'serve'
        self.dirty = False
        self.warned: Build | None = None  # the model whose warnings were logged (once per model)
        self.searchable: dict[str, dict[Path, Any]] = {}  # by language: each page's part of the search index
        self.prepared: dict[str, dict[Path, Any]] = {}  # serve, by language: each page as the search index had it
        self.search_edits = search_index.Edits()  # serve: the pages edited since the search index was made
        self.judged: list[Problem] = []  # the judge's refusals, raised together in on_env
        self.scripts: set[str] = set()  # the inline scripts the theme emits (the CSP's hashes)
        self.csp_meta = ""  # the policy as a <meta> for the templates
        self.serve_problems: list[Problem] = []  # mkdocs serve: content problems shown in place of every page
        self.env: Any = None  # the build's Jinja environment (on_env)
        self.staging = Staging()
        self.languages = OtherLanguages()
        self.timer = textsafe.RenderTimer(lambda timeout: Abort(str(timeout)))
        self.cached: CachedPages | None = None  # the render cache (on_config: it lives in the project)
        self.preview = Preview()  # mkdocs serve: edited item bodies re-render their pages only
        self.converter = Converter()  # one Markdown converter for every page
        self.nav: Navigation | None = None  # this language's, from on_nav to on_env (for preview)
        self.reading = reads.Reading()  # mkdocs serve: the records' fields the page being rendered reads

    # -- the build's life --

    def on_startup(self, command: str, dirty: bool) -> None:
        """Only `build` and `gh-deploy` publish atomically and fork; serve records what each page reads."""
        self.command, self.dirty = command, dirty
        if command == "serve":  # (preview: a data edit re-renders the pages that read what changed)
            reads.watch()

    def on_config(self, config: MkDocsConfig) -> None:
        """Read the settings (adapter.settings_from); also run by editor commands outside a build."""
        try:
            self.settings = settings_from(config)
            messages.use(self.settings.default_language)  # a build speaks the site's default language
        except ValueError as e:
            raise Abort(str(e)) from None
        if self.cached is None:
            self.cached = CachedPages(RenderCache.for_project(self.settings.project_dir))
        build_log = logging.getLogger("mkdocs.commands.build")
        if _unsaid not in build_log.filters:
            build_log.addFilter(_unsaid)

    @event_priority(100)  # before mkdocs-static-i18n reads the files
    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Load the model (cached across languages) and write the generated page stubs."""
        settings = self.settings
        self.preview.wait()  # (a quick rebuild's search index)
        self.staging.stage(config, self.command)
        self.searchable[self._language(config)] = {}
        try:
            build = engine.load(settings)
            written, removed = engine.write_pages(settings, build)
        except ContentError as e:
            if self.command == "serve" and getattr(self, "build", None) is not None:
                # The browser shows the problems instead of waiting for a build that never comes;
                # pages render from the last good model and the fix reloads them (_error_page).
                # (Printed, not logged: `serve --strict` would count a logged error and fail the build.)
                print(str(e), file=sys.stderr)  # noqa: T201
                self.serve_problems = list(e.problems)
                return
            raise Abort(str(e)) from None
        self.serve_problems = []
        if self._language(config) == settings.default_language:  # the first language: once per build
            self._cached().begin(config, build, self.command)
            if self.command == "serve":
                self.preview.snapshot(self._watched(config))
        if self.warned is not build:  # once per model, not once per language
            for warning in build.warnings:
                log.warning(str(warning))
            self.warned = build
        if written or removed:
            log.info(f"kennisbank: {written} generated page(s) written, {removed} removed "
                     f"({len(build.pages)} in all; model loaded in {build.seconds:.2f}s)")
        self.build = build

    @event_priority(100)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """The site folder is clean and the model loaded: fork here for the other languages (languages)."""
        self._leave_generated_pages_out_of_the_nav_report(files, config)
        self.languages.start(config, self.command, self.dirty, lambda: self._in_copy(config))
        if self.languages.pid is not None and self.staging.publication is not None:
            self.staging.publication.writers.add(self.languages.pid)  # stopped first if this build is stopped
        return files

    def _leave_generated_pages_out_of_the_nav_report(self, files: Files, config: MkDocsConfig) -> None:
        """Pages made from data and written items are reached from their section's index, not from
        the nav: marked so, MkDocs does not list them (about ninety lines) as "not included in the
        nav" on every build; a hand-written page missing from the nav is still reported.
        (mkdocs-static-i18n copies the mark to each language's files.)"""
        listed = set(_nav_files(config.nav or []))
        generated = {page.path for page in self.build.pages} | set(self.build.site.items_by_file)
        languages = self.settings.languages
        for file in files.documentation_pages():
            if file.src_uri in generated and _without_language(file.src_uri, languages) not in listed:
                file.inclusion = InclusionLevel.NOT_IN_NAV

    def _in_copy(self, config: MkDocsConfig) -> None:
        # The second process writes into the first one's staging folder, which that one publishes.
        self.staging.owner = False
        # mkdocs-redirects writes every old address, of every language, in each build: the first
        # process does that, or both make the same folders at once (FileExistsError, seen in CI).
        redirects = config.plugins.get("redirects")
        if redirects is not None:
            redirects.config["redirect_maps"] = {}

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        """Autoescape the engine's templates, and cache compiled templates.

        MkDocs makes its Jinja environment without autoescaping; content and data are
        untrusted, so every template of the engine escapes by default (Material's
        templates, which print HTML they made themselves, are left as they are).
        Templates do not change during one build, so Jinja's per-lookup file check is
        off; MkDocs makes a new environment for every build, so `mkdocs serve` still
        picks up edited templates. The bytecode cache is keyed by each template's
        source checksum; its folder name changes with the escaping rule.
        """
        judged, self.judged = self.judged, []
        if judged and self.command == "serve":  # shown in the browser (_error_page)
            print(str(ContentError(judged)), file=sys.stderr)  # noqa: T201
            self.serve_problems += judged
        elif judged:  # every page is rendered before on_env and none is written yet: report them all at once
            raise Abort(str(ContentError(judged)))
        self.env = env
        env.autoescape = _autoescaped
        env.auto_reload = False
        cache = self.settings.project_dir / ".cache" / "jinja-autoescape-v1"
        cache.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(cache))
        # With the pages' own escaping rule and template cache: the partials compiled here serve the pages too.
        self.scripts = headers.theme_scripts(env, {"config": config, "features": config.theme.get("features") or []},
                                             self._base_urls(config, files))
        # mkdocs serve adds an inline live-reload script to every page it serves (locally only):
        # the policy in a <meta> would block it, so served pages go without.
        self.csp_meta = "" if self.command == "serve" else headers.policy(self.scripts, meta=True)
        if self.command == "serve" and self.nav is not None:
            self.preview.keep(self._language(config), config, files, self.nav, env, self._cached().site_key)
        return env

    @event_priority(-200)
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write the non-page outputs (kennisbank.outputs) of this language, then of the whole site.

        At priority -200 this runs after mkdocs-static-i18n's on_post_build, which
        builds the other languages from inside the default language's build (or,
        side by side, after this process waited for the one that built them): so
        when the default language gets here, every language is built.
        """
        settings = self.settings
        build = self.build
        site_dir = Path(config.site_dir)
        i18n = i18n_of(config)
        if self.languages.forked:  # the side-by-side case: this is the default language's build
            i18n.building = False
        # mkdocs-static-i18n leaves current_language at the last language it built; the
        # outer build (i18n no longer "building") is the default language's.
        language = self._language(config) if getattr(i18n, "building", True) else settings.default_language
        try:
            # serve keeps every page's search part, for a quick rebuild (preview)
            searchable = self.searchable.get(language, {}) if self.command == "serve" else self.searchable.pop(language, {})
            # Side by side, each process only stages its search text: after_all runs Pagefind (memory: search_index)
            outputs.after_language(build, settings, site_dir, language, searchable, later=self.languages.side_by_side)
            if language == settings.default_language:
                self.languages.wait()
                self._rewrite_redirects(config, site_dir)
                outputs.after_all(build, settings, site_dir, self.scripts)
                if self.command == "serve":  # (the index has every page as it is: no edits)
                    outputs.search_edits(build, site_dir, self.search_edits, self.searchable, made=True)
                self.staging.publish(config)
                if self.command != "serve":
                    self._cached().cache.prune()
        except ContentError as e:  # e.g. the search index could not be written: stop with the message
            raise Abort(str(e)) from None

    def on_build_error(self, error: Exception) -> None:
        """A failed build stops the other languages' process and removes its staging folder: the site stays."""
        self.timer.stop(check=False)
        self.languages.stop()
        self.staging.abort()

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """`mkdocs serve` rebuilds when data, schemas, the engine or its templates change."""
        settings = self.settings
        engine_dir = Path(engine.__file__).parent
        for path in (settings.data_dir, SCHEMA_DIR, engine_dir, Path(config.theme.custom_dir or settings.data_dir)):
            if path.exists():
                server.watch(str(path))
        full = server.builder
        server.builder = lambda: self.preview.rebuild(self, full)
        server._serve_request = self.preview.serving(server, self)  # noqa: SLF001 (preview's docstring)
        return server

    def search_again(self, site_dir: Path, parts: dict[str, dict[Path, Any]]) -> None:
        """The search index of every language again, from the pages' parts (serve, after a quick rebuild)."""
        started = time.perf_counter()
        try:
            outputs.search_again(self.build, self.settings, site_dir, parts, self.prepared, self.search_edits)
        except ContentError as e:
            print(str(e), file=sys.stderr)  # noqa: T201
            return
        log.info(f"kennisbank: search index made again in {time.perf_counter() - started:.2f} s")

    def index_edits(self, site_dir: Path, parts: dict[str, dict[Path, Any]]) -> None:
        """The pages whose text the search index does not have, indexed on their own (serve, after a quick
        rebuild, before the browsers reload: search finds an edit as soon as its page shows it)."""
        started = time.perf_counter()
        try:
            count = outputs.search_edits(self.build, site_dir, self.search_edits, parts)
        except ContentError as e:  # (the whole index, made again next, says it again if it is so)
            print(str(e), file=sys.stderr)  # noqa: T201
            return
        took = f"{time.perf_counter() - started:.2f} s"
        if count > search_index.EDITS_MAX:
            log.info(f"kennisbank: {count} edited pages, too many to index on their own ({took}): "
                     "search finds the edit once the whole index is made again")
        else:
            log.info(f"kennisbank: {count} edited page(s) searchable in {took}")

    def _watched(self, config: MkDocsConfig) -> list[Path]:
        """What serve watches: the content, the data, the schemas, the engine, the templates, mkdocs.yml."""
        settings = self.settings
        paths = [settings.docs_dir, settings.data_dir, SCHEMA_DIR, Path(engine.__file__).parent,
                 Path(config.config_file_path)]
        if config.theme.custom_dir:
            paths.append(Path(config.theme.custom_dir))
        if settings.accessibility_report and settings.accessibility_report.exists():
            paths.append(settings.accessibility_report)
        return [p for p in dict.fromkeys(paths) if p.exists()]

    # -- each page --

    @event_priority(-100)  # the last change to the Markdown: the budget covers rendering alone
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Content items are shown with the item template (their front matter cannot choose one)."""
        item = self.build.site.items_by_file.get(page.file.src_uri)
        if item is not None:
            page.meta["template"] = "kb/item.html"
        sources = [self.settings.docs_dir / path for path in item.files.values()] if item is not None else []
        if self._cached().take(page, markdown, sources):  # rendered before: not converted again
            return ""
        self.converter.use_for(page)
        self.timer.start(textsafe.RENDER_BUDGET, self._shown(page))  # stopped in on_page_content
        return markdown

    @event_priority(-100)  # after every other plugin that changes the page's HTML
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Judge the HTML Markdown made of the page (kennisbank.judge); on_env stops the build on any refusal."""
        cached = self._cached()
        if page.file.src_uri in cached.taken:  # judged when it was rendered
            return html
        cached.rendered(page)
        self.timer.stop()
        source = page.file.content_string
        body = page.markdown or ""
        start = source.find(body) if body else -1  # MkDocs drops the front matter; plugins strip the ends
        first_line = source.count("\n", 0, start) + 1 if start >= 0 else 1
        self.judged.extend(judge(html, body, self._shown(page), first_line))
        return self._section_links(html, page, config)

    def _section_links(self, html: str, page: Page, config: MkDocsConfig) -> str:
        """The title of each heading's link (toc's permalink_title in mkdocs.yml, one text for every
        language) in the language of the page's text: interface string section_link."""
        configured = (config.mdx_configs.get("toc") or {}).get("permalink_title", "Permanent link")
        language = getattr(page.file, "locale", None) or self._language(config)  # a fallback page's text is the original's
        wanted = interface_string("section_link", language, self.settings.default_language).value
        if wanted == configured or 'class="headerlink"' not in html:
            return html
        old, new = html_text.escape(configured), html_text.escape(wanted)
        return re.sub(rf'(<a class="headerlink" href="#[^"]*" title="){re.escape(old)}"', lambda m: f'{m.group(1)}{new}"', html)

    @event_priority(-150)  # after mkdocs-static-i18n's (-100), which makes each language's nav
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """A section whose index page would list nothing is left out of the nav (the page is still built)."""
        site = self.build.site
        language = self._language(config)
        empty = {urls.in_language(s.path, language, site.default_language)
                 for s in site.sections.values() if _lists_nothing(site, s)}
        if empty:
            nav.items = _without(nav.items, empty)
            nav.pages = [p for p in nav.pages if p.url not in empty]
        cached = self._cached()
        if self.serve_problems:  # every page shows the problems: nothing to take or keep
            cached.stop()
        else:
            cached.start(nav, files, language)
        self.nav = nav
        return nav

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        """What the templates see of the page: the engine's view, and the CSP <meta>."""
        cached = self._cached()
        if page.file.src_uri in cached.taken:  # its template is empty: on_post_page gives the HTML
            return context
        cached.templating(page)
        if self.command == "serve":
            self.reading.start()
        ours = cast("dict[str, Any]", context)  # (TemplateContext types MkDocs' own keys only)
        ours["kb"] = self._view_for(page, config)
        ours["kb_csp"] = self.csp_meta
        ours["kb_search_edits"] = search_index.EDITS_URL if self.command == "serve" else ""
        return context

    def on_template_context(self, context: TemplateContext, /, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        """Static templates (404.html, sitemap.xml) get a view without a page.

        mkdocs-static-i18n leaves the language switcher pointing at the last page it
        rendered; for pages that are not pages (the 404) it should lead home.
        """
        ours = cast("dict[str, Any]", context)
        ours["kb"] = self._view_for(None, config)
        ours["kb_csp"] = self.csp_meta
        i18n = i18n_of(config)
        if getattr(i18n, "extra_alternate", None):
            # mkdocs-static-i18n sets extra.alternate per page as an attribute, which Jinja reads
            # before the mapping's item: set both, or a 404 rendered after pages links to the last one.
            config.extra["alternate"] = deepcopy(i18n.extra_alternate)
            setattr(config.extra, "alternate", config.extra["alternate"])  # noqa: B010 (an attribute too)
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Refuse a page with a script the theme does not emit; keep what the search index needs of it."""
        cached = self._cached()
        entry = cached.taken.get(page.file.src_uri)
        read = self.reading.stop() if self.command == "serve" else None
        if entry is not None:  # checked again all the same: the cache is a folder anyone on the machine can write
            read = None if entry.reads is None else frozenset(tuple(key) for key in entry.reads)  # type: ignore[misc]
            output = entry.html  # (reads None: not known, so a data edit renders it again)
            cached.replay(entry)
        unexpected = headers.unexpected_scripts(output, self.scripts)
        if unexpected:
            raise Abort(str(ContentError([Problem(self._shown(page), 1, messages.say("page_unexpected_script", what=what),
                                                  messages.say("page_unexpected_script_fix"))
                                          for what in unexpected])))
        if self.serve_problems:
            return self._error_page(page, config)
        if entry is None:
            output = gloss.once(output, self.settings.gloss_once)
            cached.keep(page, output, read)
        part = search_index.searchable(output)  # (not kept in the entry: it is a part of the page's HTML)
        language = self._language(config)
        if part is not None:
            self.searchable[language][Path(page.file.abs_dest_path)] = part
        if self.command == "serve":
            self.preview.read(language, page.file.src_uri, read)
        return output

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        """One 404 page per language: MkDocs writes every language's to /404.html.

        The default language's stays at /404.html; each other language's is moved
        to /<lang>/404.html, so hosts can serve the right one per path prefix. The
        same for sitemap.xml: the engine adds each other language's pages to the
        default language's (outputs.sitemaps.merge_languages). Empty output tells
        MkDocs not to write the file itself.
        """
        if template_name not in ("404.html", "sitemap.xml"):
            return output
        language = self._language(config)
        if language == self.settings.default_language:
            return output
        target = Path(config.site_dir) / language / template_name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding="utf-8")
        return ""

    # -- helpers --

    def _cached(self) -> CachedPages:
        assert self.cached is not None, "on_config runs first"
        return self.cached

    @staticmethod
    def _language(config: MkDocsConfig) -> str:
        """The language being built (mkdocs-static-i18n's current_language)."""
        i18n = i18n_of(config)
        return i18n.current_language if i18n is not None else config.theme["language"]

    def _rewrite_redirects(self, config: MkDocsConfig, site_dir: Path) -> None:
        """mkdocs-redirects' pages, rewritten in the language of their folder, without script
        and with a link that stays on the site (kennisbank.outputs.redirects, kb/redirect.html)."""
        plugin = config.plugins.get("redirects")
        if plugin is None:
            return
        from mkdocs_redirects.plugin import get_html_path  # (where the plugin writes each old address)

        written = [get_html_path(old, config.use_directory_urls) for old in getattr(plugin, "redirects", {})]
        template = self.env.get_template("kb/redirect.html")
        moved = redirects.find(site_dir, self.settings, written)
        citations.follow(site_dir, moved)
        for redirect in moved:
            view = View(self.build.site, redirect.language, locale=self.settings.locale(redirect.language),
                        settings=self.settings)
            # the home page's title in that language (config.site_name is the last language built's)
            site_name = home_title(self.build.site, redirect.language) or config.site_name
            redirect.file.write_text(template.render(kb=view, redirect=redirect, site_name=site_name), encoding="utf-8")

    def _error_page(self, page: Page, config: MkDocsConfig) -> str:
        """What `mkdocs serve` shows at every page while the content has problems: each with its
        file, line and fix. The server's live-reload script reloads it once a build succeeds."""
        template = self.env.get_template("kb/build-error.html")
        return template.render(problems=self.serve_problems, kb=self._view_for(page, config))

    def _view_for(self, page: Page | None, config: MkDocsConfig) -> View:
        site = self.build.site
        language = self._language(config)
        locale = self.settings.locale(language)
        kind, obj = _subject(site, page)
        root = urlsplit(config.site_url or "/").path or "/"
        return View(site, language, kind, obj, locale, page.url if page is not None else None, root,
                    settings=self.settings)

    def _shown(self, page: Page) -> str:
        """A page's source file as an editor sees it (docs/…)."""
        settings = self.settings
        return f"{settings.docs_dir.relative_to(settings.project_dir).as_posix()}/{page.file.src_uri}" \
            if settings.docs_dir.is_relative_to(settings.project_dir) else page.file.src_uri

    def _base_urls(self, config: MkDocsConfig, files: Files) -> list[str]:
        """Every base URL a page of the site can have ('.', '..', …, and the root path of static pages)."""
        settings = self.settings
        others = tuple(f"{lang}/" for lang in settings.languages if lang != settings.default_language)
        # The same list in every language's build: paths without their language folder, which adds one level.
        deepest = max((f.url.removeprefix(next((o for o in others if f.url.startswith(o)), "")).count("/")
                       for f in files.documentation_pages()), default=0)
        depth = deepest + (1 if others else 0)
        return [".", *("/".join([".."] * n) for n in range(1, depth + 1)),
                urlsplit(config.site_url or "/").path or "/"]


def _autoescaped(name: str | None) -> bool:
    """The engine's templates escape what they print; Material's own do not expect it."""
    return name is not None and (name.startswith("kb/") or name in ("main.html", "404.html"))


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


def _lists_nothing(site: Any, section: Any) -> bool:
    """Whether a section's index page has nothing to list: no item of a content section, no record
    of a section of a kind of record (the search page always has something to do)."""
    if section.kind == "content":
        return not site.items_in(section.id)
    return section.kind in site.tables and not site.tables[section.kind]


def _without(items: list[Any], urls_: set[str]) -> list[Any]:
    """The nav's items less the pages at these URLs, in its sections too."""
    kept = []
    for item in items:
        if isinstance(item, Page) and item.url in urls_:
            continue
        if item.children:
            item.children = _without(item.children, urls_)
        kept.append(item)
    return kept


def _nav_files(nav: Any) -> list[str]:
    """Every Markdown file the nav of mkdocs.yml names."""
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") else []
    if isinstance(nav, dict):
        return [f for value in nav.values() for f in _nav_files(value)]
    if isinstance(nav, list):
        return [f for value in nav for f in _nav_files(value)]
    return []


def _without_language(src_uri: str, languages: tuple[str, ...]) -> str:
    """``themas/index.en.md`` -> ``themas/index.md`` (the suffix structure of mkdocs-static-i18n)."""
    stem, _, language = src_uri[:-3].rpartition(".")
    return f"{stem}.md" if stem and language in languages else src_uri
