"""The site keeps building when its platform changes.

Two promises, checked here (docs/maintainers/ explains them):
- ProperDocs, the community continuation of MkDocs 1.x, builds the same site
  with the same plugins, theme and hooks: same files, same pages, same links.
- The engine (hooks/kennisbank/) is plain Python: it loads, validates and plans
  pages without MkDocs; only the adapter talks to MkDocs.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import socket
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html

from kennisbank.adapter import load_settings
from support import ENV, ROOT, BuiltSite, build, copy_fixture

PD_VENV = ROOT / ".venv-properdocs"
PROPERDOCS = PD_VENV / "bin" / "properdocs"
HOOKS = ROOT / "hooks"
ENGINE = HOOKS / "kennisbank"
# The only files under hooks/ allowed to import MkDocs: the engine's adapter (it reads MkDocs'
# configuration), the hook file MkDocs loads, and the package behind it (events, languages, staging).
PLATFORM_SIDE = (ENGINE / "adapter.py", HOOKS / "kennisbank_hook.py", HOOKS / "kennisbank_mkdocs")
# MkDocs, its fork, its theme and its i18n plugin: none of them may be needed by the engine.
PLATFORM = ("mkdocs", "material", "properdocs", "mkdocs_static_i18n")


def _audit_module():
    """requirements/audit.py (`make audit`), which is a script, not a module on the path."""
    spec = importlib.util.spec_from_file_location("audit", ROOT / "requirements" / "audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def properdocs() -> Path:
    """ProperDocs' own environment, made from requirements/properdocs.txt (a no-op when up to date)."""
    result = subprocess.run(["make", "--no-print-directory", "-s", "-C", str(ROOT), ".venv-properdocs/.installed"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"could not create .venv-properdocs:\n{result.stdout}\n{result.stderr}"
    return PROPERDOCS


def properdocs_build(properdocs: Path, project: Path, out: Path) -> BuiltSite:
    result = subprocess.run([str(properdocs), "build", "--strict", "-f", str(project / "mkdocs.yml"),
                             "-d", str(out)], cwd=project, env=ENV, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"ProperDocs build failed:\n{result.stdout}\n{result.stderr}"
    return BuiltSite(out, result.stdout + result.stderr)


@dataclass(frozen=True)
class PageFacts:
    """What a reader gets from a page, independent of the engine that wrote it."""

    lang: str
    title: str
    links: frozenset[str]


def inventory(built: BuiltSite, site_url: str) -> tuple[set[str], dict[str, PageFacts]]:
    """Every file of a built site, and per HTML page its language, title and internal links.

    Links are resolved against the page's public URL; only links to the site's
    own host count (other hosts are not the engine's doing). The rest of the
    HTML is not compared: it may differ without changing content, e.g. Material's
    <meta name="generator"> names the engine and its version.
    """
    host = urlsplit(site_url).netloc
    files = {p.relative_to(built.root).as_posix() for p in built.root.rglob("*") if p.is_file()}
    pages = {}
    for url in built.pages():
        tree = html.fromstring(built.text(url))
        base = urljoin(site_url, url.lstrip("/"))
        links = {urljoin(base, link) for _, _, link, _ in tree.iterlinks()}
        pages[url] = PageFacts(tree.get("lang", ""), tree.findtext(".//title") or "",
                               frozenset(u for u in links if urlsplit(u).netloc == host))
    return files, pages


def assert_same_site(mkdocs: BuiltSite, proper: BuiltSite, site_url: str) -> None:
    mk_files, mk_pages = inventory(mkdocs, site_url)
    pd_files, pd_pages = inventory(proper, site_url)
    assert mk_files == pd_files, (f"only MkDocs: {sorted(mk_files - pd_files)[:10]}; "
                                  f"only ProperDocs: {sorted(pd_files - mk_files)[:10]}")
    differ = [url for url in mk_pages if mk_pages[url] != pd_pages[url]]
    details = [(url, sorted(mk_pages[url].links ^ pd_pages[url].links)[:5]) for url in differ[:5]]
    assert not differ, f"{len(differ)} page(s) differ in language, title or links: {details}"
    assert len(mk_pages) > 10 and any(p.links for p in mk_pages.values())


def test_properdocs_environment_holds_no_mkdocs(properdocs: Path):
    """Every `import mkdocs` in ProperDocs' build is answered by ProperDocs, not by a stray MkDocs."""
    probe = "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('mkdocs') is None else 1)"
    assert subprocess.run([str(PD_VENV / "bin" / "python"), "-c", probe]).returncode == 0
    version = subprocess.run([str(properdocs), "--version"], capture_output=True, text=True, env=ENV)
    assert version.stdout.startswith("properdocs, version 1.6"), version.stdout


def test_properdocs_lock_has_the_sites_packages_at_the_same_versions():
    """The second engine runs the same plugins, theme and libraries as the first: only MkDocs is swapped."""
    pins = _audit_module().pins
    site, proper = pins([ROOT / "requirements" / "site.txt"]), pins([ROOT / "requirements" / "properdocs.txt"])
    expected = {name: version for name, version in site.items() if name != "mkdocs"}
    differ = {name: (v, proper.get(name)) for name, v in expected.items() if proper.get(name) != v}
    assert not differ, f"requirements/properdocs.txt is out of date, run `make lock`: {differ}"
    assert "mkdocs" not in proper and "properdocs" in proper


def mkdocs_build(project: Path, out: Path) -> BuiltSite:
    result = build(project, out)
    assert result.returncode == 0, f"MkDocs build failed:\n{result.stdout}\n{result.stderr}"
    return BuiltSite(out, result.stdout + result.stderr)


# Both engines build here back to back rather than reusing the session's `site`:
# in a shared working tree, content or templates edited between two builds
# minutes apart would show up as an engine difference.
def test_properdocs_builds_the_same_site(properdocs: Path, tmp_path: Path):
    mkdocs = mkdocs_build(ROOT, tmp_path / "mkdocs")
    proper = properdocs_build(properdocs, ROOT, tmp_path / "properdocs")
    site_url = ENV.get("SITE_URL") or "https://kennisbank.schouderseronder.nl/"
    assert_same_site(mkdocs, proper, site_url)


def test_properdocs_builds_the_same_fixture_site(properdocs: Path, tmp_path: Path):
    project = copy_fixture(tmp_path / "project")
    mkdocs = mkdocs_build(project, tmp_path / "mkdocs")
    proper = properdocs_build(properdocs, project, tmp_path / "properdocs")
    assert_same_site(mkdocs, proper, "https://fixture.example.org/")


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every absolute import of a file, an import inside a function included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                 else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
        found += [(node.lineno, name) for name in names]
    return found


def _platform_side(path: Path) -> bool:
    return any(path == allowed or path.is_relative_to(allowed) for allowed in PLATFORM_SIDE)


def test_only_the_adapter_imports_the_platform():
    """A static check of every file under hooks/: MkDocs only in the adapter, the hook and kennisbank_mkdocs."""
    offenders = [f"{path.relative_to(ROOT)}:{line}: {name}" for path in sorted(HOOKS.rglob("*.py"))
                 for line, name in _imports(path) if name.split(".")[0] in PLATFORM and not _platform_side(path)]
    assert not offenders, "MkDocs imported outside the adapter, the hook and kennisbank_mkdocs:\n" + "\n".join(offenders)
    # The engine never leans on the MkDocs side (which imports it, not the other way round).
    backwards = [f"{path.relative_to(ROOT)}:{line}: {name}" for path in sorted(ENGINE.rglob("*.py"))
                 for line, name in _imports(path) if name.split(".")[0] == "kennisbank_mkdocs"]
    assert not backwards, "the engine imports kennisbank_mkdocs:\n" + "\n".join(backwards)


_ISOLATED = textwrap.dedent("""
    import importlib, json, pkgutil, sys
    from pathlib import Path

    BLOCKED = {blocked!r}

    class Refuse:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError(f"{{name}} is made unimportable for this test")

    sys.meta_path.insert(0, Refuse())
    import kennisbank
    modules = [m.name for m in pkgutil.walk_packages(kennisbank.__path__, "kennisbank.")]
    for name in modules:
        importlib.import_module(name)
    from kennisbank import engine
    from kennisbank.config import Settings
    root = Path({root!r})
    build = engine.load(Settings(root, root / "docs", root / "data", ("en", "nl"), "en",
                                 "https://fixture.example.org/"))
    print(json.dumps({{"modules": modules, "pages": [[p.path, p.language] for p in build.pages],
                      "items": len(build.site.items),
                      "platform": sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)}}))
""")


def page_url(path: str, language: str, default: str) -> str:
    """The public URL of a page file: 'results/x.nl.md' -> '/nl/results/x/'."""
    stem = path.removesuffix(".md").removesuffix(f".{language}")
    stem = stem.removesuffix("index").rstrip("/")
    prefix = "" if language == default else f"/{language}"
    return f"{prefix}/{stem}/" if stem else f"{prefix}/"


def test_engine_loads_the_fixture_site_without_mkdocs_or_material(fixture_site: BuiltSite):
    """Every engine module imports, and engine.load() plans the pages MkDocs then built, with the platform unimportable."""
    script = _ISOLATED.format(blocked=PLATFORM, root=str(fixture_site.root.parent))
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={**ENV, "PYTHONPATH": str(ROOT / "hooks")},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["platform"] == []
    assert {"kennisbank.engine", "kennisbank.load", "kennisbank.link", "kennisbank.generate",
            "kennisbank.view"} <= set(report["modules"])
    assert report["items"] > 0 and report["pages"]
    missing = [url for url in (page_url(p, lang, "en") for p, lang in report["pages"]) if not fixture_site.exists(url)]
    assert not missing, f"pages the engine planned but MkDocs did not build: {missing}"


def test_folders_excluded_in_mkdocs_yml_are_skipped_by_the_engine(tmp_path: Path):
    """exclude_docs in mkdocs.yml (maintainer notes) is not read as content by the engine either."""
    from kennisbank import engine
    from kennisbank.config import Settings
    from kennisbank.problems import ContentError

    root = copy_fixture(tmp_path / "project")
    notes = root / "docs" / "notes"
    notes.mkdir()
    (notes / "howto.md").write_text("# Notes without front matter\n", encoding="utf-8")
    settings = Settings(root, root / "docs", root / "data", ("en", "nl"), "en", "https://fixture.example.org/")
    with pytest.raises(ContentError, match="notes/howto.md"):
        engine.load(settings)  # not excluded: the notes are content, and invalid
    excluded = Settings(root, root / "docs", root / "data", ("en", "nl"), "en", "https://fixture.example.org/",
                        exclude_docs=("/notes/",))
    assert engine.load(excluded).site.items  # the same site loads, the notes left out


def test_maintainer_notes_stay_off_the_public_site(site: BuiltSite):
    notes = sorted((ROOT / "docs" / "maintainers").glob("*.md"))
    assert notes and "/maintainers/" in load_settings(str(ROOT / "mkdocs.yml")).exclude_docs
    published = [p for p in site.root.rglob("*") if "maintainers" in p.relative_to(site.root).parts]
    assert not published
    assert "maintainers" not in site.text("/sitemap.xml")


def test_audit_says_nothing_was_checked_when_pypi_cannot_be_reached():
    with socket.socket() as s:  # a loopback port nobody listens on: the "proxy" refuses at once
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proxy = f"http://127.0.0.1:{port}"
    env = {**ENV, "https_proxy": proxy, "HTTPS_PROXY": proxy, "no_proxy": "", "NO_PROXY": ""}
    result = subprocess.run([sys.executable, str(ROOT / "requirements" / "audit.py"), "--reachable"],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "NOT CHECKED" in result.stderr and "pypi.org" in result.stderr


@pytest.mark.parametrize("deps, code, shown", [
    ([{"name": "jinja2", "version": "3.1.4", "vulns": [{"id": "GHSA-q2x7-8rv6-6q7h", "fix_versions": ["3.1.5"]}]},
      {"name": "pyyaml", "version": "6.0.3", "vulns": []}],
     1, "jinja2 3.1.4: GHSA-q2x7-8rv6-6q7h (fixed in 3.1.5)"),
    ([{"name": "pyyaml", "version": "6.0.3", "skip_reason": "Dependency not found on PyPI"}],
     2, "not checked: pyyaml"),
    ([{"name": "pyyaml", "version": "6.0.3", "vulns": []}], 0, "1 of 1 packages checked, 0 with"),
])
def test_audit_tells_vulnerable_from_unchecked(tmp_path: Path, capsys: pytest.CaptureFixture, deps, code, shown):
    """pip-audit says "No known vulnerabilities found" even when it skipped every package: the audit does not."""
    fake = tmp_path / "pip-audit"
    fake.write_text(f"#!/bin/sh\ncat <<'JSON'\n{json.dumps({'dependencies': deps, 'fixes': []})}\nJSON\n"
                    f"exit {1 if code == 1 else 0}\n", encoding="utf-8")
    fake.chmod(0o755)
    assert _audit_module().vulnerabilities(str(fake), [ROOT / "requirements" / "audit.txt"]) == code
    assert shown in capsys.readouterr().out
