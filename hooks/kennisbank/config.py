"""The engine's settings, read from ``extra.kennisbank`` in mkdocs.yml.

Everything specific to one knowledge base is set there or in data/ and docs/;
the engine itself carries no site-specific names. ``OPTIONS`` declares each
setting once: its name, type, default and what it does (``python -m
kennisbank settings`` prints them); templates read them through the view
(``kb.settings``), never from ``config.extra``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass(frozen=True)
class Option:
    """One setting of ``extra.kennisbank``."""

    name: str
    type: type
    default: Any
    doc: str


SEARCH_PARAMETERS = (("query", "q"), ("theme", "theme"), ("type", "type"), ("year", "year"),
                     ("organisation", "organisation"), ("programme", "programme"), ("sort", "sort"))
"""The URL parameter of each part of the search page's state: the query, the facets (filters) and
the order of the results (``sort``: absent for relevance, ``newest`` for newest first)."""

SEARCH_WEIGHTS = {"item": 1.0, "page": 1.0, "theme": 1.0, "event": 0.6, "programme": 0.6, "outcome": 0.6,
                  "organisation": 0.5, "kb/handouts.html": 0.3, "kb/accessibility.html": 0.1, "kb/home.html": 0.0}
"""How much a page counts in search, by its kind or its template (a template wins): a result's score
is multiplied by it. Written content (items, pages) counts 1; the generated pages of records
(programmes, outcomes, meetings, organisations) mostly repeat what items say, so they come after
the items that say it unless the query names them (a title match outweighs the factor). A
service page (the accessibility statement) only shows when asked for by name; 0 leaves a page
out of the index: the home pages, which only repeat the listings."""

OPTIONS = (
    Option("data_dir", str, "data", "the folder of the data files, relative to mkdocs.yml"),
    Option("contact_email", str, "", "the address for questions: the only e-mail address content may hold"),
    Option("locales", dict, {}, "language -> Babel locale of its dates and numbers, e.g. {en: en_GB}"),
    Option("timezone", str, "", "IANA time zone of event times (the calendar feed); empty: floating local times"),
    Option("accessibility_report", str, "", "results of the browser accessibility suite, shown by kb/accessibility.html"),
    Option("search", dict, dict(SEARCH_PARAMETERS), "URL parameter names of the search page and the listing "
           "filters, per facet (query, theme, type, year, organisation, programme) and for the order of the "
           "results (sort)"),
    Option("search_weights", dict, {}, "page kind (item, page, theme, programme, outcome, event, organisation) or "
           "template (kb/home.html) -> how much its pages count in search ranking, 1 for written content, 0 to "
           "leave them out of the index; merged over the defaults (config.SEARCH_WEIGHTS)"),
    Option("schema_types", dict, {}, "content section id -> schema.org type of its items in JSON-LD (Article if not listed)"),
    Option("gloss_once", list, [], "glosses shown only the first time on a page, e.g. ' (werkplaats)' after 'workshop'"),
    Option("new_for_days", int, 365, "how long after its date an item counts as new on the home page (days before the build)"),
    Option("cite_sections", list, [], "content section ids whose items get a 'Cite this' block (APA) and "
           "BibTeX, RIS and CSL-JSON files beside their page"),
)
"""Every setting, with its type, default and documentation."""


@dataclass(frozen=True)
class Settings:
    project_dir: Path
    docs_dir: Path
    data_dir: Path
    languages: tuple[str, ...]
    default_language: str
    site_url: str
    contact_email: str = ""
    locales: tuple[tuple[str, str], ...] = ()  # language -> Babel locale for dates and numbers
    timezone: str = ""  # IANA zone of event times (calendar feed); empty: floating local times
    accessibility_report: Path | None = None  # results of the browser suite, shown by kb/accessibility.html
    search: tuple[tuple[str, str], ...] = SEARCH_PARAMETERS  # facet -> URL parameter name
    search_weights: tuple[tuple[str, float], ...] = tuple(SEARCH_WEIGHTS.items())  # kind or template -> factor
    schema_types: tuple[tuple[str, str], ...] = ()  # content section id -> schema.org type
    new_for_days: int = 365  # an item dated within this many days before the build is new
    gloss_once: tuple[str, ...] = ()  # glosses kept only at their first appearance on a page (gloss.py)
    cite_sections: tuple[str, ...] = ()  # content section ids whose items get citations (citation.py)
    exclude_docs: tuple[str, ...] = ()  # gitignore-style patterns of docs_dir that are not content (mkdocs.yml)
    theme_files: frozenset[str] = frozenset()  # site paths the theme writes (its assets): content may not take them
    site_author: str = ""  # mkdocs.yml site_author: the organisation that publishes the site (citations, JSON-LD)

    def locale(self, language: str) -> str:
        return dict(self.locales).get(language, language)

    @property
    def search_parameters(self) -> dict[str, str]:
        return dict(self.search)

    def search_weight(self, kind: str, template: str = "") -> float:
        """How much a page of this kind, written with this template, counts in search (0: not indexed)."""
        weights = dict(self.search_weights)
        return weights.get(template, weights.get(kind, 1.0))

    def schema_type(self, section: str, default: str = "Article") -> str:
        return dict(self.schema_types).get(section, default)

    @classmethod
    def from_options(cls, project_dir: Path, docs_dir: Path, site_url: str, languages: list[str],
                     default_language: str, options: Mapping[str, Any] | None,
                     exclude_docs: tuple[str, ...] = (), theme_files: frozenset[str] = frozenset(),
                     site_author: str = "") -> Settings:
        """Build settings from the ``extra.kennisbank`` mapping; unknown keys and wrong types are an error."""
        values = _read(dict(options or {}))
        data_dir = project_dir / values["data_dir"]
        for folder in (Path(docs_dir), data_dir):  # (resolve() below would follow a link without a word)
            _no_link(Path(project_dir), folder)
        data_dir = data_dir.resolve()
        _check_schema_types(values["schema_types"])
        search = {**dict(SEARCH_PARAMETERS), **values["search"]}
        return cls(project_dir=project_dir.resolve(), docs_dir=docs_dir.resolve(), data_dir=data_dir,
                   languages=tuple(languages), default_language=default_language,
                   site_url=(site_url or "").rstrip("/") + "/", contact_email=values["contact_email"],
                   locales=tuple(sorted(values["locales"].items())),
                   timezone=_timezone(values["timezone"]),
                   accessibility_report=(project_dir / values["accessibility_report"]).resolve()
                   if values["accessibility_report"] else None,
                   search=tuple((facet, str(search[facet])) for facet, _ in SEARCH_PARAMETERS),
                   search_weights=_search_weights(values["search_weights"]),
                   schema_types=tuple(sorted(values["schema_types"].items())),
                   new_for_days=values["new_for_days"],
                   gloss_once=tuple(str(g) for g in values["gloss_once"]),
                   cite_sections=_section_ids(values["cite_sections"]),
                   exclude_docs=tuple(exclude_docs), theme_files=frozenset(theme_files),
                   site_author=" ".join(str(site_author or "").split()))


def _read(options: dict[str, Any]) -> dict[str, Any]:
    """Every option's value (its default when not set), checked against its declared type."""
    known = {option.name: option for option in OPTIONS}
    unknown = sorted(set(options) - set(known))
    if unknown:
        raise ValueError(f"mkdocs.yml: unknown key(s) in extra.kennisbank: {', '.join(unknown)} — "
                         f"use only: {', '.join(sorted(known))}")
    values: dict[str, Any] = {}
    for name, option in known.items():
        value = options.get(name)
        if value is None:
            value = option.default
        if not isinstance(value, option.type):
            raise ValueError(f"mkdocs.yml: extra.kennisbank.{name} must be a {_TYPE_NAMES[option.type]} — "
                             f"{option.doc}")
        values[name] = value
    unknown_facets = sorted(set(values["search"]) - {facet for facet, _ in SEARCH_PARAMETERS})
    if unknown_facets:
        raise ValueError(f"mkdocs.yml: unknown facet(s) in extra.kennisbank.search: {', '.join(unknown_facets)} — "
                         f"use only: {', '.join(facet for facet, _ in SEARCH_PARAMETERS)}")
    return values


