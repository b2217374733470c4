"""urls.py: every link relative, pointing at a file, right from any depth."""
import posixpath

import pytest

from civicnews import urls


@pytest.mark.parametrize("page, target, link", [
    ("index.html", "topics/index.html", "topics/index.html"),
    ("index.html", "index.html", "index.html"),
    ("topics/ai.html", "index.html", "../index.html"),
    ("topics/ai.html", "topics/index.html", "index.html"),
    ("topics/ai.html", "articles/2020-01-02-abc.html", "../articles/2020-01-02-abc.html"),
    ("articles/x.html", "static/style.css", "../static/style.css"),
    ("timeline/2020.html", "timeline/2021.html#m05", "2021.html#m05"),
    ("a/b/c.html", "d/e.html", "../../d/e.html"),
    ("404.html", "about.html", "about.html"),
])
def test_relative_links_from_nested_pages(page, target, link):
    assert urls.relative(page, target) == link
    # followed from the page's folder, the link lands on the target
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), link.partition("#")[0]))
    assert resolved == target.partition("#")[0]


@pytest.mark.parametrize("target", ["/index.html", "topics/", "", "#top"])
def test_targets_must_be_files_relative_to_the_root(target):
    with pytest.raises(ValueError):
        urls.relative("index.html", target)


def test_odd_characters_in_a_slug_are_percent_encoded():
    assert urls.relative("index.html", "keywords/a b?c.html") == "keywords/a%20b%3Fc.html"


def test_absolute_urls_only_with_a_base_url():
    assert urls.absolute("", "articles/x.html") == ""
    assert urls.absolute("https://o.github.io/repo/", "articles/x.html") == "https://o.github.io/repo/articles/x.html"
    assert urls.absolute("https://o.github.io/repo/", "index.html") == "https://o.github.io/repo/"


def test_links_of_a_page_know_which_targets_exist():
    links = urls.Links("articles/x.html", {"국비": "guk-bi"}, ["person/bak-do-yun"])
    assert links.keyword("국비") == "../keywords/guk-bi.html"
    assert links.keyword("없는말") == ""
    assert links.entity("person", "bak-do-yun") == "../people/bak-do-yun.html"
    assert links.entity("person", "nobody") == ""
    assert links.year(2022, 5) == "../timeline/2022.html#m05"
    assert links.article("y", "event-2") == "y.html#event-2"
    assert links.static("style.css") == "../static/style.css"


def test_keyword_slugs_are_ascii_and_unique():
    slugs = urls.keyword_slugs(["국비", "국-비", "AI", "데이터"])
    assert len(set(slugs.values())) == 4
    assert all(s.isascii() and "/" not in s for s in slugs.values())
