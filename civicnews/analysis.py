"""Korean analysis of each article: keywords, topics, mentions, events, money, summary (STUB)."""
from __future__ import annotations

from pathlib import Path

from . import korean
from .models import Article, ArticleAnalysis, Problem, Topic

SEARCH_TAGS = ("NNG", "NNP", "NR", "SL", "SN", "SH", "VV", "VA", "XR")


def check_pins(articles: list[Article], topics: tuple[Topic, ...]) -> list[Problem]:
    """Problems with topics pinned in front matter that the taxonomy does not know."""
    known = {t.slug for t in topics}
    return [Problem(a.path, 0, f"unknown topic {t!r}: add it to content/topics.yaml or use one of "
                               f"{', '.join(sorted(known))}", "warning")
            for a in articles for t in a.topics if t not in known]


def analyse_articles(articles: list[Article], topics: tuple[Topic, ...], cache_dir: Path) -> dict[str, ArticleAnalysis]:
    titles = korean.tokenize_many([" ".join((a.title,) + a.subtitles) for a in articles])
    bodies = korean.tokenize_many([a.body for a in articles])
    return {
        a.slug: ArticleAnalysis(
            slug=a.slug,
            summary=a.body.split("\n\n")[0][:200],
            topics=a.topics,
            title_terms=tuple(t.form.lower() for t in tt if t.tag in SEARCH_TAGS),
            body_terms=tuple(t.form.lower() for t in bt if t.tag in SEARCH_TAGS),
        )
        for a, tt, bt in zip(articles, titles, bodies)
    }
