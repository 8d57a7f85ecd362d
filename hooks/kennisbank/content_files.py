"""What docs/ and data/ may hold: an allow-list of file kinds, paths and names.

Content arrives by pull request, and MkDocs publishes every file of docs/ that
is not Markdown as it is (and lets it replace a theme file of the same path).
So before anything is read, the whole of docs/ and data/ is walked with
``lstat`` and refused, one ``path:1: what — fix`` line each, when it holds:

- a symbolic link or anything but a plain file or folder (a link to
  ``/proc/self/environ`` or ``.git/config`` would publish the build machine's
  secrets);
- a file kind not in ``KINDS`` (Markdown only as ``.md``, which the engine
  reads; the image formats and PDF, whose first bytes must match; SVG only
  without script, event handlers, ``foreignObject``, DTDs or external
  references); data only as ``.yml``;
- a path that the theme, the engine's outputs or a host reads as its own
  (``Settings.theme_files``, ``outputs.WRITES``, ``HOST_FILES``) or a first
  folder that is a language or such an output (``reserved_ids``);
- a name with characters other than letters, digits, ``-``, ``_`` and ``.``.

Hidden files and folders are skipped, as MkDocs skips them (they are never
published); symbolic links are refused even there. The lines are worded by the
message catalogue (``kennisbank.messages``). This module does not import
MkDocs.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

import pathspec

from .messages import say
from .problems import Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
"""The largest image or PDF a pull request may add (a preview artifact and every visitor download it)."""

HOST_FILES = ("/_redirects", "/_headers", "/_headers.*", "/_worker.js", "/_routes.json", "/_middleware.*",
              "/.htaccess", "/.nojekyll", "/CNAME", "/netlify.toml", "/vercel.json", "/staticwebapp.config.json",
              "/web.config", "/robots.txt", "/.well-known/", "/404.html", "/404.md", "/404.*.md", "/sitemap.xml*",
              "/favicon.ico")
"""Files that static hosts (Netlify, Cloudflare Pages, GitHub Pages, Vercel, Apache) read as configuration."""


def _starts(*magic: bytes, at: int = 0) -> Callable[[bytes], bool]:
    return lambda head: any(head[at:at + len(m)] == m for m in magic)


@dataclass(frozen=True)
class Kind:
    """One kind of file content may hold: its format and noun for messages, and how its first bytes look."""

    format: str
    noun: str  # "text", "image" or "document": "PNG image" is ``files_kind_image`` of "PNG" in the catalogue
    looks_right: Callable[[bytes], bool] | None = None  # None: text, checked by its reader

    @property
    def shown(self) -> str:
        return say(f"files_kind_{self.noun}", format=self.format)


KINDS: dict[str, Kind] = {
    ".md": Kind("Markdown", "text"),
    ".png": Kind("PNG", "image", _starts(b"\x89PNG\r\n\x1a\n")),
    ".jpg": Kind("JPEG", "image", _starts(b"\xff\xd8\xff")),
    ".jpeg": Kind("JPEG", "image", _starts(b"\xff\xd8\xff")),
    ".gif": Kind("GIF", "image", _starts(b"GIF87a", b"GIF89a")),
    ".webp": Kind("WebP", "image", lambda h: h[:4] == b"RIFF" and h[8:12] == b"WEBP"),
    ".avif": Kind("AVIF", "image", _starts(b"ftypavif", b"ftypavis", at=4)),
    ".pdf": Kind("PDF", "document", _starts(b"%PDF-")),
    ".svg": Kind("SVG", "image"),
}
"""The declared kinds of docs/, by extension (lower case, as written)."""

DATA_KINDS = (".yml",)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_MARKDOWN_LIKE = (".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn", ".mdtxt", ".mdtext", ".text")


def reserved_folders(languages: tuple[str, ...] | list[str], default: str, writes: tuple[str, ...]) -> set[str]:
    """First folders of docs/ that belong to the site itself: the other languages and the outputs' folders."""
    folders = {language for language in languages if language != default}
    folders |= {p.strip("/") for p in (*writes, *HOST_FILES) if p.startswith("/") and p.endswith("/")
                and p.strip("/").count("/") == 0}
    return folders


