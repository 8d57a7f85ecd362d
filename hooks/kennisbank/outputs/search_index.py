"""The search index: Pagefind over the built pages, one index per language.

Only pages whose head carries search metadata (overrides/kb/partials/search-meta.html
decides which) are indexed; Pagefind reads their filters, metadata and sort keys
from those tags, indexes each language with that language's stemmer, and writes
small chunks to ``<site>/pagefind/``, so a visitor downloads only what a query
needs. The binary ships inside the pagefind-bin wheel: no network is used.

Pagefind reads only the head and ``<main>`` of each page (``searchable``),
handed over by the hook as the page is written, so the site is not read again.
Each language is indexed once its pages are built (``write_part``), in its own
Pagefind run. When the languages are built side by side (see the hook), each
process prepares its language's texts (``later``) and the first one runs both
Pagefinds once the second has ended (``index_later``): Pagefind holds every page of a
language in memory, and beside two build processes that came to more than a
gigabyte at 2,000 pages. ``merge`` then puts the parts together into the one
bundle the browser loads; Pagefind names every language's files after the
language, so the parts only share the reader's own files and the entry file,
whose ``languages`` map is the union of the parts'.

What Pagefind is given is prepared first (``prepare``), in the staging copy only
(the published pages stay as they are): the title and summary weigh more than the
body (``WEIGHTS``); lists of other pages (cards), citations and the permanent-link
block are left out, so a page is found for its own text; and each page gets the
words that find it besides its own (``Vocabulary.extra``): the other words of a
group in ``data/search-terms.yml`` it contains (synonyms, spellings, numerals), and
the parts of its compound words (schuldhulpverlening: hulpverlening), in a block of
its own. How much a page counts as a whole (an organisation against a white paper)
is a filter (``weight``, from ``search_weights`` in config.py) that the search page
multiplies the scores by. The words of each language's pages go to a small word list
(``kb-words.<language>.json``) that the search page loads only when a query finds
nothing, to suggest the nearest word.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import cbor2
from selectolax.lexbor import LexborHTMLParser

from ..messages import say
from ..problems import ContentError, Problem

FOLDER = "pagefind"
WRITES = (f"/{FOLDER}/",)  # paths this output writes (gitignore patterns): content may not take them
PARTS = ".parts"  # site/pagefind/.parts/<language>/ until merge()
ENTRY = "pagefind-entry.json"
MARKER = "data-pagefind-meta="
# Material's page furniture, and lists of other pages, are not part of a page's text.
# A list of other pages (cards), a citation and a permanent link are not the page's own text either.
EXCLUDE = [".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-banner", ".md-skip", ".md-top",
           ".md-dialog", ".md-source", ".md-content__button", ".headerlink", "nav", "script", "noscript",
           "[aria-labelledby=kb-related]", ".kb-cards", ".kb-cite", ".kb-permalink", ".kb-print-only", "svg"]
TITLE = "article h1"
SUMMARY = "article .kb-lead"
TYPE = 'meta[name="kb-search-type"]'  # the page's type ("Whitepaper"): search-meta.html
SEPARATE = "dt, dd, th, td"  # elements whose words Pagefind would join to the next element's
WEIGHTS = {TITLE: 10.0, SUMMARY: 3.0}
"""Pagefind's weight of the title and the summary (the body's is 1, a heading's 7 down to 2)."""
EXTRA_WEIGHTS = {"title": 5.0, "body": 1.0}
"""The weight of the extra words a page is found by: those that come from its title and type, and the rest."""
EXTRA_PLACE_TAG = "kb-extra-words"
EXTRA_PLACE = f"<{EXTRA_PLACE_TAG}></{EXTRA_PLACE_TAG}>"
"""Where ``prepare`` leaves room for the extra words: the end of the page's article (or ``<main>``)."""
TERMS = "terms"
"""The metadata field holding the extra words of the title and type: the search page compares them with the query."""
WORDS_FILE = "kb-words.{language}.json"  # the word list for "did you mean", beside the index
_SEARCH_META = re.compile(r"<meta\s[^>]*\bdata-pagefind-[^>]*>")  # (the templates escape every > in a value)
LATER = ".later"  # <site>/pagefind/.parts/<language>.later/: a part staged for index_later
LATER_FILE = "kb-later.json"  # in it: where the cache keeps the part ("" without a cache)
WORDS_MAX = 5000  # the most frequent words of a language; a rarer one is not suggested
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
ENDINGS = {"nl": ("s", "en", "n", "e", "es", "er", "ers", "'s"), "en": ("s", "es", "'s", "ed", "ing", "er", "ers")}
"""Endings by which a word of a page still matches a search term (zelfstandige: zelfstandigen)."""
LINKS = ("s", "en", "e")  # the linking sounds inside Dutch compounds: arbeid-s-participatie


