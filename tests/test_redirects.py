"""Old URLs keep working, in the site's language and on the site itself.

Every page at an old address (``make rename``, redirect_maps in mkdocs.yml) is in the
language of its folder, holds no script, and leads to a page of the same built site by a
relative link, so it also works locally and in a pull request's preview.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from support import BuiltSite, home, languages


def _redirects(site: BuiltSite) -> list[str]:
    return [url for url in site.pages() if site.page(url).xpath('//meta[@http-equiv="refresh"]')]


def _language_of(url: str) -> str:
    return next((lang for lang in languages()[1:] if url.startswith(home(lang))), languages()[0])


def test_every_redirect_is_in_its_pages_language_without_script_and_stays_on_the_site(site: BuiltSite):
    found = _redirects(site)
    assert found, "the real site keeps at least one old address (data/ merged a programme)"
    for url in found:
        page = site.page(url)
        assert page.get("lang") == _language_of(url), url
        assert not page.xpath("//script"), f"{url}: a redirect needs no script"
        refresh = page.xpath('string(//meta[@http-equiv="refresh"]/@content)').split("url=", 1)[1]
        link = page.xpath("string(//main//a/@href)")
        assert refresh == link and not urlsplit(link).scheme, f"{url}: leads off the site: {link}"
        target = urljoin(url, link)
        assert site.exists(target) and not site.page(target).xpath('//meta[@http-equiv="refresh"]'), (url, target)
        assert _language_of(target) == _language_of(url), (url, target)
        assert page.xpath("string(//h1)").strip(), url
