"""The two commands' bodies: clean (raw -> articles) and build (articles -> site).

Each step hands the next one a value; only output.write_site() touches the output folder.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from . import analysis, articles, config, indexes, offline, output, render, report, search
from .clean import clean_content
from .models import Problem, Site


@dataclass(frozen=True)
class CleanSummary:
    raw_files: int
    articles: int
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    kept_edited: tuple[str, ...]
    removed: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...]          # (raw file, reason)
    dropped_blocks: int

    def lines(self) -> list[str]:
        out = [f"clean: {self.raw_files} raw files -> {self.articles} articles "
               f"({len(self.written)} written, {len(self.unchanged)} unchanged, "
               f"{len(self.kept_edited)} kept as edited by a curator, {len(self.removed)} stale removed); "
               f"{self.dropped_blocks} blocks dropped"]
        out += [f"  skipped {file}: {reason}" for file, reason in self.skipped]
        out += [f"  kept edited {name} (use --force to re-clean it)" for name in self.kept_edited]
        return out


@dataclass(frozen=True)
class BuildSummary:
    articles: int
    pages: int
    files_written: int
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def lines(self) -> list[str]:
        out = [str(p) for p in self.problems]
        out.append(f"build: {self.articles} articles, {self.pages} pages, {self.files_written} files written, "
                   f"{len(self.errors)} skipped with errors, {len(self.warnings)} warnings, {self.seconds:.1f} s")
        return out


def clean(content_dir: Path, force: bool = False) -> CleanSummary:
    """content/raw/ -> content/articles/*.md and the cleaning report."""
    result = clean_content(content_dir)
    written = articles.write_articles(result.articles, content_dir / config.ARTICLES_DIR, force=force)
    report.write_report(content_dir, result.reports)
    return CleanSummary(
        raw_files=len(result.reports),
        articles=len(result.articles),
        written=tuple(written["written"]),
        unchanged=tuple(written["unchanged"]),
        kept_edited=tuple(written["kept_edited"]),
        removed=tuple(written["removed"]),
        skipped=tuple((r.file, r.skipped) for r in result.reports if r.skipped),
        dropped_blocks=sum(len(r.dropped) for r in result.reports),
    )


def gather(content_dir: Path, cache_dir: Path, base_url: str | None = None) -> Site:
    """Read everything and analyse it: the whole site as one value, before anything is written."""
    site_config = config.load_site_config(content_dir, base_url)
    # 1. the articles, validated (broken files become problems, the rest go on)
    found, problems = articles.load_articles(content_dir)
    topics = config.load_topics(content_dir)
    storylines = config.load_storylines(content_dir)
    problems += analysis.check_pins(found, topics)
    # 2. Korean analysis, cached by content hash
    analyses = analysis.analyse_articles(found, topics, cache_dir)
    # 3. indexes: topics, keywords, people, organisations, timeline, storylines, related
    built = indexes.build_indexes(found, analyses, topics, storylines)
    newest_first = tuple(sorted(found, key=lambda a: a.sort_key, reverse=True))
    return Site(config=site_config, articles=newest_first, analyses=analyses, topics=topics,
                indexes=built, reports=report.read_report(content_dir), problems=tuple(problems))


def build(content_dir: Path, out_dir: Path, cache_dir: Path, base_url: str | None = None) -> BuildSummary:
    """content/articles/ -> site/."""
    started = time.perf_counter()
    site = gather(content_dir, cache_dir, base_url)
    # 4. render every page and the search index, in memory
    outputs = render.render_site(site) + search.search_outputs(site)
    outputs += offline.offline_outputs(outputs)          # service worker + what it can save
    outputs = output.archive_outputs(outputs, site)      # the downloadable zip of it all
    # 5. write: into a temporary folder swapped in at the end
    written = output.write_site(outputs, out_dir)
    pages = sum(1 for o in outputs if o.path.endswith(".html"))
    return BuildSummary(articles=len(site.articles), pages=pages, files_written=written,
                        problems=site.problems, seconds=time.perf_counter() - started)