def searchable(html: str) -> str | None:
    """What Pagefind reads of a built page, or None when the page is not to be searched.

    A page is searched when its head carries search metadata. Pagefind gets the
    head's search metadata and the page's ``<main>``: what lies around it (header,
    navigation, footer) is left out of the index anyway (EXCLUDE), but Pagefind would
    still parse it, and would list its ids (``#__drawer``) as places to jump to. The
    rest of the head (the policy, link previews, styles: half of what it got) it
    reads nothing from: the index is the same without it (tests/test_search_index.py).
    """
    end = html.find("</head>")
    if MARKER not in (html if end < 0 else html[:end]):
        return None
    head = html.find("<head")
    body = html.find("<body", end)
    body_end = html.find(">", body) + 1
    main, main_end = html.find("<main", body_end), html.rfind("</main>")
    if min(head, end, body, main, main_end) < 0 or not head < end < body_end < main < main_end:
        return html  # not the page shape Material writes: index it whole
    meta = "".join(_SEARCH_META.findall(html, head, end))
    return (f'{html[:head]}<head><meta charset="utf-8">{meta}</head>{html[body:body_end]}'
            f"{html[main:main_end]}</main></body></html>")


def tokens(text: str) -> list[str]:
    """The words of a text as search compares them: lower case, accents kept."""
    return _WORD.findall(text.lower())


@functools.lru_cache(maxsize=1 << 16)  # every word of every page passes here, most of them many times
def fold(word: str) -> str:
    """A word without its accents (cliëntenraad: clientenraad), as visitors often type it."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@dataclass
class Group:
    """One entry of data/search-terms.yml in one language: words that find each other's pages, and ``also``."""

    words: list[list[str]]  # each a word or a few words, as tokens
    also: list[str] = field(default_factory=list)

    def found_in(self, joined: str, single: set[str], language: str) -> list[str]:
        """The group's words a text holds (``joined``: its folded words between spaces, ``single``: as a set)."""
        return [" ".join(w) for w in self.words if _holds(joined, single, w, language)]


def _holds(joined: str, single: set[str], words: list[str], language: str) -> bool:
    last = _forms(words[-1], language)
    if not any(form in single for form in last):
        return False
    if len(words) == 1:
        return True
    # (every word of a phrase the text holds is one of its words: the set answers most at once)
    if not all(word in single for word in words[:-1]):
        return False
    head = " ".join(words[:-1])
    return any(f" {head} {form} " in joined for form in last)


@functools.lru_cache(maxsize=4096)
def _forms(word: str, language: str) -> tuple[str, ...]:
    """A word with each ending the language adds to it (ENDINGS)."""
    return tuple(word + ending for ending in ("", *ENDINGS.get(language, ())))


def groups(entries: Iterable[Mapping[str, Any]], language: str) -> list[Group]:
    """The groups of data/search-terms.yml (validated by its schema) in one language."""
    found = []
    for entry in entries:
        words = [[fold(t) for t in tokens(str(w))] for w in (entry.get("words") or {}).get(language, [])]
        also = [str(w) for w in (entry.get("also") or {}).get(language, [])]
        if [w for w in words if w] and (len(words) > 1 or also):
            found.append(Group([w for w in words if w], also))
    return found


@dataclass
class Page:
    """What ``prepare`` kept of one page: the HTML Pagefind gets, and its words."""

    html: str
    title: list[str]  # the words of its title and of its type
    words: list[str]
    type: str = ""


