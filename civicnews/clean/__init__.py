"""Cleaning: raw news pages in content/raw/ -> Article drafts and a cleaning report.

For each raw file: decode (decode.py) -> numbered lines (lines.py) -> split into news items
(split.py; print pages by their bylines in printpage.py) -> read each item's layout (web.py for
web copies and broadcast scripts, printpage.py for OCR of print) -> settle dates, outlet and
slug here. Every non-blank raw line ends up in an article or in the report with a reason.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from .. import config, slugs
from ..articles import escape_markdown
from ..models import Article, CleanResult, Dropped, FileReport, Photo, Source
from . import boilerplate, bylines, dates, decode, printpage, shape, sources, spacing, split, web
from . import html as html_input
from .dates import DateInfo
from .captions import split_figure_credit
from .draft import Assembled, Draft, ends_sentence, squash, unique
from .lines import Line, guessed_repairs, linked_lines, split_lines
from . import outlets
from .outlets import from_email
from .sources import Hint

HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass(frozen=True)
class FileResult:
    articles: tuple[Article, ...]
    report: FileReport
    accounted: frozenset[int] = frozenset()     # raw lines that went into an article or the report
    lines: tuple[Line, ...] = ()


def clean_content(content_dir: Path) -> CleanResult:
    """Clean every file in content_dir/raw/ (sources.yaml gives optional hints per file)."""
    raw_dir = content_dir / config.RAW_DIR
    if not raw_dir.is_dir():
        return CleanResult(articles=(), reports=())
    hints, _problem = sources.load_hints(raw_dir)
    root = content_dir.resolve()
    reports: list[FileReport] = []
    paths: list[Path] = []
    for path in sorted(raw_dir.iterdir()):
        if not path.is_file() or path.name == config.SOURCES_FILE or path.name.startswith("."):
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            # never read what a link points at outside the archive: it would be published
            reports.append(FileReport(f"{config.RAW_DIR}/{path.name}",
                                      skipped="symbolic link points outside the content folder: skipped; "
                                              "copy the file into content/ instead"))
            continue
        paths.append(path)
    lexicon = archive_lexicon(paths)
    articles: list[Article] = []
    for path in paths:
        result = clean_file(path, hints.get(path.name, Hint()), lexicon)
        articles.extend(result.articles)
        reports.append(result.report)
    return CleanResult(articles=tuple(articles), reports=tuple(sorted(reports, key=lambda r: r.file)))


def archive_lexicon(paths: list[Path]) -> spacing.Lexicon | None:
    """The compounds and names of the archive's properly spaced pages, to restore the spacing of
    its print pages with (None when no page lost its spacing: then nothing needs learning)."""
    spaced: list[str] = []
    lost = False
    for path in paths:
        if path.stat().st_size > config.RAW_SIZE_LIMIT or path.suffix.lower() in HTML_SUFFIXES:
            continue
        decoded = decode.decode(path.read_bytes())
        if decoded.skipped:
            continue
        if spacing.is_spacing_lost(decoded.text[:40000]):
            lost = True
        else:
            spaced.append(decoded.text)
    return spacing.learn_lexicon(spaced) if lost and spaced else None


def clean_file(path: Path, hint: Hint = Hint(), lexicon: spacing.Lexicon | None = None) -> FileResult:
    name = f"{config.RAW_DIR}/{path.name}"
    size = path.stat().st_size
    if size > config.RAW_SIZE_LIMIT:
        return FileResult((), FileReport(name, skipped=f"too large ({size:,} bytes; the limit is "
                                                         f"{config.RAW_SIZE_LIMIT:,}): split the file"))
    return clean_bytes(path.read_bytes(), name, hint, is_html=path.suffix.lower() in HTML_SUFFIXES,
                       lexicon=lexicon)


def clean_bytes(data: bytes, source_file: str, hint: Hint = Hint(), is_html: bool = False,
                lexicon: spacing.Lexicon | None = None) -> FileResult:
    decoded = decode.decode(data)
    if decoded.skipped:
        return FileResult((), FileReport(source_file, skipped=decoded.skipped))
    return clean_text(decoded.text, source_file, hint, decoded.encoding, is_html, lexicon)


def clean_text(text: str, source_file: str, hint: Hint = Hint(), encoding: str = "utf-8",
               is_html: bool = False, lexicon: spacing.Lexicon | None = None) -> FileResult:
    dropped: list[Dropped] = []
    title_hint = url = sitename = ""
    figures: tuple[str, ...] = ()
    page_date: DateInfo | None = None
    if is_html:
        extracted = html_input.extract(text)
        text, title_hint, url, sitename = extracted.text, extracted.title, extracted.url, extracted.sitename
        figures = extracted.captions
        if extracted.byline and extracted.byline.split()[0] not in text:
            text += "\n" + extracted.byline
        missing = [deck for deck in extracted.decks if re.sub(r"\s+", "", deck) not in re.sub(r"\s+", "", text)]
        if missing:
            text = "\n".join(missing) + "\n" + text       # above the body, where a deck stands
        page_date = dates.from_hint(extracted.date)
        dropped.append(Dropped(0, "(markup, menus and scripts outside the main text)", "html outside the main text"))
    url = hint.url or url
    lines = split_lines(text)
    accounted: set[int] = set()

    # a scraper's " date 2025-11-23 " prefix on the first line
    scraper = None
    for index, line in enumerate(lines):
        if line.text:
            scraper, rest = dates.scraper_prefix(line.text)
            if scraper is not None:
                accounted.add(line.no)
                lines[index] = Line(line.no, rest, line.heading)
            break

    content = [line for line in lines if line.text]
    # whether spacing was lost is a property of the whole page: a sample of it decides
    sample = "\n".join(line.text for line in content[:400])[:40000]
    if len(content) >= 4 and spacing.is_spacing_lost(sample):
        assembled = [printpage.assemble(lines, lexicon)]
        mode = "print"
    elif _spaced_print(content):
        assembled = [printpage.assemble(lines, lexicon, spaced=True)]
        mode = "print"
    else:
        segments, separators, groups = split.split(lines)
        dropped.extend(separators)
        wrapped = _hard_wrapped(content)
        assembled = _share_roundup_bylines([web.assemble(segment, title_hint if len(segments) == 1 else "", wrapped)
                                            for segment in segments], groups)
        mode = "web"
    drafts = [d for a in assembled for d in a.drafts]
    if mode == "web" and len(drafts) > 1:
        drafts, notes = _without_posters_notes(drafts, [d for a in assembled for d in a.dropped],
                                               {line.no: line.text for line in content})
        dropped.extend(notes)
    if figures and len(drafts) == 1:
        drafts = [_with_figures(drafts[0], figures)]
    page_date = page_date or _first_printed_date(content)
    for a in assembled:
        dropped.extend(a.dropped)
    outlet_hints = [o for a in assembled for o in a.outlet_hints] + ([sitename] if sitename else [])

    page_emails = unique(e for d in drafts for e in d.emails if not e.endswith("@"))
    page_outlet = hint.outlet or _page_outlet(drafts, page_emails, outlet_hints)
    owner = _copyright_owner(dropped)
    self_named = _self_named(dropped, content[0].text if content else "")
    shared_date = next((d.published for d in drafts if d.published is not None), None) or page_date
    page_text = "\n".join(p for d in drafts for p in (d.title, *d.subtitles, *d.paragraphs,
                                                     *(ph.caption for ph in d.photos)))
    articles: list[Article] = []
    for draft in drafts:
        accounted |= draft.used
        article = _article(draft, source_file, hint, url, page_outlet or self_named, owner, page_emails,
                           draft.published or (shared_date if mode == "print" else page_date),
                           scraper, page_text if mode == "print" else "")
        articles.append(article)
    accounted |= {d.line for d in dropped}
    for line in content:
        if line.no not in accounted:
            dropped.append(Dropped(line.no, line.text, "unclassified"))
            accounted.add(line.no)
    # a guessed repair changed the line's text: the report keeps it as the page wrote it
    dropped.extend(Dropped(no, written, "as written (a '?' read as a lost '·')")
                   for no, written in guessed_repairs(lines, text))
    dropped = _with_link_targets(dropped, linked_lines(lines, text), {no for d in drafts for no in d.used})
    articles = _unique_slugs(articles)
    report = FileReport(file=source_file, articles=tuple(a.slug for a in articles),
                        dropped=_merge(sorted(dropped, key=lambda d: d.line)), encoding=encoding)
    return FileResult(tuple(articles), report, frozenset(accounted), tuple(lines))


def _with_link_targets(dropped: list[Dropped], linked: dict[int, str], used: set[int]) -> list[Dropped]:
    """A line that lost its Markdown link targets is reported as written: in place of its one
    dropped block, or beside the article that took it."""
    per_line = Counter(d.line for d in dropped)
    done = []
    for item in dropped:
        if item.line in linked and item.line not in used and per_line[item.line] == 1:
            item = Dropped(item.line, linked[item.line], item.reason)
        done.append(item)
    done.extend(Dropped(no, written, "as written (Markdown link targets removed)") for no, written in linked.items()
                if no in used or per_line[no] > 1)
    return done


def _share_roundup_bylines(assembled: list[Assembled], groups: list[int]) -> list[Assembled]:
    """A roundup's items ('◇광양시, …' after the first) are signed once, at the end of the page, under
    one breadcrumb at its top: an item with no byline or section of its own takes its roundup's."""
    signed: dict[int, Draft] = {}
    sections: dict[int, str] = {}
    for group, a in zip(groups, assembled):
        for draft in a.drafts:
            if draft.reporters and group not in signed:
                signed[group] = draft
            if draft.section and group not in sections:
                sections[group] = draft.section

    def shared(draft: Draft, group: int) -> Draft:
        source = signed.get(group)
        if source is not None and not draft.reporters:
            draft = replace(draft, reporters=source.reporters, emails=source.emails,
                            desk=draft.desk or source.desk, outlet=draft.outlet or source.outlet)
        return replace(draft, section=draft.section or sections.get(group, ""))

    return [replace(a, drafts=tuple(shared(d, group) for d in a.drafts)) if groups.count(group) > 1 else a
            for group, a in zip(groups, assembled)]


