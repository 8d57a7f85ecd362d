"""Find personal data that must not be published: phone numbers, e-mail addresses, BSNs, IBANs.

Content arrives by pull request and is published to everyone, so the build
refuses it (and ``python -m kennisbank check`` reports it the same way). The
rules are checks, not guesses: a citizen service number (BSN) must pass the
eleven-test and an IBAN the ISO 13616 mod-97 check (with its country's length),
so ordinary nine-digit numbers and codes are left alone. Only the mailboxes
passed as ``allowed`` (the programme's generic address from
``extra.kennisbank.contact_email``) may appear. Dutch service numbers (0800,
0900, 0906, 0909) belong to organisations, not to people, and are allowed.

Input is hostile, so each line is first brought to what a reader sees
(``_normalise``): HTML entities and percent-escapes are decoded (repeatedly,
a bounded number of times), Unicode is NFKC-normalised, every decimal digit
becomes an ASCII digit, every dash (and a slash next to a digit) becomes ``-``,
odd and repeated spaces become one space, invisible characters, tags and
Markdown emphasis go, and ``[at]``/``(dot)``-style obfuscations become ``@``
and ``.``. Lines are scanned on their own and, because Markdown and YAML join
the lines of a paragraph, also joined with their neighbours; an item found
across lines is reported once, on the line where it starts. Every pattern is
linear in its input (bounded repeats, anchored starts), so 512 KB of hostile
text is scanned in well under a second or two.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from .messages import say
from .problems import Problem
from .yamlsafe import MAX_BYTES

# -- normalisation -----------------------------------------------------------------------------------

_DECODE_ROUNDS = 4  # "&amp;#64;" and "%2540" take two; more is only an attack
_SLASHES = "\u2044\u2215\u29f8\u2afd\uff0f"  # fraction slash, division slash, big solidus, ...
_DASHES = "\u2212\u2043\u2796\u02d7\ufe63\uff0d"  # minus sign, hyphen bullet, heavy minus, ... (plus category Pd)
_DOTS = "\u00b7\u2022\u2024\u2027\u2219\u22c5\u30fb\uff65\u3002\uff61\ufe52\uff0e"


class _CharMap(dict):
    """str.translate table, filled per character on first sight: digits to ASCII, dashes to '-', ..."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        category = unicodedata.category(char)
        if char.isspace() or category in ("Zs", "Zl", "Zp"):
            out: str | None = " "
        elif category == "Nd":
            out = str(unicodedata.decimal(char))
        elif category == "Pd" or char in _DASHES:
            out = "-"
        elif char in _SLASHES:
            out = "/"
        elif char in _DOTS:
            out = "."
        elif category in ("Cc", "Cf", "Mn", "Me", "Cs", "Co", "Cn"):
            out = None  # invisible: zero-width space, soft hyphen, joiners, marks, controls
        else:
            out = char
        if len(self) < 20_000:  # remember the common characters, not every one an attacker sends
            self[code] = out
        return out


_CHARS = _CharMap()
_CHARS.update({ord(c): c for c in map(chr, range(32, 127))})
_CHARS.update({code: " " for code in (9, 10, 11, 12, 13, 28, 29, 30, 31)})
_CHARS.update({code: None for code in (*range(0, 9), *range(14, 28), 127)})

_ENTITY_OR_ESCAPE = re.compile(r"&|%[0-9A-Fa-f]{2}")
# SVG geometry is lists of numbers, not data: a BSN is not looked for in these attributes' values.
_GEOMETRY = re.compile(
    r"(?<![\w:.-])(?:d|points|viewBox|transform|gradientTransform|patternTransform|x|y|x1|x2|y1|y2|cx|cy|"
    r"fx|fy|r|rx|ry|dx|dy|width|height|stroke-dasharray|rotate|values|keyTimes|keySplines|kernelMatrix|"
    r"tableValues|stdDeviation|baseFrequency|enable-background) ?= ?(?:\"[^\"]*\"|'[^']*')", re.IGNORECASE)