def prepare(html: str) -> Page:
    """A page as Pagefind should read it: weights on its title and summary, lists of other pages left out."""
    tree = LexborHTMLParser(html)
    for selector in EXCLUDE:
        for node in tree.css(selector):
            node.decompose()
    for selector, weight in WEIGHTS.items():
        for node in tree.css(selector):
            node.attrs["data-pagefind-weight"] = str(weight)
    for node in tree.css(SEPARATE):  # Pagefind runs a term into its value ("SoortVerslag") without a space
        node.insert_child(" ")
    title = tree.css_first(TITLE)
    kind = tree.css_first(TYPE)
    label = str(kind.attrs.get("content") or "") if kind else ""
    main = tree.css_first("main") or tree.body
    words = tokens(main.text(separator=" ")) if main else []
    target = tree.css_first("main article") or main
    if target is not None:  # where extra_words() puts the page's extra words (it cannot know them yet)
        place = LexborHTMLParser(EXTRA_PLACE).css_first(EXTRA_PLACE_TAG)
        assert place is not None
        target.insert_child(place)
    return Page(tree.html or html, tokens((title.text(separator=" ") if title else "") + " " + label), words, label)


@dataclass
class Vocabulary:
    """The words of one language's pages, and the extra words each page is found by."""

    language: str
    groups: list[Group]
    counts: Counter[str] = field(default_factory=Counter)
    _by_last: dict[str, set[int]] = field(init=False, repr=False, compare=False)  # a word's form -> its groups
    _parts: dict[str, list[str]] = field(init=False, repr=False, compare=False)  # parts() of each word asked

    def __post_init__(self) -> None:
        self._parts = {}  # (emptied when a page is added: parts() depend on the counts)
        self._by_last = {}
        for number, group in enumerate(self.groups):
            for words in group.words:
                for form in _forms(words[-1], self.language):
                    self._by_last.setdefault(form, set()).add(number)

    def add(self, page: Page) -> None:
        self.counts.update(page.words)
        self._parts.clear()

    def extra(self, page: Page) -> dict[str, list[str]]:
        """The words a page is found by besides its own, by where they come from ("title" or "body")."""
        found: dict[str, list[str]] = {"title": [], "body": []}
        for where, words in (("title", page.title), ("body", page.words)):
            parts = [part for word in sorted(set(words)) for part in self.parts(word)]
            folded = [fold(w) for w in words] + [""] + [fold(p) for p in parts]  # (a part is a word of its own)
            joined, single = f" {' '.join(folded)} ", set(folded)
            for group in self._candidates(single):
                held = group.found_in(joined, single, self.language)
                if held:
                    found[where] += [" ".join(w) for w in group.words if " ".join(w) not in held] + group.also
            found[where] += parts
        title = set(found["title"]) | ({page.type} if page.type else set())
        return {"title": sorted(title), "body": sorted(set(found["body"]) - title)}

    def _candidates(self, single: set[str]) -> list[Group]:
        """The groups a text with these words may hold: those with a word that ends in one of them."""
        numbers = set().union(*(self._by_last[w] for w in single if w in self._by_last))
        return [self.groups[n] for n in sorted(numbers)]

    def parts(self, word: str) -> list[str]:
        """The second parts of a compound word that are words of their own: schuldhulpverlening -> hulpverlening.

        A split counts when the first part (less a linking s, e or en) is a word of the
        pages of at least 4 letters, and the second has 5 letters and is a word too, or
        has 7 letters or more (the pages may hold it only inside compounds).
        """
        if len(word) < 9 or not word.isalpha():
            return []
        known = self._parts.get(word)
        if known is not None:  # (a word comes back on many pages)
            return known
        found: list[str] = []
        self._parts[word] = found
        for cut in range(4, len(word) - 4):
            head, tail = word[:cut], word[cut:]
            bases = [head] + [head[: -len(link)] for link in LINKS if head.endswith(link) and len(head) - len(link) >= 4]
            if any(self.counts[b] for b in bases) and (len(tail) >= 7 or self.counts[tail]):
                found.append(tail)
        return found

    def common(self, limit: int = WORDS_MAX) -> list[str]:
        """The language's words for suggestions, most frequent first (no numbers, none shorter than 4 letters)."""
        words = Counter({w: n for w, n in self.counts.items() if len(w) >= 4 and not any(c.isdigit() for c in w)})
        for group in self.groups:
            words.update({" ".join(w): 1 for w in group.words if len(w) == 1 and len(w[0]) >= 4 and w[0] not in words})
        return [w for w, _ in words.most_common(limit)]


