"""Link previews: what a chat app, a social site or a search engine shows of a link to any page.

Every page of the built real site says, in its own language, what it is (Open Graph, X/Twitter
card) and shows a picture: its section's card, or the site's (1200×630 PNG, drawn at build time by
hooks/kennisbank/outputs/og_images.py). Its schema.org JSON-LD holds only what search engines
accept: an Event has a day and a place, a publication its author and publisher. The card's
drawing is tested on any text (Hypothesis); the Event rules on the fixture site, whose meetings
the tests own.
"""

from __future__ import annotations

import dataclasses
import io
import json
from functools import cache
from pathlib import Path

import pytest
import real_site
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from lxml import html
from PIL import Image

from kennisbank import engine, meta
from kennisbank.adapter import load_settings
from kennisbank.outputs import og_images
from kennisbank.view import View
from support import FIXTURE, BuiltSite

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
"""The real site's Open Graph locales: Dutch of the Netherlands, British English (mkdocs.yml: locales)."""

PUBLICATION_TYPES = {"Article", "Report", "ScholarlyArticle", "NewsArticle", "BlogPosting", "CreativeWork"}


def _shared_pages(site: BuiltSite) -> list[str]:
    """Every page a link can lead to: all but the redirects of old addresses and the 404 pages (served at any path)."""
    pages = []
    for url in site.pages():
        if url.endswith("404.html"):
            continue
        if html.fromstring(site.text(url)).xpath('//meta[@http-equiv="refresh"]'):
            continue
        pages.append(url)
    assert len(pages) > 20, "the real site has too few pages to say anything about every page"
    return pages


def _meta(page: html.HtmlElement) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in page.xpath("//head/meta[@property or @name]"):
        found.setdefault(tag.get("property") or tag.get("name"), []).append(tag.get("content"))
    return found


def _one(tags: dict[str, list[str]], name: str, url: str) -> str:
    values = tags.get(name, [])
    assert len(values) == 1, f"{url}: {len(values)} <meta> {name}, not one"
    assert values[0] and values[0].strip(), f"{url}: {name} is empty"
    return values[0]


@cache
def _png(path: Path) -> tuple[str, tuple[int, int]]:
    with Image.open(path) as image:
        image.load()  # the whole file decodes
        return str(image.format), image.size


def test_every_page_has_a_link_preview_in_its_language_with_a_card(site: BuiltSite):
    settings = real_site.settings()
    assert set(settings.languages) == set(LOCALES), "a language was added: give it its og:locale in LOCALES"
    base = settings.site_url
    for url in _shared_pages(site):
        page = site.page(url)
        tags = _meta(page)
        lang = page.get("lang")
        _one(tags, "og:title", url)
        _one(tags, "og:description", url)
        assert _one(tags, "og:url", url) == page.xpath('//link[@rel="canonical"]/@href')[0] == base + url.lstrip("/")
        assert _one(tags, "og:locale", url) == LOCALES[lang], url
        assert sorted(tags.get("og:locale:alternate", [])) == sorted(LOCALES[o] for o in LOCALES if o != lang), url
        assert _one(tags, "twitter:card", url) == "summary_large_image", url
        image = _one(tags, "og:image", url)
        assert image.startswith(base), f"{url}: og:image {image} is not an absolute URL of this site"
        card = image[len(base):]
        in_language = card.startswith(f"{lang}/") if lang != settings.default_language else card.split("/")[0] not in LOCALES
        assert in_language, f"{url}: the card {card} is not the one of the page's language"
        path = site.root / card
        assert path.is_file(), f"{url}: og:image {image} is not in the built site"
        assert _png(path) == ("PNG", (og_images.WIDTH, og_images.HEIGHT)), f"{card} is not a 1200×630 PNG"
        assert (_one(tags, "og:image:width", url), _one(tags, "og:image:height", url)) == ("1200", "630")
        _one(tags, "og:image:alt", url)


