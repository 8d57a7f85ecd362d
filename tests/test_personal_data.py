"""Personal data is found however it is written, and ordinary numbers are left alone.

Content comes from untrusted pull requests, so the scanner is tested against the
ways a reader still sees a phone number, address, BSN or IBAN: HTML entities,
percent-escapes, full-width and other Unicode digits, every kind of dash and
space, a paragraph split over lines, lower case, obfuscated '@', file names and
files that are not Markdown. Property tests generate valid numbers (eleven-test,
mod-97) and render them at random; the scanner must find each once, on the line
where it starts, and find nothing in prose without digits.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kennisbank.personal_data import elfproef, iban_valid, scan_file, scan_line, scan_name, scan_text
from kennisbank.yamlsafe import MAX_BYTES

MAILBOX = "lerendepraktijk@schouderseronder.nl"
KINDS = {"phone number": "phone", "e-mail address": "email", "(IBAN)": "iban", "(BSN)": "bsn"}


def kind(what: str) -> str:
    return next(k for marker, k in KINDS.items() if marker in what)


def found(text: str, allowed=(MAILBOX,), first_line: int = 1) -> list[tuple[int, str]]:
    """(line, kind) of each problem in a text."""
    return [(p.line, kind(p.what)) for p in scan_text(text, "x.md", allowed, first_line)]


def kinds_on_line(line: str) -> list[str]:
    return [kind(what) for what, _ in scan_line(line, (MAILBOX,))]


# -- messages stay as they were ------------------------------------------------------------------


def test_messages_keep_their_form():
    text = ("Call 06-12345678 or (020) 123 45 67.\nWrite to ann@example.org, not to " + MAILBOX + ".\n"
            "Her BSN is 111222333 and her account NL91 ABNA 0417 1643 00.\n")
    mailbox = f"the programme's mailbox {MAILBOX}"
    assert [str(p) for p in scan_text(text, "docs/a.md", [MAILBOX])] == [
        f"docs/a.md:1: phone number '06-12345678' must not be published — remove it; for contact use {mailbox}",
        f"docs/a.md:1: phone number '(020) 123 45 67' must not be published — remove it; for contact use {mailbox}",
        f"docs/a.md:2: e-mail address 'ann@example.org' must not be published — use {mailbox} instead",
        "docs/a.md:3: bank account number (IBAN) 'NL91 ABNA 0417 1643 00' must not be published — remove it",
        "docs/a.md:3: '111222333' looks like a citizen service number (BSN), which must not be published — remove it",
    ]


def test_without_an_allowed_mailbox_the_fix_names_a_contact_page():
    assert scan_line("mail ann@example.org") == [
        ("e-mail address 'ann@example.org' must not be published", "use a generic contact page instead")]


# -- regressions: one class of disguise each -------------------------------------------------------


@pytest.mark.parametrize("line,expected", [
    # HTML entities, also twice encoded
    ("bel &#48;6 1234 5678", "phone"),
    ("bel &#x30;&#x36;12345678", "phone"),
    ("bel &amp;#48;612345678", "phone"),
    ("jan&#64;example.nl", "email"),
    ("jan&commat;example.nl", "email"),
    ("jan&#x40;example&period;nl", "email"),
    ("BSN 123&#46;456&#46;782", "bsn"),
    ("NL91&nbsp;ABNA&nbsp;0417&nbsp;1643&nbsp;00", "iban"),
    # percent-encoding in links
    ("[schrijf](mailto:jan%40example.nl)", "email"),
    ("<mailto:%6A%61%6E%40example.nl>", "email"),
    ("mailto:jan%2540example.nl", "email"),
    ("[bel](tel:%2B31612345678)", "phone"),
    # NFKC and other Unicode digits, full-width @
    ("bel ０６１２３４５６７８", "phone"),
    ("bel ٠٦١٢٣٤٥٦٧٨", "phone"),
    ("bel ०६१२३४५६७८", "phone"),
    ("bel 𝟎𝟔𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", "phone"),
    ("jan＠example.nl", "email"),
    ("jan﹫example．nl", "email"),
    ("ＮＬ９１ＡＢＮＡ０４１７１６４３００", "iban"),
    ("BSN １２３４５６７８２", "bsn"),
    # other dashes, slashes, odd spaces
    ("bel 06–12345678", "phone"),
    ("bel 06—1234 5678", "phone"),
    ("bel 06−12345678", "phone"),
    ("bel 06‑12345678", "phone"),
    ("bel 06‒12345678", "phone"),
    ("bel 06/12345678", "phone"),
    ("bel 06 / 12345678", "phone"),
    ("bel 06 - 12 34 56 78", "phone"),
    ("bel 06\u00a01234\u00a05678", "phone"),
    ("bel 06\u20091234\u20095678", "phone"),
    ("bel 06\u202f12\u202f34\u202f56\u202f78", "phone"),
    ("bel 06&ndash;12345678", "phone"),
    ("BSN 123–45–6782", "bsn"),
    ("BSN 123\u00a0456\u00a0782", "bsn"),
    # invisible characters and Markdown in the middle
    ("bel 06\u200b12345678", "phone"),
    ("bel 06&shy;12345678", "phone"),
    ("bel 06**1234**5678", "phone"),
    ("bel `0612345678`", "phone"),
    ("bel 06\\-12345678", "phone"),
    ("jan\\@example.nl", "email"),
    # international forms
    ("bel +31 6 12345678", "phone"),
    ("bel +31 (0)6 1234 5678", "phone"),
    ("bel 0031 6 12345678", "phone"),
    ("bel +31612345678", "phone"),
    ("call +44 20 7946 0958", "phone"),
    ("call +32 470 12 34 56", "phone"),
    # lower case and separated IBANs
    ("rekening nl91abna0417164300", "iban"),
    ("rekening nl91 abna 0417 1643 00", "iban"),
    ("rekening NL91-ABNA-0417-1643-00", "iban"),
    ("rekening NL91.ABNA.0417.1643.00", "iban"),
    ("konto DE89 3704 0044 0532 0130 00", "iban"),
    ("compte be68 5390 0754 7034", "iban"),
    # BSN groupings
    ("BSN 123-45-6782", "bsn"),
    ("BSN 1234-56-782", "bsn"),
    ("BSN 1234.56.782", "bsn"),
    ("BSN 123.456.782", "bsn"),
    ("BSN 12 345 6782", "bsn"),
    ("BSN 123456782", "bsn"),
    # international and obfuscated addresses
    ("jan@bücher.nl", "email"),
    ("jürgen.müller@straße.de", "email"),
    ("ivan@пример.рф", "email"),
    ("jan@xn--bcher-kva.nl", "email"),
    ("jan [at] example [dot] nl", "email"),
    ("jan(at)example.nl", "email"),
    ("jan (at) example (dot) nl", "email"),
    ("jan{at}example{dot}nl", "email"),
    ("jan <at> example <dot> nl", "email"),
    ("jan [AT] example [DOT] nl", "email"),
    ("jan(apenstaartje)example(punt)nl", "email"),
    ("jan @ example.nl", "email"),
    # tags around pieces (SVG text, HTML in data)
    ("<tspan>06</tspan><tspan>12345678</tspan>", "phone"),
    ('<a href="mailto:jan@example.nl">mail</a>', "email"),
])
def test_disguised_personal_data_is_found(line, expected):
    assert kinds_on_line(line) == [expected]


@pytest.mark.parametrize("text,expected", [
    ("bel 06 1234\n5678 graag", [(1, "phone")]),  # Markdown joins a paragraph's lines
    ("bel 06\n12345678", [(1, "phone")]),
    ("bel 06-\n12345678", [(1, "phone")]),
    ("tekst\nbel 06 12\n34 56\n78 graag", [(2, "phone")]),  # over three lines
    ("note: >\n  bel 06 1234\n  5678\n", [(2, "phone")]),  # YAML folded scalar
    ("note: |\n  BSN 123 45\n  6782\n", [(2, "bsn")]),
    ("rekening NL91 ABNA\n0417 1643 00", [(1, "iban")]),
    ("rekening nl91abna\n0417164300", [(1, "iban")]),
    ("mail jan [at]\nexample [dot] nl", [(1, "email")]),
    ("mail jan\n@example.nl", [(1, "email")]),
    ("> bel 06 1234\n> 5678", [(1, "phone")]),  # block quote
    ("bel 06 1234\n\n5678", []),  # a blank line ends the paragraph
    ("- 06\n- 12345678", []),  # list items are not one paragraph
])
def test_items_split_over_lines_are_found_on_their_first_line(text, expected):
    assert found(text) == expected


def test_an_item_found_on_a_line_is_not_reported_again_from_the_paragraph():
    assert found("bel 0612345678\nof mail jan@example.nl\nBSN 123456782\nNL91ABNA0417164300") == [
        (1, "phone"), (2, "email"), (3, "bsn"), (4, "iban")]
    # the account number on the second line alone looks like a phone number: one IBAN, not both
    assert found("rekening NL91 ABNA\n0417 1643 00 graag") == [(1, "iban")]


def test_one_item_per_line_each_found():
    assert found("123456782\n111222333\n0612345678\n0687654321") == [
        (1, "bsn"), (2, "bsn"), (3, "phone"), (4, "phone")]


def test_lines_are_shifted_by_first_line():
    assert found("title: x\nbel 06 1234\n5678", first_line=5) == [(6, "phone")]


@pytest.mark.parametrize("written", [
    MAILBOX, MAILBOX.upper(), "lerendepraktijk&#64;schouderseronder.nl", "lerendepraktijk&commat;schouderseronder.nl",
    "mailto:lerendepraktijk%40schouderseronder.nl", "lerendepraktijk [at] schouderseronder [dot] nl",
    "lerendepraktijk＠schouderseronder．nl", "<lerendepraktijk@schouderseronder.nl>",
])
def test_the_allowed_mailbox_stays_allowed_in_any_encoding(written):
    assert scan_line(f"Mail {written} voor vragen.", [MAILBOX]) == []


# -- file names and other text files -----------------------------------------------------------------


@pytest.mark.parametrize("rel,expected", [
    ("assets/jan.jansen@gmail.com.png", "an e-mail address 'jan.jansen@gmail.com'"),
    ("assets/0612345678.pdf", "a phone number '0612345678'"),
    ("assets/scan_06-1234-5678.pdf", "a phone number '06-1234-5678'"),
    ("assets/NL91ABNA0417164300.pdf", "a bank account number (IBAN) 'NL91ABNA0417164300'"),
    ("assets/bsn_123456782.jpg", "a citizen service number (BSN) '123456782'"),
    ("jan%40example.nl/photo.jpg", "an e-mail address 'jan@example.nl'"),
])
def test_personal_data_in_a_file_name(rel, expected):
    problems = scan_name(rel, f"docs/{rel}", [MAILBOX])
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.path, problem.line, problem.fix) == (f"docs/{rel}", 1, "rename the file")
    assert problem.what.startswith("the file name '") and problem.what.endswith(f"holds personal data: {expected}")


@pytest.mark.parametrize("rel", [
    "assets/logo@2x.png", "assets/2024-03-14-verslag.pdf", "assets/IMG_20240314_123456.jpg",
    "assets/rapport-v1.2.3.pdf",
    f"assets/{MAILBOX}.txt", "praktijkverhalen/droge-voeten.md", "assets/scan_000123456.pdf",
])
def test_ordinary_file_names_pass(rel):
    assert scan_name(rel, f"docs/{rel}", [MAILBOX]) == []


def test_any_text_file_is_scanned(tmp_path):
    svg = tmp_path / "card.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 123 456">\n'
                   '  <path d="M 100 200 L 123 456 782 Z"/>\n'
                   '  <text x="10" y="20">Bel 06 1234\n'
                   '5678</text>\n  <text>jan&#64;example.nl</text>\n</svg>\n', encoding="utf-8")
    csv = tmp_path / "people.csv"
    csv.write_text("name,iban\nJan,nl91abna0417164300\n", encoding="utf-8")
    assert [(p.line, kind(p.what)) for p in scan_file(svg, "docs/assets/card.svg")] == [(3, "phone"), (5, "email")]
    assert [(p.line, kind(p.what)) for p in scan_file(csv, "data/people.csv")] == [(2, "iban")]


def test_unreadable_files_are_left_to_other_checks(tmp_path):
    binary = tmp_path / "photo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe 0612345678 \xc3")
    big = tmp_path / "big.md"
    big.write_text("0612345678\n" * (MAX_BYTES // 11 + 1), encoding="utf-8")
    assert scan_file(binary, "docs/photo.png") == []
    assert scan_file(big, "docs/big.md") == []
    assert scan_file(tmp_path / "missing.md", "docs/missing.md") == []


# -- what must not be flagged ---------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "Op 14-03-2024, 2024/03/14, 14.03.2024 en 2024-03-14 10:00.",
    "In 2019-2024 en 1999–2000; van 01-02-2024 12:30 tot 03-04-2024 13:45.",
    "Het ordernummer 123456789 en het getal 987654321.",  # nine digits, fail the eleven-test
    "Bel gratis 0800-1234567, 0900 1234567, 0906-123456 of 0909-1234567.",
    "Bel gratis +31 800 1234567.",
    "Postcode 1234 AB Amsterdam, 1234AB.",
    "Zie pagina's 123-145 en hoofdstuk 12.3.4; versie 1.2.3 of v2.10.1234.",
    "ISBN 978-90-5833-145-7, ISBN 90-5833-145-X, ISBN 9058331457.",
    "Bedrag € 123.456.782 of EUR 123456782, 12,5 %.",
    "Open van 09.00-17.00 uur en 09.00 - 12.30 en 13.00 - 17.00.",
    "Coördinaten 52.3676, 4.9041 en 0.5 1234 5678.",
    "Bestand logo@2x.png, @jan op sociale media, 50% korting, a @ b.",
    "Kijk at example dot com; we are at home; contact (at) noon.",
    "Commit 3f4e9a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f, uuid de305d54-75b4-431b-adb2-eb6b9e546014.",
    "Code NL91ABNA0417164301 and nl91abna04171643001.",  # mod-97 fails; the number goes on
    "Telefoonboek 14 020 of 112.",
    "Reeks 123 456 782 123 en 12 3456 782 9 en 9 123 456 782.",  # part of a longer number
    "Getal 000123456 en 123456782,50 en 1.23456782.",
    '<path d="M 100 200 L 123 456 782 Z" transform="translate(123 456 782)"/>',
])
def test_ordinary_numbers_and_text_pass(line):
    assert scan_line(line, [MAILBOX]) == []


def test_real_content_passes():
    root = Path(__file__).parent.parent
    files = [p for folder in ("docs", "data", "tests/fixture_site") for p in (root / folder).rglob("*") if p.is_file()]
    assert files
    problems = [p for path in files for p in scan_file(path, str(path), [MAILBOX])
                + scan_name(str(path.relative_to(root)), str(path), [MAILBOX])]
    assert problems == []


# -- bounded time on hostile input --------------------------------------------------------------------

_RNG = random.Random(2024)
HOSTILE = {
    "digits": "1" * 500_000,
    "digits and separators": "".join(_RNG.choice("0123456789 -./") for _ in range(500_000)),
    "at signs and dots": "@." * 250_000,
    "addresses without end": "a.a@" * 125_000,
    "long local part": "a" * 500_000 + "@example.nl",
    "entities": "&#48;&amp;" * 50_000,
    "unclosed tags": '<a b="' * 80_000,
    "iban starts": "nl91 " * 100_000,
    "phone starts": "+3 (0" * 100_000,
    "short lines": "06 1\n" * 100_000,
    "short lines of entities": "&#48;6&nbsp;1\n" * 40_000,
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_is_scanned_in_bounded_time(name):
    started = time.perf_counter()
    scan_text(HOSTILE[name], "x.md", [MAILBOX])
    assert time.perf_counter() - started < 5, name  # linear: about a second on a quiet machine; quadratic: minutes


def test_public_checks():
    assert elfproef("123456782") and not elfproef("123456789") and not elfproef("１２３４５６７８２")
    assert iban_valid("nl91-abna-0417-1643-00") and not iban_valid("NL91 ABNA 0417 1643 0!")


# -- properties ------------------------------------------------------------------------------------------

WORDS = ["bel", "mij", "op", "het", "nummer", "graag", "voor", "de", "call", "me", "at", "home", "please",
         "zie", "ook", "tekst", "en", "of", "information", "kennis", "praktijk", "rekening", "mail"]
SPACES = [" ", "\u00a0", "\u2009", "\u202f", "\u2007", "\u3000", "&nbsp;", "&thinsp;", "&#160;"]
DASHES = ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\ufe63", "\uff0d",
          "&ndash;", "&mdash;", "&minus;", "&#8209;", " - ", " \u2013 "]
SEPARATORS = SPACES + DASHES + [".", "/", " / ", "&#46;"]
INVISIBLE = ["", "", "", "\u200b", "\u00ad", "&shy;", "\u2060", "**"]


def render_digit(d: int, how: int) -> str:
    return [str(d), chr(0xFF10 + d), chr(0x660 + d), chr(0x966 + d), chr(0x1D7CE + d), f"&#{48 + d};",
            f"&#x{48 + d:x};", f"&amp;#{48 + d};", "⁰¹²³⁴⁵⁶⁷⁸⁹"[d]][how]


digit_style = st.integers(0, 8)
prose = st.lists(st.sampled_from(WORDS), min_size=0, max_size=6).map(" ".join)


@st.composite
def rendered(draw, groups: list[str], separators=SEPARATORS) -> tuple[str, list[int]]:
    """The groups, digits rendered at random, with a separator (or a line break) between groups."""
    style = draw(digit_style)  # one style per number, as a person or tool writes it
    out = []
    for index, group in enumerate(groups):
        if index:
            out.append(draw(st.sampled_from(separators + ["\n", "\n  "])))
        out.append(draw(st.sampled_from(INVISIBLE)).join(render_digit(int(c), style) if c.isdigit() else c
                                                        for c in group))
    return "".join(out)


@st.composite
def in_prose(draw, number: str) -> tuple[str, int]:
    """Prose lines, then the number within a line of prose; returns the text and the number's line."""
    before = draw(st.lists(prose, max_size=3))
    head, tail = draw(prose), draw(prose)
    blank = draw(st.booleans())
    lines = [*before, *([""] if blank and before else [])]
    text = "\n".join([*lines, f"{head} {number} {tail}".strip()])
    return text + "\n" + draw(prose), len(lines) + 1


