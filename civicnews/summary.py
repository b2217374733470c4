"""What the commands report: small records, cheap to import (the fast path prints them too)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .models import Problem


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

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def again(cls, data: dict) -> "CleanSummary":
        """The summary of a clean with nothing new: what the last one left, all unchanged."""
        return cls(raw_files=data["raw_files"], articles=data["articles"], written=(),
                   unchanged=tuple(data["written"]) + tuple(data["unchanged"]),
                   kept_edited=tuple(data["kept_edited"]), removed=(),
                   skipped=tuple(tuple(s) for s in data["skipped"]), dropped_blocks=data["dropped_blocks"])


@dataclass(frozen=True)
class BuildSummary:
    articles: int
    pages: int
    files_written: int
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)
    # the output folder's files as the build left them (path -> size, mtime, inode and what
    # else the build's manifest keeps of it, the stat first): what the up-to-date check compares
    # the next time, without walking the folder again; the build's own, not a copy
    site_files: dict | None = field(default=None, compare=False, repr=False)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def lines(self) -> list[str]:
        out = [str(p) for p in self.problems]
        done = " (site up to date: nothing changed)" if self.timings.get("up_to_date") else ""
        out.append(f"build: {self.articles} articles, {self.pages} pages, {self.files_written} files written{done}, "
                   f"{len(self.errors)} skipped with errors, {len(self.warnings)} warnings, {self.seconds:.1f} s")
        return out

    def to_dict(self) -> dict:
        return {"articles": self.articles, "pages": self.pages, "problems": [asdict(p) for p in self.problems]}

    @classmethod
    def again(cls, data: dict, seconds: float) -> "BuildSummary":
        """The summary of a build with nothing to do: the last build's counts and problems."""
        return cls(articles=data["articles"], pages=data["pages"], files_written=0,
                   problems=tuple(Problem(**p) for p in data["problems"]), seconds=seconds,
                   timings={"up_to_date": True, "pages_rendered": 0})
