"""Shared fixtures: real builds of the site and of the fixture site, once per run."""

from __future__ import annotations

import pytest

from support import ROOT, BuiltSite, build, copy_fixture


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
