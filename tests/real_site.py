"""The real knowledge base as the engine reads it, for the tests of the real site.

Those tests make claims about the site (every page valid, every story linked, one page of
each type accessible), not about particular pages: they pick their pages from the content
(data/ and docs/) by a property, so they keep passing when an editor renames an item
(`make rename`), adds one (`make new`) or removes one. What a layout, a link rule or a
template does is tested on the fixture site (tests/fixture_site), whose content the tests own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, TypeVar

from kennisbank import engine, urls
from kennisbank.adapter import load_settings
from kennisbank.config import Settings
from kennisbank.kinds import KINDS
from kennisbank.model import Item, Section, Site
from support import ROOT

R = TypeVar("R")


@cache
def settings() -> Settings:
    """The real site's settings, from its mkdocs.yml."""
    return load_settings(str(ROOT / "mkdocs.yml"))


@cache
def model() -> Site:
    """The engine's model of the real site: its records, linked both ways (read once per run)."""
    return engine.load(settings()).site


def url_of(path: str, language: str | None = None) -> str:
    """The URL of a site path ('themas/x/', '' for the home page) in a language, the site's first by default."""
    site = model()
    return "/" + urls.in_language(path, language or site.default_language, site.default_language)


def urls_of(path: str) -> set[str]:
    """The URLs of a site path in every language of the site."""
    return {url_of(path, language) for language in model().languages}


def text(value: dict[str, str] | None, language: str) -> str:
    """A translatable text of the data in a language (the original where it is not translated)."""
    site = model()
    if not value:
        return ""
    return value.get(language) or value.get(site.default_language) or ""


def first(records: Iterable[R], what: str, where: Callable[[R], bool] = lambda record: True) -> R:
    """The first record (by site path) that has a property, or a failure saying the site has none."""
    found = sorted((r for r in records if where(r)), key=lambda r: getattr(r, "path", ""))
    assert found, f"the real site has no {what}: add one to its content, or pick another page for this test"
    return found[0]


def sections(kind: str) -> list[Section]:
    """The sections of a kind ('content', 'themes', …), in the order of data/sections.yml."""
    return [s for s in model().sections.values() if s.kind == kind]


def items_of_type(type_id: str) -> list[Item]:
    return [i for i in model().items.values() if i.type is not None and i.type.id == type_id]


def record_kinds() -> list[tuple[str, str]]:
    """(name, plural) of every kind of record that has a page per record (theme, programme, …)."""
    return [(k.name, k.plural) for k in KINDS if k.pages]


def records(plural: str) -> list[Any]:
    """Every record of a kind, by site path."""
    return sorted(model().tables[plural].values(), key=lambda r: r.path)


def first_record(plural: str, where: Callable[[Any], bool] = lambda record: True, what: str = "") -> Any:
    return first(model().tables[plural].values(), what or plural, where)


def written_page_url(page: Any) -> str:
    """The URL of a written page of the model: 'over/werkplaats.en.md' -> '/en/over/werkplaats/'."""
    return urls.source_url(page.path, model().languages, model().default_language)


def written_page_language(page: Any) -> str:
    """The language of a written page of the model, by its file name."""
    return urls.file_language(page.path, model().languages, model().default_language)


def written_pages(where: Callable[[Any], bool] = lambda page: True) -> list[Any]:
    """The written pages (not items) in the site's first language, by path, that have a property."""
    site = model()
    return sorted((p for p in site.pages if written_page_language(p) == site.default_language and where(p)),
                  key=lambda p: p.path)


def search_word() -> str:
    """A word the search finds: the longest word of the title of the first item."""
    item = first(model().items.values(), "item")
    words = re.findall(r"[^\W\d_]+", text(item.title, model().default_language))
    return max(words, key=len).lower()


def page_types() -> dict[str, str]:
    """One URL (in the site's first language) of every type of page, picked from the content.

    The names are those of the browser suite's report (reports/accessibility.json): each type
    is a property, and the page is the first one that has it.
    """

    def of_kind(kind: str) -> Section:
        found = sections(kind)
        assert found, f"data/sections.yml has no section of kind '{kind}'"
        return found[0]  # the first in data/sections.yml

    def item(type_id: str, what: str) -> str:
        return url_of(first(items_of_type(type_id), f"{what} (an item of type '{type_id}')").path)

    def record(plural: str, what: str, where: Callable[[Any], bool]) -> str:
        return url_of(first_record(plural, where, what).path)

    search = of_kind("search").path
    return {
        "home": url_of(""),
        "section index": url_of(of_kind("content").path),
        "white paper": item("whitepaper", "white paper"),
        "case story": item("praktijkverhaal", "case story"),
        "news item": item("nieuws", "news item"),
        "themes index": url_of(of_kind("themes").path),
        "theme": record("themes", "theme with items", lambda t: bool(t.items)),
        "programmes index": url_of(of_kind("programmes").path),
        "programme": record("programmes", "programme with organisations and outcomes",
                            lambda p: bool(p.organisations and p.outcomes)),
        "outcomes index": url_of(of_kind("outcomes").path),
        "outcome": record("outcomes", "outcome of a programme", lambda o: o.programme is not None),
        "events index": url_of(of_kind("events").path),
        "event": record("events", "meeting with a date and a venue", lambda e: bool(e.date and e.venue)),
        "organisations index": url_of(of_kind("organisations").path),
        "organisation": record("organisations", "organisation taking part in a programme", lambda o: bool(o.programmes)),
        "about page": written_page_url(first(written_pages(lambda p: not p.meta.get("template")),
                                             "written page without a template of its own (the about page)")),
        "format page": written_page_url(first(written_pages(lambda p: bool(p.meta.get("format"))),
                                              "written page about a format (front matter 'format:')")),
        "accessibility statement": written_page_url(first(
            written_pages(lambda p: p.meta.get("template") == "kb/accessibility.html"),
            "accessibility statement (template: kb/accessibility.html)")),
        "404": "/404.html",
        "search page": url_of(search),
        "search with results": url_of(search) + "?q=" + search_word(),
        "search without results": url_of(search) + "?q=qqxyzzyqq",
    }