def extra_words(html: str, extra: dict[str, list[str]]) -> str:
    """A prepared page with its extra words in the room ``prepare`` left (EXTRA_PLACE), each block with its weight.

    A string put in place rather than a second parse of the page: the words are
    escaped here. The room is the last one on the page: a page's own text could
    hold the same tag, but only before it.
    """
    at = html.rfind(EXTRA_PLACE)
    if at < 0:
        return html
    blocks = "".join(
        f'<div data-pagefind-weight="{EXTRA_WEIGHTS[where]}"'
        + (f' data-pagefind-meta="{TERMS}"' if where == "title" else "")
        + f">{escape(' '.join(words), quote=False)}.</div>"
        for where, words in extra.items() if words)
    return html[:at] + blocks + html[at + len(EXTRA_PLACE):]


def write_part(site_dir: Path, language: str, pages: dict[Path, str], terms: Iterable[Mapping[str, Any]] = (),
               cache: Path | None = None, prepared: dict[Path, tuple[str, Page]] | None = None,
               later: bool = False) -> int:
    """Index one language's pages into its part of the bundle; return the number of pages.

    ``pages`` maps each built page to what ``searchable()`` kept of it; ``terms`` are the
    entries of data/search-terms.yml. Pagefind's command line indexes a folder; it gets
    a staging folder holding only the prepared texts, at the pages' paths. A failure
    stops the build. ``cache``: a folder of earlier parts, by a hash of everything a
    part is made from (the pages, the terms, this code and Pagefind's version): a
    build whose pages of a language did not change copies that part instead.
    ``prepared``: each page as ``prepare`` left it the time before, by its path
    (``mkdocs serve`` keeps it between its indexes, so only edited pages are prepared
    again); updated to the pages of this run. ``later``: stage the texts only, for
    ``index_later`` (in this process or another) to run Pagefind over.
    """
    target = site_dir / FOLDER / PARTS / language
    shutil.rmtree(target, ignore_errors=True)
    if not pages:
        return 0
    terms = list(terms)
    key = _part_key(site_dir, language, pages, terms) if cache is not None else ""
    kept = cache / key if cache is not None else None
    if kept is not None and (kept / ENTRY).is_file():
        shutil.copytree(kept, target, copy_function=_link_or_copy)
        os.utime(kept)  # used: kept by render_cache.prune
        return len(pages)
    stage = target.with_name(f"{language}{LATER}")
    shutil.rmtree(stage, ignore_errors=True)
    _stage_part(stage, site_dir, language, pages, terms, {} if prepared is None else prepared)
    (stage / LATER_FILE).write_text(json.dumps({"kept": str(kept or "")}), encoding="utf-8")
    if not later:
        _index_staged(site_dir, stage)
    return len(pages)


def index_later(site_dir: Path) -> int:
    """Run Pagefind over every part ``write_part(later=True)`` staged (in any process); return how many."""
    stages = sorted((site_dir / FOLDER / PARTS).glob(f"*{LATER}"))
    for stage in stages:
        _index_staged(site_dir, stage)
    return len(stages)


def _index_staged(site_dir: Path, stage: Path) -> None:
    """Pagefind over one staged part (``<language>.later``, removed after), then its words file beside
    the part and a copy of the part in the cache."""
    todo = json.loads((stage / LATER_FILE).read_text(encoding="utf-8"))
    language = stage.name.removesuffix(LATER)
    target = stage.with_name(language)
    words = WORDS_FILE.format(language=language)
    try:
        _pagefind(stage, target, removed_on_failure=site_dir / FOLDER)
        os.replace(stage / words, target / words)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    reproducible(target)
    if todo["kept"]:
        kept = Path(todo["kept"])
        temporary = kept.with_name(f".{kept.name}.{os.getpid()}")
        shutil.copytree(target, temporary, copy_function=_link_or_copy)
        try:
            os.replace(temporary, kept)
        except OSError:  # another process stored it first
            shutil.rmtree(temporary, ignore_errors=True)


