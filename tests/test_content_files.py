"""docs/ and data/ may hold only the declared kinds of file, at paths that are content's (content_files.py).

Each hostile file is added to a copy of the fixture site and must be refused
with one `path:1: what — fix` line, by the engine's load step (and so by both
`make check` and `make build`); the build must end without a traceback and
leave the previous site alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kennisbank import content_files, engine
from kennisbank.adapter import load_settings
from kennisbank.problems import ContentError
from support import ENV, build, copy_fixture

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
CLEAN_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs>' \
            '<rect width="10" height="10" fill="url(#g)"/><use href="#g"/></svg>'


@pytest.fixture(scope="module")
def fixture_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_fixture(tmp_path_factory.mktemp("content-files") / "project")


def _problems(root: Path) -> list[str]:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        settings = load_settings(str(root / "mkdocs.yml"))
        engine._cache.clear()
        try:
            engine.load(settings)
        except ContentError as e:
            return [str(p) for p in e.problems]
        return []
    finally:
        os.chdir(cwd)


def _with(root: Path, rel: str, content: bytes | str | None = None, link: str | None = None):
    """Add one file (or symbolic link) for the duration of a check."""
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if link is not None:
        os.symlink(link, target)
    else:
        target.write_bytes(content.encode() if isinstance(content, str) else (content or b""))
    return target


def _remove(path: Path) -> None:
    path.unlink()
    parent = path.parent
    while parent.name not in ("docs", "data") and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


HOSTILE = [
    # symbolic links: to the build's environment, a checkout's token, system files, a folder
    ("docs/assets/x.txt", None, "/proc/self/environ", "symbolic links are not allowed"),
    ("docs/assets/env.png", None, "/proc/self/environ", "symbolic links are not allowed"),
    ("docs/stories/config.md", None, "../../.git/config", "symbolic links are not allowed"),
    ("docs/assets/passwd.pdf", None, "/etc/passwd", "symbolic links are not allowed"),
    ("docs/etc", None, "/etc", "symbolic links are not allowed"),
    ("data/themes2.yml", None, "/etc/hostname", "symbolic links are not allowed"),
    ("data/people.yml.tmp", None, "/proc/self/environ", "symbolic links are not allowed"),
    ("docs/.hidden-link", None, "/etc/passwd", "symbolic links are not allowed"),
    # the theme's and the engine's code
    ("docs/assets/javascripts/bundle.a5f9d56c.min.js", "alert(1)", None, "cannot be published"),
    ("docs/assets/javascripts/kb-search.js", "alert(1)", None, "cannot be published"),
    ("docs/assets/stylesheets/kennisbank.css", "body{}", None, "cannot be published"),
    ("docs/assets/images/favicon.png", PNG, None, "is a path the theme"),
    # Markdown the engine would not read
    ("docs/stories/x.markdown", "# x", None, "must end in '.md'"),
    ("docs/stories/x.mkd", "# x", None, "must end in '.md'"),
    ("docs/stories/x.mdown", "# x", None, "must end in '.md'"),
    ("docs/stories/x.MD", "# x", None, "must end in '.md'"),
    ("docs/stories/x.Md", "# x", None, "must end in '.md'"),
    # host control files and pages that are not content
    ("docs/_redirects", "/* https://evil.example 200", None, "cannot be published"),
    ("docs/_headers", "/*\n  X: y", None, "cannot be published"),
    ("docs/_worker.js", "export default {}", None, "cannot be published"),
    ("docs/.htaccess", "Redirect / https://evil.example", None, None),  # hidden: never published
    ("docs/x.html", "<script>alert(1)</script>", None, "cannot be published"),
    ("docs/feed.xml", "<feed/>", None, "cannot be published"),
    ("docs/api/x.json", "{}", None, "cannot be published"),
    ("docs/404.md", "---\ntitle: x\n---\n", None, "is a path the theme"),
    # files that claim a kind they are not
    ("docs/assets/page.png", "<html><script>alert(1)</script>", None, "is not a PNG image"),
    ("docs/assets/doc.pdf", "<script>", None, "is not a PDF document"),
    ("docs/assets/x.PNG", PNG, None, "lower case"),
    # SVG that runs script or reaches out
    ("docs/assets/a.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', None, "<script>"),
    ("docs/assets/b.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', None, "'onload'"),
    ("docs/assets/c.svg", '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
     None, "<foreignobject>"),
    ("docs/assets/d.svg", '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                          '<image xlink:href="https://evil.example/t.png"/></svg>', None, "points outside"),
    ("docs/assets/e.svg", '<svg xmlns="http://www.w3.org/2000/svg"><use href="data:image/svg+xml,x"/></svg>',
     None, "points outside"),
    ("docs/assets/f.svg", '<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
     None, "DOCTYPE"),
    ("docs/assets/g.svg", '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/x.css);'
                          '</style></svg>', None, "style refers outside"),
    ("docs/assets/h.svg", '<?xml-stylesheet href="https://evil.example/x.css"?><svg xmlns="http://www.w3.org/2000/svg"/>',
     None, "processing instruction"),
    ("docs/assets/i.svg", '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>',
     None, "<a>"),
    ("docs/assets/j.svg", '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://e.example/#x)"/></svg>',
     None, "refers outside"),
    ("docs/assets/k.svg", '<svg xmlns="http://www.w3.org/2000/svg"><animate attributeName="href" to="javascript:x"/>'
                          '</svg>', None, "animation of a link"),
    ("docs/assets/l.svg", '<svg xmlns="http://www.w3.org/2000/svg"><rect', None, "not well-formed"),
    # folders and names that belong to the site itself
    ("docs/nl/takeover.md", "---\ntitle: x\n---\n", None, "belongs to the site itself"),
    ("docs/pagefind/x.md", "---\ntitle: x\n---\n", None, "belongs to the site itself"),
    ("docs/results/some-result/qr.svg", CLEAN_SVG, None, "is a path the theme"),
    ("docs/assets/my photo.png", PNG, None, "characters that are not allowed"),
    ("docs/assets/<b>.png", PNG, None, "characters that are not allowed"),
    ("docs/stories/Dry-feet.md", "---\ntitle: x\n---\n", None, "only in upper and lower case"),
    # data/ holds YAML files only
    ("data/notes.txt", "hello", None, "only YAML files"),
    ("data/extra/themes.yml", "[]", None, "no folders"),
    ("data/script.yaml", "[]", None, "only YAML files"),
]


@pytest.mark.parametrize("rel, content, link, expected", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_are_refused_with_their_path(fixture_copy: Path, rel, content, link, expected):
    added = _with(fixture_copy, rel, content, link)
    try:
        found = [p for p in _problems(fixture_copy) if p.startswith(rel) or f"'{Path(rel).name}'" in p]
    finally:
        _remove(added)
    if expected is None:
        assert found == [], "hidden files are never published, so they are left alone"
    else:
        assert found, f"{rel} was not refused"
        assert any(expected in p for p in found), found
        assert all(" — " in p for p in found), "each refusal says how to fix it"


def test_clean_images_and_pdf_are_accepted(fixture_copy: Path):
    added = [_with(fixture_copy, "docs/assets/ok.svg", CLEAN_SVG), _with(fixture_copy, "docs/assets/ok.png", PNG),
             _with(fixture_copy, "docs/assets/ok.pdf", b"%PDF-1.7\n%%EOF\n"),
             _with(fixture_copy, "docs/assets/ok.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 16)]
    try:
        assert _problems(fixture_copy) == []
    finally:
        for path in added:
            _remove(path)


@pytest.mark.parametrize("section", ["nl", "pagefind", "assets", "api"])
def test_a_section_id_that_would_take_over_part_of_the_site_is_refused(fixture_copy: Path, section: str):
    sections = fixture_copy / "data" / "sections.yml"
    original = sections.read_text(encoding="utf-8")
    first_id = next(line for line in original.splitlines() if line.startswith("- id: ")).split(": ", 1)[1]
    sections.write_text(original.replace(f"- id: {first_id}\n", f"- id: {section}\n", 1), encoding="utf-8")
    try:
        found = _problems(fixture_copy)
    finally:
        sections.write_text(original, encoding="utf-8")
    assert any(p.startswith("data/sections.yml:") and f"section id '{section}' is reserved" in p for p in found), found


def test_a_symbolic_link_stops_check_and_build_alike_and_the_site_stays(tmp_path: Path):
    project = copy_fixture(tmp_path / "project")
    out = project / "site"
    assert build(project, out).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    os.symlink("/proc/self/environ", project / "docs" / "environ.png")
    built = build(project, out)
    checked = subprocess.run([sys.executable, "-m", "kennisbank", "check"], cwd=project, capture_output=True,
                             text=True, env={**ENV, "PYTHONPATH": str(Path(__file__).parents[1] / "hooks")})
    line = "docs/environ.png:1: symbolic links are not allowed in content"
    assert built.returncode != 0 and line in built.stdout + built.stderr
    assert checked.returncode != 0 and line in checked.stdout + checked.stderr
    for output in (built.stdout + built.stderr, checked.stdout + checked.stderr):
        assert "Traceback" not in output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert b"PATH=" not in b"".join(before.values())


_NAME_PART = st.text(alphabet="abcXYZ09-_. <>&é%", min_size=1, max_size=12)
_EXTENSIONS = st.sampled_from(["md", "MD", "markdown", "mkd", "png", "PNG", "svg", "pdf", "js", "css", "html",
                               "json", "txt", "yml", "", "md.js", "png.html"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_NAME_PART, extension=_EXTENSIONS)
def test_only_declared_kinds_with_plain_names_are_ever_accepted(tmp_path: Path, name: str, extension: str):
    """Whatever the name, a file is accepted only as a declared kind (exact extension) with a plain name."""
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    file_name = f"{name}.{extension}" if extension else name
    if file_name.startswith(".") or "/" in file_name or file_name in (".", ".."):
        return
    path = docs / file_name
    path.write_bytes(PNG if extension.lower() == "png" else b"%PDF-1\n" if extension == "pdf" else b"<svg/>")
    try:
        walker = content_files.Walker(docs, tmp_path / "no-data", lambda p: p.name, theme_files=frozenset(),
                                      writes=(), reserved=set()).walk()
    finally:
        path.unlink()
    accepted = not walker.problems
    suffix = os.path.splitext(file_name)[1]
    if accepted:
        assert suffix in content_files.KINDS and suffix == suffix.lower()
        assert all(c.isascii() and (c.isalnum() or c in "-_.") for c in file_name)


@pytest.mark.parametrize("folder", ["docs", "data"])
def test_a_content_folder_that_is_a_symbolic_link_stops_the_build(tmp_path: Path, folder: str):
    """A pull request can replace docs/ or data/ itself by a link (to /etc, say)."""
    project = copy_fixture(tmp_path / "project")
    (project / folder).rename(project / f"real-{folder}")
    os.symlink(f"real-{folder}", project / folder)
    built = build(project, project / "site")
    output = built.stdout + built.stderr
    assert built.returncode != 0
    assert f"{folder}:1: the content folder is a symbolic link" in output and "Traceback" not in output
    assert not (project / "site").exists()


def test_a_data_file_that_is_a_link_to_the_environment_is_never_read(tmp_path: Path):
    """Its text must not reach a message either (messages go to public CI logs)."""
    project = copy_fixture(tmp_path / "project")
    (project / "data" / "people.yml").unlink()
    os.symlink("/proc/self/environ", project / "data" / "people.yml")
    found = _problems(project)
    assert "data/people.yml:1: symbolic links are not allowed in content — replace the link with a copy of the " \
           "file it points to, inside this folder" in found
    assert not any("PATH" in p or "HOME" in p for p in found), found


def test_personal_data_in_a_folder_name_is_refused(fixture_copy: Path):
    """Folder names are published in URLs as much as file names are."""
    added = _with(fixture_copy, "docs/assets/0612345678/plan.png", PNG)
    try:
        found = _problems(fixture_copy)
    finally:
        _remove(added)
    assert any(p.startswith("docs/assets/0612345678:1: the file name '0612345678' holds personal data") for p in found), found
