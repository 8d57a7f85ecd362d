"""The engine's settings, read from ``extra.kennisbank`` in mkdocs.yml.

Everything specific to one knowledge base is set there or in data/ and docs/;
the engine itself carries no site-specific names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping


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

    def locale(self, language: str) -> str:
        return dict(self.locales).get(language, language)

    @classmethod
    def from_options(cls, project_dir: Path, docs_dir: Path, site_url: str, languages: list[str],
                     default_language: str, options: Mapping[str, Any] | None) -> "Settings":
        """Build settings from the ``extra.kennisbank`` mapping; unknown keys are an error."""
        options = dict(options or {})
        known = {"data_dir", "contact_email", "locales",
                 "search"}  # search: URL parameter names of the search page (overrides/kb/search-macros.html)
        unknown = sorted(set(options) - known)
        if unknown:
            raise ValueError(f"mkdocs.yml: unknown key(s) in extra.kennisbank: {', '.join(unknown)} — "
                             f"use only: {', '.join(sorted(known))}")
        data_dir = (project_dir / options.get("data_dir", "data")).resolve()
        return cls(project_dir=project_dir.resolve(), docs_dir=docs_dir.resolve(), data_dir=data_dir,
                   languages=tuple(languages), default_language=default_language,
                   site_url=(site_url or "").rstrip("/") + "/", contact_email=options.get("contact_email", ""),
                   locales=tuple(sorted((options.get("locales") or {}).items())))
