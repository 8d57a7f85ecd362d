"""Shared fixtures: real builds of the site and of the fixture site, once per run."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from kennisbank import messages
from support import ROOT, BuiltSite, build, copy_fixture

# Property-based tests draw new examples on every run here, and the same ones on every CI run
# (a red CI does not land): a failure a developer's run finds is kept as a regression test.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def english_messages() -> None:
    """Each test starts speaking English, the fixture site's default language.

    The language is the process's (kennisbank.messages): reading the real site's
    settings here (its default language is Dutch) would otherwise decide what a
    later test reads. A test that wants Dutch chooses it (``messages.use``, ``--lang``).
    """
    messages.use("en")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real knowledge base, built once in strict mode."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = build(ROOT, out)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return BuiltSite(out, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The minimal second site under tests/fixture_site, built with the same engine."""
    project = tmp_path_factory.mktemp("fixture") / "project"
    copy_fixture(project)
    out = project / "site"
    result = build(project, out)
    assert result.returncode == 0, f"fixture build failed:\n{result.stdout}\n{result.stderr}"
    return BuiltSite(out, result.stdout + result.stderr)
