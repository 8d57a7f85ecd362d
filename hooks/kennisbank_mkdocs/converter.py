"""One Markdown converter for every page of a build, instead of one per page.

MkDocs' ``Page.render`` makes a new ``markdown.Markdown`` for every page, which
loads and sets up every extension again: one converter for all of them made a
one-process build of 2,000 items use about 8% less CPU. ``Converter`` makes one per configuration and, for
each page, resets it (``Markdown.reset`` resets the extensions that keep state:
toc, superfences, details) and registers the page's own processors, as
``Page.render`` does. Pages are converted one at a time (MkDocs renders them in
turn; serve's preview holds ``Preview.rendering``). ``tests/test_converter.py``
converts every page of the site both ways, and random pages in random order.

This leans on internals of MkDocs 1.6.1 (``mkdocs/structure/pages.py``; re-read
them on any upgrade, docs/maintainers/platform.md lists them):

- ``Page.render(config, files)``: the Markdown extensions and their configuration
  (``config['markdown_extensions']``, ``config['mdx_configs']``), the four
  processors it registers (``_RawHTMLPreprocessor``, ``_ExtractAnchorsTreeprocessor``,
  ``_RelativePathTreeprocessor``, ``_ExtractTitleTreeprocessor``, each with
  ``_register(md)``, under a fixed name, so the next page's replace the last
  one's), and what it sets: ``content``, ``toc`` (``get_toc(md.toc_tokens)``),
  ``_title_from_render``, ``present_anchor_ids`` and, unless the log level is
  DEBUG, ``links_to_anchors``.
- ``_populate_page`` calls ``page.render(config, files)`` after ``on_page_markdown``:
  an instance attribute ``render`` replaces the method for one page (as
  ``cached_pages`` does for pages taken from the render cache).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages
from mkdocs.structure.files import Files
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc


class Converter:
    """The build's Markdown converter, made again when the extensions or their configuration change."""

    def __init__(self) -> None:
        self.md: markdown.Markdown | None = None
        self.key = ""  # the extensions and their configuration self.md was made with

    def use_for(self, page: Page) -> None:
        """Convert this page with the shared converter when MkDocs renders it."""
        setattr(page, "render", self._render(page))  # noqa: B010 (the instance's, not the class's)

    def _converter(self, config: MkDocsConfig) -> markdown.Markdown:
        extensions, configs = config["markdown_extensions"], config["mdx_configs"] or {}
        key = json.dumps([extensions, configs], sort_keys=True, default=repr)
        if self.md is None or key != self.key:
            self.md, self.key = markdown.Markdown(extensions=extensions, extension_configs=configs), key
        else:
            self.md.reset()
        return self.md

    def _render(self, page: Page) -> Callable[[MkDocsConfig, Files], None]:
        def render(config: MkDocsConfig, files: Files) -> None:
            if page.markdown is None:
                raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
            md = self._converter(config)
            raw_html = _RawHTMLPreprocessor()
            raw_html._register(md)  # noqa: SLF001 (MkDocs' own processors: see the docstring)
            anchors = _ExtractAnchorsTreeprocessor(page.file, files, config)
            anchors._register(md)  # noqa: SLF001
            relative = _RelativePathTreeprocessor(page.file, files, config)
            relative._register(md)  # noqa: SLF001
            title = _ExtractTitleTreeprocessor()
            title._register(md)  # noqa: SLF001
            page.content = md.convert(page.markdown)
            page.toc = get_toc(getattr(md, "toc_tokens", []))
            page._title_from_render = title.title  # noqa: SLF001
            page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
            if pages.log.getEffectiveLevel() > logging.DEBUG:  # (as Page.render asks its module's logger)
                page.links_to_anchors = relative.links_to_anchors

        return render