_TYPE_NAMES: dict[type, str] = {str: "text", int: "whole number", list: "list", dict: "mapping (key: value lines)"}


def describe() -> str:
    """The settings as a table for the documentation (``python -m kennisbank settings``)."""
    rows = ["| setting | type | default | what it does |", "|---|---|---|---|"]
    for option in OPTIONS:
        default = f"`{option.default}`" if option.default not in ("", {}) else "—"
        rows.append(f"| `{option.name}` | {_TYPE_NAMES[option.type]} | {default} | {option.doc} |")
    return "\n".join(rows) + "\n"


def _no_link(project_dir: Path, folder: Path) -> None:
    """The content folders, and every folder between them and the project, must be real folders.

    A pull request can replace docs/ or data/ by a symbolic link (to /etc, say), and
    MkDocs would publish what it points to.
    """
    path = folder if folder.is_absolute() else project_dir / folder
    while True:
        if path.is_symlink():
            shown = os.path.relpath(path, project_dir)
            raise ValueError(f"{shown}:1: the content folder is a symbolic link — "
                             "replace it with a real folder holding the files")
        if path == project_dir or path.parent == path or not path.is_relative_to(project_dir):
            return
        path = path.parent


def _timezone(name: Any) -> str:
    """An IANA time zone name such as Europe/Amsterdam, checked against the tz database."""
    if not name:
        return ""
    try:
        ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"mkdocs.yml: extra.kennisbank.timezone '{name}' is not a known time zone — "
                         "use an IANA name such as Europe/Amsterdam") from None
    return str(name)


def _check_schema_types(value: Any) -> None:
    """``schema_types`` maps content section ids to a schema.org type (Report, Article, NewsArticle…)."""
    if value is None:
        return
    if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) and v.isalnum() for k, v in value.items()):
        raise ValueError("mkdocs.yml: extra.kennisbank.schema_types must map section ids to schema.org "
                         "type names — e.g. {publicaties: Report}")


def _search_weights(value: Mapping[str, Any]) -> tuple[tuple[str, float], ...]:
    """``search_weights`` maps a page kind or template to a number from 0 to 10, over the defaults."""
    if not all(isinstance(k, str) and isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 10
               for k, v in value.items()):
        raise ValueError("mkdocs.yml: extra.kennisbank.search_weights must map page kinds or templates to numbers "
                         "from 0 to 10 — e.g. {organisation: 0.5, kb/home.html: 0}")
    return tuple({**SEARCH_WEIGHTS, **{k: float(v) for k, v in value.items()}}.items())


def _section_ids(value: list[Any]) -> tuple[str, ...]:
    """``cite_sections`` lists content section ids (the URL folders of data/sections.yml)."""
    if not all(isinstance(v, str) and v for v in value):
        raise ValueError("mkdocs.yml: extra.kennisbank.cite_sections must list section ids — e.g. [publicaties]")
    return tuple(value)