def _with_figures(draft: Draft, figures: tuple[str, ...]) -> Draft:
    """A saved page's figure captions (which trafilatura leaves out of the text) join its article's
    photos, with their credits split off, unless the text already gave them."""
    known = {squash(p.caption) for p in draft.photos} | {squash(p) for p in draft.paragraphs}
    photos = list(draft.photos)
    for figure in figures:
        caption, credit = split_figure_credit(re.sub(r"^[▲△]\s*", "", figure))
        if caption and squash(caption) not in known and not any(squash(caption) in k for k in known):
            photos.append(Photo(caption, credit))
            known.add(squash(caption))
    return replace(draft, photos=tuple(photos))


def _first_printed_date(content: list[Line]) -> DateInfo | None:
    for line in content:
        for found in dates.parse_line(line.text):
            # a weekday with no time and no label is a page's 'today' (print pages date themselves
            # from their masthead in printpage.py)
            if found.kind == "published" or (found.kind == "plain" and not found.masthead):
                return found.info
    return None


def _hard_wrapped(content: list[Line]) -> bool:
    """A broadcast script: short lines wrapped by hand, few of them ending a sentence."""
    texts = [line.text for line in content if len(line.text) > 3 and not boilerplate.classify(line.text)]
    if len(texts) < 6:
        return False
    endings = [t for t in texts if ends_sentence(t)]
    # a web page's sentences stand on lines of their own, most of them long; a script's are cut short,
    # and cut inside a sentence: some lines end in a particle or a connective ending ('… 앞두고',
    # '… 점검에'), where a web page's short lines (menus, labels, list items) end in nouns
    return (statistics.median(len(t) for t in texts) < 32 and len(endings) / len(texts) < 0.4
            and bool(endings) and statistics.median(len(t) for t in endings) < 30
            and sum(1 for t in texts if _cut_mid_sentence(t)) >= 2)