def test_a_page_shows_the_card_of_its_section_in_its_language(site: BuiltSite):
    """The card names the page's section: an English story's card is the English case stories' card."""
    for item in real_site.model().items.values():
        section = real_site.model().sections[item.section]
        for language in real_site.model().languages:
            url = real_site.url_of(item.path, language)
            tags = _meta(site.page(url))
            section_url = real_site.url_of(section.path, language)
            assert tags["og:image"] == [real_site.settings().site_url + section_url.lstrip("/") + og_images.FILE], url
            assert tags["og:image:alt"][0].startswith(real_site.text(section.title, language)), url


def _json_ld(site: BuiltSite, url: str) -> list[dict]:
    blocks = []
    for script in site.page(url).xpath('//script[@type="application/ld+json"]/text()'):
        try:
            blocks.append(json.loads(script))
        except json.JSONDecodeError as e:
            pytest.fail(f"{url}: JSON-LD that does not parse: {e}")
    return blocks


def _nodes(value):
    """Every schema.org object in a JSON-LD block, nested ones included."""
    if isinstance(value, dict):
        yield value
        for inner in value.values():
            yield from _nodes(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _nodes(inner)


def test_every_json_ld_block_follows_googles_rules_for_events_and_publications(site: BuiltSite):
    publications = 0
    for url in _shared_pages(site):
        for node in (n for block in _json_ld(site, url) for n in _nodes(block)):
            kind = node.get("@type")
            if kind == "Event":
                for field in ("startDate", "location", "eventStatus", "eventAttendanceMode"):
                    assert node.get(field), f"{url}: an Event without {field}"
                location = node["location"]
                assert location.get("address") if location["@type"] == "Place" else location.get("url"), url
            if kind in PUBLICATION_TYPES:
                publications += 1
                assert node.get("author") and all(a.get("name") for a in node["author"]), f"{url}: no author"
                assert node.get("publisher", {}).get("name"), f"{url}: no publisher"
                assert node.get("datePublished") and node.get("inLanguage"), url
                assert 0 < len(node.get("headline", "")) <= meta.HEADLINE, f"{url}: headline of {len(node['headline'])}"
    assert publications >= len(real_site.model().items), "fewer publications in JSON-LD than items on the site"


def test_a_meeting_whose_day_or_place_is_not_known_is_no_event(site: BuiltSite):
    model = real_site.model()
    for event in model.events.values():
        known = bool(event.date and event.date.precision == "day" and event.place and "date" not in event.approximate)
        for language in model.languages:
            url = real_site.url_of(event.path, language)
            [ld] = _json_ld(site, url)
            assert (ld["@type"] == "Event") == known, f"{url}: {ld['@type']}"
            assert known or "startDate" not in ld


# -- the engine's rules, on the fixture site's model (no build) --------------------------------


@cache
def _fixture():
    settings = load_settings(str(FIXTURE / "mkdocs.yml"))
    return engine.load(settings).site, settings


def _view(kind: str, record, language: str = "", **changed) -> View:
    site, settings = _fixture()
    settings = dataclasses.replace(settings, **changed)
    language = language or site.default_language
    return View(site, language, kind, record, settings.locale(language), record.path, settings=settings)


def test_an_event_with_its_day_time_and_place_is_an_event_at_the_time_of_the_site_s_zone():
    site, _ = _fixture()
    event = site.events["closing"]
    floating = meta.json_ld(_view("event", event), "", "", None, "en")
    assert (floating["@type"], floating["startDate"], floating["endDate"]) == ("Event", "2024-06-01T10:00:00",
                                                                              "2024-06-01T12:30:00")
    assert floating["location"] == {"@type": "Place", "name": "Town Hall", "address": "Town Hall",
                                    "url": "https://fixture.example.org/orgs/hall/"}
    zoned = meta.json_ld(_view("event", event, timezone="Europe/Amsterdam"), "", "", None, "en")
    assert (zoned["startDate"], zoned["endDate"]) == ("2024-06-01T10:00:00+02:00", "2024-06-01T12:30:00+02:00")
    undated = meta.json_ld(_view("event", site.events["next-one"]), "", "", None, "en")
    assert undated["@type"] == "WebPage" and "startDate" not in undated and "location" not in undated


def test_a_month_or_an_inferred_day_makes_no_event():
    site, _ = _fixture()
    event = site.events["closing"]
    for changed in ({"date": dataclasses.replace(event.date, day=0)}, {"approximate": ["date"]}):
        ld = meta.json_ld(_view("event", dataclasses.replace(event, **changed)), "", "", None, "en")
        assert ld["@type"] == "WebPage", changed


def test_a_publication_without_people_is_by_the_site_s_author_and_a_long_title_is_cut_for_its_headline():
    site, _ = _fixture()
    long = "A title that goes on " * 10
    item = dataclasses.replace(next(i for i in site.items.values() if not i.people), title={"en": long})
    ld = meta.json_ld(_view("item", item, site_author="Fixture Foundation"), long, "", None, "en")
    assert ld["author"] == [{"@type": "Organization", "name": "Fixture Foundation", "url": "https://fixture.example.org/"}]
    assert ld["publisher"]["name"] == "Fixture Foundation"
    assert len(ld["headline"]) <= meta.HEADLINE and ld["headline"].endswith("…")
    assert long.startswith(ld["headline"][:-1].rstrip())


def test_without_an_absolute_site_url_a_preview_has_no_picture():
    site, _ = _fixture()
    preview = meta.preview(_view("theme", next(iter(site.themes.values())), site_url="/"), "T", "", None, "Site")
    assert preview.image is None and preview.twitter_card == "summary"


# -- the card --------------------------------------------------------------------------------

_text = st.text(st.characters(codec="utf-8"), max_size=300)
_samples = st.sampled_from(["", "😀" * 40, "שלום עולם " * 12, "مرحبا بالعالم " * 10, "Zürich–Ørsted ẞ ǅ " * 9,
                            "a" * 500, "Schuldhulpverleningsmedewerkersopleidingscentrum" * 3, "x\u0301" * 60,
                            "\u202e\u200f\t\n\x00 mixed", "漢字かな交じり文" * 20])


@given(title=st.one_of(_text, _samples), text=st.one_of(_text, _samples), footer=st.one_of(_text, _samples))
@hypothesis_settings(max_examples=80, deadline=None)
def test_any_text_gives_a_card_of_1200_by_630_with_nothing_outside_the_text_box(title: str, text: str, footer: str):
    data = og_images.draw(og_images.Card(title, text, footer))
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        assert (image.format, image.size) == ("PNG", (1200, 630))
        left, top, right, bottom = og_images.SAFE
        outside = [(og_images.BAND, 0, 1200, top), (og_images.BAND, bottom, 1200, 630),
                   (og_images.BAND, 0, left, 630), (right, 0, 1200, 630)]
        for box in outside:  # (palette index 0 is the paper)
            assert image.crop(box).getbbox() is None, f"ink outside the text box at {box}"


def test_a_title_too_long_for_the_card_ends_in_an_ellipsis_and_every_line_fits():
    font, lines = og_images._title_lines("Werkplaats " * 80, og_images.WIDTH - 2 * og_images.MARGIN)
    assert len(lines) == og_images.TITLE_SIZES[-1][1] and lines[-1].endswith("…")
    assert all(font.getlength(line) <= og_images.WIDTH - 2 * og_images.MARGIN for line in lines)


def test_a_card_is_the_same_bytes_every_time():
    card = og_images.Card("Publicaties", "Whitepapers en verslagen", "Kennisbank")
    first = og_images.draw(card)
    og_images.draw.cache_clear()
    assert og_images.draw(card) == first
