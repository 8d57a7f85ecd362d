"""The engine's settings, read from ``extra.kennisbank`` in mkdocs.yml.

Everything specific to one knowledge base is set there or in data/ and docs/;
the engine itself carries no site-specific names.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


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
    exclude_docs: tuple[str, ...] = ()  # gitignore-style patterns of docs_dir that are not content (mkdocs.yml)
    theme_files: frozenset[str] = frozenset()  # site paths the theme writes (its assets): content may not take them

    def locale(self, language: str) -> str:
        return dict(self.locales).get(language, language)

    @classmethod
    def from_options(cls, project_dir: Path, docs_dir: Path, site_url: str, languages: list[str],
                     default_language: str, options: Mapping[str, Any] | None,
                     exclude_docs: tuple[str, ...] = (), theme_files: frozenset[str] = frozenset()) -> "Settings":
        """Build settings from the ``extra.kennisbank`` mapping; unknown keys are an error."""
        options = dict(options or {})
        known = {"data_dir", "contact_email", "locales", "timezone", "schema_types", "accessibility_report",
                 "search"}  # search: URL parameter names of the search page (overrides/kb/search-macros.html)
        unknown = sorted(set(options) - known)
        if unknown:
            raise ValueError(f"mkdocs.yml: unknown key(s) in extra.kennisbank: {', '.join(unknown)} — "
                             f"use only: {', '.join(sorted(known))}")
        data_dir = project_dir / options.get("data_dir", "data")
        for folder in (Path(docs_dir), data_dir):  # (resolve() below would follow a link without a word)
            _no_link(Path(project_dir), folder)
        data_dir = data_dir.resolve()
        _check_schema_types(options.get("schema_types"))
        return cls(project_dir=project_dir.resolve(), docs_dir=docs_dir.resolve(), data_dir=data_dir,
                   languages=tuple(languages), default_language=default_language,
                   site_url=(site_url or "").rstrip("/") + "/", contact_email=options.get("contact_email", ""),
                   locales=tuple(sorted((options.get("locales") or {}).items())),
                   timezone=_timezone(options.get("timezone")),
                   accessibility_report=(project_dir / options["accessibility_report"]).resolve()
                   if options.get("accessibility_report") else None, exclude_docs=tuple(exclude_docs),
                   theme_files=frozenset(theme_files))


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
