"""``python -m kennisbank rename FROM TO``: give an item a new slug without breaking a link.

Renames the item's file in every language (``docs/nieuws/old.md`` and
``old.en.md`` …), adds a redirect from each old URL to the new one
(``redirect_maps`` in mkdocs.yml), and updates every reference: outcomes'
``source`` and events' ``report`` in data/, and Markdown links in docs/ (relative
links to the file, and absolute paths or full URLs of its pages). The new URLs
are added to urls.txt; the old ones stay there, kept alive by their redirects.
"""

from __future__ import annotations

import argparse
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

from .. import engine, urls
from ..config import Settings
from ..load import ID
from ..messages import say
from ..model import Item
from . import redirects, translations
from .markdown import links
from .urls import add_to_manifest, page_url


class Refused(Exception):
    pass


def _key(value: str, docs: str) -> str:
    """'docs/nieuws/old.md', 'nieuws/old.md', '/nieuws/old/' -> 'nieuws/old'."""
    value = value.strip().strip("/").removeprefix(docs + "/").removesuffix(".md")
    return value


def rename(settings: Settings, source: str, target: str, config_file: Path) -> list[str]:
    """Do the rename; return one line per change made."""
    site = engine.load(settings).site
    docs = settings.docs_dir.name
    old, new = _key(source, docs), _key(target, docs)
    item = site.items.get(old)
    if item is None:
        raise Refused(say("rename_not_an_item", source=source, example=next(iter(site.items), "nieuws/slug")))
    section, slug = new.split("/", 1) if "/" in new else (item.section, new)
    if section != item.section:
        raise Refused(say("rename_other_section", new=new, old=old))
    if not ID.match(slug):
        raise Refused(say("rename_bad_slug", slug=slug))
    new = f"{section}/{slug}"
    if any((settings.docs_dir / section).glob(f"{slug}.*md")) or new in site.items:
        raise Refused(say("rename_exists", new=new))
    redirect_map = redirects.read(config_file)  # before anything moves: refuses when there is no map
    current = {(new if key == old else key, lang) for key, it in site.items.items()
               for lang in it.files if lang != settings.default_language and translations.state(it, lang) is None}

    changes = _move_files(settings, item, old, new)
    changes += _redirect(settings, config_file, redirect_map, item, old, new)
    changes += _update_data(settings, old, new)
    changes += _update_links(settings, item, old, new)
    langs, default = settings.languages, settings.default_language
    changes += _keep_translations_current(settings, current)
    add_to_manifest(settings, [page_url(f"{new}{urls.suffix(lang, default)}.md", langs, default)
                               for lang in langs])
    return changes


def _keep_translations_current(settings: Settings, current: set[tuple[str, str]]) -> list[str]:
    """A changed link does not make a translation outdated: re-mark those that were up to date."""
    site = engine.load(settings).site
    stale = [f"{key}.{lang}.md" for key, lang in sorted(current)
             if key in site.items and translations.state(site.items[key], lang) is not None]
    return [say("rename_kept_current", path=f"{settings.docs_dir.name}/{path}")
            for path in translations.mark(settings, site, stale)]


def _move_files(settings: Settings, item: Item, old: str, new: str) -> list[str]:
    changes = []
    for _language, path in sorted(item.files.items()):
        moved = new + path[len(old):]
        (settings.docs_dir / path).rename(settings.docs_dir / moved)
        changes.append(say("rename_moved", old=f"{settings.docs_dir.name}/{path}",
                           new=f"{settings.docs_dir.name}/{moved}"))
    return changes


