"""Command line: ``python -m kennisbank check`` (run from the project folder, or via ``make check``)."""

from __future__ import annotations

import argparse
import sys

from .adapter import load_settings
from .engine import load
from .problems import ContentError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kennisbank", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check content and data without building; errors name file:line")
    check.add_argument("-f", "--config-file", default="mkdocs.yml")
    args = parser.parse_args(argv)
    if args.command == "check":
        settings = load_settings(args.config_file)
        try:
            build = load(settings)
        except ContentError as e:
            for problem in e.problems:
                print(f"error: {problem}")
            print(f"{len(e.problems)} error(s). Nothing was built.")
            return 1
        for warning in build.warnings:
            print(f"warning: {warning}")
        site = build.site
        print(f"ok: {len(site.items)} items, {len(site.themes)} themes, {len(site.programmes)} programmes, "
              f"{len(site.outcomes)} outcomes, {len(site.events)} events; {len(build.pages)} generated pages; "
              f"{len(build.warnings)} warning(s).")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