def reserved_ids(languages: tuple[str, ...] | list[str], default: str, theme_files: frozenset[str],
                 writes: tuple[str, ...]) -> set[str]:
    """Section ids that would take over part of the site: the reserved folders and the theme's folders."""
    return reserved_folders(languages, default, writes) | {p.split("/", 1)[0] for p in theme_files if "/" in p}


class Walker:
    """One walk over docs/ and data/: the problems found, and the text files to scan for personal data."""

    def __init__(self, docs_dir: Path, data_dir: Path, display: Callable[[Path], str], *,
                 theme_files: frozenset[str], writes: tuple[str, ...], reserved: set[str]) -> None:
        self.docs_dir, self.data_dir, self.display = docs_dir, data_dir, display
        self.taken = pathspec.GitIgnoreSpec.from_lines([*writes, *HOST_FILES])
        self.theme_files, self.reserved = theme_files, reserved
        self.problems: list[Problem] = []
        self.refused: set[Path] = set()  # never read: a link may lead to the build machine's secrets
        self.text_files: list[Path] = []
        self.names: list[tuple[str, str]] = []  # (name, path shown) of every file and folder

    def walk(self) -> Walker:
        if self.docs_dir.is_dir():
            self._folder(self.docs_dir, "", self._docs_file)
        if self.data_dir.is_dir() and self.data_dir != self.docs_dir:
            self._folder(self.data_dir, "", self._data_file)
        return self

    def _refuse(self, path: Path, what: str, fix: str) -> None:
        self.problems.append(Problem(self.display(path), 1, what, fix))
        self.refused.add(path)

    def _folder(self, folder: Path, rel: str, check: Callable[[Path, str, os.stat_result], None]) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as e:
            self._refuse(folder, say("files_folder_unreadable", reason=e.strerror), say("files_folder_unreadable_fix"))
            return
        seen: dict[str, str] = {}
        for entry in entries:
            path, child = Path(entry.path), f"{rel}{entry.name}"
            other = seen.setdefault(entry.name.lower(), entry.name)
            if other != entry.name:  # one file on hosts whose file system ignores case (macOS, Windows)
                self._refuse(path, say("files_case_clash", name=entry.name, other=other), say("files_case_clash_fix"))
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISLNK(st.st_mode):
                self._refuse(path, say("files_symbolic_link"), say("files_symbolic_link_fix"))
            elif stat.S_ISDIR(st.st_mode):
                if entry.name.startswith(".") or entry.name == "__pycache__":
                    continue  # never published (MkDocs skips hidden folders)
                self.names.append((entry.name, self.display(path)))
                if not _NAME.match(entry.name):
                    self._bad_name(path, entry.name)
                self._folder(path, child + "/", check)
            elif not stat.S_ISREG(st.st_mode):
                self._refuse(path, say("files_not_plain"), say("remove_it"))
            elif not entry.name.startswith("."):
                self.names.append((entry.name, self.display(path)))
                if not _NAME.match(entry.name):
                    self._bad_name(path, entry.name)
                check(path, child, st)

    def _bad_name(self, path: Path, name: str) -> None:
        self._refuse(path, say("files_bad_name", name=name), say("files_bad_name_fix"))

    def _docs_file(self, path: Path, rel: str, st: os.stat_result) -> None:
        suffix = os.path.splitext(rel)[1]
        kind = KINDS.get(suffix)
        if kind is None:
            self._refuse(path, *_unknown_kind(suffix))
            return
        first = rel.split("/", 1)[0] if "/" in rel else ""
        if first in self.reserved:
            self._refuse(path, say("files_reserved_folder", folder=first), say("files_reserved_folder_fix"))
        elif rel in self.theme_files or self.taken.match_file(rel):
            self._refuse(path, say("files_taken_path", path=rel), say("files_taken_path_fix"))
        if kind.looks_right is None:
            if suffix == ".svg":
                self.problems += svg_problems(path, self.display(path))
            self.text_files.append(path)
            return
        if st.st_size > MAX_FILE_BYTES:
            self._refuse(path, say("files_too_large", size=st.st_size // (1024 * 1024), limit=MAX_FILE_BYTES // (1024 * 1024)),
                         say("files_too_large_fix"))
            return
        with path.open("rb") as f:
            head = f.read(16)
        if not kind.looks_right(head):
            self._refuse(path, say("files_wrong_content", suffix=suffix, kind=kind.shown),
                         say("files_wrong_content_fix", kind=kind.shown))

    def _data_file(self, path: Path, rel: str, st: os.stat_result) -> None:
        if "/" in rel:
            self._refuse(path, say("files_data_folder"), say("files_data_folder_fix"))
        elif os.path.splitext(rel)[1] not in DATA_KINDS:
            self._refuse(path, say("files_data_not_yaml", path=rel), say("files_data_not_yaml_fix"))
        else:
            self.text_files.append(path)


def _unknown_kind(suffix: str) -> tuple[str, str]:
    allowed = ", ".join(KINDS)
    if suffix.lower() == ".md" or suffix.lower() in _MARKDOWN_LIKE:
        return say("files_markdown_suffix", suffix=suffix), say("files_markdown_suffix_fix")
    if suffix.lower() in KINDS:
        return say("files_upper_case_suffix", suffix=suffix), say("files_upper_case_suffix_fix", suffix=suffix.lower())
    return (say("files_unknown_kind", suffix=suffix or say("files_no_extension")),
            say("files_unknown_kind_fix", allowed=allowed))


# --- SVG -------------------------------------------------------------------------------------------

_SVG_REFUSED = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "audio", "video",
                "a", "discard"}
