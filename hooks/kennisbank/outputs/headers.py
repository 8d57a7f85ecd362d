"""Security headers for hosts: a Content Security Policy that allows only the theme's own inline scripts.

Material puts a few small inline scripts in every page (their text varies with
the page's depth). Which ones is computed from the theme, not collected from
the built pages: ``theme_scripts`` renders every template of the theme that
holds an inline script, for every depth a page of the site can have, and the
policy allows exactly those (by hash). Every page is checked as it is written
(``unexpected_scripts``): a page with any other inline script fails the build,
so a script that got into a page some other way is neither run nor allowed.
The policy goes out in the two forms hosts take, ``_headers`` (Netlify,
Cloudflare Pages) and ``_headers.nginx`` (included by the reference
configuration in deploy/nginx/), and, for hosts that send no headers of a
site's own (GitHub Pages), in a ``<meta http-equiv>`` at the top of every
page (``meta_policy``: without ``frame-ancestors``, which browsers ignore there).
Data blocks (JSON, JSON-LD) are not scripts a browser runs and need no hash,
but may hold no ``<`` (``tojson`` escapes it), so none can end its block early.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..messages import say

_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
_DATA_TYPES = ("application/json", "application/ld+json")
_SRC = re.compile(r"\ssrc\s*=", re.I)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.I)
WRITES = ("/_headers", "/_headers.nginx")  # paths this output writes (gitignore patterns)
_META_IGNORED = ("frame-ancestors",)  # browsers ignore these in a <meta> policy (and say so in the console)

# Everything else the site needs comes from its own host. WebAssembly (the
# search index reader) needs 'wasm-unsafe-eval', which does not allow eval().
POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
OTHER_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _kind(attrs: str) -> str:
    """'src', 'data' or 'inline' for one <script> tag's attributes."""
    if _SRC.search(attrs):
        return "src"
    kind = _TYPE.search(attrs)
    return "data" if kind and kind.group(1).lower() in _DATA_TYPES else "inline"


def inline_scripts(page: str) -> list[str]:
    """The text of every inline script a browser would run in a page."""
    return [m.group("body") for m in _SCRIPT.finditer(page) if _kind(m.group("attrs")) == "inline"]


def unexpected_scripts(page: str, allowed: set[str]) -> list[str]:
    """What in a page is not the theme's (in the build's language): inline scripts not in ``allowed``,
    data blocks that hold '<'."""
    found = []
    for m in _SCRIPT.finditer(page):
        kind, body = _kind(m.group("attrs")), m.group("body")
        if kind == "inline" and body not in allowed:
            found.append(say("script_inline", excerpt=body[:60]))
        elif kind == "data" and "<" in body:
            found.append(say("script_data_block", excerpt=body[:60]))
    return found


def theme_scripts(env: Any, context: dict[str, Any], base_urls: Iterable[str]) -> set[str]:
    """Every inline script the theme's partial templates render, for each base URL a page can have.

    A template that cannot be rendered on its own here (it needs a page, or
    settings this site does not have) is not used by this site's pages either;
    if it were, the pages would hold a script outside this set and fail the build.
    """
    scripts: set[str] = set()
    analytics = bool(context["config"].extra.get("analytics"))  # Material includes these only when configured
    for name in env.list_templates(filter_func=lambda n: n.startswith("partials/") and n.endswith(".html")
                                   and (analytics or not n.startswith("partials/integrations/"))):
        source = env.loader.get_source(env, name)[0]
        if not any(_kind(m.group("attrs")) == "inline" for m in _SCRIPT.finditer(source)):
            continue
        template = env.get_template(name)
        for base_url in base_urls:
            try:
                scripts.update(inline_scripts(template.render({**context, "base_url": base_url})))
            except Exception:  # noqa: BLE001 - see the docstring
                break
    return scripts


def _hash(script: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode('utf-8')).digest()).decode()}'"


def policy(allowed: Iterable[str], *, meta: bool = False) -> str:
    """The Content Security Policy that allows exactly these inline scripts (for a <meta>: what it may hold)."""
    directives = {**POLICY, "script-src": POLICY["script-src"] + sorted({_hash(s) for s in allowed})}
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items()
                     if not (meta and name in _META_IGNORED))


def write(site_dir: Path, allowed: Iterable[str]) -> str:
    """Write _headers and _headers.nginx into the site folder; return the policy."""
    csp = policy(allowed)
    headers = {"Content-Security-Policy": csp, **OTHER_HEADERS}
    netlify = "/*\n" + "".join(f"  {name}: {value}\n" for name, value in headers.items())
    (site_dir / "_headers").write_text(netlify, encoding="utf-8")
    nginx = "# Written by the build (hooks/kennisbank/outputs/headers.py): include it in each location.\n"
    nginx += "".join(f'add_header {name} "{value}" always;\n' for name, value in headers.items())
    (site_dir / "_headers.nginx").write_text(nginx, encoding="utf-8")
    return csp