@st.composite
def valid_bsn(draw) -> str:
    digits = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    assume(digits[:2] != [0, 0])
    check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=False)) % 11
    assume(check != 10)
    number = "".join(map(str, digits)) + str(check)
    assert elfproef(number)
    return number


@st.composite
def valid_iban(draw) -> str:
    bank = draw(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=4, max_size=4))
    account = draw(st.text(alphabet="0123456789", min_size=10, max_size=10))
    numeric = "".join(str(int(c, 36)) for c in bank + account + "NL00")
    iban = f"NL{98 - int(numeric) % 97:02d}{bank}{account}"
    assert iban_valid(iban)
    return iban


PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(st.data())
def test_any_valid_bsn_however_written_is_found_on_its_line(data):
    number = data.draw(valid_bsn())
    grouping = data.draw(st.sampled_from([(9,), (3, 3, 3), (4, 2, 3), (3, 2, 4), (2, 3, 4), (3, 4, 2)]))
    groups, at = [], 0
    for size in grouping:
        groups.append(number[at:at + size])
        at += size
    text, line = data.draw(in_prose(data.draw(rendered(groups))))
    assert found(text) == [(line, "bsn")], text


@PROPERTY
@given(st.data())
def test_any_valid_iban_however_written_is_found_on_its_line(data):
    iban = data.draw(valid_iban())
    case = data.draw(st.sampled_from([str.upper, str.lower, str.title, lambda s: s.swapcase()]))
    grouped = data.draw(st.booleans())
    groups = [iban[i:i + 4] for i in range(0, len(iban), 4)] if grouped else [iban]
    separators = [" ", "\u00a0", "-", "\u2013", ".", "&nbsp;"]
    number = data.draw(rendered([case(g) for g in groups], separators))
    if data.draw(st.booleans()):  # full-width letters and digits
        number = "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in number)
    text, line = data.draw(in_prose(number))
    assert found(text) == [(line, "iban")], text


