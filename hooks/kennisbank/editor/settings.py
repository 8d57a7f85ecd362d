"""``python -m kennisbank settings``: every setting of ``extra.kennisbank`` in mkdocs.yml, with its type,
default and what it does (declared once, in kennisbank/config.py)."""

from __future__ import annotations

import argparse

from ..config import Settings, describe


def add_parser(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("settings", help="list the settings of extra.kennisbank in mkdocs.yml", description=__doc__)


def run(args: argparse.Namespace, settings: Settings) -> int:
    print(describe(), end="")
    return 0
