"""``og.png``: the picture chat apps, social sites and search engines show with a link (og:image).

A card of 1200×630 pixels (the size Open Graph and X/Twitter's large summary
card ask for), one per section and one for the site, in every language: beside
a section's index page (``publicaties/og.png``, ``en/publicaties/og.png``) its
title, intro and the site's name; beside the home page (``og.png``) the site's
name, its summary and who publishes it. Every page shows its section's card, or
the site's (``meta.preview``). One per page would show each page's own title,
but drawing a card costs about 5 ms, half of it compressing the PNG: at this
site's size that took 17 % of the build's CPU time and made it 13 % slower
(docs/maintainers/outputs.md has the numbers), and the page's title is in the
preview next to the card anyway.
Like the other outputs, only with an absolute site_url: ``og:image`` must be an
absolute URL.

The bytes depend on nothing but the text, Pillow's version (pinned) and the
fonts in ``fonts/`` (DejaVu Sans, shipped here with its licence so that no
machine needs it installed): the same input gives the same file. So text is
laid out by Pillow's basic layout, never by libraqm, which Pillow uses only
where the machine has FriBiDi: right-to-left and other complex scripts are drawn
in their stored order, unshaped (this site's languages do not need more).
Text never leaves the card: a title too long for five lines ends in "…".
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .. import urls
from ..config import Settings
from ..engine import Build
from ..model import Section, Site, in_language
from .links import home_title

FILE = "og.png"
WRITES = (FILE,)  # paths this output writes (gitignore patterns): content may not take them
WIDTH, HEIGHT = 1200, 630
FONTS = Path(__file__).parent / "fonts"

# The card is drawn in one ink on paper: a grey image whose value is the share of ink (0 paper, 255 ink),
# stored as a palette image with the 256 steps between the two colours. Pillow blends anti-aliased text
# linearly in the grey values, so every shade is right, and a palette PNG is small and quick to write.
PAPER = (255, 255, 255)
INK = (27, 36, 48)
SOFT = 170  # the share of ink of the text under the title: lighter than the title, 5:1 on paper
RULE = 60

MARGIN = 80  # left and right of the text
BAND = 20  # the band of ink down the left edge
TITLE_SIZES = ((72, 3), (60, 4), (50, 5))  # font size and most lines, tried in turn: long titles get smaller
TOP, BOTTOM = 72, 478  # the title and the text under it stay between these
TEXT_SIZE, TEXT_LINES = 34, 3
FOOTER_TOP, FOOTER_SIZE = 540, 32
BLEED = 8  # how far a glyph may reach past its line's advance before it is cut
SAFE = (MARGIN - BLEED, TOP - 24, WIDTH - MARGIN + BLEED, HEIGHT - 24)
"""The box all text stays in (left, top, right, bottom): outside it the card is paper, but for the band."""
ELLIPSIS = "…"


@dataclass(frozen=True)
class Card:
    """What one card shows: a title, a text under it (a section's intro) and a footer (the site's name)."""

    title: str
    text: str = ""
    footer: str = ""

    @property
    def alt(self) -> str:
        """The card's words in one line, for og:image:alt: what the picture says."""
        return " — ".join(part for part in (self.title, self.text, self.footer) if part)


def card(site: Site, settings: Settings, language: str, section: Section | None) -> Card:
    """The card of a section, or of the site (section None), in a language."""
    default = site.default_language
    name = home_title(site, language)
    if section is not None:
        return Card(in_language(section.title, language, default), in_language(section.intro, language, default), name)
    summary = next((p.meta.get("summary") for p in site.pages if p.path == urls.stub("", language, default)), None)
    return Card(name, summary if isinstance(summary, str) else "", settings.site_author)


def path(site: Site, language: str, section: Section | None) -> str:
    """The site path of a section's card (or the site's), language folder included: ``en/publicaties/og.png``."""
    return urls.in_language(section.path if section is not None else "", language, site.default_language) + FILE


def write(build: Build, settings: Settings, site_dir: Path, language: str) -> int:
    """Draw the cards of one language, the site's and each section's, beside their index pages; return how many."""
    site = build.site
    count = 0
    for section in (None, *site.sections.values()):
        out = site_dir / path(site, language, section)
        if (out.parent / "index.html").is_file():  # (a section whose index page this build did not write)
            out.write_bytes(draw(card(site, settings, language, section)))
            count += 1
    return count


# -- drawing --------------------------------------------------------------------------


