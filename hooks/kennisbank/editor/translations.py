"""Translation status: which translations are missing or older than their original.

Works without git history. A translation records the original it was made
from: ``translated_from`` in its front matter holds the first 12 hex digits of
the sha256 of the original (default-language) file, exactly as the loader
computes ``Document.fingerprint``. When the original changes, the fingerprints
differ and the translation is *outdated*. A translation without
``translated_from`` is *unconfirmed*: nobody recorded which version it
follows, so it is treated like an outdated one (listed here, warned about by
``check``, and shown with a notice on the site) until someone marks it.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from ..config import Settings
from ..engine import load
from ..messages import say
from ..model import Item, Site
from .frontmatter import set_field

MISSING, OUTDATED, UNCONFIRMED = "missing", "outdated", "unconfirmed"


@dataclass(frozen=True)
class Status:
    item: Item
    language: str
    state: str  # missing, outdated or unconfirmed
    original: str  # docs-relative path of the default-language file
    translation: str  # docs-relative path of the translation (expected path when missing)


def translation_path(original: str, language: str) -> str:
    return f"{original[:-3]}.{language}.md"


def state(item: Item, language: str) -> str | None:
    """None when the translation is up to date."""
    if language not in item.files:
        return MISSING
    recorded = item.translated_from.get(language)
    if recorded is None:
        return UNCONFIRMED
    return None if recorded == item.fingerprint else OUTDATED


def needing_work(site: Site) -> list[Status]:
    """Every translation of every item that is missing, outdated or unconfirmed."""
    found = []
    for key in sorted(site.items):
        item = site.items[key]
        original = item.files[site.default_language]
        for language in site.languages:
            if language == site.default_language:
                continue
            current = state(item, language)
            if current:
                found.append(Status(item, language, current, original, translation_path(original, language)))
    return found


def describe(status: Status, docs: str) -> tuple[str, str, str]:
    """(file, what, fix) in the words of the check and the translations command."""
    original, translation = f"{docs}/{status.original}", f"{docs}/{status.translation}"
    mark = f"make translations MARK={translation}"
    line = f"'translated_from: {status.item.fingerprint}'"
    if status.state == MISSING:
        return (original, say("no_translation", language=status.language),
                say("translation_missing_fix", path=translation))
    if status.state == OUTDATED:
        return (translation, say("translation_outdated", original=original),
                say("translation_outdated_fix", command=mark, line=line))
    return (translation, say("translation_unconfirmed", original=original),
            say("translation_unconfirmed_fix", command=mark, line=line))


def mark(settings: Settings, site: Site, targets: list[str]) -> list[str]:
    """Record the current fingerprint in the named translations; returns the files changed.

    A target is a translation file, its original, or ``section/slug`` (then every
    language's translation is marked).
    """
    by_key: dict[str, Item] = {f"{i.section}/{i.id}": i for i in site.items.values()}
    changed = []
    for target in targets:
        rel = target.removeprefix("./").removeprefix(settings.docs_dir.name + "/")
        item = site.items_by_file.get(rel) or by_key.get(rel.removesuffix(".md"))
        if item is None:
            raise ValueError(say("mark_not_an_item", target=target, docs=settings.docs_dir.name,
                                 example=next(iter(site.items_by_file), "section/slug.md")))
        languages = [lang for lang, path in item.files.items() if path == rel and lang != site.default_language]
        for language in languages or [lang for lang in item.files if lang != site.default_language]:
            if set_field(settings.docs_dir / item.files[language], "translated_from", item.fingerprint):
                changed.append(item.files[language])
    return changed


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("translations", help="list translations that are missing or older than the original",
                            description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mark", nargs="+", default=[], metavar="FILE",
                        help="mark these translations as up to date (a file in docs/, or section/slug)")
    parser.add_argument("--mark-all", action="store_true",
                        help="mark every existing translation as up to date (only when you know they are)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    site = load(settings).site
    docs = settings.docs_dir.name
    if args.mark or args.mark_all:
        targets = list(site.items_by_file) if args.mark_all else args.mark
        try:
            changed = mark(settings, site, targets)
        except ValueError as e:
            print(say("error", message=e))
            return 2
        for path in changed:
            print(say("marked", path=f"{docs}/{path}"))
        print(say("marked_count", count=len(changed)))
        return 0
    todo = needing_work(site)
    for status in todo:
        path, what, fix = describe(status, docs)
        print(f"{path}: {say('state_' + status.state)}: {what} — {fix}")
    counts = {s: sum(1 for t in todo if t.state == s) for s in (MISSING, OUTDATED, UNCONFIRMED)}
    print(say("translations_summary", items=len(site.items), missing=counts[MISSING], outdated=counts[OUTDATED],
              unconfirmed=counts[UNCONFIRMED]))
    return 0

