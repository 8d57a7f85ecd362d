"""Find personal data that must not be published: phone numbers, e-mail addresses, BSNs, IBANs.

Content arrives by pull request and is published to everyone, so the build
refuses it (and ``python -m kennisbank check`` reports it the same way). The
rules are checks, not guesses: a citizen service number (BSN) must pass the
eleven-test and an IBAN the ISO 13616 mod-97 check, so ordinary nine-digit
numbers and codes are left alone. Only the mailboxes passed as ``allowed``
(the programme's generic address from ``extra.kennisbank.contact_email``) may
appear. Dutch service numbers (0800, 0900, 0906, 0909) belong to
organisations, not to people, and are allowed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from .problems import Problem
from .yamlsafe import MAX_BYTES

_PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)31[ .-]?(?:\(0\)[ .-]?)?|\(?0)[1-9](?:[ .-]?\)?[ .-]?\d){8}(?!\w)")
_DATE_LIKE = re.compile(r"\d{1,2}[-./]\d{1,2}[-./]\d{2,4}")
_SERVICE = ("800", "900", "906", "909")
_CANDIDATE = re.compile(r"\d|@")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
_BSN = re.compile(r"(?<![\w.,-])(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3})(?![\w-]|[.,]\d)")
_IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Za-z0-9]{1,4}){3,8}(?![\w])")


def _phone(match: str) -> bool:
    if _DATE_LIKE.search(match):
        return False
    digits = re.sub(r"\D", "", match)
    national = digits[2:] if digits.startswith("31") else digits[1:]
    if digits.startswith("0031"):
        national = digits[4:]
    return not national.startswith(_SERVICE)


def elfproef(digits: str) -> bool:
    """The eleven-test of a Dutch citizen service number (BSN): 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "0" * 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def iban_valid(text: str) -> bool:
    """The ISO 13616 check: the number, with its first four characters moved to the end, is 1 mod 97."""
    code = text.replace(" ", "").upper()
    if not 15 <= len(code) <= 34 or not code[:2].isalpha() or not code[2:4].isdigit():
        return False
    rearranged = code[4:] + code[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _iban(match: str) -> str | None:
    """The longest run of groups that is a valid IBAN ("NL91 ABNA 0417 1643 00 en" -> without " en")."""
    groups = match.split(" ")
    for end in range(len(groups), 0, -1):
        candidate = " ".join(groups[:end])
        if iban_valid(candidate):
            return candidate
    if " " not in match:
        for end in range(len(match), 14, -1):
            if iban_valid(match[:end]):
                return match[:end]
    return None


def scan_line(line: str, allowed: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(what, fix) for each piece of personal data on one line of text."""
    if not _CANDIDATE.search(line):
        return []  # most lines: no digits, no address
    allowed_lower = sorted({a.lower() for a in allowed if a})
    contact = f"the programme's mailbox {allowed_lower[0]}" if allowed_lower else "a generic contact page"
    found: list[tuple[str, str]] = []
    taken: list[tuple[int, int]] = []  # an IBAN or address is not also a phone number or BSN
    for m in _EMAIL.finditer(line):
        taken.append(m.span())
        if m.group(0).lower() not in allowed_lower:
            found.append((f"e-mail address '{m.group(0)}' must not be published", f"use {contact} instead"))
    for m in _IBAN.finditer(line):
        iban = _iban(m.group(0))
        if iban:
            taken.append((m.start(), m.start() + len(iban)))
            found.append((f"bank account number (IBAN) '{iban}' must not be published", "remove it"))

    def free(m: re.Match[str]) -> bool:
        return not any(a <= m.start() < b or m.start() <= a < m.end() for a, b in taken)

    for m in _PHONE.finditer(line):
        if free(m) and _phone(m.group(0)):
            found.append((f"phone number '{m.group(0).strip()}' must not be published",
                          f"remove it; for contact use {contact}"))
    for m in _BSN.finditer(line):
        if free(m) and elfproef(re.sub(r"\D", "", m.group(0))):
            found.append((f"'{m.group(0)}' looks like a citizen service number (BSN), which must not be published",
                          "remove it"))
    return found


def scan_text(text: str, path: str, allowed: Iterable[str] = (), first_line: int = 1) -> list[Problem]:
    """A problem for each piece of personal data in a text, with its line."""
    allowed = tuple(allowed)
    return [Problem(path, number, what, fix)
            for number, line in enumerate(text.splitlines(), start=first_line)
            for what, fix in scan_line(line, allowed)]


def scan_file(path: Path, display: str, allowed: Iterable[str] = ()) -> list[Problem]:
    """Problems for a whole file (front matter included); unreadable files are reported elsewhere."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return []  # refused unread by the loader
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return scan_text(text, display, allowed)
