"""End to end: the embedded seeds through clean and build, as a newcomer runs them."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from civicnews import cli, pipeline, render

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def seed_content(tmp_path_factory) -> Path:
    """A content folder made from the seeds alone, as in a fresh clone."""
    content = tmp_path_factory.mktemp("seed") / "content"
    (content / "raw").mkdir(parents=True)
    for raw in sorted(SEEDS.glob("*.txt")):
        shutil.copyfile(raw, content / "raw" / raw.name)
    for name in ("site.yaml", "topics.yaml", "storylines.yaml"):
        shutil.copyfile(ROOT / "content" / name, content / name)
    return content


@pytest.fixture(scope="module")
def built(seed_content, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "site"
    cache = tmp_path_factory.mktemp("cache")
    assert cli.main(["--content", str(seed_content), "--out", str(out), "--cache", str(cache), "-q"]) == 0
    return seed_content, out, cache


def test_the_embedded_default_content_is_the_seeds_byte_for_byte():
    for seed in sorted(SEEDS.glob("*.txt")):
        assert (ROOT / "content" / "raw" / seed.name).read_bytes() == seed.read_bytes()


def test_seeds_become_eight_articles_and_a_site_in_the_documented_layout(built):
    content, out, _ = built
    articles = sorted((content / "articles").glob("*.md"))
    assert len(articles) == 8
    assert (content / "articles" / "cleaning-report.json").exists()
    for page in ("index.html", "search.html", "about.html", "404.html", "feed.xml", "sitemap.xml",
                 "robots.txt", ".nojekyll", "topics/index.html", "timeline/index.html",
                 "storylines/gwangju-ai-city.html"):
        assert (out / page).is_file(), page
    for article in articles:
        assert (out / "articles" / f"{article.stem}.html").is_file()
    assert list((out / "people").glob("*.html")) and list((out / "organizations").glob("*.html"))


def test_rebuilding_gives_byte_identical_files(built, tmp_path):
    content, out, cache = built
    again = tmp_path / "again"
    assert cli.main(["build", "--content", str(content), "--out", str(again), "--cache", str(cache), "-q"]) == 0
    assert tree_digest(again) == tree_digest(out)
    cold = tmp_path / "cold"
    assert cli.main(["build", "--content", str(content), "--out", str(cold),
                     "--cache", str(tmp_path / "empty-cache"), "-q"]) == 0
    assert tree_digest(cold) == tree_digest(out)


def test_cleaning_twice_is_idempotent(built):
    content, _, _ = built
    before = tree_digest(content / "articles")
    summary = pipeline.clean(content)
    assert summary.written == () and len(summary.unchanged) == 8
    assert tree_digest(content / "articles") == before


def test_a_failed_build_leaves_the_previous_site(built, tmp_path, monkeypatch):
    content, out, cache = built
    site = tmp_path / "site"
    shutil.copytree(out, site)
    before = tree_digest(site)

    def broken(_site):
        raise RuntimeError("renderer crashed midway")

    monkeypatch.setattr(render, "render_site", broken)
    with pytest.raises(RuntimeError):
        pipeline.build(content, site, cache)
    assert tree_digest(site) == before


def test_a_broken_article_is_skipped_reported_and_strict_fails(built, tmp_path, capsys):
    content, _, cache = built
    copy = tmp_path / "content"
    shutil.copytree(content, copy)
    (copy / "articles" / "broken.md").write_text("---\ntitle: [unclosed\n---\n\n본문\n", encoding="utf-8")
    out = tmp_path / "site"
    assert cli.main(["build", "--content", str(copy), "--out", str(out), "--cache", str(cache)]) == 0
    err = capsys.readouterr().err
    assert "broken.md:2: error: front matter is not valid YAML" in err
    assert len(list((out / "articles").glob("*.html"))) == 8
    assert cli.main(["build", "--strict", "--content", str(copy), "--out", str(out), "--cache", str(cache)]) == 1


def test_check_passes_on_the_seed_site_and_fails_on_a_broken_link(built, tmp_path):
    content, out, cache = built
    assert cli.main(["check", "--content", str(content), "--out", str(out), "--cache", str(cache)]) == 0
    site = tmp_path / "site"
    shutil.copytree(out, site)
    page = site / "about.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", '<a href="nowhere.html">x</a></main>'),
                    encoding="utf-8")
    assert cli.main(["check", "--content", str(content), "--out", str(site), "--cache", str(cache)]) != 0


@pytest.mark.parametrize("argv", [
    ["--content", "c", "--out", "o", "--cache", "k", "-q", "build"],
    ["build", "--content", "c", "--out", "o", "--cache", "k", "-q"],
    ["--content", "c", "--cache", "k", "build", "--out", "o", "--quiet"],
])
def test_the_common_options_count_before_and_after_the_command(argv):
    args = cli._parser().parse_args(argv)
    assert (args.command, args.content, args.out, args.cache, args.quiet) == ("build", Path("c"), Path("o"), Path("k"), True)


def test_the_common_options_default_with_or_without_a_command():
    for argv in ([], ["build"], ["serve"]):
        args = cli._parser().parse_args(argv)
        assert (args.content, args.out, args.base_url, args.strict, args.force) == \
            (Path("content"), Path("site"), None, False, False)