# A tag's name and its closing '>' go (attribute values stay: they can hold an address).
_TAG = re.compile(r"</?[A-Za-z][\w:.-]{0,64}(?=[\s/>])|/?>")
_SLASH_SEPARATOR = re.compile(r"(?<=[0-9) ])/|/(?=[0-9( +])")
_MD_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_EMPHASIS = re.compile(r"[*`~]+")
_OBFUSCATED_AT = re.compile(r" ?[\[({<] ?(?:at|@|apenstaartje|apestaartje) ?[\])}>] ?", re.IGNORECASE)
_OBFUSCATED_DOT = re.compile(r" ?[\[({<] ?(?:dot|punt) ?[\])}>] ?", re.IGNORECASE)
_SPACED_AT = re.compile(r"(?<=\w) @ (?=\w)")
_SPACES = re.compile(r" {2,}")
_NEEDS_WORK = re.compile(r"[^ -~]|[&%=\\*`~\[({<>/]|  | @ ")


def _normalise(line: str) -> str:
    """The text a reader sees in one line, with separators and digits in one form (see the module doc)."""
    if line.isascii() and not _NEEDS_WORK.search(line):
        return line.strip()  # most lines: plain text
    for _ in range(_DECODE_ROUNDS):
        before = line
        if _ENTITY_OR_ESCAPE.search(line):
            line = html.unescape(line)
            if "%" in line:
                line = unquote(line, errors="replace")
        if not line.isascii():
            line = unicodedata.normalize("NFKC", line)  # idempotent: only decoding can need another round
        if line == before or not _ENTITY_OR_ESCAPE.search(line):
            break
    line = line.translate(_CHARS)
    if "\\" in line:
        line = _MD_ESCAPE.sub("", line)
    line = _EMPHASIS.sub("", line)
    if "  " in line:
        line = _SPACES.sub(" ", line)
    if "[" in line or "(" in line or "{" in line or "<" in line:
        line = _OBFUSCATED_AT.sub("@", line)
        line = _OBFUSCATED_DOT.sub(".", line)
    if "@" in line:
        line = _SPACED_AT.sub("@", line)
    if ">" in line:
        line = _TAG.sub(" ", line)
    if "/" in line:
        line = _SLASH_SEPARATOR.sub("-", line)
    if "  " in line:
        line = _SPACES.sub(" ", line)
    return line.strip()


# -- patterns ----------------------------------------------------------------------------------------

_S = r"(?: ?[.-] ?| )"  # one separator between digit groups: '-', '.', ' ', ' - '
_GAP = rf"(?:\){_S}?|{_S}(?:\){_S}?)?)?"  # what may stand between two digits of a phone number
_PHONE_NL = re.compile(
    r"(?<![\w+])(?<![0-9][.-])"
    rf"(?=((?:(?:\+|00)31{_S}?(?:\(0\){_S}?)?|\(?0)[1-9](?:{_GAP}[0-9]){{8}})(?!\w|[.-][0-9]))")
_PHONE_INTL = re.compile(
    r"(?<![\w+])(?<![0-9][.-])"
    rf"(?=(\+(?!31)[1-9][0-9]{{0,2}}(?:{_S}?\(0\))?(?:{_S}\(?[0-9]{{1,4}}\)?)(?:{_S}[0-9]{{2,4}}){{1,5}}"
    r"|\+(?!31)[1-9][0-9]{8,14})(?!\w|[.-][0-9]))")
_DATE = re.compile(
    r"(?<![0-9+])(?:(?:0?[1-9]|[12][0-9]|3[01])[-. ](?:0?[1-9]|1[0-2])[-. ](?:19|20)[0-9]{2}"
    r"|(?:19|20)[0-9]{2}[-. ](?:0?[1-9]|1[0-2])[-. ](?:0?[1-9]|[12][0-9]|3[01]))(?![0-9])")
_SERVICE = ("800", "900", "906", "909")
_BSN = re.compile(
    r"(?<![\w.,+-])(?<![0-9] )(?<![0-9][.-] )(?<![0-9] [.-] )"
    rf"(?=([0-9]{{9}}|[0-9]{{2,4}}{_S}[0-9]{{2,4}}{_S}[0-9]{{2,4}})(?!\w|-\w|,[0-9]|{_S}[0-9]))")
_EMAIL = re.compile(
    r"(?<![\w.%+-])[\w.%+-]{1,64}@(?:[\w-]{1,63}\.){1,8}(?:[^\W\d_]{2,63}|xn--[a-z0-9-]{1,59})(?![\w-])",
    re.IGNORECASE)