def _spaced_print(content: list[Line]) -> bool:
    """OCR of a print page that kept its word spacing: a running head at the top ('경남일보 2024년
    3월 5일 화요일 5면'), lines wrapped to a narrow column, and print's closing bylines ('/정규민기자')."""
    if not any(dates.running_head(line.text) for line in content[:3]):
        return False
    texts = [line.text for line in content if not boilerplate.classify(line.text)]
    signed = [t for t in texts if t.lstrip().startswith("/") and (bylines.parse(t) or bylines.Byline()).reporters]
    return len(texts) >= 8 and statistics.median(len(t) for t in texts) < 24 and bool(signed)


def _cut_mid_sentence(text: str) -> bool:
    return shape.cut_mid_sentence(text)


def _page_outlet(drafts: list[Draft], emails: tuple[str, ...], hints: list[str]) -> str:
    named = Counter(d.outlet for d in drafts if d.outlet)
    if named:
        return named.most_common(1)[0][0]
    by_email = Counter(from_email(e) for e in emails if from_email(e))
    hints = [h for h in hints if h]
    if by_email:
        name = by_email.most_common(1)[0][0]
        if name in hints:
            return name             # '영남일보TV' in the menu, '영남일보' in its copyright: the paper's
        # the page names itself '연합뉴스TV' where the e-mail domain is its parent's (yna.co.kr: 연합뉴스)
        return next((h for h in hints if h.startswith(name) and 0 < len(h) - len(name) <= 3), name)
    return Counter(hints).most_common(1)[0][0] if hints else ""


