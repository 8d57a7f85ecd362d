"""Problems found in content and data, reported all at once.

Editors fix what the build tells them, so every problem names the file and line,
what is wrong, and how to fix it: ``path:line: what is wrong — how to fix it``.
A problem is plain text: its ``what`` and ``fix`` are texts of the message
catalogue (``kennisbank.messages``), rendered in the language of the build or
command where the problem is made.
"""

from __future__ import annotations

from dataclasses import dataclass

from .messages import say


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    what: str
    fix: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what} — {self.fix}"


class ContentError(Exception):
    """Raised when content or data is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        count = len(self.problems)
        heading = say("content_error_one" if count == 1 else "content_error", count=count)
        super().__init__("\n".join([heading, *(str(p) for p in self.problems)]))