PHONE_FORMATS = [
    lambda d: ["06", d], lambda d: ["06", d[:4], d[4:]], lambda d: ["06", d[:2], d[2:4], d[4:6], d[6:]],
    lambda d: ["(06)", d], lambda d: ["+31", "6", d], lambda d: ["+31", "(0)6", d], lambda d: ["0031", "6", d],
    lambda d: ["+31", "6", d[:4], d[4:]], lambda d: ["06" + d],
]


@PROPERTY
@given(st.data())
def test_any_mobile_number_however_written_is_found_on_its_line(data):
    digits = data.draw(st.text(alphabet="0123456789", min_size=8, max_size=8))
    groups = data.draw(st.sampled_from(PHONE_FORMATS))(digits)
    text, line = data.draw(in_prose(data.draw(rendered(groups))))
    assert found(text) == [(line, "phone")], text


AT = ["@", "&#64;", "&commat;", "＠", "&#x40;", " [at] ", "(at)", " (at) ", "[AT]", "{at}"]
DOT = [".", "&#46;", "&period;", "．", " [dot] ", "(dot)", " (punt) "]


@PROPERTY
@given(st.data())
def test_any_address_however_written_is_found_on_its_line(data):
    letters = "abcdefghijklmnopqrstuvwxyz"
    local = data.draw(st.text(alphabet=letters, min_size=1, max_size=10))
    if data.draw(st.booleans()):
        local += "." + data.draw(st.text(alphabet=letters, min_size=1, max_size=10))
    domain = data.draw(st.lists(st.text(alphabet=letters + "äöüéßçñøαβγабв", min_size=1, max_size=10),
                                min_size=1, max_size=3))
    tld = data.draw(st.sampled_from(["nl", "com", "org", "eu", "be", "de", "info", "рф"]))
    at, dot = data.draw(st.sampled_from(AT)), data.draw(st.sampled_from(DOT))
    address = local + at + dot.join([*domain, tld])
    if data.draw(st.booleans()):
        address = f"[mail](mailto:{address.replace('@', '%40')})"
    text, line = data.draw(in_prose(address))
    assert found(text) == [(line, "email")], text
    assert scan_text(text, "x.md")[0].what == (
        f"e-mail address '{local}@{'.'.join([*domain, tld])}' must not be published")