def _link_or_copy(source: str, target: str) -> None:
    """A hard link where the folders share a disk (the files are never written to again), else a copy.

    Pagefind writes thousands of small files: copying them cost more than a tenth of a build."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _part_key(site_dir: Path, language: str, pages: dict[Path, str], terms: list[Mapping[str, Any]]) -> str:
    from importlib import metadata

    h = hashlib.sha256()
    h.update(Path(__file__).read_bytes())
    h.update(json.dumps([language, metadata.version("pagefind_bin"), terms], sort_keys=True, default=str).encode())
    for path in sorted(pages):
        h.update(b"\0" + path.relative_to(site_dir).as_posix().encode() + b"\0" + pages[path].encode())
    return h.hexdigest()


def _stage_part(stage: Path, site_dir: Path, language: str, pages: dict[Path, str], terms: list[Mapping[str, Any]],
                before: dict[Path, tuple[str, Page]]) -> None:
    """One language's pages prepared for Pagefind in ``stage``, with its words file (write_part)."""
    vocabulary = Vocabulary(language, groups(terms, language))
    kept = {path: before[path] if path in before and before[path][0] == html else (html, prepare(html))
            for path, html in pages.items()}
    before.clear()
    before.update(kept)
    prepared = {path: page for path, (_, page) in kept.items()}
    for page in prepared.values():
        vocabulary.add(page)
    _stage(stage, site_dir, ((path, extra_words(page.html, vocabulary.extra(page))) for path, page in prepared.items()),
           stage.with_name(language))
    words = json.dumps(vocabulary.common(), ensure_ascii=False, separators=(",", ":"))
    (stage / WORDS_FILE.format(language=language)).write_text(words, encoding="utf-8")


