"""The few facts the engine needs from a loaded MkDocs configuration.

Shared by the hook (during a build) and the command line (without one). This is
the only module of the package that knows MkDocs' configuration objects.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .config import Settings


def settings_from(config: Any) -> Settings:
    """Settings from a MkDocsConfig: languages from mkdocs-static-i18n, options from extra.kennisbank."""
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        languages = [lang.locale for lang in i18n.config.languages if lang.build]
        default = i18n.default_language
    else:
        languages = [config.theme["language"]]
        default = languages[0]
    project_dir = Path(config.config_file_path).parent
    excluded = tuple(p.pattern for p in config.exclude_docs.patterns if p.pattern) if config.exclude_docs else ()
    return Settings.from_options(project_dir, Path(config.docs_dir), config.site_url or "", languages, default,
                                 config.extra.get("kennisbank"), excluded, theme_files(config),
                                 config.site_author or "")


def theme_files(config: Any) -> frozenset[str]:
    """The files MkDocs copies from the theme's folders into the site (its CSS, JavaScript, images).

    MkDocs lets a file in docs/ replace a theme file of the same path, so the
    engine refuses content at these paths. Templates, Python files and hidden
    files are not copied (mkdocs.structure.files.Files.add_files_from_theme).
    """
    found: set[str] = set()
    for folder in config.theme.dirs:
        for parent, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__" and d != "locales"]
            rel = os.path.relpath(parent, folder).replace(os.sep, "/")
            for name in files:
                if name.startswith(".") or name.endswith((".html", ".py", ".pyc")) or name == "mkdocs_theme.yml":
                    continue
                found.add(name if rel == "." else f"{rel}/{name}")
    return frozenset(found)


def load_settings(config_file: str = "mkdocs.yml") -> Settings:
    """Read mkdocs.yml the way MkDocs does (plugins included) and return the engine's settings."""
    from mkdocs.config import load_config

    config = load_config(config_file)
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    return settings_from(config)


def markdown_options(config_file: str | Path = "mkdocs.yml") -> tuple[list[Any], dict[str, Any]]:
    """The Markdown extensions and their settings of a site's mkdocs.yml (for rendering pages outside a build)."""
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    return list(config["markdown_extensions"]), dict(config["mdx_configs"] or {})
