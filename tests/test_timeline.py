"""Status by date, not by hand: programmes and meetings move from upcoming to past as the build date passes.

The build date is SOURCE_DATE_EPOCH when set (reproducible builds), so these
tests build the fixture site on chosen dates before and after its meeting of
1 June 2024 and its programme of March to September 2024.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kennisbank import timeline
from kennisbank.model import PartialDate
from support import BuiltSite, build, copy_fixture


def _epoch(day: str) -> str:
    return str(int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp()))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_fixture(tmp_path_factory.mktemp("timeline") / "project")
    programmes = project / "data" / "programmes.yml"
    programmes.write_text(programmes.read_text(encoding="utf-8").replace("  start: 2024-03\n",
                                                                         "  start: 2024-03\n  end: 2024-09\n  approximate: [end]\n"),
                          encoding="utf-8")
    return project


def _built_on(project: Path, day: str, tmp_path: Path) -> BuiltSite:
    result = build(project, tmp_path / day, env={"SOURCE_DATE_EPOCH": _epoch(day)})
    assert result.returncode == 0, result.stdout + result.stderr
    return BuiltSite(tmp_path / day, result.stdout)


def _section_links(site: BuiltSite, url: str, block: str) -> list[str]:
    return site.page(url).xpath(f'//section[@aria-labelledby="kb-{block}"]//h3/a/@href')


def _fact(site: BuiltSite, url: str, label: str) -> str | None:
    for row in site.page(url).xpath('//dl[@class="kb-facts"]/div'):
        if row.xpath("string(dt)") == label:
            return row.xpath("string(dd)")
    return None


def _status(site: BuiltSite, url: str) -> str | None:
    return _fact(site, url, "Status")


def test_a_meeting_moves_from_upcoming_to_past_when_its_date_has_passed(project, tmp_path):
    before = _built_on(project, "2024-05-31", tmp_path)
    assert "closing/" in _section_links(before, "/meetings/", "upcoming")
    assert "closing/" not in _section_links(before, "/meetings/", "past")
    assert "meetings/closing/" in _section_links(before, "/", "upcoming")  # the home page shows what is ahead

    on_the_day = _built_on(project, "2024-06-01", tmp_path)
    assert "closing/" in _section_links(on_the_day, "/meetings/", "upcoming")

    after = _built_on(project, "2024-06-02", tmp_path)
    assert "closing/" in _section_links(after, "/meetings/", "past")
    assert "closing/" not in _section_links(after, "/meetings/", "upcoming")
    # nothing ahead: the home page shows the latest outcomes instead of an empty list of meetings
    assert not after.page("/").xpath('//section[@aria-labelledby="kb-upcoming"]')
    assert "results/dry-cellars/" in _section_links(after, "/", "outcomes")
    # a meeting without a date is neither upcoming nor past, in every year
    for site in (before, after):
        assert "next-one/" in _section_links(site, "/meetings/", "undated")


def test_a_programmes_status_follows_its_dates_and_is_left_out_when_they_do_not_tell(project, tmp_path):
    assert _status(_built_on(project, "2024-02-15", tmp_path), "/projects/circle-a/") == "not yet started"
    assert _status(_built_on(project, "2024-07-01", tmp_path), "/projects/circle-a/") == "ongoing"
    ended = _built_on(project, "2024-10-01", tmp_path)
    assert _status(ended, "/projects/circle-a/") == "ended"
    assert _status(ended, "/nl/projects/circle-a/") == "afgelopen"
    # a date the data marks approximate says so; the others do not
    assert _fact(ended, "/projects/circle-a/", "End") == "c. September 2024"
    assert _fact(ended, "/nl/projects/circle-a/", "Einde") == "ca. september 2024"
    assert _fact(ended, "/projects/circle-a/", "Start") == "March 2024"


def test_on_the_real_site_a_programme_without_an_end_date_shows_no_status(site: BuiltSite):
    """Started in 2020 and not known to have ended: neither "running" nor "completed" is said."""
    from kennisbank import engine
    from kennisbank.adapter import load_settings
    from support import ROOT

    model = engine.load(load_settings(str(ROOT / "mkdocs.yml"))).site
    open_ended = [p for p in model.programmes.values() if p.end is None and p.start is not None]
    assert open_ended, "the real site has programmes without an end date"
    for programme in open_ended:
        for prefix in ("/", "/en/"):
            assert _status(site, prefix + programme.path) is None, programme.path


def test_new_means_recent_relative_to_the_build(project, tmp_path):
    newest = max(dt.date.fromisoformat(d) if len(d) == 10 else dt.date.fromisoformat(d + "-01" * (3 - d.count("-") - 1))
                 for d in _built_on(project, "2030-01-01", tmp_path).page("/").xpath(
                     '//section[@aria-labelledby="kb-latest"]//time/@datetime'))
    soon = _built_on(project, (newest + dt.timedelta(days=30)).isoformat(), tmp_path)
    assert soon.page("/").xpath('string(//h2[@id="kb-latest"])') == "New in the knowledge base"
    late = _built_on(project, (newest + dt.timedelta(days=800)).isoformat(), tmp_path)
    assert late.page("/").xpath('string(//h2[@id="kb-latest"])') == "Most recent in the knowledge base"


dates = st.builds(lambda y, m, d: PartialDate.parse(f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if m and d else "")),
                  st.integers(2000, 2040), st.integers(0, 12), st.integers(0, 28))
days = st.dates(dt.date(1999, 1, 1), dt.date(2041, 12, 31))


@given(dates, days)
def test_a_date_is_before_after_or_around_a_day_never_two_of_them(date, now):
    assert not (timeline.before(date, now) and timeline.after(date, now))
    if date.precision == "day":
        assert timeline.before(date, now) or timeline.after(date, now) or date.iso == now.isoformat()


@given(dates, dates, days, days)
def test_a_period_never_goes_back_from_past_to_upcoming(start, end, a, b):
    earlier, later = sorted((a, b))
    order = [timeline.UPCOMING, timeline.ONGOING, timeline.PAST]
    first, second = timeline.phase(start, end, earlier), timeline.phase(start, end, later)
    if timeline.UNKNOWN not in (first, second) and end >= start:
        assert order.index(first) <= order.index(second)


@given(dates, days)
def test_a_meeting_is_past_only_once_its_whole_date_has_gone(date, now):
    assert (timeline.event_phase(date, now) == timeline.PAST) == timeline.before(date, now)
    assert timeline.event_phase(None, now) == timeline.UNKNOWN
