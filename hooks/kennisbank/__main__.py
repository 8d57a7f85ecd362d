"""Command line for editors: ``python -m kennisbank <command>`` (run from the project folder, or via make).

  check         check content and data without building (make check)
  new           start a new item in every language (make new)
  translations  list translations that are missing or out of date; mark them up to date (make translations)
  rename        rename an item, keep its old URLs as redirects and update every reference (make rename)
  urls          write urls.txt, the manifest of published URLs, from a build (make urls)
  settings      list the settings of extra.kennisbank in mkdocs.yml, with their defaults
"""

from __future__ import annotations

import argparse
import sys

from .adapter import load_settings
from .editor import check, new, rename, settings, translations, urls
from .problems import ContentError

COMMANDS = {"check": check, "new": new, "translations": translations, "rename": rename, "urls": urls,
            "settings": settings}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kennisbank", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, module in COMMANDS.items():
        module.add_parser(sub)
        sub.choices[name].add_argument("-f", "--config-file", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command].run(args, load_settings(args.config_file))
    except ContentError as e:
        print(e)
        print("Fix these first (`make check` lists them all), then run the command again.")
        return 1


if __name__ == "__main__":
    sys.exit(main())
