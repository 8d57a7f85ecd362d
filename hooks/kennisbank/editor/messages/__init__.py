"""What the editors' commands say, in Dutch and English: ``say(key, **values)``.

One catalogue per language beside this module (``nl.yml``, ``en.yml``: ``key: text
with {placeholders}``), read with the engine's safe YAML loader. The language is
chosen once per command (``choose``): ``--lang``, else the locale of the
environment (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``en_GB.UTF-8`` is English),
else the site's default language, else Dutch. ``tests/test_editor_messages.py``
checks that both catalogues hold the same keys with the same placeholders.

The problems the engine itself reports (load, link, schemas: the ones a build
also stops on) are not in these catalogues: they are in English.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from ... import yamlsafe

FOLDER = Path(__file__).parent
FALLBACK = "nl"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

_current = [FALLBACK]


def languages() -> tuple[str, ...]:
    """The languages with a catalogue, Dutch first."""
    found = sorted(p.stem for p in FOLDER.glob("*.yml"))
    return tuple(sorted(found, key=lambda lang: lang != FALLBACK))


@cache
def catalogue(language: str) -> dict[str, str]:
    """The messages of one language (key -> text); a broken catalogue is a bug, so it raises."""
    path = FOLDER / f"{language}.yml"
    value, problems = yamlsafe.parse(path.read_text(encoding="utf-8"), path.name)
    if problems or not isinstance(value, dict):
        raise RuntimeError(f"{path}: " + "; ".join(str(p) for p in problems))
    return {str(k): str(v) for k, v in value.items()}


def from_locale(environ: Mapping[str, str]) -> str | None:
    """The language of the first locale variable that is set, when there is a catalogue for it."""
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "").strip()
        if value:
            code = value.split(".")[0].split("_")[0].split("-")[0].lower()
            return code if code in languages() else None
    return None


def choose(flag: str | None, site_default: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The language of a command: ``--lang``, the locale, the site's default language, Dutch."""
    for candidate in (flag, from_locale(os.environ if environ is None else environ), site_default):
        if candidate and candidate in languages():
            return candidate
    return FALLBACK


def use(language: str) -> None:
    """Speak this language from now on (the command line calls it once)."""
    _current[0] = language if language in languages() else FALLBACK


def current() -> str:
    return _current[0]


def say(key: str, **values: object) -> str:
    """The message ``key`` in the current language, its {placeholders} filled in."""
    texts = catalogue(_current[0])
    text = texts[key] if key in texts else catalogue(FALLBACK)[key]
    return text.format(**values)
