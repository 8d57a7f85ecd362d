"""Diagrams drawn from the data: a method's steps, the formats side by side, a timeline.

Layout is logic, so it is done here: each builder turns plain facts (labels
already in the page's language, numbers, dates) into a :class:`Diagram` of
rectangles, circles, paths and texts with their positions, and the templates
``kb/partials/diagram-*.html`` only print it as inline SVG (no script, colours
from the theme's CSS custom properties: ``kb-diagrams.css``). Every text is
wrapped to the width of the area it belongs to, measured with widths per
character that are deliberately generous (a wide sans-serif, DejaVu Sans, is
the measure), so no label runs out of its box in any font a reader's device
is likely to pick. Each diagram comes in two layouts, ``wide`` for a desktop
and ``narrow`` for a phone (390 px): the stylesheet shows one of them.

A diagram never carries information alone: each template prints the same
facts as a list or a table beside it. ``method_figure``, ``formats_figure``
and ``timeline_figure`` are the entry points the view calls (``kb.method_diagram``,
``kb.formats_diagram``, ``kb.timeline_diagram``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from babel.dates import get_month_names

from . import timeline
from .model import Event, Format, Method, PartialDate, Programme
from .model import Text as Translatable
from .strings import interface_string

if TYPE_CHECKING:
    from .view import View

WIDE, NARROW = 720, 340
"""The two layouts' widths in SVG units: a desktop's text column, and a phone's at 390 px, where
one unit is about one CSS pixel (the SVG scales with its viewBox)."""

MARGIN = 2  # room for strokes at the edges
LINE = 1.25  # line height, in font sizes

# Width of characters in em, generous: DejaVu Sans (Linux's usual fallback) is wider than Arial or
# Helvetica, so what fits here fits there.
_NARROW_CHARS = dict.fromkeys("iljI.,:;'!|ı·", 0.32)
_SLIM_CHARS = dict.fromkeys("frt()[]{} -/\"‘’„”“", 0.44)
_ROUND_CHARS = dict.fromkeys("cszJ", 0.58)
_WIDE_CHARS = {**dict.fromkeys("w", 0.86), **dict.fromkeys("mMW%@—…", 1.02)}
_WIDTHS = {**_NARROW_CHARS, **_SLIM_CHARS, **_ROUND_CHARS, **_WIDE_CHARS}
BOLD = 1.12  # bold text is this much wider


def text_width(text: str, size: float, bold: bool = False) -> float:
    """A generous estimate of how wide a line of text is drawn, in SVG units."""
    em = sum(_WIDTHS.get(c, 0.8 if c.isupper() else 0.64) for c in text)
    return em * size * (BOLD if bold else 1.0)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Words in lines no wider than ``width``; a word wider than a whole line is cut where it must be."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while text_width(word, size, bold) > width and len(word) > 1:  # only when no smaller size fits it
            cut = max(1, max(i for i in range(1, len(word) + 1) if text_width(word[:i], size, bold) <= width)
                      if text_width(word[0], size, bold) <= width else 1)
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{line} {word}" if line else word
        if line and text_width(candidate, size, bold) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines or [""]


def fit(text: str, width: float, size: int, bold: bool = False, smallest: int = 11) -> tuple[list[str], int]:
    """Lines of a text for an area ``width`` wide, at ``size`` or smaller until its longest word fits."""
    for s in range(size, smallest - 1, -1):
        if all(text_width(word, s, bold) <= width for word in text.split()):
            return wrap(text, width, s, bold), s
    return wrap(text, width, smallest, bold), smallest


# -- the model of a drawing ----------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """A text for a diagram, with the language it is in when that is not the page's (``lang``)."""

    text: str
    lang: str = ""


@dataclass(frozen=True)
class Rect:
    kind: ClassVar[str] = "rect"
    x: int
    y: int
    w: int
    h: int
    cls: str = ""
    rx: int = 0

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    def contains(self, other: Rect) -> bool:
        return self.x <= other.x and self.y <= other.y and other.right <= self.right and other.bottom <= self.bottom

    def overlaps(self, other: Rect) -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom


