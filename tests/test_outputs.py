"""Outputs for meetings, read back with real readers: permanent links and QR files, Atom feeds
(feedparser), the calendar (icalendar), open data against its published JSON Schema
(jsonschema), feed links in every head, and schema.org / Open Graph metadata.

Both the real site and the English-first fixture site (other folder names) are checked.
What to expect comes from the engine's model of each site; what was published is read
from the built files.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import icalendar
import pytest
from jsonschema import Draft202012Validator, ValidationError
from lxml import etree, html

from kennisbank import engine
from kennisbank.adapter import load_settings
from kennisbank.config import Settings
from kennisbank.model import Site
from kennisbank.outputs import ics
from support import FIXTURE, ROOT, BuiltSite


@dataclass
class Case:
    """A built site with the engine's model of it."""

    built: BuiltSite
    site: Site
    base: str  # the site_url the build used

    def path(self, language: str, site_path: str = "") -> str:
        """A site path ('/en/uitkomsten/x/') of a record path in a language."""
        prefix = "" if language == self.site.default_language else f"{language}/"
        return f"/{prefix}{site_path}"

    def local(self, url: str) -> str:
        """The site path of an absolute URL of this site."""
        assert url.startswith(self.base), f"{url} is not on {self.base}"
        return "/" + url[len(self.base):]

    def canonical(self, path: str) -> str:
        return self.built.page(path).xpath('//link[@rel="canonical"]/@href')[0]


@cache
def _model(config: Path) -> tuple[Site, Settings]:
    settings = load_settings(str(config))
    return engine.load(settings).site, settings


@pytest.fixture(params=["site", "fixture_site"])
def case(request: pytest.FixtureRequest) -> Case:
    built: BuiltSite = request.getfixturevalue(request.param)
    project = ROOT if request.param == "site" else FIXTURE
    site, _ = _model(project / "mkdocs.yml")
    base = built.page("/").xpath('//link[@rel="canonical"]/@href')[0]
    return Case(built, site, base)


def _records(case: Case):
    return [*case.site.outcomes.values(), *case.site.events.values()]


# -- permanent links and QR codes ------------------------------------------------------------

def test_outcome_and_event_pages_show_their_permanent_link_and_qr_code(case: Case):
    assert case.site.outcomes and case.site.events
    for record in _records(case):
        for language in case.site.languages:
            path = case.path(language, record.path)
            page = case.built.page(path)
            canonical = case.canonical(path)
            assert canonical == case.base + path.lstrip("/")
            shown = page.xpath('//figure[@class="kb-permalink"]//a/@href')
            assert shown == [canonical], path
            assert page.xpath('string(//figure[@class="kb-permalink"]//a)').strip() == canonical
            src = page.xpath('//figure[@class="kb-permalink"]//img/@src')
            assert [urljoin(path, s) for s in src] == [path + "qr.svg"], path
            svg = case.built.text(path + "qr.svg")
            assert svg.startswith("<svg") and f"<title>{canonical}</title>" in svg


def test_event_with_outcomes_links_a_handouts_page_with_each_outcome(fixture_site: BuiltSite):
    site, _ = _model(FIXTURE / "mkdocs.yml")
    events = [e for e in site.events.values() if e.outcomes]
    assert events, "the fixture site needs an event that presents outcomes"
    for event in events:
        for prefix in ("", "nl/"):
            page = fixture_site.page(f"/{prefix}{event.path}")
            links = [urljoin(f"/{prefix}{event.path}", h) for h in page.xpath("//a/@href")]
            assert f"/{prefix}{event.path}handouts/" in links
            handouts = fixture_site.page(f"/{prefix}{event.path}handouts/")
            titles = [t.text_content().strip() for t in handouts.xpath('//article[@class="kb-handout"]/h2')]
            language = prefix.rstrip("/") or site.default_language
            assert titles == [o.title.get(language) or o.title[site.default_language] for o in event.outcomes]
            urls = handouts.xpath('//article[@class="kb-handout"]//figure//a/@href')
            assert urls == [fixture_site.page(f"/{prefix}{o.path}").xpath('//link[@rel="canonical"]/@href')[0]
                            for o in event.outcomes]


def test_events_without_outcomes_get_no_handouts_page(site: BuiltSite):
    main, _ = _model(ROOT / "mkdocs.yml")
    for event in main.events.values():
        assert site.exists(f"/{event.path}handouts/") == bool(event.outcomes)


# -- feeds ----------------------------------------------------------------------------------