_IBAN = re.compile(r"(?<!\w)(?=([A-Za-z]{2}[0-9]{2}[A-Za-z0-9 .-]{11,60}))")
_IBAN_SEPARATORS = re.compile(r"[ .-]")
_NON_DIGITS = re.compile(r"[^0-9]")
_ISBN_BEFORE = re.compile(r"\b(?:isbn|issn)\b", re.IGNORECASE)
_NOT_DOMAINS = frozenset({"png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "ico", "bmp", "tif", "tiff",
                          "pdf", "txt", "csv", "json", "yml", "yaml", "js", "css", "html", "htm", "xml"})
# Enough for a phone number or BSN: nine digits; for an IBAN: its start.


def _nine_digits(text: str) -> bool:
    """Whether the text holds at least nine digits (after _normalise, all ASCII): ten C-level counts."""
    return sum(map(text.count, "0123456789")) >= 9


def _candidate(text: str) -> bool:
    """What _find needs before it looks closer; true of a paragraph whenever it is true of one of its lines."""
    return "@" in text or _nine_digits(text) or _IBAN_START.search(text) is not None

_IBAN_START = re.compile(r"(?<!\w)[A-Za-z]{2}[0-9]{2}")
_NOT_A_BSN_BEFORE = re.compile(r"\b(?:isbn|issn|eur|usd)\b|[€$£¥₤₹₽₺₩]", re.IGNORECASE)

# ISO 13616 registry: length per country, and the BBAN's form where it is well known
# (n digits, a letters, c letters or digits).
_IBAN_LENGTH = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
    "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28,
    "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
    "RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
    "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}
_BBAN_FORMS = {
    "AD": "8n 12c", "AT": "16n", "BE": "12n", "BG": "4a 6n 8c", "CH": "5n 12c", "CY": "8n 16c", "CZ": "20n",
    "DE": "18n", "DK": "14n", "EE": "16n", "ES": "20n", "FI": "14n", "FR": "10n 11c 2n", "GB": "4a 14n",
    "GR": "7n 16c", "HR": "17n", "HU": "24n", "IE": "4a 14n", "IS": "22n", "IT": "1a 10n 12c", "LI": "5n 12c",
    "LT": "16n", "LU": "3n 13c", "LV": "4a 13c", "MC": "10n 11c 2n", "MT": "4a 5n 18c", "NL": "4a 10n",
    "NO": "11n", "PL": "24n", "PT": "21n", "RO": "4a 16c", "SE": "20n", "SI": "15n", "SK": "20n",
    "SM": "1a 10n 12c",
}
_CLASSES = {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Z0-9]"}
_BBAN_FORM = {country: re.compile("".join(f"{_CLASSES[part[-1]]}{{{part[:-1]}}}" for part in form.split()) + r"\Z")
              for country, form in _BBAN_FORMS.items()}


def elfproef(digits: str) -> bool:
    """The eleven-test of a Dutch citizen service number (BSN): 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11)."""
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit() or digits == "0" * 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=False)) - int(digits[8])
    return total % 11 == 0


