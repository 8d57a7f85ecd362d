"""Interface strings: the engine's own text on the pages (headings, labels, notices), per language.

Each language has one file, ``strings/<language>.yml`` (the language's code in
mkdocs.yml), mapping a key to its text: ``published: Gepubliceerd``. ``nl.yml`` is
the reference: a key exists when it is in that file, and every other file has the
same keys (tests/test_strings.py names what is missing or extra). Adding a language
is its configuration in mkdocs.yml plus one file here: copy nl.yml and translate it.

``interface_string(key, language, default)`` answers a :class:`Localized`: the text
in ``language`` if its file has it, else in the site's default language, else in
the reference language, with the language the text is really in and whether it fell
back, so that a page can mark a fallback ``lang="…"`` (``View.s`` in view.py does).

``KENNISBANK_STRINGS_DIR`` names another folder to read the files from instead of
``strings/`` (the tests build a site with a language of their own with it).
No MkDocs here: the editors' commands use this module too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..yamlsafe import line_of, parse

FOLDER = Path(__file__).parent  # the strings files sit beside this module: <lang>.yml
REFERENCE = "nl"
"""The language whose file holds every key: the one to copy for a new language."""


@dataclass(frozen=True)
class Localized:
    """A text in the language it is written in; ``fallback`` when not the page's."""

    value: str
    lang: str
    fallback: bool

    def __str__(self) -> str:
        return self.value

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.value.split("\n\n") if p.strip()]


def folder() -> Path:
    """The folder of the strings files: ``strings/`` beside this module, or ``$KENNISBANK_STRINGS_DIR``."""
    return _folder(os.environ.get("KENNISBANK_STRINGS_DIR") or "")


@lru_cache(maxsize=4)
def _folder(named: str) -> Path:
    return Path(named) if named else FOLDER


def languages() -> list[str]:
    """The languages that have a strings file, sorted."""
    return sorted(_all(folder()))


def keys(language: str = REFERENCE) -> set[str]:
    """The keys a language's file has (none when it has no file)."""
    return set(_all(folder()).get(language, {}))


def table(language: str) -> dict[str, str]:
    """A language's own strings, without fallback (empty when it has no file)."""
    return dict(_all(folder()).get(language, {}))


def interface_string(key: str, language: str, default: str) -> Localized:
    """The text of ``key`` in ``language``, else in ``default``, else in the reference language.

    Raises KeyError, naming the key and the folder, for a key no file has."""
    return _localized(key, language, default, folder())


@lru_cache(maxsize=4096)  # a page asks for dozens of strings, each page the same ones; a Localized cannot change
def _localized(key: str, language: str, default: str, where: Path) -> Localized:
    files = _all(where)
    for lang in (language, default, REFERENCE):
        text = files.get(lang, {}).get(key)
        if text:
            return Localized(text, lang, lang != language)
    raise KeyError(f"no interface string '{key}' in {where}/{REFERENCE}.yml: add it to every file in {where}/")


@lru_cache(maxsize=4)
def _all(where: Path) -> dict[str, dict[str, str]]:
    """Every strings file in a folder, by language. Read once per process."""
    if not where.is_dir():
        raise FileNotFoundError(f"no folder of interface strings at {where}")
    files = {path.stem: _read(path) for path in sorted(where.glob("*.yml"))}
    if REFERENCE not in files:
        raise FileNotFoundError(f"no {REFERENCE}.yml in {where}: it is the reference every language is copied from")
    return files


def _read(path: Path) -> dict[str, str]:
    value, problems = parse(path.read_text(encoding="utf-8"), str(path))
    if problems:
        raise ValueError(str(problems[0]))
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{path}:1: a strings file is a mapping of keys to texts (key: text), one a line")
    for key, text in value.items():
        if not isinstance(key, str) or not isinstance(text, str):
            raise ValueError(f"{path}:{line_of(value, [key])}: '{key}' is not a key with a text — "
                             "write `key: text`, and put the text in quotes if YAML reads it as something else")
    return dict(value)