@lru_cache(maxsize=256)  # mkdocs serve rebuilds draw the same cards again
def draw(card: Card) -> bytes:
    """The card as PNG bytes."""
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    pen = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    font, lines = _title_lines(card.title, width)
    small = _font("regular", TEXT_SIZE)
    text = _lines(card.text, small, width, TEXT_LINES)
    step, small_step, gap = round(font.size * 1.2), round(TEXT_SIZE * 1.35), 28
    while text and step * len(lines) + gap + small_step * len(text) > BOTTOM - TOP:
        text.pop()  # a long title leaves less room for the text under it
        if text:
            text[-1] = _ellipsised(text[-1], small, width, cut=True)
    height = step * len(lines) + (gap + small_step * len(text) if text else 0)
    y = TOP + (BOTTOM - TOP - height) // 2  # the block in the middle of its room
    for line in lines:
        pen.text((MARGIN, y), line, font=font, fill=255)
        y += step
    y += gap
    for line in text:
        pen.text((MARGIN, y), line, font=small, fill=SOFT)
        y += small_step
    footer = _font("bold", FOOTER_SIZE)
    pen.text((MARGIN, FOOTER_TOP), _ellipsised(_clean(card.footer, footer), footer, width), font=footer, fill=255)
    # Lines are measured by their advance: a glyph reaching past it (an overhang, a stack of accents) is cut at
    # the edge of the text's box, so nothing is ever drawn where a chat app crops the picture.
    left, top, right, bottom = SAFE
    for box in ((0, 0, WIDTH, top), (0, bottom, WIDTH, HEIGHT), (0, 0, left, HEIGHT), (right, 0, WIDTH, HEIGHT)):
        pen.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), fill=0)
    pen.rectangle((0, 0, BAND - 1, HEIGHT - 1), fill=255)
    pen.rectangle((MARGIN, FOOTER_TOP - 24, WIDTH - MARGIN, FOOTER_TOP - 22), fill=RULE)
    return _png(image)


def _title_lines(title: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The title in the largest size whose lines fit; in the smallest size, cut short with "…"."""
    for size, most in TITLE_SIZES:
        font = _font("bold", size)
        lines = _wrap(_clean(title, font), font, width)
        if len(lines) <= most:
            return font, lines
    return font, _lines(title, font, width, most)  # (the loop ended on the smallest size: font and most are its)


def _lines(text: str, font: ImageFont.FreeTypeFont, width: int, most: int) -> list[str]:
    """The text wrapped to at most ``most`` lines, the last one ending in "…" when there was more."""
    lines = _wrap(_clean(text, font), font, width)
    if len(lines) > most:
        lines = [*lines[:most - 1], _ellipsised(" ".join(lines[most - 1:]), font, width, cut=True)]
    return lines


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines of whole words that fit the width; a word wider than a line is broken where it must."""
    lines: list[str] = []
    line = ""
    for word in text.split(" ") if text else []:
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.getlength(word) > width:  # a word longer than a line: as much as fits, then the rest
            cut = _longest_fit(word, font, width)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    return [*lines, line] if line else lines


def _ellipsised(text: str, font: ImageFont.FreeTypeFont, width: int, cut: bool = False) -> str:
    """The text if it fits the width, else as much as fits followed by "…" (always "…" when cut)."""
    if not cut and font.getlength(text) <= width:
        return text
    room = width - font.getlength(ELLIPSIS)
    kept = text[:_longest_fit(text, font, room)].rstrip()
    words = kept.rsplit(" ", 1)
    if len(words) == 2 and font.getlength(words[0]) > room * 0.6:  # end on a whole word unless that loses much
        kept = words[0].rstrip()
    return kept + ELLIPSIS


def _longest_fit(text: str, font: ImageFont.FreeTypeFont, width: float) -> int:
    """How many characters of text fit the width (at least one, so a line always moves on)."""
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if font.getlength(text[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


_SPACES = re.compile(r"\s+")


def _clean(text: str, font: ImageFont.FreeTypeFont) -> str:
    """The text as the card can draw it: composed, on one line, without control characters and
    without characters the font has no glyph for (an emoji would be an empty box)."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()
    kept = "".join(ch for ch in text if ch == " " or _drawable(font, ch))
    return _SPACES.sub(" ", kept).strip()


@lru_cache(maxsize=8192)
def _drawable(font: ImageFont.FreeTypeFont, ch: str) -> bool:
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        return False
    if ch < "\u0180":  # Latin, which DejaVu Sans has whole: no need to draw it to know
        return True
    return bool(_glyph(font, ch) != _glyph(font, "\U0010fffd"))  # (a private-use point: the font's "no glyph" box)


def _glyph(font: ImageFont.FreeTypeFont, ch: str) -> bytes:
    """The pixels of one character drawn alone."""
    size = int(font.size * 2)
    image = Image.new("L", (size, size), 0)
    ImageDraw.Draw(image).text((size // 4, size // 4), ch, font=font, fill=255)
    return image.tobytes()


@lru_cache(maxsize=32)
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if weight == "bold" else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), size, layout_engine=ImageFont.Layout.BASIC)


_PALETTE = [round(paper + (ink - paper) * step / 255) for step in range(256) for paper, ink in zip(PAPER, INK, strict=True)]


def _png(image: Image.Image) -> bytes:
    """The grey image as a palette PNG of the card's colours (no metadata, so the bytes are the same every build)."""
    image.putpalette(_PALETTE)  # (the grey values become palette indices: the image is a palette image now)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()