def iban_valid(text: str) -> bool:
    """The ISO 13616 check: the number, with its first four characters moved to the end, is 1 mod 97."""
    code = _IBAN_SEPARATORS.sub("", text).upper()
    if not 15 <= len(code) <= 34 or not code.isascii() or not code.isalnum():
        return False
    if not code[:2].isalpha() or not code[2:4].isdigit():
        return False
    rearranged = code[4:] + code[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _iban_at(candidate: str) -> str | None:
    """The IBAN at the start of a candidate ("NL91 ABNA 0417 1643 00 en" -> without " en"), if any."""
    length = _IBAN_LENGTH.get(candidate[:2].upper())
    if length is None:
        return None
    code = candidate.replace(" ", "").replace("-", "").replace(".", "")[:length].upper()
    form = _BBAN_FORM.get(code[:2])
    if len(code) < length or (form is not None and not form.match(code, 4)) or not iban_valid(code):
        return None
    count = 0
    for end, char in enumerate(candidate, start=1):
        if char.isalnum():
            count += 1
            if count == length:
                break
        elif char != " " and candidate[end - 2] in ".-":
            return None  # "--", ".-": not one separator
    if end < len(candidate) and candidate[end].isalnum():
        return None  # the number goes on: not this IBAN
    return candidate[:end]


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    kind: str  # one of KINDS_FOUND
    value: str


def _email_value(address: str) -> str | None:
    """The address, without a file extension posing as its top-level domain ("logo@2x.png" is none)."""
    local, _, domain = address.rpartition("@")
    labels = domain.split(".")
    while labels and labels[-1].lower() in _NOT_DOMAINS:
        labels.pop()
    if len(labels) < 2 or not re.fullmatch(r"[^\W\d_]{2,63}|xn--[a-z0-9-]{1,59}", labels[-1], re.IGNORECASE):
        return None
    return f"{local}@{'.'.join(labels)}"


def _phone_ok(number: str) -> bool:
    digits = _NON_DIGITS.sub("", number)
    if number.startswith("+") and not number.startswith("+31"):
        return 9 <= len(digits) <= 15
    if _DATE.search(number):
        return False
    national = digits[4:] if digits.startswith("0031") else digits[2:] if number.startswith("+31") else digits[1:]
    return not national.startswith(_SERVICE)


def _find(text: str, allowed: frozenset[str]) -> list[_Found]:
    """Personal data in one normalised string, each item once (an address is not also a phone number)."""
    has_at, has_digits, has_iban = "@" in text, _nine_digits(text), _IBAN_START.search(text)
    if not (has_at or has_digits or has_iban):
        return []  # most lines
    found: list[_Found] = []
    starts: list[int] = []  # the spans taken so far, sorted and not overlapping
    ends: list[int] = []

    def free(start: int, end: int) -> bool:
        index = bisect.bisect_left(starts, end) - 1
        return index < 0 or ends[index] <= start

    def add(start: int, end: int, kind: str, value: str, report: bool = True) -> None:
        index = bisect.bisect_left(starts, start)
        starts.insert(index, start)
        ends.insert(index, end)
        if report:
            found.append(_Found(start, end, kind, value))

    for m in _EMAIL.finditer(text) if has_at else ():
        address = _email_value(m.group(0))
        if address and free(m.start(), m.end()):
            add(m.start(), m.end(), "email", address, report=address.lower() not in allowed)
    for m in _IBAN.finditer(text) if has_iban else ():
        iban = _iban_at(m.group(1))
        if iban and free(m.start(), m.start() + len(iban)):
            add(m.start(), m.start() + len(iban), "iban", iban)
    for pattern in (_PHONE_NL, _PHONE_INTL) if has_digits else ():
        for m in pattern.finditer(text):
            number = m.group(1)
            if free(m.start(), m.start() + len(number)) and _phone_ok(number) \
                    and not _ISBN_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                add(m.start(), m.start() + len(number), "phone", number)
    geometry: list[int] | None = None  # start, end, start, end, ... of SVG geometry values
    for m in _BSN.finditer(text) if has_digits else ():
        number = m.group(1)
        digits = _NON_DIGITS.sub("", number)
        if len(digits) != 9 or digits.startswith("00") or not elfproef(digits) \
                or not free(m.start(), m.start() + len(number)) \
                or _NOT_A_BSN_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        if "=" in text:
            if geometry is None:
                geometry = [edge for g in _GEOMETRY.finditer(text) for edge in g.span()]
            if bisect.bisect_right(geometry, m.start()) % 2:
                continue  # inside a geometry value
        add(m.start(), m.start() + len(number), "bsn", number)
    return found


def _allowed(allowed: Iterable[str]) -> tuple[frozenset[str], str]:
    """The allowed mailboxes (normalised, lower case) and how the fix names them."""
    given = sorted({a.strip().lower() for a in allowed if a and a.strip()})
    mailboxes = frozenset(_normalise(a).lower() for a in given) | frozenset(given)
    contact = say("personal_contact_mailbox", mailbox=given[0]) if given else say("personal_contact_page")
    return mailboxes, contact


def _quote(value: str) -> str:
    return value if len(value) <= 80 else value[:77] + "..."


def _message(found: _Found, contact: str) -> tuple[str, str]:
    value = _quote(found.value)
    if found.kind == "email":
        return say("personal_email", value=value), say("personal_email_fix", contact=contact)
    if found.kind == "iban":
        return say("personal_iban", value=value), say("remove_it")
    if found.kind == "phone":
        return say("personal_phone", value=value), say("personal_phone_fix", contact=contact)
    return say("personal_bsn", value=value), say("remove_it")


KINDS_FOUND = ("email", "iban", "phone", "bsn")
"""What is found; each is described in a file name's message by ``personal_kind_<kind>`` in the catalogue."""

# -- public API --------------------------------------------------------------------------------------


def scan_line(line: str, allowed: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(what, fix) for each piece of personal data on one line of text."""
    mailboxes, contact = _allowed(allowed)
    return [_message(f, contact) for f in _find(_normalise(line), mailboxes)]


# A line that starts a new block (list item) is not joined to the line before it.
_NEW_BLOCK = re.compile(r"(?:[-+]|1[.)])(?: |$)")


def scan_text(text: str, path: str, allowed: Iterable[str] = (), first_line: int = 1) -> list[Problem]:
    """A problem for each piece of personal data in a text, on the line where it starts.

    Each line is scanned, and so is each paragraph (a run of non-blank lines) joined
    into one line, the way Markdown and YAML folded scalars join it; an item that
    only shows up across lines is reported on its first line, and an item found on
    a line is not reported again from the paragraph.
    """
    mailboxes, contact = _allowed(allowed)
    lines = [_normalise(line) for line in text.splitlines()]
    found: list[tuple[int, _Found]] = []
    index = 0
    while index < len(lines):
        if not lines[index]:
            index += 1
            continue
        end = index + 1
        while end < len(lines) and lines[end] and not _NEW_BLOCK.match(lines[end]):
            end += 1
        found += _paragraph(lines, index, end, mailboxes)
        index = end
    problems: list[Problem] = []
    seen: set[tuple[int, str, str]] = set()
    for number, item in sorted(found, key=lambda found: found[0]):
        what, fix = _message(item, contact)
        if (number, what, fix) not in seen:
            seen.add((number, what, fix))
            problems.append(Problem(path, number + first_line, what, fix))
    return problems


def _paragraph(lines: list[str], first: int, end: int, allowed: frozenset[str]) -> list[tuple[int, _Found]]:
    """(line index, item) for lines[first:end]: each line's items, then those only seen across lines."""
    starts: list[int] = []
    parts: list[str] = []
    offset = 0
    for index in range(first, end):
        part = lines[index]
        if parts:
            glue = "" if parts[-1].endswith("@") or part.startswith("@") else " "
            parts.append(glue)
            offset += len(glue)
        starts.append(offset)
        parts.append(part)
        offset += len(part)
    joined = "".join(parts)
    if not _candidate(joined):
        return []  # most paragraphs: then none of their lines is one either
    single = [(first + k, f, starts[k]) for k in range(end - first) for f in _find(lines[first + k], allowed)]
    if end - first == 1:
        return [(line, f) for line, f, _ in single]
    across = [f for f in _find(joined, allowed)
              if bisect.bisect_right(starts, f.start) != bisect.bisect_right(starts, f.end - 1)]
    across.sort(key=lambda f: f.start)
    across_starts = [f.start for f in across]  # not overlapping
    across_ends = [f.end for f in across]

    def alone(start: int, end: int) -> bool:
        index = bisect.bisect_left(across_starts, end) - 1
        return index < 0 or across_ends[index] <= start

    kept = [(line, f) for line, f, shift in single if alone(f.start + shift, f.end + shift)]
    return kept + [(first + bisect.bisect_right(starts, f.start) - 1, f) for f in across]


def scan_name(rel_path: str, display: str, allowed: Iterable[str] = ()) -> list[Problem]:
    """A problem for each piece of personal data in a file's name or its folders' names (line 1)."""
    mailboxes, _ = _allowed(allowed)
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for name in PurePosixPath(rel_path.replace("\\", "/")).parts:
        stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
        for variant in dict.fromkeys((name, stem, name.replace("_", " "), stem.replace("_", " "))):
            for item in _find(_normalise(variant), mailboxes):
                key = (item.kind, re.sub(r"[^0-9A-Za-z@]", "", item.value).lower()
                       if item.kind != "email" else item.value.lower())
                if any(k == key[0] and (v in key[1] or key[1] in v) for k, v in seen):
                    continue
                seen.add(key)
                problems.append(Problem(display, 1, say("personal_file_name", name=_quote(name),
                                                        kind=say(f"personal_kind_{item.kind}"), value=_quote(item.value)),
                                        say("personal_file_name_fix")))
    return problems


def scan_file(path: Path, display: str, allowed: Iterable[str] = ()) -> list[Problem]:
    """Problems for a whole text file of any kind (front matter included); unreadable files are reported elsewhere."""
    try:
        data = path.read_bytes()
    except OSError:
        return []
    if len(data) > MAX_BYTES:
        return []  # refused unread by the loader
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return []
    return scan_text(text, display, allowed)
