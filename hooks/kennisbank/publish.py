"""Publish a build atomically: the new site is written beside the old one and swapped in at the end.

A host (or ``mkdocs serve``, or a pull request's preview) serves the site
folder while the next build runs, and a build can fail, crash or be killed
half-way. So a build never writes into the site folder itself: it writes into
a staging folder beside it (``.<site>.kb-new-<pid>``), and only when every
page and output is written does ``commit`` exchange the two folders in one
``renameat2(RENAME_EXCHANGE)`` (two renames where that call is missing) and
delete the old one. A failed build removes its staging folder and leaves the
site byte for byte; a killed one leaves a staging folder that the next build
removes. A lock file beside the site folder makes a second build into the
same folder stop at once instead of mixing its files with the first one's.

Hidden entries of the old site folder (``.git`` of a gh-pages checkout, say)
are kept, as MkDocs keeps them when it cleans. This module does not import
MkDocs.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import signal
from collections.abc import Callable
from pathlib import Path
from types import FrameType

_NEW, _OLD = ".kb-new-", ".kb-old-"
_RENAME_EXCHANGE = 2


class BuildLocked(Exception):
    """Another build is writing the same site folder."""


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where the call is missing."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(a))


def _pid_of(name: str, prefix: str) -> int | None:
    tail = name.rsplit(prefix, 1)[-1]
    return int(tail) if tail.isdigit() else None


class Publication:
    """One build's way into ``site_dir``: lock, stage, then commit or abort."""

    def __init__(self, site_dir: Path) -> None:
        self.site = Path(site_dir).absolute()
        self.parent = self.site.parent
        self.lock_path = self.parent / f".{self.site.name}.kb-lock"
        self.staging = self.parent / f".{self.site.name}{_NEW}{os.getpid()}"
        self._lock_fd: int | None = None
        self._previous_handlers: dict[int, Callable | int | None] = {}
        self.writers: set[int] = set()  # forked processes that write into the staging folder too

    def begin(self) -> Path:
        """Take the lock, remove what killed builds left, and make an empty staging folder."""
        self.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            holder = self.lock_path.read_text(encoding="utf-8", errors="replace").strip() or "another process"
            raise BuildLocked(f"{self.site} is being built by {holder} — wait until that build is done, "
                              "or build into another folder (mkdocs build -d …)") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"process {os.getpid()}".encode())
        self._lock_fd = fd
        self._remove_leftovers()
        self.staging.mkdir()
        self._on_signals()
        return self.staging

    def _remove_leftovers(self) -> None:
        """Staging and old folders of builds that died (the lock says none of them is running)."""
        for entry in self.parent.iterdir():
            name = entry.name
            if name.startswith(f".{self.site.name}{_NEW}") or name.startswith(f".{self.site.name}{_OLD}"):
                shutil.rmtree(entry, ignore_errors=True)

    def commit(self) -> None:
        """Swap the staging folder in as the site folder and delete the previous site."""
        if self._lock_fd is None:
            return
        old = self.parent / f".{self.site.name}{_OLD}{os.getpid()}"
        if self.site.is_dir() and not self.site.is_symlink():
            for entry in os.listdir(self.site):  # hidden entries (.git of gh-pages) stay with the site
                if entry.startswith(".") and not (self.staging / entry).exists():
                    os.rename(self.site / entry, self.staging / entry)
            if _exchange(self.staging, self.site):
                os.rename(self.staging, old)
            else:
                os.rename(self.site, old)
                os.rename(self.staging, self.site)
        else:
            if self.site.is_symlink() or self.site.exists():
                self.site.unlink()
            os.rename(self.staging, self.site)
        shutil.rmtree(old, ignore_errors=True)
        self._release()

    def abort(self) -> None:
        """Remove the staging folder: the site folder stays as the previous build left it."""
        if self._lock_fd is None:
            return
        shutil.rmtree(self.staging, ignore_errors=True)
        self._release()

    def _release(self) -> None:
        self._restore_signals()
        fd, self._lock_fd = self._lock_fd, None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _on_signals(self) -> None:
        """A build stopped with Ctrl-C or `kill` removes its staging folder before it dies."""
        def stop(number: int, frame: FrameType | None) -> None:
            pid = os.getpid()
            if self.staging.name.endswith(f"{_NEW}{pid}"):  # not in a forked child
                for child in self.writers:  # first: a process still writing would refill the folder
                    with contextlib.suppress(OSError, ChildProcessError):
                        os.kill(child, signal.SIGKILL)
                        os.waitpid(child, 0)
                self.abort()
            signal.signal(number, signal.SIG_DFL)
            os.kill(pid, number)

        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            try:
                self._previous_handlers[number] = signal.signal(number, stop)
            except ValueError:  # not the main thread: no handlers, the next build cleans up
                break

    def _restore_signals(self) -> None:
        for number, handler in self._previous_handlers.items():
            with contextlib.suppress(ValueError):
                signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        self._previous_handlers.clear()


def die_with_parent(parent: int) -> None:
    """In a forked child of ``parent``: be killed when it dies (Linux prctl PR_SET_PDEATHSIG), whatever kills it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the call: go too
        os._exit(1)