@dataclass(frozen=True)
class Circle:
    kind: ClassVar[str] = "circle"
    cx: int
    cy: int
    r: int
    cls: str = ""

    @property
    def bounds(self) -> Rect:
        return Rect(self.cx - self.r, self.cy - self.r, 2 * self.r, 2 * self.r)


@dataclass(frozen=True)
class Path:
    """A line or an arrowhead: ``d`` holds absolute commands (M, H, V, L, Z) and whole numbers only."""

    kind: ClassVar[str] = "path"
    d: str
    cls: str = ""


@dataclass(frozen=True)
class Text:
    """Lines of text drawn in ``area`` (which the text must never leave), from its top-left corner
    (or its top centre when ``anchor`` is "middle")."""

    x: int
    top: int
    lines: tuple[str, ...]
    size: int
    area: Rect
    cls: str = ""
    anchor: str = "start"
    lang: str = ""
    bold: bool = False
    full: str = ""  # the label before it was wrapped

    @property
    def line_height(self) -> int:
        return math.ceil(self.size * LINE)

    @property
    def height(self) -> int:
        return self.line_height * len(self.lines)

    @property
    def width(self) -> float:
        return max(text_width(line, self.size, self.bold) for line in self.lines)

    @property
    def baselines(self) -> list[int]:
        """Where each line's baseline lies: a line's box is line_height tall, its glyphs centred."""
        lead = round((self.line_height - self.size) / 2 + self.size * 0.8)
        return [self.top + i * self.line_height + lead for i in range(len(self.lines))]

    @property
    def classes(self) -> str:
        return " ".join(c for c in (self.cls, "kb-dg-b" if self.bold else "") if c)


Shape = Rect | Circle | Path