_CSS_URL = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)|@import|expression\s*\(|javascript:", re.I)


def svg_problems(path: Path, display: str) -> list[Problem]:
    """Script, handlers, foreign content or outside references in an SVG: refused (it is served as a document)."""
    raw = path.read_bytes()
    if len(raw) > 1024 * 1024:
        return [Problem(display, 1, say("svg_too_large"), say("svg_too_large_fix"))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return [Problem(display, 1, say("svg_not_utf8"), say("svg_not_utf8_fix"))]
    problems: list[Problem] = []
    parser = expat.ParserCreate(namespace_separator="}")
    in_style: list[int] = []

    def refuse(what: str, fix: str | None = None) -> None:
        problems.append(Problem(display, parser.CurrentLineNumber, what, fix or say("svg_refused_fix")))

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit("}", 1)[-1].lower()
        if local in _SVG_REFUSED:
            refuse(say("svg_element", element=local))
        if local == "style":
            in_style.append(parser.CurrentLineNumber)
        for key, value in attrs.items():
            attr = key.rsplit("}", 1)[-1].lower()  # (xlink:href arrives as '<namespace>}href')
            if attr.startswith("on"):
                refuse(say("svg_handler", attribute=attr))
            elif attr == "href" and not value.strip().startswith("#"):
                refuse(say("svg_outside_reference", reference=value[:60]), say("svg_inside_href_fix"))
            elif local in ("set", "animate") and attr in ("attributename",) and value.lower().endswith("href"):
                refuse(say("svg_link_animation"))
            elif _CSS_URL.search(value):
                refuse(say("svg_attribute_outside", attribute=attr), say("svg_inside_url_fix"))

    def data(chunk: str) -> None:
        if in_style and _CSS_URL.search(chunk):
            refuse(say("svg_style_outside"), say("svg_inside_url_fix"))

    def end(name: str) -> None:
        if name.rsplit("}", 1)[-1].lower() == "style" and in_style:
            in_style.pop()

    def doctype(*_: object) -> None:
        refuse(say("svg_doctype"), say("svg_doctype_fix"))

    def instruction(target: str, _: str) -> None:
        refuse(say("svg_instruction", target=target), say("remove_it"))

    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, data
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(text, True)
    except expat.ExpatError as e:
        if not problems:
            problems.append(Problem(display, e.lineno, say("svg_not_xml", reason=expat.errors.messages[e.code]),
                                    say("svg_not_xml_fix")))
    return problems
