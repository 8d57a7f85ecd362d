"""End to end, in the browser: the story an editor made with `new` is found by the search."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from conftest import serve_dir, visits
from test_editor_e2e import SLUG, edited  # noqa: F401 - the module-scoped build of the edited site

pytestmark = pytest.mark.browser


def test_new_story_is_found_by_the_search_in_each_language(browser, edited):  # noqa: F811
    httpd = serve_dir(edited.root)
    opened = visits(browser, f"http://127.0.0.1:{httpd.server_address[1]}")
    open_ = next(opened)
    try:
        for prefix, word in (("", "dam"), ("/nl", "dam")):
            v = open_(f"{prefix}/find/?q={word}")
            v.page.wait_for_selector(".kb-result a")
            found = {urljoin(v.page.url, h) for h in v.page.eval_on_selector_all(".kb-result a", "as => as.map(a => a.href)")}
            assert any(u.endswith(f"{prefix}/stories/{SLUG}/") for u in found), (prefix, found)
            assert v.foreign_requests == [] and v.console_errors == []
    finally:
        opened.close()  # closes its browser contexts
        httpd.shutdown()
