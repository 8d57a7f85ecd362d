"""Command line for editors: ``python -m kennisbank <command>`` (run from the project folder, or via make).

  check         check content and data without building (make check)
  new           start a new item in every language (make new)
  translations  list translations that are missing or out of date; mark them up to date (make translations)
  rename        rename an item, keep its old URLs as redirects and update every reference (make rename)
  urls          write urls.txt, the manifest of published URLs, from a build (make urls)
  settings      list the settings of extra.kennisbank in mkdocs.yml, with their defaults

The commands speak Dutch or English: --lang nl|en, else the locale (LC_ALL, LC_MESSAGES,
LANG: en_GB.UTF-8 is English), else the site's default language.
De commando's spreken Nederlands of Engels: --lang nl|en, anders de taal van de omgeving
(LC_ALL, LC_MESSAGES, LANG), anders de standaardtaal van de site.
"""

from __future__ import annotations

import argparse
import sys

from . import messages
from .adapter import load_settings
from .editor import check, new, rename, settings, translations, urls
from .messages import say
from .problems import ContentError

COMMANDS = {"check": check, "new": new, "translations": translations, "rename": rename, "urls": urls,
            "settings": settings}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kennisbank", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    lang_help = "language of the messages / taal van de meldingen (default: locale, else the site's default language)"
    parser.add_argument("--lang", choices=messages.languages(), default=None, help=lang_help)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, module in COMMANDS.items():
        module.add_parser(sub)
        sub.choices[name].add_argument("-f", "--config-file", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        sub.choices[name].add_argument("--lang", choices=messages.languages(), default=argparse.SUPPRESS,
                                       help=lang_help)
    args = parser.parse_args(argv)
    messages.use(messages.choose(args.lang, None))  # until the site's settings are read
    try:
        site_settings = load_settings(args.config_file)  # (the plugin's on_config speaks the site's default language)
        messages.use(messages.choose(args.lang, site_settings.default_language))
        return COMMANDS[args.command].run(args, site_settings)
    except ContentError as e:
        print(e)  # the number of problems, then each one
        print(say("content_error_fix"))
        return 1


if __name__ == "__main__":
    sys.exit(main())
