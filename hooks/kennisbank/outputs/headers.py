"""Security headers for hosts: a Content Security Policy without 'unsafe-inline' scripts.

Material puts a few small inline scripts in every page (their text varies with
the page's depth). After the build we hash every inline script the site holds
and write the policy, with those hashes, in the two forms hosts take:
``_headers`` (Netlify, Cloudflare Pages) and ``_headers.nginx`` (included by
the reference configuration in deploy/nginx/). Data blocks (JSON, JSON-LD)
are not scripts a browser runs and need no hash.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

_INLINE = re.compile(rb"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)  # bytes: no decoding
_DATA_TYPES = (b"application/json", b"application/ld+json")

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


def inline_script_hashes(site_dir: Path) -> list[str]:
    """CSP sources ('sha256-…') of every distinct inline script in the built pages."""
    hashes = set()
    for page in site_dir.rglob("*.html"):
        for match in _INLINE.finditer(page.read_bytes()):  # (pages are UTF-8: the hash is of these bytes)
            attrs = match.group("attrs").lower()
            if b"src=" in attrs or any(t in attrs for t in _DATA_TYPES):
                continue
            digest = hashlib.sha256(match.group("body")).digest()
            hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(hashes)


def policy(site_dir: Path) -> str:
    """The Content Security Policy of the built site."""
    directives = {**POLICY, "script-src": POLICY["script-src"] + inline_script_hashes(site_dir)}
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def write(site_dir: Path) -> str:
    """Write _headers and _headers.nginx into the site folder; return the policy."""
    csp = policy(site_dir)
    headers = {"Content-Security-Policy": csp, **OTHER_HEADERS}
    netlify = "/*\n" + "".join(f"  {name}: {value}\n" for name, value in headers.items())
    (site_dir / "_headers").write_text(netlify, encoding="utf-8")
    nginx = "# Written by the build (hooks/kennisbank/outputs/headers.py): include it in each location.\n"
    nginx += "".join(f'add_header {name} "{value}" always;\n' for name, value in headers.items())
    (site_dir / "_headers.nginx").write_text(nginx, encoding="utf-8")
    return csp
