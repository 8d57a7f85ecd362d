"""`make audit`: outdated pins and known vulnerabilities of the locked packages.

Run by the scheduled workflow .github/workflows/audit.yml, not on every build:
both answers change with the outside world, not with this repository.

- Outdated: every ``name==version`` pin of the lock files against the latest
  release on PyPI (its JSON API; standard library only). Informational.
- Vulnerabilities: pip-audit (from its own .venv-audit) on the lock files, with
  PyPI's vulnerability data (its per-release JSON API). Found vulnerabilities
  fail the run (exit 1).
- Both need the network. When PyPI, or only its vulnerability data, cannot be
  reached, or pip-audit skips a package, the run says so and exits 2: not
  checked is not the same as nothing found (pip-audit itself reports "No known
  vulnerabilities found" when it could audit nothing).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

PYPI = "https://pypi.org/pypi/{name}/json"
RELEASE = "https://pypi.org/pypi/{name}/{version}/json"  # what pip-audit reads
HERE = Path(__file__).resolve().parent
# Pins held back on purpose, with the reason (the .in files say why).
HELD = {
    "mkdocs": "2.x drops plugins and themes; ProperDocs 1.6.x is the way forward (docs/maintainers/)",
}
UNREACHABLE = 2


def fetch(url: str, timeout: float = 15) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.load(response)


def reachable(url: str, what: str) -> bool:
    """Whether a PyPI endpoint answers; says clearly what cannot be checked when it does not."""
    try:
        fetch(url, timeout=10)
    except (urllib.error.URLError, OSError, ValueError) as e:
        print(f"audit: cannot reach {url} ({getattr(e, 'reason', e)}): this machine has no access to {what}. "
              "NOT CHECKED. Run `make audit` where PyPI can be reached (the scheduled GitHub workflow does).",
              file=sys.stderr)
        return False
    return True


def pins(lock_files: list[Path]) -> dict[str, str]:
    """name -> version of every pin in the lock files."""
    found: dict[str, str] = {}
    for path in lock_files:
        text = path.read_text(encoding="utf-8")
        found.update((n.lower(), v) for n, v in re.findall(r"^([A-Za-z0-9_.-]+)==([^ \\\n]+)", text, re.MULTILINE))
    return found


def direct() -> set[str]:
    """Packages named in a requirements/*.in file (the others come with them)."""
    names: set[str] = set()
    for path in HERE.glob("*.in"):
        names |= {m.lower() for m in re.findall(r"^([A-Za-z0-9_.-]+)", path.read_text(encoding="utf-8"), re.MULTILINE)}
    return names


def outdated(locked: dict[str, str]) -> list[str]:
    """One line per pin older than PyPI's latest release."""
    from packaging.version import Version  # pip-audit's venv has it; imported late so --reachable needs nothing

    lines, named = [], direct()
    for name, version in sorted(locked.items()):
        latest = fetch(PYPI.format(name=name))["info"]["version"]
        if Version(latest) > Version(version):
            note = f"  held: {HELD[name]}" if name in HELD else ("  (direct)" if name in named else "")
            lines.append(f"  {name:32} {version:>14} -> {latest}{note}")
    return lines


def vulnerabilities(pip_audit: str, lock_files: list[Path]) -> int:
    """Run pip-audit on the lock files and report: 0 none known, 1 vulnerable, 2 not (fully) checked."""
    cmd = [pip_audit, "--disable-pip", "--no-deps", "--progress-spinner", "off", "--format", "json"]
    for path in lock_files:
        cmd += ["-r", str(path)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    try:
        report = json.loads(result.stdout)["dependencies"]
    except (ValueError, KeyError):
        print(f"audit: pip-audit failed (exit {result.returncode}):\n{result.stderr}", file=sys.stderr)
        return UNREACHABLE
    vulnerable = [d for d in report if d.get("vulns")]
    skipped = [d for d in report if "skip_reason" in d]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed release yet"
            print(f"  {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixed})")
    for dep in skipped:
        print(f"  not checked: {dep['name']}: {dep['skip_reason']}")
    checked = len(report) - len(skipped)
    print(f"audit: {checked} of {len(report)} packages checked, {len(vulnerable)} with known vulnerabilities.")
    if vulnerable:
        print("audit: VULNERABLE packages above: update their pins (edit requirements/*.in, make lock) and re-test.")
        return 1
    return UNREACHABLE if skipped else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reachable", action="store_true", help="only check that PyPI answers")
    parser.add_argument("--pip-audit", help="the pip-audit executable")
    parser.add_argument("lock_files", nargs="*", type=Path)
    args = parser.parse_args(argv)
    if not reachable(PYPI.format(name="pip"), "PyPI (versions, vulnerability data, pip-audit itself)"):
        return UNREACHABLE
    if args.reachable:
        return 0
    locked = pins(args.lock_files)
    lines = outdated(locked)
    print(f"audit: {len(lines)} of {len(locked)} pinned packages have a newer release on PyPI"
          + (":" if lines else "."))
    if lines:
        print("\n".join(lines))
    print("audit: known vulnerabilities (pip-audit with PyPI's advisory data):", flush=True)
    probe = RELEASE.format(name="pip-audit", version=locked.get("pip-audit", ""))
    if not reachable(probe, "PyPI's vulnerability data (per-release JSON, read by pip-audit)"):
        return UNREACHABLE
    return vulnerabilities(args.pip_audit, args.lock_files)


if __name__ == "__main__":
    sys.exit(main())