@PROPERTY
@given(st.sampled_from(AT), st.sampled_from(DOT), st.booleans())
def test_the_allowed_mailbox_is_never_reported(at, dot, percent):
    address = "lerendepraktijk" + at + dot.join(["schouderseronder", "nl"])
    if percent:
        address = f"mailto:{address.replace('@', '%40')}"
    assert found(f"Mail {address} of bel") == []


prose_without_digits = st.text(
    alphabet=st.one_of(st.characters(categories=("L",)), st.sampled_from(list(" \n.,;:!?'\"-–—"))), max_size=300)


@PROPERTY
@given(prose_without_digits)
def test_prose_without_digits_or_at_is_never_flagged(text):
    assert scan_text(text, "x.md", [MAILBOX]) == []


@PROPERTY
@given(st.text(max_size=400))
def test_scanning_never_raises(text):
    problems = scan_text(text, "x.md", [MAILBOX], first_line=3)
    assert all(3 <= p.line <= 3 + max(0, len(text.splitlines()) - 1) for p in problems)
    scan_line(text, [MAILBOX])
    scan_name(text, "x", [MAILBOX])


@PROPERTY
@given(st.text(alphabet="0123456789 -./@&#;%<>()[]+\nabNL", max_size=400))
def test_scanning_never_raises_on_number_like_text(text):
    for problem in scan_text(text, "x.md", [MAILBOX]):
        assert problem.what and problem.fix


def test_a_mobile_number_whose_digits_look_like_a_date_after_the_country_code_is_found():
    """Found by the property above: '+31 6 1900' read as the date 31-6-1900."""
    assert [p.what for p in scan_text("bel +31 6 1900 0000", "x.md")] == [
        "phone number '+31 6 1900 0000' must not be published"]