_REPOST_TAG = re.compile(r"^[\[(]\s*(?:퍼옴|펌|퍼온\s*글|스크랩|공유|옮김)\s*[\])]")


def _without_posters_notes(drafts: list[Draft], dropped: list[Dropped],
                           texts: dict[int, str]) -> tuple[list[Draft], list[Dropped]]:
    """A cafe's or a blog's repost ('[퍼옴] …' over the article, '출처: 광남일보' under it) is split from
    the poster's own lines by the separators around the article: a piece with no byline and one short
    line ('뉴스 퍼왔어요.') beside the signed article is the poster's note, not an article."""
    marked = any(_REPOST_TAG.match(t) for d in drafts for t in (d.title, *d.subtitles)) \
        or any(d.reason == "source line" for d in dropped)
    signed = [d for d in drafts if d.reporters and len(d.paragraphs) >= 3]
    if not marked or not signed:
        return drafts, []
    kept: list[Draft] = []
    notes: list[Dropped] = []
    for draft in drafts:
        if not draft.reporters and len(draft.paragraphs) <= 1 and sum(len(p) for p in draft.paragraphs) < 80:
            notes.extend(Dropped(no, texts.get(no, ""), "the poster's (a repost)") for no in sorted(draft.used))
        else:
            kept.append(draft)
    return kept, notes


def _copyright_owner(dropped: list[Dropped]) -> str:
    """The outlet the page's copyright line names, if it is an outlet's name ('Copyright © NAVER
    Corp.' is the portal's, not the article's publisher), else ""."""
    names = Counter(boilerplate.copyright_outlet(d.text) for d in dropped if d.reason == "copyright")
    names.pop("", None)
    for name, _count in names.most_common():
        if name in outlets.KNOWN or outlets.looks_like_outlet(name):
            return outlets.canonical(name)
    return ""


_PORTALS = {"naver", "네이버", "네이버 뉴스", "daum", "다음", "다음 뉴스", "nate", "네이트", "zum", "줌"}


def _self_named(dropped: list[Dropped], first_line: str) -> str:
    """The name the page opens with when its copyright line names it too ('민중의소리' above the menu,
    '©민중의소리' under the article; 'Copyright © 광주광역시 북구의회'): a site whose name has no
    outlet's shape. Only a last resort for the outlet: a portal opens with its own name too."""
    opening = first_line.strip()
    if not opening or len(opening) > 20 or opening.lower() in _PORTALS:
        return ""
    mark = re.compile(r"(?:ⓒ|©|\(c\)|Copyright)\s*" + re.escape(opening) + r"(?![가-힣A-Za-z0-9])")
    return opening if any(d.reason == "copyright" and mark.search(d.text) for d in dropped) else ""