@dataclass
class Diagram:
    """One laid-out picture: shapes drawn in order, then texts. ``nodes`` are the boxes that must
    not overlap; ``order`` the y of each row of a timeline, in the order of its entries."""

    id: str
    width: int
    height: int = 0
    title: Label = Label("")
    desc: Label = Label("")
    shapes: list[Shape] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    nodes: list[Rect] = field(default_factory=list)
    order: list[tuple[dt.date, int, int]] = field(default_factory=list)  # (date, row y, marker x)

    def text(self, label: Label, area: Rect, size: int, cls: str = "", bold: bool = False,
             anchor: str = "start", middle: bool = False) -> Text:
        """A label wrapped to an area's width and added to the drawing, at the area's top (or in its
        middle, ``middle``); the area is what the text must stay within."""
        lines, size = fit(label.text, area.w, size, bold)
        x = area.x + area.w // 2 if anchor == "middle" else area.x
        height = math.ceil(size * LINE) * len(lines)
        top = area.y + max(0, (area.h - height) // 2) if middle else area.y
        placed = Text(x, top, tuple(lines), size, area, cls, anchor, label.lang, bold, label.text)
        self.texts.append(placed)
        return placed

    def box(self, rect: Rect) -> Rect:
        self.shapes.append(rect)
        self.nodes.append(rect)
        return rect


def text_height(label: Label, width: int, size: int, bold: bool = False) -> int:
    """How tall a label is once wrapped to a width."""
    lines, size = fit(label.text, width, size, bold)
    return math.ceil(size * LINE) * len(lines)


def _arrow(x: int, y: int, direction: str, cls: str = "kb-dg-arrowhead") -> Path:
    """An arrowhead whose tip is at (x, y), pointing right ('r') or down ('d')."""
    if direction == "r":
        return Path(f"M{x} {y}L{x - 8} {y - 5}V{y + 5}Z", cls)
    return Path(f"M{x} {y}L{x - 5} {y - 8}H{x + 5}Z", cls)


# -- the method's steps ----------------------------------------------------------------------


@dataclass(frozen=True)
class Panel:
    """What holds for every step (what each step is tested against): a title and its items."""

    title: Label
    items: tuple[Label, ...]


def steps(steps: Sequence[Label], panels: Sequence[Panel], wide: bool, id_: str = "kb-dg-steps") -> Diagram:
    """Numbered step boxes joined by arrows in reading order (three to a row when wide, one when
    narrow), with the panels below them."""
    width = WIDE if wide else NARROW
    d = Diagram(f"{id_}-{'wide' if wide else 'narrow'}", width)
    columns = max(1, min(3 if wide else 1, len(steps)))
    gap_x, gap_y, pad, radius, size = 32, 34 if wide else 24, 10, 13, 14
    box_w = (width - 2 * MARGIN - (columns - 1) * gap_x) // columns
    text_w = box_w - 3 * pad - 2 * radius
    y = MARGIN
    previous: Rect | None = None
    for row_start in range(0, len(steps), columns):
        row = steps[row_start:row_start + columns]
        box_h = max(2 * radius + 2 * pad, *(text_height(s, text_w, size, True) + 2 * pad for s in row))
        for i, step in enumerate(row):
            x = MARGIN + i * (box_w + gap_x)
            rect = d.box(Rect(x, y, box_w, box_h, "kb-dg-box", 6))
            cy = y + box_h // 2
            d.shapes.append(Circle(x + pad + radius, cy, radius, "kb-dg-badge"))
            d.text(Label(str(row_start + i + 1)), Rect(x + pad, cy - radius, 2 * radius, 2 * radius), 13,
                   "kb-dg-on-badge", True, "middle", middle=True)
            d.text(step, Rect(x + 2 * pad + 2 * radius, y + pad, text_w, box_h - 2 * pad), size, "", True, middle=True)
            if previous is not None:
                d.shapes.extend(_join(previous, rect))
            previous = rect
        y += box_h + gap_y
    if panels:
        y = _panels(d, panels, y if steps else MARGIN, wide)
    elif steps:
        y -= gap_y
    d.height = y + MARGIN
    return d


def _join(a: Rect, b: Rect) -> list[Shape]:
    """The arrow from one step to the next: across within a row, down and back to the next row."""
    if b.y == a.y:  # the same row
        y = a.y + a.h // 2
        return [Path(f"M{a.right} {y}H{b.x - 1}", "kb-dg-line"), _arrow(b.x - 1, y, "r")]
    mid = a.bottom + (b.y - a.bottom) // 2
    ax, bx = a.x + a.w // 2, b.x + b.w // 2
    if ax == bx:
        return [Path(f"M{ax} {a.bottom}V{b.y - 1}", "kb-dg-line"), _arrow(bx, b.y - 1, "d")]
    return [Path(f"M{ax} {a.bottom}V{mid}H{bx}V{b.y - 1}", "kb-dg-line"), _arrow(bx, b.y - 1, "d")]


def _panels(d: Diagram, panels: Sequence[Panel], y: int, wide: bool) -> int:
    """Panels side by side when wide, stacked when narrow, from ``y``; returns the y below them."""
    pad, size, gap, indent = 12, 14, 16, 14
    columns = min(len(panels), 2) if wide else 1
    panel_w = (d.width - 2 * MARGIN - (columns - 1) * gap) // columns
    inner = panel_w - 2 * pad
    for row_start in range(0, len(panels), columns):
        row = panels[row_start:row_start + columns]
        heights = [text_height(p.title, inner, size, True) + 6
                   + sum(text_height(item, inner - indent, size) + 4 for item in p.items) for p in row]
        panel_h = max(heights) + 2 * pad
        for i, panel in enumerate(row):
            x = MARGIN + i * (panel_w + gap)
            d.box(Rect(x, y, panel_w, panel_h, "kb-dg-panel", 6))
            top = y + pad
            title_h = text_height(panel.title, inner, size, True)
            d.text(panel.title, Rect(x + pad, top, inner, title_h), size, "", True)
            top += title_h + 6
            for item in panel.items:
                height = text_height(item, inner - indent, size)
                d.shapes.append(Circle(x + pad + 3, top + math.ceil(size * LINE) // 2, 3, "kb-dg-bullet"))
                d.text(item, Rect(x + pad + indent, top, inner - indent, height), size)
                top += height + 4
        y += panel_h + gap
    return y - gap


def method_figure(view: View, method: Method) -> Figure:
    """The steps of a method in the page's language: both layouts and the facts of its text equivalent."""
    step_labels = [label(view, s.get("title")) for s in method.steps]
    panels = [Panel(label(view, p.get("title")), tuple(label(view, i) for i in p.get("items") or []))
              for p in method.alongside]
    title = label(view, method.steps_title) if method.steps_title else said(view, "diagram_steps")
    desc = said(view, "diagram_steps_desc", n=len(step_labels), first=step_labels[0].text if step_labels else "",
                last=step_labels[-1].text if step_labels else "")
    facts = [(t, label(view, s.get("text")) if s.get("text") else None)
             for t, s in zip(step_labels, method.steps, strict=True)]
    id_ = f"kb-dg-method-{method.id}"
    return Figure(id_, title, desc, steps(step_labels, panels, True, id_), steps(step_labels, panels, False, id_),
                  {"steps": facts, "panels": panels})


# -- the formats side by side ----------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One format's value for one rule: in words, and as a count (dots) or a length (hours, a bar)."""

    words: Label
    low: float | None = None
    high: float | None = None
    unit: str = "count"  # "count" or "hours"

    @property
    def known(self) -> bool:
        return self.low is not None or self.high is not None


@dataclass(frozen=True)
class Row:
    label: Label
    cells: tuple[Cell, ...]


RULES = (
    ("rule_municipalities", "municipalities_min", "municipalities_max", "count"),
    ("rule_per_theme", None, "per_theme", "count"),
    ("rule_meetings", "meetings_min", "meetings_max", "count"),
    ("rule_hours_on_site_max", None, "hours_on_site_max", "hours"),
    ("rule_hours_online_max", None, "hours_online_max", "hours"),
)
"""The rules of data/formats.yml a comparison shows: (label, lowest, highest, unit); a rule no format sets is left out."""

MAX_DOTS = 20  # more than this is shown in words only


def formats(columns: Sequence[Label], rows: Sequence[Row], wide: bool, current: int | None = None,
            id_: str = "kb-dg-formats") -> Diagram:
    """A column per format, a row per rule: dots for a number of municipalities or meetings (filled:
    always, open: possible up to the most), a bar for hours, and the value in words under it."""
    width = WIDE if wide else NARROW
    d = Diagram(f"{id_}-{'wide' if wide else 'narrow'}", width)
    n = max(1, len(columns))
    gap, pad = 10, 10
    label_w = 200 if wide else width - 2 * MARGIN
    left = MARGIN + (label_w + gap if wide else 0)
    cell_w = (width - MARGIN - left - (n - 1) * gap) // n
    inner = cell_w - 2 * pad
    most_hours = max((c.high or c.low or 0 for r in rows for c in r.cells if c.unit == "hours"), default=0)
    # the heads
    head_h = max([text_height(c, inner, 15, True) + 2 * pad for c in columns] or [0])
    y = MARGIN
    for i, column in enumerate(columns):
        cls = "kb-dg-head kb-dg-current" if i == current else "kb-dg-head"
        rect = d.box(Rect(left + i * (cell_w + gap), y, cell_w, head_h, cls, 6))
        d.text(column, Rect(rect.x + pad, y + pad, inner, head_h - 2 * pad), 15, "kb-dg-on-head", True, "middle",
               middle=True)
    y += head_h + gap
    for row in rows:
        label_h = text_height(row.label, label_w, 14, True)
        contents = [_cell_height(c, inner) for c in row.cells]
        cell_h = max(contents or [0]) + 2 * pad
        row_h = max(label_h, cell_h) if wide else cell_h
        if wide:
            d.text(row.label, Rect(MARGIN, y, label_w, row_h), 14, "", True, middle=True)
        else:
            d.text(row.label, Rect(MARGIN, y, label_w, label_h), 14, "", True)
            y += label_h + 4
        for i, cell in enumerate(row.cells):
            rect = d.box(Rect(left + i * (cell_w + gap), y, cell_w, row_h, "kb-dg-cell", 4))
            _draw_cell(d, cell, rect, pad, most_hours)
        y += row_h + gap
    d.height = y - gap + MARGIN
    return d


def _dots(cell: Cell, inner: int) -> tuple[int, int, int]:
    """(filled, open, per line) dots of a count, or zeros when it is shown in words only."""
    high = int(cell.high if cell.high is not None else cell.low or 0)
    low = int(cell.low or 0) if cell.high is not None else high
    if cell.unit != "count" or not 0 < high <= MAX_DOTS:
        return 0, 0, 1
    return low, high - low, max(1, (inner + 4) // 14)


def _cell_height(cell: Cell, inner: int) -> int:
    filled, empty, per_line = _dots(cell, inner)
    graphic = 0
    if filled + empty:
        graphic = math.ceil((filled + empty) / per_line) * 14 + 4
    elif cell.unit == "hours" and cell.known:
        graphic = 16
    return graphic + text_height(cell.words, inner, 14)


def _draw_cell(d: Diagram, cell: Cell, rect: Rect, pad: int, most_hours: float) -> None:
    x, y, inner = rect.x + pad, rect.y + pad, rect.w - 2 * pad
    filled, empty, per_line = _dots(cell, inner)
    for i in range(filled + empty):
        cx, cy = x + 5 + (i % per_line) * 14, y + 6 + (i // per_line) * 14
        d.shapes.append(Circle(cx, cy, 5, "kb-dg-dot" if i < filled else "kb-dg-dot kb-dg-dot--open"))
    if filled + empty:
        y += math.ceil((filled + empty) / per_line) * 14 + 4
    elif cell.unit == "hours" and cell.known and most_hours:
        length = max(4, round(inner * (cell.high or cell.low or 0) / most_hours))
        d.shapes.append(Rect(x, y + 1, length, 10, "kb-dg-bar", 2))
        y += 16
    d.text(cell.words, Rect(x, y, inner, rect.bottom - pad - y), 14, "" if cell.known else "kb-dg-muted")


def formats_figure(view: View, all_formats: Sequence[Format], current: Format | None = None) -> Figure:
    """Every format side by side in the page's language (the current page's format marked)."""
    columns = [label(view, f.title) for f in all_formats]
    rows = []
    for key, low_key, high_key, unit in RULES:
        cells = []
        for f in all_formats:
            low = f.rules.get(low_key) if low_key else None
            high = f.rules.get(high_key) if high_key else None
            words = view.span(low, high)
            if words and unit == "hours":
                words = f"{words} {view.plain('hours')}"
            lang = said(view, "hours" if unit == "hours" else "to").lang if words else ""
            cells.append(Cell(Label(words, lang) if words else said(view, "diagram_rule_none"), low, high, unit))
        if any(c.known for c in cells):
            rows.append(Row(said(view, key), tuple(cells)))
    index = next((i for i, f in enumerate(all_formats) if f is current), None)
    title = said(view, "diagram_formats")
    desc = said(view, "diagram_formats_desc", formats=", ".join(c.text for c in columns),
                rules=", ".join(r.label.text.lower() for r in rows))
    return Figure("kb-dg-formats", title, desc, formats(columns, rows, True, index),
                  formats(columns, rows, False, index), {"columns": columns, "rows": rows, "current": index})


# -- the timeline ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One thing on the timeline: a meeting on its date, or a programme from its start (to its end)."""

    label: Label
    start: PartialDate
    end: PartialDate | None = None
    kind: str = "event"  # "event" or "programme"
    approximate: bool = False
    record: Any = None


def order(entries: Sequence[Entry]) -> list[Entry]:
    """Entries by the first day their date covers, then meetings before programmes, then by label."""
    return sorted(entries, key=lambda e: (timeline.span(e.start)[0], timeline.span(e.start)[1],
                                          e.kind != "event", e.label.text))


def timeline_diagram(entries: Sequence[Entry], wide: bool, today: dt.date | None = None,
                     today_label: Label = Label(""), months: Sequence[str] = (), id_: str = "kb-dg-timeline") -> Diagram:
    """A row per entry in date order under an axis of whole years: a meeting is a dot on its day
    (a band over its month or year when only that is known), a programme a bar from its start to
    its end, or a band over its start when no end is known. Today is a line when it falls inside.
    ``months`` names the twelve months (short) for an axis of one to three years."""
    width = WIDE if wide else NARROW
    d = Diagram(f"{id_}-{'wide' if wide else 'narrow'}", width)
    entries = order(entries)
    if not entries:
        d.height = 2 * MARGIN
        return d
    label_w = 250 if wide else width - 2 * MARGIN
    left = MARGIN + (label_w + 12 if wide else 4)
    right = width - MARGIN - 8
    first = min(e.start.year for e in entries)
    last = max(max(e.start.year, e.end.year if e.end else 0) for e in entries)
    axis_start, axis_end = dt.date(first, 1, 1), dt.date(last + 1, 1, 1)
    days = (axis_end - axis_start).days

    def x(day: dt.date) -> int:
        return left + round((right - left) * (day - axis_start).days / days)

    # the axis: a label per year (every k-th when years are narrow), a line at each year's start,
    # and over a year or two the months too (each, or every third, as their names fit)
    years = last - first + 1
    year_w = (right - left) / years
    every = max(1, math.ceil((text_width("8888", 12, True) + 6) / year_w))
    month_w = year_w / 12
    widest = max((text_width(m, 11) for m in months), default=0) + 4
    month_step = next((k for k in (1, 3, 6) if months and years <= 3 and widest <= month_w * k), 0)
    header = 36 if month_step else 22
    rows_top = MARGIN + header
    y = rows_top
    placed_rows: list[tuple[Entry, int, int]] = []  # entry, row top, row height
    for entry in entries:
        text_h = text_height(entry.label, label_w, 14)
        row_h = max(text_h + 8, 24) if wide else text_h + 24  # (narrow: the label above its track)
        placed_rows.append((entry, y, row_h))
        y += row_h
    bottom = y
    for k in range(years + 1):
        gx = x(dt.date(first + k, 1, 1))
        d.shapes.append(Path(f"M{gx} {MARGIN}V{bottom}", "kb-dg-grid"))
    d.shapes.append(Path(f"M{left} {rows_top - 2}H{right}", "kb-dg-axis"))
    for k in range(0, years, every):
        area = Rect(x(dt.date(first + k, 1, 1)), MARGIN, math.floor(year_w * every), 18)
        if area.right <= right or k == 0:  # (a last label without the room of the others is left out)
            area = Rect(area.x, area.y, min(area.w, right - area.x), area.h)
            d.text(Label(str(first + k)), area, 12, "kb-dg-muted kb-dg-scale", True, "middle")
    for k in range(years * 12 if month_step else 0):
        year, month = first + k // 12, k % 12 + 1
        mx = x(dt.date(year, month, 1))
        if month > 1:
            d.shapes.append(Path(f"M{mx} {rows_top - 6}V{rows_top - 2}", "kb-dg-axis"))
        if (month - 1) % month_step == 0:
            area = Rect(mx, MARGIN + 18, round(month_w * month_step), 16)
            d.text(Label(months[month - 1]), area, 11, "kb-dg-muted kb-dg-scale kb-dg-axis-label", False, "middle")
    for entry, top, row_h in placed_rows:
        if wide:
            d.text(entry.label, Rect(MARGIN, top, label_w, row_h), 14, middle=True)
            line_y = top + row_h // 2
        else:
            text_h = text_height(entry.label, label_w, 14)
            d.text(entry.label, Rect(MARGIN, top + 2, label_w, text_h), 14)
            line_y = top + 2 + text_h + 10
        d.shapes.append(Path(f"M{left} {line_y}H{right}", "kb-dg-track"))
        marker_x = _marker(d, entry, x, line_y, right)
        d.order.append((timeline.span(entry.start)[0], top, marker_x))
    y = bottom
    if today is not None and axis_start <= today < axis_end:
        tx = x(today)
        d.shapes.append(Path(f"M{tx} {rows_top - 4}V{bottom + 4}", "kb-dg-today"))
        label_w_today = math.ceil(text_width(today_label.text, 12)) + 4
        area_x = min(max(left, tx - label_w_today // 2), right - label_w_today)
        d.text(today_label, Rect(area_x, bottom + 6, label_w_today, 18), 12, "kb-dg-muted", False, "middle")
        y = bottom + 24
    d.height = y + MARGIN
    return d


def _marker(d: Diagram, entry: Entry, x: Any, y: int, right: int) -> int:
    """Draw an entry's mark on its row; return where it starts."""
    first, last = timeline.span(entry.start)
    a, b = x(first), x(last + dt.timedelta(days=1))
    approx = " kb-dg-approx" if entry.approximate else ""
    if entry.kind == "programme" and entry.end is not None:
        length = max(10, x(timeline.span(entry.end)[1] + dt.timedelta(days=1)) - a)
        d.shapes.append(Rect(min(a, right - length), y - 5, length, 10, "kb-dg-run" + approx, 5))
    elif b - a >= 10:  # a month or a year: somewhere in this stretch
        cls = "kb-dg-when" if entry.kind == "programme" else "kb-dg-when kb-dg-when--event"
        d.shapes.append(Rect(a, y - 5, b - a, 10, cls + approx, 5))
    elif entry.kind == "event":  # a day: a dot on it
        d.shapes.append(Circle(min(max((a + b) // 2, a + 5), right - 5), y, 5, "kb-dg-event" + approx))
    else:
        d.shapes.append(Rect(min(a, right - 10), y - 5, 10, 10, "kb-dg-start" + approx, 2))
    return a


def timeline_figure(view: View, programmes: Sequence[Programme], events: Sequence[Event]) -> Figure:
    """Programmes and meetings on one timeline in the page's language; those without a date are
    listed in its text equivalent only."""
    entries = [Entry(label(view, p.title), p.start, p.end, "programme", bool({"start", "end"} & set(p.approximate)), p)
               for p in programmes if p.start is not None]
    entries += [Entry(label(view, e.title), e.date, None, "event", "date" in e.approximate, e)
                for e in events if e.date is not None]
    entries = order(entries)
    undated = [p for p in programmes if p.start is None] + [e for e in events if e.date is None]
    today = timeline.today()
    today_label = said(view, "diagram_today")
    months = list(get_month_names("abbreviated", locale=view.locale).values())
    wide = timeline_diagram(entries, True, today, today_label, months)
    narrow = timeline_diagram(entries, False, today, today_label, months)
    years = sorted({e.start.year for e in entries} | {e.end.year for e in entries if e.end})
    desc = said(view, "diagram_timeline_desc", n=len(entries), first=years[0] if years else "",
                last=years[-1] if years else "")
    shows_today = any(t.full == today_label.text for t in wide.texts) if today_label.text else False
    marks = {e.kind for e in entries} | {f"approximate-{e.kind}" for e in entries if e.approximate}
    if any(isinstance(s, Rect) and "kb-dg-when" in s.cls for s in wide.shapes):
        marks.add("when")
    return Figure("kb-dg-timeline", said(view, "diagram_timeline"), desc, wide, narrow,
                  {"entries": entries, "undated": undated, "marks": marks,
                   "today": PartialDate(today.year, today.month, today.day) if shows_today else None})


# -- shared ----------------------------------------------------------------------------------


@dataclass
class Figure:
    """A diagram in both layouts, with its title and description, and the facts its text equivalent lists."""

    id: str
    title: Label
    desc: Label
    wide: Diagram
    narrow: Diagram
    facts: dict[str, Any]

    def __post_init__(self) -> None:
        for d in (self.wide, self.narrow):
            d.title, d.desc = self.title, self.desc


def said(view: View, key: str, **values: Any) -> Label:
    """An interface string as a label (``values`` filled in), marked when it falls back to another language."""
    text = interface_string(key, view.lang, view.default)
    return Label(text.value.format(**values) if values else text.value, text.lang if text.fallback else "")


def label(view: View, text: Translatable | None) -> Label:
    """A translatable text of the data as a label in the page's language, marked when it is another."""
    if not text:
        return Label("")
    if view.lang in text:
        return Label(text[view.lang])
    language = view.default if view.default in text else next(iter(text))
    return Label(text[language], language)
