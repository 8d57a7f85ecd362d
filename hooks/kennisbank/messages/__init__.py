"""Everything the engine and the editors' commands tell an editor, in Dutch and English: ``say(key, **values)``.

One catalogue per language beside this module (``nl.yml``, ``en.yml``: ``key: text
with {placeholders}``): the problems a build and ``make check`` stop on (every
``Problem`` is made of texts of the catalogue, rendered where it is made) and
the commands' own messages. Which language is spoken is set once per process
(``use``): a build speaks the site's default language (the plugin's
``on_config``); a command chooses with ``choose``: ``--lang``, else the locale
of the environment (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``en_GB.UTF-8`` is
English), else the site's default language, else Dutch.
``tests/test_messages.py`` checks that both catalogues hold the same keys with
the same placeholders, that every key said is in them, and that no problem is
written in one language only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import yaml

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
    """The messages of one language (key -> text); a broken catalogue is a bug, so it raises.

    Read with PyYAML's safe loader, not the engine's (``yamlsafe``): that one
    reports its problems in the words of this catalogue. The catalogue is the
    engine's own file; the tests read it with ``yamlsafe`` too (no key twice).
    """
    path = FOLDER / f"{language}.yml"
    value = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(value, dict):
        raise RuntimeError(f"{path}: not a mapping of key: text")
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
    """Speak this language from now on (a build: the site's default language; a command: ``choose``)."""
    _current[0] = language if language in languages() else FALLBACK


def current() -> str:
    return _current[0]


def say(key: str, /, **values: object) -> str:
    """The message ``key`` in the current language, its {placeholders} filled in."""
    texts = catalogue(_current[0])
    text = texts[key] if key in texts else catalogue(FALLBACK)[key]
    return text.format(**values)


def number(value: int) -> str:
    """A whole number as the current language writes it (12,345 in English, 12.345 in Dutch: ``thousands``)."""
    return f"{value:,}".replace(",", say("thousands"))


def decimal(value: float) -> str:
    """A number with a fraction as the current language writes it (0.5 in English, 0,5 in Dutch: ``decimal_point``)."""
    return f"{value:g}".replace(".", say("decimal_point"))
