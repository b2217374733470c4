"""chart.py: the storyline's money over time as inline, accessible SVG."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from civicnews.chart import format_won, money_chart_svg
from civicnews.models import Event, Money, Site, SiteConfig, Storyline, StorylineSpec

from seed_articles import analysed

SVG = "{http://www.w3.org/2000/svg}"


def _site():
    articles, analyses, topics, specs, built = analysed()
    return Site(config=SiteConfig(), articles=tuple(articles), analyses=analyses, topics=topics, indexes=built)


def test_format_won():
    assert format_won(6_200_000_000) == "62억원"
    assert format_won(406_100_000_000) == "4,061억원"
    assert format_won(2_500_000_000_000) == "2조5,000억원"
    assert format_won(200_000) == "20만원"
    assert format_won(150_000_000) == "1억5,000만원"


def test_seed_storyline_chart_is_valid_accessible_svg():
    site = _site()
    storyline = site.indexes.storylines["gwangju-ai-city"]
    svg = money_chart_svg(storyline, site)
    root = ET.fromstring(svg)                                   # well-formed XML
    assert root.tag == SVG + "svg" and root.get("role") == "img"
    title, desc = root.find(SVG + "title"), root.find(SVG + "desc")
    assert title is not None and "광주 AI 중심도시" in title.text
    assert desc is not None and "4,061억원" in desc.text
    assert set(root.get("aria-labelledby").split()) == {title.get("id"), desc.get("id")}
    points = root.findall(f".//{SVG}circle")
    assert len(points) == sum(len(e.money) for e in storyline.money)
    assert all(g.find(SVG + "title") is not None for g in root.findall(SVG + "g"))
    assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "currentColor" in svg and "@media print" in svg
    ranges = root.findall(f".//{SVG}line[@class='range']")
    assert len(ranges) >= 2                                     # 2020-2024, 2022-2023
    assert money_chart_svg(storyline, site) == svg              # same input, same bytes


def test_points_are_placed_by_date_and_amount():
    spec = StorylineSpec("s", "시험", start="2020", end="2024")
    events = (Event("2020", "", "가", "a", (Money(10 ** 8, "1억원"),)),
              Event("2024-06", "", "나", "b", (Money(10 ** 12, "1조원"),)))
    site = Site(config=SiteConfig(), articles=(), analyses={}, topics=(), indexes=None)
    root = ET.fromstring(money_chart_svg(Storyline(spec, ("a", "b"), money=events), site))
    first, second = root.findall(f".//{SVG}circle")
    assert float(first.get("cx")) < float(second.get("cx"))    # later to the right
    assert float(first.get("cy")) > float(second.get("cy"))    # larger higher


def test_no_money_no_chart():
    site = Site(config=SiteConfig(), articles=(), analyses={}, topics=(), indexes=None)
    assert money_chart_svg(Storyline(StorylineSpec("s", "시험"), ()), site) == ""


def test_an_archive_scale_storyline_draws_its_largest_figures():
    spec = StorylineSpec("s", "시험", start="2019", end="2025")
    events = tuple(Event(f"{2019 + k % 6}-{1 + k % 12:02d}", "", f"문장 {k}", f"a{k}",
                         (Money((k + 1) * 10 ** 8, f"{k + 1}억원"),)) for k in range(200))
    site = Site(config=SiteConfig(), articles=(), analyses={}, topics=(), indexes=None)
    svg = money_chart_svg(Storyline(spec, tuple(e.article for e in events), money=events), site)
    root = ET.fromstring(svg)
    points = root.findall(f".//{SVG}circle")
    assert len(points) == 40
    desc = root.find(SVG + "desc").text
    assert "금액 200건 가운데 큰 것 40건" in desc and "200억원" in desc and "161억원" in desc and "160억원" not in desc


def test_crowded_labels_do_not_overlap_and_lead_back_to_their_points():
    spec = StorylineSpec("s", "시험", start="2022", end="2022")
    amounts = (62, 67, 37, 31, 25)                              # one month, close on the log scale
    events = tuple(Event("2022-05", "", "가", "a", (Money(n * 10 ** 8, f"{n}억원"),)) for n in amounts)
    events += (Event("2025-11", "", "나", "a", (Money(25 * 10 ** 11, "2조5,000억원"),)),)   # a wide scale
    site = Site(config=SiteConfig(), articles=(), analyses={}, topics=(), indexes=None)
    root = ET.fromstring(money_chart_svg(Storyline(spec, ("a",), money=events), site))
    labels = sorted(float(t.get("y")) for t in root.findall(f".//{SVG}text[@class='label']"))
    assert len(labels) == len(amounts) + 1
    assert all(b - a >= 14 for a, b in zip(labels, labels[1:]))    # LABEL_HEIGHT apart
    leaders = root.findall(f".//{SVG}line[@class='leader']")
    assert leaders                                               # some were pushed away
    for group in root.findall(SVG + "g"):
        leader, point, label = (group.find(f"{SVG}line[@class='leader']"), group.find(SVG + "circle"),
                                group.find(f"{SVG}text[@class='label']"))
        if leader is not None:                                   # from its own point to its own label
            assert (leader.get("x1"), leader.get("y1")) == (point.get("cx"), point.get("cy"))
            assert leader.get("x2") == label.get("x")
