"""The editors' commands speak Dutch and English: nothing printed past the catalogue, the language chosen, dates.

The catalogue is hooks/kennisbank/messages/<lang>.yml (tests/test_messages.py
checks that it is complete, for the engine's problems too). A command speaks
``--lang``, else the locale, else the site's default language (the fixture
site's is English, the real site's Dutch).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kennisbank import messages
from kennisbank.__main__ import main
from kennisbank.editor import dates
from support import ROOT, copy_fixture

EDITOR = ROOT / "hooks/kennisbank/editor"
SOURCES = [*sorted(EDITOR.glob("*.py")), ROOT / "hooks/kennisbank/__main__.py"]


@pytest.fixture(autouse=True)
def no_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in messages.LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)


# -- the commands' output ---------------------------------------------------------------------------


def test_no_print_in_the_commands_bypasses_the_catalogue():
    """Every print of an editor's command prints a message of the catalogue (or a value made of them)."""
    plain = re.compile(r"""\bprint\(\s*f?["'][A-Za-z]""")
    found = [f"{path.name}: {m.group(0)}" for path in SOURCES for m in plain.finditer(path.read_text(encoding="utf-8"))]
    assert found == []


# -- the language chosen -----------------------------------------------------------------------------


@pytest.mark.parametrize("flag,environ,site,chosen", [
    ("en", {"LANG": "nl_NL.UTF-8"}, "nl", "en"),
    (None, {"LANG": "en_GB.UTF-8"}, "nl", "en"),
    (None, {"LC_ALL": "nl_NL.UTF-8", "LANG": "en_US.UTF-8"}, "en", "nl"),
    (None, {"LC_MESSAGES": "en", "LANG": "nl_NL"}, "nl", "en"),
    (None, {"LANG": "C.UTF-8"}, "en", "en"),
    (None, {}, "nl", "nl"),
    (None, {}, "de", "nl"),  # no catalogue for the site's default: Dutch
])
def test_language_is_the_flag_else_the_locale_else_the_site_default(flag, environ, site, chosen):
    assert messages.choose(flag, site, environ) == chosen


def project(tmp_path: Path) -> Path:
    return copy_fixture(tmp_path / "project") / "mkdocs.yml"


def check_output(config: Path, capsys: pytest.CaptureFixture, *args: str) -> list[str]:
    main(["-f", str(config), "check", *args])
    return capsys.readouterr().out.splitlines()


def test_check_speaks_the_site_default_language_and_the_one_asked_for(tmp_path, capsys, monkeypatch):
    config = project(tmp_path)  # the fixture site's default language is English
    assert check_output(config, capsys)[-1].startswith("check: 0 error(s), ")
    dutch = check_output(config, capsys, "--lang", "nl")
    assert dutch[0] == "Waarschuwingen (kijk hier even naar):"
    assert dutch[-1].startswith("check: 0 fout(en), ") and dutch[-1].endswith(" — in orde.")
    assert "docs/stories/wet-year.md:1: geen vertaling in 'nl' — maak docs/stories/wet-year.nl.md met de tekst " \
           "in die taal" in dutch
    assert check_output(config, capsys, "--lang", "en")[-1].endswith(" — ok.")
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    assert check_output(config, capsys)[-1].startswith("check: 0 fout(en), ")
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert check_output(config, capsys)[-1].startswith("check: 0 error(s), ")


def test_a_dutch_site_speaks_dutch_by_default_and_english_when_asked(capsys):
    config = ROOT / "mkdocs.yml"
    main(["-f", str(config), "translations"])
    assert " stukken: " in capsys.readouterr().out.splitlines()[-1]
    main(["-f", str(config), "--lang", "en", "translations"])
    assert " items: " in capsys.readouterr().out.splitlines()[-1]


def test_new_speaks_dutch_with_lang_nl(tmp_path, capsys):
    config = project(tmp_path)
    code = main(["-f", str(config), "new", "--lang", "nl", "--type", "story", "--title", "Nieuw", "--themes", "fire"])
    assert (code, capsys.readouterr().out.splitlines()) == (1, ["fout: onbekend thema 'fire': kies uit water, soil"])


# -- dates -------------------------------------------------------------------------------------------

DUTCH_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                "oktober", "november", "december"]
ENGLISH_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December"]


def written(day: dt.date) -> list[str]:
    d, m, y = day.day, day.month, day.year
    return [day.isoformat(), f"{d:02d}-{m:02d}-{y}", f"{d}-{m}-{y}", f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y}",
            f"{d} {DUTCH_MONTHS[m - 1]} {y}", f"{d} {ENGLISH_MONTHS[m - 1]} {y}", f"{ENGLISH_MONTHS[m - 1]} {d}, {y}",
            f"  {d}  {DUTCH_MONTHS[m - 1].capitalize()}  {y} "]


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_a_date_in_every_accepted_form_is_the_same_iso_date(day):
    for form in written(day):
        assert dates.normalise(form) == day.isoformat(), form


@given(st.integers(1000, 9999), st.integers(1, 12))
def test_a_month_and_a_year_are_kept_as_they_are_known(year, month):
    for form in (f"{year}-{month:02d}", f"{month:02d}-{year}", f"{DUTCH_MONTHS[month - 1]} {year}"):
        assert dates.normalise(form) == f"{year}-{month:02d}"
    assert dates.normalise(str(year)) == str(year)


@given(st.integers(1000, 9999), st.integers(1, 12), st.integers(29, 99))
def test_an_impossible_date_is_refused_with_a_message_not_an_exception(year, month, day):
    if day <= calendar.monthrange(year, month)[1]:
        return
    messages.use("en")
    for form in (f"{day}-{month:02d}-{year}", f"{year}-{month:02d}-{day}", f"{day} {DUTCH_MONTHS[month - 1]} {year}"):
        with pytest.raises(dates.DateRefused) as refused:
            dates.normalise(form)
        assert f"day {day} does not exist in {year:04d}-{month:02d}" in str(refused.value), form
        assert "YYYY-MM-DD" in str(refused.value)


@given(st.text(max_size=30))
def test_any_text_is_a_date_or_a_message(text):
    try:
        iso = dates.normalise(text)
    except dates.DateRefused as e:
        assert str(e)
    else:
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", iso)


@pytest.mark.parametrize("language,value,message", [
    ("nl", "31-02-2024", "'31-02-2024': dag 31 bestaat niet in 2024-02, die maand heeft 29 dagen — schrijf een "
                         "bestaande datum als JJJJ-MM-DD, bijvoorbeeld 2024-02-29"),
    ("en", "31-02-2023", "'31-02-2023': day 31 does not exist in 2023-02, which has 28 days — write a real date as "
                         "YYYY-MM-DD, for example 2023-02-28"),
    ("nl", "14-13-2024", "'14-13-2024': maand 13 bestaat niet (een maand is 1 tot en met 12): schrijf de datum als "
                         "JJJJ-MM-DD (2024-03-14), JJJJ-MM of JJJJ; 14-03-2024, 14/03/2024 en 14 maart 2024 worden ook begrepen"),
    ("nl", "gisteren", "'gisteren' is geen datum die ik herken: schrijf de datum als JJJJ-MM-DD (2024-03-14), JJJJ-MM "
                       "of JJJJ; 14-03-2024, 14/03/2024 en 14 maart 2024 worden ook begrepen"),
])
def test_refusals_say_why_and_the_form_to_use(language, value, message):
    messages.use(language)
    with pytest.raises(dates.DateRefused) as refused:
        dates.normalise(value)
    assert str(refused.value) == message