def _stage(stage: Path, site_dir: Path, staged: Iterable[tuple[Path, str]], target: Path) -> None:
    """The folder Pagefind's command line indexes: these texts at the pages' paths, and its configuration
    (its index goes to ``target``)."""
    for path, html in staged:  # (one at a time: a language's texts need not all be in memory)
        file = stage / path.relative_to(site_dir)
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(html, encoding="utf-8")
    stage.mkdir(parents=True, exist_ok=True)
    config = {"site": str(stage), "output_path": str(target), "exclude_selectors": EXCLUDE}
    (stage / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")


def _pagefind(stage: Path, target: Path, removed_on_failure: Path) -> None:
    """Pagefind over a staged folder (_stage), whose index goes to ``target``. A failure removes
    ``removed_on_failure`` and stops with the message."""
    try:
        run = subprocess.run([_executable(), "--silent"], cwd=stage, capture_output=True, text=True, timeout=900)
        failure = (run.stderr.strip() or run.stdout.strip() or f"exit {run.returncode}") if run.returncode else ""
    except (OSError, ImportError, subprocess.SubprocessError) as e:
        failure = str(e)
    if failure or not (target / ENTRY).is_file():
        shutil.rmtree(removed_on_failure, ignore_errors=True)
        raise ContentError([Problem(str(target), 1, say("search_not_written", failure=failure[-500:]),
                                    say("search_not_written_fix"))])


SIGNATURE = b"pagefind_dcd"  # what every Pagefind data file starts with, once gunzipped


def _read_data(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    return cbor2.loads(data[len(SIGNATURE):]) if data.startswith(SIGNATURE) else None


def _write_data(folder: Path, stem: str, digits: int, suffix: str, value: Any) -> str:
    """Write a Pagefind data file named after its content, as Pagefind names them; return its name."""
    data = SIGNATURE + cbor2.dumps(value)
    name = f"{stem}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(data, mtime=0))
    return name


def reproducible(part: Path) -> None:
    """Make one language's Pagefind output the same for the same pages.

    Pagefind 1.5 writes each filter's values in a random order (a hash map), so every
    build named the filter files, and the metadata file that lists them, differently:
    a deploy uploaded them again and two builds of one site could not be compared. The
    values are written again sorted (the pages of each value already are), under names
    made from their content. A layout this code does not know is left as Pagefind wrote
    it (the build-twice tests then fail, and say so).
    """
    entry = json.loads((part / ENTRY).read_text(encoding="utf-8"))
    for language, info in entry.get("languages", {}).items():
        meta_path = part / f"pagefind.{info['hash']}.pf_meta"
        meta = _read_data(meta_path)
        if not (isinstance(meta, list) and len(meta) > 3 and isinstance(meta[3], list)):
            return
        filters = []
        for name, digest in sorted(meta[3]):
            path = part / "filter" / f"{digest}.pf_filter"
            content = _read_data(path)
            if not (isinstance(content, list) and len(content) == 2 and isinstance(content[1], list)):
                return
            path.unlink()
            filters.append([name, _write_data(path.parent, language, 7, ".pf_filter", [content[0], sorted(content[1])])])
        meta[3] = filters
        meta_path.unlink()
        info["hash"] = _write_data(part, f"pagefind.{language}", 10, ".pf_meta", meta).removeprefix("pagefind.")
    (part / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _executable() -> str:
    """Pagefind's binary, as ``python -m pagefind`` would find it: PAGEFIND_BINARY_PATH, else pagefind-bin's.

    Run directly: the Python launcher costs a second interpreter start per run.
    """
    from pagefind_bin import get_executable  # (not at import: only builds with a search page need it)

    return os.environ.get("PAGEFIND_BINARY_PATH") or str(get_executable())


def merge(site_dir: Path) -> int:
    """Put the languages' parts together into one bundle; return the number of pages indexed."""
    bundle = site_dir / FOLDER
    parts = sorted(p for p in (bundle / PARTS).glob("*") if (p / ENTRY).is_file()) if bundle.is_dir() else []
    for old in bundle.iterdir() if bundle.is_dir() else []:  # a bundle from an earlier build (--dirty)
        if old.name != PARTS:
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    entry: dict = {}
    for part in parts:
        found = json.loads((part / ENTRY).read_text(encoding="utf-8"))
        clash = set(found["languages"]) & set(entry.get("languages", {}))
        if clash or entry.get("version", found["version"]) != found["version"]:
            raise ContentError([Problem(str(part / ENTRY), 1, say("search_parts_clash", languages=", ".join(sorted(clash))),
                                        say("search_parts_clash_fix"))])
        languages = {**entry.get("languages", {}), **found["languages"]}
        entry = {**entry, **found, "languages": languages}
        for path in sorted(part.rglob("*")):
            if path.is_file() and path.name != ENTRY:
                target = bundle / path.relative_to(part)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
    shutil.rmtree(bundle / PARTS, ignore_errors=True)
    if not parts:
        return 0
    (bundle / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return sum(language["page_count"] for language in entry["languages"].values())


EDITS = "edits"  # <site>/pagefind/edits/: mkdocs serve's own index of the pages edited since the index was made
EDITS_FILE = "kb-edits.json"
EDITS_URL = f"{FOLDER}/{EDITS}/{EDITS_FILE}"  # the search page's data-kb-edits (mkdocs serve only)
EDITS_MAX = 300
"""The most edited pages indexed on their own (about a second): an edit that more pages show (a theme's
title on every item of the theme) is found there when the whole index has been made again."""


class Edits:
    """``mkdocs serve``: the pages edited since the search index was made, in a small index of their own.

    Making a language's index again takes seconds at a few thousand pages. So after
    a quick rebuild (kennisbank_mkdocs.preview), before the browsers reload, only the
    pages whose text the index does not have are indexed, in a Pagefind run of their
    own, into ``pagefind/edits/``; ``kb-edits.json`` beside it names, by language,
    the index's results for those pages (their Pagefind ids). The search page
    (kb-search.js) leaves those out and merges the small index into its own
    (Pagefind's ``mergeIndex``). When the whole index has been made again
    (``merge``), the edits are what changed since: usually nothing. Meanwhile an
    edited page's extra words come from the language's word list rather than from
    all its pages (``Vocabulary.parts`` may find fewer compounds), and its score from
    the small index's word counts. Which result of the index is which page's is read
    from the index beside the server (``page_ids``, a few tenths of a second), not
    while an editor waits.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()  # held to write the edits, and to put a new index in place
        self.indexed: dict[str, dict[Path, str | None]] = {}  # by language: each page's text as the index has it
        self.latest: dict[str, dict[Path, str | None]] = {}  # by language: each page's text as it is now
        self.ids: dict[str, str] | None = None  # each page's URL -> its id in the index (read when needed)

    def reset(self, site_dir: Path, indexed: Mapping[str, Mapping[Path, str | None]],
              terms: Iterable[Mapping[str, Any]]) -> None:
        """The index was just made from these pages (by language): no edits."""
        with self.lock:
            self.indexed = {language: dict(pages) for language, pages in indexed.items()}
            self.latest, self.ids = self.indexed, None
            self._write(site_dir, list(terms))
        threading.Thread(target=self._read_ids, args=(site_dir / FOLDER,), daemon=True).start()

    def write(self, site_dir: Path, pages: Mapping[str, Mapping[Path, str | None]],
              terms: Iterable[Mapping[str, Any]]) -> int:
        """The pages as they are now (by language, every page): index those the index has otherwise;
        return how many there are (with more than EDITS_MAX, the edits stay as they were)."""
        with self.lock:
            self.latest = {language: dict(now) for language, now in pages.items()}
            return self._write(site_dir, list(terms))

    def merge(self, site_dir: Path, indexed: Mapping[str, Mapping[Path, str | None]],
              terms: Iterable[Mapping[str, Any]]) -> int:
        """Put the languages' new parts in place (``merge``), made from these pages; the edits since then."""
        with self.lock:
            count = merge(site_dir)
            self.indexed = {language: dict(pages) for language, pages in indexed.items()}
            self.ids = page_ids(site_dir / FOLDER)
            self._write(site_dir, list(terms))
            return count

    def _read_ids(self, bundle: Path) -> None:
        with self.lock:
            if self.ids is None:
                self.ids = page_ids(bundle)

    def _write(self, site_dir: Path, terms: list[Mapping[str, Any]]) -> int:
        edited = {language: {path: text for path, text in now.items() if self.indexed.get(language, {}).get(path) != text}
                  for language, now in self.latest.items()}
        edited = {language: pages for language, pages in edited.items() if pages}
        bundle = site_dir / FOLDER
        if not bundle.is_dir():  # (no search index: nothing to add to)
            return 0
        count = sum(map(len, edited.values()))
        if count > EDITS_MAX:  # (the edits as they were stay right for their pages)
            return count
        folder, new = bundle / EDITS, bundle / f".{EDITS}.{os.getpid()}"
        shutil.rmtree(new, ignore_errors=True)
        staged = [(path, text, language) for language, pages in edited.items() for path, text in pages.items()
                  if text is not None]
        if staged:
            vocabularies = {language: self._vocabulary(bundle, language, terms) for language in edited}
            prepared = [(path, prepare(text), language) for path, text, language in staged]
            for _, page, language in prepared:
                vocabularies[language].add(page)
            with tempfile.TemporaryDirectory(prefix=".kb-search-", dir=site_dir.parent) as stage:
                _stage(Path(stage), site_dir, ((path, extra_words(page.html, vocabularies[language].extra(page)))
                                               for path, page, language in prepared), new)
                _pagefind(Path(stage), new, removed_on_failure=new)
        new.mkdir(exist_ok=True)
        if edited and self.ids is None:
            self.ids = page_ids(bundle)
        ids = self.ids or {}
        listed = {language: {"pages": sum(text is not None for text in pages.values()),
                             "hide": sorted(ids[url] for url in map(functools.partial(url_of, site_dir), pages)
                                            if url in ids)}
                  for language, pages in sorted(edited.items())}
        (new / EDITS_FILE).write_text(json.dumps(listed, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(new, folder)
        return count

    @staticmethod
    def _vocabulary(bundle: Path, language: str, terms: list[Mapping[str, Any]]) -> Vocabulary:
        """A language's vocabulary from its word list (the whole index has it from all its pages)."""
        try:
            words = json.loads((bundle / WORDS_FILE.format(language=language)).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            words = []
        return Vocabulary(language, groups(terms, language), Counter({str(w): 1 for w in words}))


def url_of(site_dir: Path, path: Path) -> str:
    """A page's URL as Pagefind records it: its path in the site, without ``index.html``."""
    rel = "/" + path.relative_to(site_dir).as_posix()
    return rel.removesuffix("index.html")


def page_ids(bundle: Path) -> dict[str, str]:
    """Each indexed page's URL -> its Pagefind id (the name of its fragment file, which holds the URL)."""
    found = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        with contextlib.suppress(ValueError, KeyError, TypeError):
            found[json.loads(raw[raw.index(b"{"):])["url"]] = path.stem
    return found