def _complete_emails(emails: tuple[str, ...], page_emails: tuple[str, ...]) -> tuple[str, ...]:
    """'lucky@' cut off at the end of a print column -> 'lucky@kwangju.co.kr' seen on the page."""
    done = []
    for email in emails:
        if email.endswith("@"):
            email = next((e for e in page_emails if e.startswith(email)), email)
        done.append(email)
    return unique(done)


def _article(draft: Draft, source_file: str, hint: Hint, url: str, page_outlet: str, owner: str,
             page_emails: tuple[str, ...], printed: DateInfo | None, scraper: DateInfo | None,
             page_text: str) -> Article:
    body_text = "\n".join((draft.title, *draft.subtitles, *draft.paragraphs, *(p.caption for p in draft.photos)))
    info = _settle_date(hint, printed, url, scraper, page_text or body_text)
    emails = _complete_emails(draft.emails, page_emails)
    by_email = next((from_email(e) for e in emails if from_email(e)), "")
    if by_email and not draft.outlet and page_outlet.startswith(by_email):
        by_email = page_outlet      # 'yna.co.kr' is 연합뉴스's, the page names itself 연합뉴스TV
    if by_email and owner and not draft.outlet and not owner.startswith(by_email):
        by_email = owner            # a group's outlet writes from its parent's domain (머니S at mt.co.kr)
    outlet = hint.outlet or outlets.canonical(draft.outlet or by_email or page_outlet)
    desk = draft.desk or (draft.outlet if draft.outlet and outlets.canonical(draft.outlet) != draft.outlet
                          and draft.outlet.endswith("CBS") and draft.outlet != "CBS" else "")
    date = info.date if info else ""
    title = draft.title.strip()
    return Article(
        slug=slugs.article_slug(date, source_file, title),
        title=title,
        # the page's text is plain text: escaped so the Markdown body shows it as written
        body="\n\n".join(escape_markdown(p) for p in draft.paragraphs) + "\n" if draft.paragraphs else "",
        date=date,
        date_precision=info.precision if info else "day",
        date_inferred=bool(info and info.inferred),
        date_evidence=info.evidence if info and info.inferred else (),
        subtitles=draft.subtitles,
        outlet=outlet,
        section=hint.section or draft.section,
        desk=desk,
        reporters=draft.reporters,
        emails=emails,
        photos=draft.photos,
        kind=draft.kind,
        source=Source(source_file, url),
        updated=draft.updated.date if draft.updated else "",
    )


def _settle_date(hint: Hint, printed: DateInfo | None, url: str, scraper: DateInfo | None,
                 text: str) -> DateInfo | None:
    """The curator's hint, else the printed date, else the URL's, else the scraper's, else inferred."""
    from_hint = dates.from_hint(hint.date)
    if from_hint is not None:
        return from_hint
    if printed is not None:
        return printed
    from_url = dates.from_url(url)
    if from_url is not None:
        return from_url
    if scraper is not None:
        return replace(scraper, inferred=True, evidence=(f"scraper prefix 'date {scraper.date}' on the first line",))
    return dates.infer(text)


def _unique_slugs(articles: list[Article]) -> list[Article]:
    seen: Counter = Counter()
    done = []
    for article in articles:
        seen[article.slug] += 1
        if seen[article.slug] > 1:
            article = replace(article, slug=f"{article.slug}-{seen[article.slug]}")
        done.append(article)
    return done


def _merge(dropped: list[Dropped]) -> tuple[Dropped, ...]:
    """Runs of dropped lines with the same reason, next to each other, become one block."""
    runs: list[tuple[Dropped, list[str]]] = []     # texts joined once per block: linear in the page
    last_line = -10
    for item in dropped:
        if runs and runs[-1][0].reason == item.reason and item.line - last_line <= 2:
            runs[-1][1].append(item.text)
        else:
            runs.append((item, [item.text]))
        last_line = item.line
    return tuple(Dropped(first.line, "\n".join(texts), first.reason) for first, texts in runs)