def _feed(case: Case, path: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(case.built.text(path))
    assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
    return parsed


def test_language_feeds_list_the_newest_items_in_their_language(case: Case):
    for language in case.site.languages:
        path = case.path(language, "feed.xml")
        feed = _feed(case, path)
        assert feed.feed.language == language
        assert feed.feed.id == case.base + path[1:-len("feed.xml")]
        assert [link.href for link in feed.feed.links if link.rel == "self"] == [case.base + path[1:]]
        assert len(feed.entries) == min(len(case.site.items), 20) > 0
        published = [e.published_parsed for e in feed.entries]
        assert published == sorted(published, reverse=True)
        for entry in feed.entries:
            page = case.local(entry.link)
            assert page.startswith(case.path(language)), entry.link
            assert entry.id == entry.link
            assert case.built.page(page).xpath("string(//h1)").strip() == entry.title


def test_each_theme_has_feeds_of_its_own_items(case: Case):
    for theme in case.site.themes.values():
        for language in case.site.languages:
            page_path = case.path(language, theme.path)
            feed = _feed(case, page_path + "feed.xml")
            on_page = {urljoin(page_path, h) for h in case.built.page(page_path).xpath("//article//a/@href")}
            entries = [case.local(e.link) for e in feed.entries]
            assert len(entries) == min(len(theme.items), 20)
            assert set(entries) <= on_page, f"{page_path}feed.xml lists items its theme page does not"
            for entry in feed.entries:
                assert theme.id in [t.term for t in entry.tags]


def test_every_page_links_its_feeds_and_every_alternate_folder_has_a_sitemap(case: Case):
    """Material fetches sitemap.xml next to each <link rel=alternate>: none of those may 404,
    and the search page has none, so nothing is fetched before its results."""
    search_pages = {case.path(lang, s.path) for s in case.site.sections.values() if s.kind == "search"
                    for lang in case.site.languages}
    theme_pages = {case.path(lang, t.path) for t in case.site.themes.values() for lang in case.site.languages}
    pages = [p for p in case.built.pages() if 'http-equiv="refresh"' not in case.built.text(p)[:2000]]
    assert len(pages) > 20 and search_pages <= set(pages)
    for path in pages:
        page = case.built.page(path)
        language = page.get("lang")
        feeds = [urljoin(path, h) for h in page.xpath('//head/link[@rel="alternate"][@type="application/atom+xml"]/@href')]
        if path in search_pages:
            assert page.xpath('//head/link[@rel="alternate"]') == [], path
            continue
        assert case.path(language, "feed.xml") in feeds, path
        if path in theme_pages:
            assert path + "feed.xml" in feeds
        for href in page.xpath('//head/link[@rel="alternate"]/@href'):
            target = urljoin(path, href)
            assert case.built.exists(target), f"{path}: alternate {target} does not exist"
            assert case.built.exists(urljoin(target, "sitemap.xml")), f"{path}: no sitemap next to {target}"


def test_folder_sitemaps_list_only_pages_under_their_folder(site: BuiltSite):
    sitemap = site.root / "en" / "sitemap.xml"
    tree = etree.parse(str(sitemap))
    locs = tree.xpath("//*[local-name()='loc']/text()")
    base = site.page("/").xpath('//link[@rel="canonical"]/@href')[0]
    assert len(locs) > 20 and all(loc.startswith(base + "en/") for loc in locs)
    assert all(site.exists("/" + loc[len(base):]) for loc in locs)


# -- calendar -------------------------------------------------------------------------------

def test_calendar_holds_every_event_with_a_full_date(case: Case):
    section = case.site.section_of_kind("events")
    for language in case.site.languages:
        path = case.path(language, f"{section.id}.ics")
        cal = icalendar.Calendar.from_ical(case.built.text(path))
        entries = {e["UID"].split("@")[0]: e for e in cal.walk("VEVENT")}
        expected = {e.id for e in case.site.events.values() if e.date and e.date.precision == "day"}
        assert set(entries) == expected
        assert any(e.date is None or e.date.precision != "day" for e in case.site.events.values()), \
            "the data should hold an event without a full date, which the calendar leaves out"
        for event_id, entry in entries.items():
            event = case.site.events[event_id]
            page = case.path(language, event.path)
            assert str(entry["URL"]) == case.canonical(page)
            assert str(entry["SUMMARY"]) == case.built.page(page).xpath("string(//h1)").strip()
            if event.place:
                assert str(entry["LOCATION"]) == event.place.get(language, event.place[case.site.default_language])
            start = entry.decoded("DTSTART")
            if event.start_time:
                assert isinstance(start, dt.datetime) and start.strftime("%H:%M") == event.start_time
            else:
                assert type(start) is dt.date and entry.decoded("DTEND") == start + dt.timedelta(days=1)


def test_calendar_times_are_in_the_site_time_zone():
    """With extra.kennisbank.timezone set, a 10:00 meeting on 1 June is 08:00 UTC in Amsterdam (summer time)."""
    site, fixture_settings = _model(FIXTURE / "mkdocs.yml")
    settings = replace(fixture_settings, timezone="Europe/Amsterdam")
    cal = icalendar.Calendar.from_ical(ics.calendar(site, settings, "en").to_ical())
    timed = [e for e in site.events.values() if e.start_time and e.date and e.date.precision == "day"]
    assert timed
    entries = {e["UID"].split("@")[0]: e for e in cal.walk("VEVENT")}
    for event in timed:
        start = entries[event.id].decoded("DTSTART")
        assert str(start.tzinfo) == "Europe/Amsterdam"
        local = dt.datetime(event.date.year, event.date.month, event.date.day,
                            *map(int, event.start_time.split(":")))
        offset = start.utcoffset()
        assert start.astimezone(dt.UTC).replace(tzinfo=None) == local - offset
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]


