"""The other languages built side by side: a second process builds them while this one builds the default.

mkdocs-static-i18n builds the other languages one after the other at the end of
the default language's build. MkDocs uses one core; on a machine with more,
``mkdocs build`` forks once the model is loaded and the site folder cleaned
(``on_files``), and the copy builds the other languages the way the plugin
would (writing only under ``<site>/<lang>/``) while this process builds the
default one. The output is the same file for file (tests/test_parallel_build.py
builds it both ways); ``KENNISBANK_PARALLEL=0`` turns it off, and
``mkdocs serve`` never forks.

This leans on internals, each read from the version named; re-read them on any
upgrade (docs/maintainers/platform.md lists them with the rest):

MkDocs 1.6.1, ``mkdocs/commands/build.py``
  - ``build(config, *, serve_url=None, dirty=False)`` runs every event again
    for one language, ``on_config`` included, on the same ``config`` object;
    the copy calls it once per other language.
  - ``build()`` calls ``utils.clean_directory(config.site_dir)`` right after
    ``on_pre_build`` and before ``on_files``, looking the function up on the
    module ``mkdocs.utils`` at each call: forking in ``on_files`` means the copy
    never sees a half-cleaned folder, and replacing ``mkdocs.utils.clean_directory``
    with a no-op in the copy (``mkdocs/utils/__init__.py``) keeps it from
    deleting the default language's files.
  - an exception inside ``build()`` runs ``on_build_error`` before it goes on:
    the first process kills the copy there (``stop``).
  - the messages "Building documentation to directory" and "Documentation built
    in" go to the logger ``mkdocs.commands.build``; the copy filters them out there.

mkdocs-static-i18n 1.3.1 (``mkdocs_static_i18n/plugin.py``, ``reconfigure.py``)
  - ``config.plugins.get("i18n")`` is the plugin object; ``i18n.build_languages``
    (a property: the locales with ``build: true``) and ``i18n.current_language``
    (the language ``on_config`` and every later event of a ``build()`` reconfigure
    for; ``None`` until its first ``on_config``).
  - ``i18n.building``: set by its ``on_post_build`` (priority -100) around its own
    builds of the other languages and read only there, which returns at once
    while it is True. The copy sets it as the plugin would; the first process sets
    it so the plugin does not build the other languages a second time, and
    ``KennisbankPlugin.on_post_build`` sets it back.
  - that ``on_post_build`` patches ``mkdocs.utils.clean_directory`` to
    ``lambda x: x``, loops over ``build_languages`` skipping ``current_language``,
    sets ``current_language`` and calls ``build(config, dirty=…)``; this module
    does the same in the copy.
  - it gathers ``i18n_files_per_language`` (the sitemap template's alternates)
    and, with Material's ``search`` plugin, the search entries language by
    language in one process: with a search plugin on, nothing forks.

Python 3.11 (``os``)
  - ``os.fork`` (POSIX only): the copy starts with this process's memory, so the
    loaded model, ``config``, every plugin's state and the staging folder's
    ``Publication``; only the calling thread survives, which is all ``mkdocs
    build`` runs. ``os._exit`` ends the copy without ``atexit`` handlers or
    the parent's cleanup (so logging is flushed first); ``os.waitpid`` and
    ``os.waitstatus_to_exitcode`` give its result; ``os.kill(pid, SIGTERM)`` stops it.
  - ``gc.freeze`` before the fork, so neither collector walks (and copies) the model's pages again.
  - Linux ``prctl(PR_SET_PDEATHSIG)`` through ``kennisbank.publish.die_with_parent``:
    a killed build does not leave the copy writing.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from kennisbank import publish

log = logging.getLogger("mkdocs.hooks.kennisbank")

# The commands that may fork: `mkdocs serve` rebuilds in one process.
FORKING = ("build", "gh-deploy")
# What the copy's builds would repeat (mkdocs-static-i18n hides the same lines of its own builds).
_REPEATED = ("Documentation built in", "Building documentation")



def i18n_of(config: MkDocsConfig) -> Any:
    """mkdocs-static-i18n's plugin object (None without it): its attributes are untyped internals, listed above."""
    return config.plugins.get("i18n")


class OtherLanguages:
    """The second process of one build: started in ``on_files``, awaited or killed at the end."""

    def __init__(self) -> None:
        self.pid: int | None = None  # the copy's, in the first process while it runs
        self.copy = False  # whether this process is the copy

    @property
    def forked(self) -> bool:
        return self.pid is not None

    @property
    def side_by_side(self) -> bool:
        """Whether this build's languages are built in two processes (this one either)."""
        return self.forked or self.copy

    def to_build(self, config: MkDocsConfig, command: str | None) -> list[str]:
        """The languages a second process should build, or none when this build should not fork."""
        i18n = i18n_of(config)
        if (i18n is None or i18n.building or command not in FORKING
                or os.environ.get("KENNISBANK_PARALLEL", "1") == "0" or not hasattr(os, "fork")
                or (os.cpu_count() or 1) < 2 or self.pid
                or any(name in config.plugins for name in ("search", "material/search"))):
            return []  # (Material's search collects every language's pages in one process)
        return [lang for lang in i18n.build_languages if lang != i18n.current_language]

    def start(self, config: MkDocsConfig, command: str | None, dirty: bool,
              in_copy: Callable[[], None]) -> None:
        """Fork: the copy runs ``in_copy``, builds the other languages as mkdocs-static-i18n would, then exits."""
        others = self.to_build(config, command)
        if not others:
            return
        sys.stdout.flush()
        sys.stderr.flush()
        gc.freeze()  # the model lives as long as the build: neither process's collector need look at it again
        parent = os.getpid()
        pid = os.fork()
        if pid:
            self.pid = pid
            log.info(f"kennisbank: building {', '.join(others)} in a second process (pid {pid}); "
                     "KENNISBANK_PARALLEL=0 builds one language after the other")
            # mkdocs-static-i18n must not build them too: its on_post_build returns at once while
            # it believes it is building (KennisbankPlugin.on_post_build sets this back).
            i18n_of(config).building = True
            return
        self._build_in_copy(config, others, dirty, parent, in_copy)

    def _build_in_copy(self, config: MkDocsConfig, others: list[str], dirty: bool, parent: int,
                       in_copy: Callable[[], None]) -> None:
        code = 1
        self.copy = True
        publish.die_with_parent(parent)  # a killed build must not leave this process writing
        in_copy()
        try:
            from mkdocs import utils
            from mkdocs.commands.build import build

            i18n = i18n_of(config)
            i18n.building = True  # what mkdocs-static-i18n sets around its own builds of the other languages
            utils.clean_directory = lambda directory: None  # the default language's build cleaned the folder
            logging.getLogger("mkdocs.commands.build").addFilter(
                lambda record: not record.getMessage().startswith(_REPEATED))
            for language in others:
                i18n.current_language = language
                build(config, dirty=dirty)
            code = 0
        except Abort as e:
            log.error(str(e))
        except BaseException:  # anything else: report it; the first process stops the build
            log.exception("kennisbank: the build of the other languages failed")
        finally:
            logging.shutdown()
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)

    def wait(self) -> None:
        """Wait for the copy (the default language's on_post_build); its failure fails the build."""
        pid, self.pid = self.pid, None
        if pid is None:
            return
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise Abort("the other languages' build failed (see the messages above)")

    def stop(self) -> None:
        """Kill the copy (on_build_error): a failed build writes nothing more."""
        pid, self.pid = self.pid, None
        if pid is not None:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