def _redirect(settings: Settings, config_file: Path, current: dict[str, str], item: Item, old: str, new: str) -> list[str]:
    default = settings.default_language
    moves, new_keys = {f"{old}.md": f"{new}.md"}, {f"{new}.md"}
    for language in settings.languages:
        if language != default:  # every language has a page at this URL, translated or not
            moves[f"{language}/{old}.md"] = urls.permalink(settings.site_url, language, default, f"{new}/")
            new_keys.add(f"{language}/{new}.md")
    redirects.write(config_file, redirects.plan(current, moves, new_keys, urlsplit(settings.site_url).path))
    return [say("rename_redirect", old=f"{key[:-3]}/", new=target) for key, target in moves.items()]


def _update_data(settings: Settings, old: str, new: str) -> list[str]:
    """Page references in data/ (an outcome's source, an event's report) are 'section/slug' values."""
    value = re.compile(rf"(:[ \t]*|-[ \t]+)(['\"]?){re.escape(old)}\2([ \t]*(?:#.*)?)$", re.M)
    changes = []
    for path in sorted(settings.data_dir.glob("*.y*ml")):
        text = path.read_text(encoding="utf-8")
        updated, count = value.subn(rf"\g<1>\g<2>{new}\g<2>\g<3>", text)
        if count:
            path.write_text(updated, encoding="utf-8")
            changes.append(say("rename_updated_references", count=count,
                               path=path.relative_to(settings.project_dir).as_posix()))
    return changes


def _update_links(settings: Settings, item: Item, old: str, new: str) -> list[str]:
    langs, default = settings.languages, settings.default_language
    old_files = {path: new + path[len(old):] for path in item.files.values()}
    old_files[f"{old}.md"] = f"{new}.md"
    old_urls = {page_url(f"{old}{urls.suffix(lang, default)}.md", langs, default):
                page_url(f"{new}{urls.suffix(lang, default)}.md", langs, default) for lang in langs}
    site = urlsplit(settings.site_url)
    changes = []
    for path in engine.markdown_files(settings.docs_dir, settings.exclude_docs):
        rel = path.relative_to(settings.docs_dir).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        count = 0
        for link in links(text):
            replacement = _new_target(link.target, rel, old_files, old_urls, site)
            if replacement:
                line = lines[link.line - 1]
                lines[link.line - 1] = line.replace(f"({link.target}", f"({replacement}").replace(
                    f"]: {link.target}", f"]: {replacement}")
                count += lines[link.line - 1] != line
        if count:
            path.write_text("\n".join(lines), encoding="utf-8")
            changes.append(say("rename_updated_links", count=count, path=f"{settings.docs_dir.name}/{rel}"))
    return changes


def _new_target(target: str, rel: str, old_files: dict[str, str], old_urls: dict[str, str], site) -> str | None:
    parts = urlsplit(target)
    suffix = target[len(target.split("#", 1)[0].split("?", 1)[0]):]  # ?query#anchor, kept
    if parts.netloc and parts.netloc != site.netloc or parts.scheme not in ("", "http", "https"):
        return None
    if parts.netloc or parts.path.startswith("/"):
        base = site.path.rstrip("/") if parts.path.startswith(site.path.rstrip("/") + "/") else ""
        url = parts.path[len(base):]
        for old_url, new_url in old_urls.items():
            if url in (old_url, old_url.rstrip("/")):
                prefix = target[: target.index(parts.path)]
                return prefix + base + new_url + suffix
        return None
    folder = posixpath.dirname(rel)
    resolved = posixpath.normpath(posixpath.join(folder, parts.path))
    if resolved in old_files:
        return posixpath.relpath(old_files[resolved], folder or ".") + suffix
    return None


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("rename", help="rename an item; its old URLs redirect, references are updated",
                            description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", metavar="FROM", help="section/slug of the item now, like nieuws/old-name")
    parser.add_argument("target", metavar="TO", help="its new section/slug (same section), like nieuws/new-name")


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        changes = rename(settings, args.source, args.target, Path(args.config_file).resolve())
    except (Refused, redirects.NoRedirects) as e:
        print(say("error", message=e))
        return 1
    for change in changes:
        print(change)
    print(say("rename_done"))
    return 0