# -- open data ------------------------------------------------------------------------------

def _published(case: Case, section_id: str) -> tuple[dict, Draft202012Validator]:
    data = json.loads(case.built.text(f"/api/{section_id}.json"))
    schema_path = case.local(data["$schema"])
    assert schema_path == f"/api/{section_id}.schema.json"
    schema = json.loads(case.built.text(schema_path))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return data, validator


def test_open_data_validates_against_its_published_schema(case: Case):
    sections = [s for s in case.site.sections.values() if s.kind in ("outcomes", "content")]
    assert {s.kind for s in sections} == {"outcomes", "content"}
    for section in sections:
        data, validator = _published(case, section.id)
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
        assert errors == []
        expected = case.site.outcomes if section.kind == "outcomes" else \
            {i.id: i for i in case.site.items_in(section.id)}
        assert sorted(i["id"] for i in data["items"]) == sorted(expected)
        for item in data["items"]:
            assert set(item["url"]) == set(case.site.languages) == set(item["title"])
            for language, url in item["url"].items():
                path = case.local(url)
                assert case.built.page(path).get("lang") == language
            for url in item.get("qr", {}).values():
                assert case.built.exists(case.local(url))


def test_published_schema_refuses_data_missing_a_language(case: Case):
    section = case.site.section_of_kind("outcomes")
    data, validator = _published(case, section.id)
    del data["items"][0]["title"][case.site.default_language]
    with pytest.raises(ValidationError):
        validator.validate(data)


# -- structured data and Open Graph ---------------------------------------------------------

def _json_ld(page: html.HtmlElement) -> list[dict]:
    return [json.loads(s) for s in page.xpath('//script[@type="application/ld+json"]/text()')]


def test_content_pages_carry_schema_org_json_ld_and_open_graph(site: BuiltSite):
    expected = {"publicaties": "Report", "praktijkverhalen": "Article", "nieuws": "Article"}
    main, _ = _model(ROOT / "mkdocs.yml")
    for item in main.items.values():
        for prefix in ("", "en/"):
            path = f"/{prefix}{item.path}"
            page = site.page(path)
            [ld] = _json_ld(page)
            assert ld["@context"] == "https://schema.org"
            assert ld["@type"] == expected[item.section], path
            assert ld["headline"] == page.xpath("string(//h1)").strip()
            assert ld["url"] == page.xpath('//link[@rel="canonical"]/@href')[0]
            assert ld["datePublished"] == item.date.iso
            og = {m.get("property"): m.get("content") for m in page.xpath("//meta[@property]")}
            assert og["og:description"] == ld["description"] == page.xpath('string(//p[@class="kb-lead"])').strip()
            assert og["og:url"] == ld["url"] and og["og:type"] == "article"


def test_event_and_organisation_pages_carry_their_schema_org_type(case: Case):
    for event in case.site.events.values():
        page = case.built.page(case.path(case.site.default_language, event.path))
        [ld] = _json_ld(page)
        # an Event needs its day and place (Google's rules): a meeting without is the WebPage it is
        known = event.date and event.date.precision == "day" and event.place and "date" not in event.approximate
        assert ld["@type"] == ("Event" if known else "WebPage")
        assert ld["name"] == page.xpath("string(//h1)").strip()
        if known:
            assert ld["startDate"].startswith(page.xpath('//dl//time/@datetime')[0])
        else:
            assert "startDate" not in ld
    for org in case.site.organisations.values():
        [ld] = _json_ld(case.built.page(case.path(case.site.default_language, org.path)))
        assert ld["@type"] == "Organization"
        assert ld.get("sameAs") == org.url
