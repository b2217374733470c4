"""Every default in one place, and the loaders of the site's own configuration files.

content/site.yaml      title, description, base_url, author
content/topics.yaml    the curated taxonomy (slug, name, description, keywords)
content/storylines.yaml the storylines (slug, title, introduction, topics, keywords, period)
"""
from __future__ import annotations

from pathlib import Path

import yaml

from .models import ContentError, Problem, SiteConfig, StorylineSpec, Topic

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = Path("content")
DEFAULT_OUT = Path("site")
DEFAULT_CACHE = Path(".cache")
TEMPLATES_DIR = PROJECT_ROOT / "templates"

RAW_DIR = "raw"
ARTICLES_DIR = "articles"
SOURCES_FILE = "sources.yaml"          # content/raw/sources.yaml: hints per raw file
REPORT_FILE = "cleaning-report.json"   # content/articles/cleaning-report.json
SITE_FILE = "site.yaml"
TOPICS_FILE = "topics.yaml"
STORYLINES_FILE = "storylines.yaml"

TIMEZONE = "+09:00"
RAW_SIZE_LIMIT = 32 * 1024 * 1024      # larger raw files are reported and skipped
ARTICLES_PER_PAGE = 50                 # list pages (topic, keyword, entity, month, storyline year)
SHOWN_PER_SECTION = 12                 # articles (and events) a year page shows per month, a storyline per
                                       # year, before "all N" links to the full list
MILESTONES_PER_YEAR = 8                # a storyline's milestones per year (those with money first)
MONEY_ROWS = 40                        # a storyline's money table: the largest figures
TOPIC_THRESHOLD = 3.0                  # lemma evidence score needed to assign a topic
KEYWORDS_PER_ARTICLE = (5, 10)
RELATED_PER_ARTICLE = 5


def _read_yaml(path: Path, content_dir: Path):
    rel = path.relative_to(content_dir).as_posix() if path.is_relative_to(content_dir) else str(path)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ContentError(Problem(rel, mark.line + 1 if mark else 0,
                                   f"not valid YAML ({getattr(error, 'problem', error)})")) from error


def load_site_config(content_dir: Path, base_url: str | None = None) -> SiteConfig:
    path = content_dir / SITE_FILE
    data = (_read_yaml(path, content_dir) if path.exists() else None) or {}
    url = base_url if base_url is not None else str(data.get("base_url") or "")
    if url and not url.endswith("/"):
        url += "/"
    return SiteConfig(
        title=str(data.get("title") or SiteConfig.title),
        description=str(data.get("description") or ""),
        base_url=url,
        language=str(data.get("language") or "ko"),
        author=str(data.get("author") or ""),
    )


def load_topics(content_dir: Path) -> tuple[Topic, ...]:
    path = content_dir / TOPICS_FILE
    data = (_read_yaml(path, content_dir) if path.exists() else None) or []
    if isinstance(data, dict):
        data = data.get("topics") or []
    topics = []
    for item in data:
        topics.append(Topic(
            slug=str(item["slug"]),
            name=str(item.get("name") or item["slug"]),
            description=str(item.get("description") or ""),
            keywords=tuple(str(k) for k in item.get("keywords") or ()),
        ))
    return tuple(topics)


def load_storylines(content_dir: Path) -> tuple[StorylineSpec, ...]:
    path = content_dir / STORYLINES_FILE
    data = (_read_yaml(path, content_dir) if path.exists() else None) or []
    if isinstance(data, dict):
        data = data.get("storylines") or []
    specs = []
    for item in data:
        period = item.get("period") or {}
        specs.append(StorylineSpec(
            slug=str(item["slug"]),
            title=str(item.get("title") or item["slug"]),
            introduction=str(item.get("introduction") or ""),
            topics=tuple(str(t) for t in item.get("topics") or ()),
            keywords=tuple(str(k) for k in item.get("keywords") or ()),
            start=str(period.get("start") or item.get("start") or ""),
            end=str(period.get("end") or item.get("end") or ""),
        ))
    return tuple(specs)
