"""Atomic publishing wired to MkDocs: the build writes into a staging folder, swapped in when it succeeded.

``kennisbank.publish`` does the folder work; this module tells MkDocs where to
write and when the build is over. It relies on MkDocs 1.6.1
(``mkdocs/commands/build.py``, ``build()``):

- ``config.site_dir`` is read first after ``on_pre_build`` (to clean it, then
  in ``get_files`` for every file's destination), and every event and plugin
  writes through it: pointing it at the staging folder in ``on_pre_build``
  moves the whole build, every language included.
- ``--strict`` counts warnings with a ``mkdocs.utils.CountHandler`` on the
  ``mkdocs`` logger and raises ``Abort`` only *after* ``on_post_build``; an
  exception runs ``on_build_error``.
- ``mkdocs gh-deploy`` reads ``config.site_dir`` after the build.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.utils import CountHandler

from kennisbank import publish

# The commands whose site folder is published; `mkdocs serve` builds into a temporary folder of its own.
PUBLISHED = ("build", "gh-deploy")


class Staging:
    """One build's staging folder, from ``on_pre_build`` to its swap or its removal."""

    def __init__(self) -> None:
        self.publication: publish.Publication | None = None
        # False in the second process of a side-by-side build: it writes into the
        # first process's staging folder, which only that one publishes or removes.
        self.owner = True

    def stage(self, config: MkDocsConfig, command: str | None) -> None:
        """Point the build at a staging folder beside the site folder (on_pre_build, every language).

        Not in on_config: the editors' commands run that to read the settings.
        A second build into the same folder stops here.
        """
        if self.publication is not None:  # the other languages' builds (mkdocs-static-i18n calls build() again)
            config.site_dir = str(self.publication.staging)
            return
        if command not in PUBLISHED:
            return
        publication = publish.Publication(Path(config.site_dir))
        try:
            staging = publication.begin()
        except publish.BuildLocked as e:
            raise Abort(str(e)) from None
        self.publication = publication
        config.site_dir = str(staging)

    def publish(self, config: MkDocsConfig) -> None:
        """Swap the staged site in, unless the build is about to fail in strict mode."""
        if not self.owner or self.publication is None:
            return
        if config.strict and strict_warnings():
            return  # on_build_error removes it when MkDocs aborts
        publication, self.publication = self.publication, None
        publication.commit()
        config.site_dir = str(publication.site)  # (mkdocs gh-deploy reads it after the build)

    def abort(self) -> None:
        """Remove the staging folder: the published site stays as it was."""
        if not self.owner or self.publication is None:
            return
        publication, self.publication = self.publication, None
        publication.abort()


def strict_warnings() -> int:
    """Warnings MkDocs' strict mode has counted in this build: it aborts after on_post_build when any."""
    return sum(count for handler in logging.getLogger("mkdocs").handlers if isinstance(handler, CountHandler)
               for _, count in handler.get_counts())
