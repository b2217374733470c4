"""Article files: Markdown with YAML front matter, read and written in one documented schema.

Reading validates every field where it is parsed and reports each problem with the file,
the line and the fix; a broken file is skipped, the others load.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Iterable

import yaml

from . import uptodate
from .models import Article, ContentError, Photo, Problem, Source
from .slugs import name_slug

FRONT_MATTER_KEYS = (
    "title", "subtitles", "date", "date_precision", "date_inferred", "date_evidence", "updated",
    "outlet", "section", "desk", "reporters", "emails", "photos", "kind", "source", "slug",
    "topics", "keywords", "generated_hash",
)
PRECISIONS = ("minute", "second", "day", "month", "year")
KINDS = ("article", "photo")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
DATE_RE = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})"
    r"(?:T(?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?P<tz>[+-]\d{2}:\d{2}|Z)?)?)?)?$"
)


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as the text the curator wrote."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_FastLoader = _Loader
if getattr(yaml, "__with_libyaml__", False):
    class _CLoader(yaml.CSafeLoader):
        """libyaml's loader (about 8x faster) with the same resolvers as _Loader."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _FastLoader = _CLoader


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


# ---------------------------------------------------------------- dates

def check_date(text: str) -> str:
    """Return "" if text is a valid ISO 8601 date (as precise as known), else what is wrong."""
    match = DATE_RE.match(text)
    if not match:
        return f"date {text!r} is not ISO 8601 (write 2022-05, 2022-05-08 or 2022-05-08T09:55:00+09:00)"
    y, m, d = match["y"], match["m"], match["d"]
    if m and not 1 <= int(m) <= 12:
        return f"date {text!r} has month {m}, which does not exist"
    if d:
        import datetime
        try:
            datetime.date(int(y), int(m), int(d))
        except ValueError:
            return f"date {text!r} is not a day of the calendar"
    if match["H"] and (int(match["H"]) > 23 or int(match["M"]) > 59 or int(match["S"] or 0) > 59):
        return f"date {text!r} has an impossible time of day"
    return ""


# ---------------------------------------------------------------- reading

def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """Split a file into (front matter YAML, body, first line number of the body)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise ContentError(Problem(path, 1, "no front matter: the file must start with a line '---', "
                                             "then YAML, then '---'"))
    end = text.find("\n---\n", 3)
    if end < 0:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            raise ContentError(Problem(path, 1, "front matter is not closed: add a line '---' after the YAML"))
    yaml_text = text[4:end + 1]
    body = text[end + 5:]
    body_line = yaml_text.count("\n") + 3
    return yaml_text, body, body_line


def _key_lines(yaml_text: str) -> dict[str, int]:
    """Line (1-based, counting the opening '---' as line 1) of each top-level key."""
    lines: dict[str, int] = {}
    try:
        node = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.YAMLError:
        return lines
    if isinstance(node, yaml.MappingNode):
        for key, _value in node.value:
            lines[str(key.value)] = key.start_mark.line + 2
    return lines


def parse_article(text: str, path: str) -> Article:
    """Parse one article file; raise ContentError naming the first problem."""
    meta, body, problems = _parse(text, path)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(errors[0])
    return _article_from(meta, body, path)


def validate_text(text: str, path: str) -> list[Problem]:
    """Every problem of one article file (errors and warnings), each with its line."""
    return _parse(text, path)[2]


def _parse(text: str, path: str) -> tuple[dict, str, list[Problem]]:
    """(front matter, body, problems) of one article file, parsing the YAML once."""
    try:
        yaml_text, body, body_line = split_front_matter(text, path)
    except ContentError as error:
        return {}, "", [error.problem]
    try:
        meta = yaml.load(yaml_text, Loader=_FastLoader)
    except yaml.YAMLError as error:
        # The context mark is where the broken construct began (an unclosed quote's line);
        # the problem mark is where the parser gave up, often the end of the front matter.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = " ".join(filter(None, (getattr(error, "context", None), getattr(error, "problem", None))))
        return {}, body, [Problem(path, line, f"front matter is not valid YAML ({reason or error}); "
                                              "check quotes and indentation on this line")]
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return {}, body, [Problem(path, 2, "front matter must be a mapping of keys to values (key: value)")]
    problems: list[Problem] = []
    lines: dict[str, int] = {}

    def add(key: str, message: str, severity: str = "error") -> None:
        if not lines:       # key lines cost a second parse: only for files with problems
            lines.update(_key_lines(yaml_text))
        problems.append(Problem(path, lines.get(key, 1), message, severity))

    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        add("title", "missing title: add 'title: ...' to the front matter")
    slug = meta.get("slug")
    if slug is not None:
        if not isinstance(slug, str) or "/" in slug or "\\" in slug or ".." in slug:
            add("slug", f"slug {slug!r} must not contain '/', '\\\\' or '..': use ASCII letters, digits and '-'")
        elif not SLUG_RE.match(slug):
            add("slug", f"slug {slug!r} is not ASCII lower-case letters, digits and '-'")
    date = meta.get("date")
    if date is not None:
        message = check_date(str(date))
        if message:
            add("date", message)
    precision = meta.get("date_precision")
    if precision is not None and precision not in PRECISIONS:
        add("date_precision", f"date_precision {precision!r} must be one of {', '.join(PRECISIONS)}")
    kind = meta.get("kind")
    if kind is not None and kind not in KINDS:
        add("kind", f"kind {kind!r} must be one of {', '.join(KINDS)}")
    for key in ("subtitles", "reporters", "emails", "topics", "keywords", "date_evidence"):
        value = meta.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, (str, int)) for v in value)):
            add(key, f"{key} must be a list of texts, one per line starting with '- '")
    photos = meta.get("photos")
    if photos is not None:
        if not isinstance(photos, list) or not all(isinstance(p, dict) for p in photos):
            add("photos", "photos must be a list of {caption, credit} mappings")
    source = meta.get("source")
    if source is not None and not isinstance(source, (dict, str)):
        add("source", "source must be a mapping {file: raw/NAME, url: ...}")
    for key in ("date_inferred",):
        if key in meta and not isinstance(meta[key], bool):
            add(key, f"{key} must be true or false")
    for key in meta:
        if key not in FRONT_MATTER_KEYS:
            add(str(key), f"unknown front matter key {key!r} (kept as extra data)", "warning")
    if not body.strip() and meta.get("kind") != "photo":
        problems.append(Problem(path, body_line, "the article has no body text below the front matter", "warning"))
    return meta, body, problems


def _texts(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, int)):
        return (str(value),)
    return tuple(str(v) for v in value if str(v).strip())


def _article_from(meta: dict, body: str, path: str) -> Article:
    source = meta.get("source") or {}
    if isinstance(source, str):
        source = {"file": source}
    photos = tuple(Photo(str(p.get("caption") or ""), str(p.get("credit") or ""))
                   for p in meta.get("photos") or ())
    slug = meta.get("slug") or slug_from_path(path)
    extra = {k: v for k, v in meta.items() if k not in FRONT_MATTER_KEYS}
    return Article(
        slug=str(slug),
        title=str(meta["title"]).strip(),
        body=body.strip("\n") + "\n" if body.strip() else "",
        date=str(meta.get("date") or ""),
        date_precision=str(meta.get("date_precision") or _precision_of(str(meta.get("date") or ""))),
        date_inferred=bool(meta.get("date_inferred", False)),
        date_evidence=_texts(meta.get("date_evidence")),
        subtitles=_texts(meta.get("subtitles")),
        outlet=str(meta.get("outlet") or ""),
        section=str(meta.get("section") or ""),
        desk=str(meta.get("desk") or ""),
        reporters=_texts(meta.get("reporters")),
        emails=_texts(meta.get("emails")),
        photos=photos,
        kind=str(meta.get("kind") or "article"),
        source=Source(str(source.get("file") or ""), str(source.get("url") or "")),
        topics=_texts(meta.get("topics")),
        keywords=_texts(meta.get("keywords")),
        updated=str(meta.get("updated") or ""),
        extra=extra,
        path=path,
    )


def _precision_of(date: str) -> str:
    if len(date) == 4:
        return "year"
    if len(date) == 7:
        return "month"
    if len(date) == 10:
        return "day"
    return "minute"


def slug_from_path(path: str) -> str:
    """The slug of an article file without a 'slug:' key: its file name, romanized."""
    return name_slug(Path(path).stem)[:100].strip("-")


def load_articles(content_dir: Path, cache: dict | None = None, settled_ns: int = 0,
                  store=None, replaced: dict | None = None) -> tuple[list[Article], list[Problem]]:
    """Load every content/articles/*.md; return the good articles and every problem found.

    cache (the build state's): file -> ((size, mtime_ns, inode), its article without its body
    or None, problems) of the last load, and store: file -> its whole article (a
    buildstate.Pack: only those asked for are read). A file whose stat is unchanged is not
    read again but made a StoredArticle, whose body is read from the store when asked for, unless it
    was modified at or after settled_ns (when the last load began: a write in the same clock
    tick would not change its stat). Both are refreshed in place; replaced collects the last
    load's article of each file read again or gone (file -> article)."""
    articles_dir = content_dir / "articles"
    articles: list[Article] = []
    problems: list[Problem] = []
    if not articles_dir.is_dir():
        return articles, problems
    store = store if store is not None else {}
    replaced = replaced if replaced is not None else {}
    root = content_dir.resolve()
    fresh: dict = {}
    shown_prefix, folder = content_dir.as_posix() + "/", articles_dir.name + "/"
    # tens of thousands of files: one lstat each, and a Path only for those read again
    for sub, info in _markdown_files(str(articles_dir)):
        rel = folder + sub
        shown = shown_prefix + rel                 # what the curator would type
        file = _LazyPath(articles_dir, sub)
        link = info is not None and stat.S_ISLNK(info.st_mode)
        if link and not _inside(file.path.resolve(), root):
            problems.append(Problem(shown, 0, "symbolic link points outside the content folder: skipped; "
                                              "copy the file into content/ instead"))
            continue
        if cache is None:
            stamp = None
        elif info is not None and not link:
            stamp = (info.st_size, info.st_mtime_ns, info.st_ino)
        else:
            stamp = _stamp(file.path)
        if stamp is not None and stamp[1] < settled_ns and rel in cache and cache[rel][0] == stamp \
                and (cache[rel][1] is None or rel in store):
            _, light, found = cache[rel]
            fresh[rel] = cache[rel]
            # each names its file as the last build's command did ("content/..." or absolute)
            problems.extend(p if p.path == shown else dataclasses.replace(p, path=shown) for p in found)
            if light is not None:
                articles.append(StoredArticle.of(light, _body_reader(store, rel, file, shown)))
            continue
        before = len(problems)
        if rel in store:
            try:
                replaced[rel] = store[rel]
            except KeyError:
                pass
        article = _load_one(file.path, rel, shown, problems)
        if article is not None:
            articles.append(article)
        if stamp is not None:
            fresh[rel] = (stamp, _light(article) if article is not None else None, tuple(problems[before:]))
            if article is not None:
                store[rel] = article
            elif rel in store:
                del store[rel]
    if cache is not None:
        for rel in [rel for rel in store if rel not in fresh]:
            try:
                replaced.setdefault(rel, store[rel])
            except KeyError:
                pass
            del store[rel]
        cache.clear()
        cache.update(fresh)
    articles, duplicates = _drop_duplicate_slugs(articles, content_dir)
    problems.extend(duplicates)
    return articles, problems


class StoredArticle(Article):
    """An article as the last build stored it, every field at hand but its body, which is
    read (from the build state's store, else from its unchanged file) when first asked for: a
    rebuild after an edit renders a few article pages, not ten thousand. Pickled, or given to
    dataclasses.replace(), it is a plain Article with its body."""

    def __new__(cls, *args, **kwargs):          # dataclasses.replace() makes a plain Article
        return Article(*args, **kwargs)

    @classmethod
    def of(cls, light: Article, read_body) -> "StoredArticle":
        article = object.__new__(cls)
        fields = dict(light.__dict__)
        fields.pop("body", None)
        article.__dict__.update(fields, _read_body=read_body)
        return article

    @property
    def body(self) -> str:
        found = self.__dict__.get("_body")
        if found is None:
            found = self.__dict__["_body"] = self.__dict__["_read_body"]()
        return found

    def plain(self) -> Article:
        return Article(**{f.name: getattr(self, f.name) for f in dataclasses.fields(Article)})

    def __reduce__(self):                       # to another process: a plain Article
        return (Article, tuple(getattr(self, f.name) for f in dataclasses.fields(Article)))


def plain(article: Article) -> Article:
    """The article as a plain Article (what it pickles as, byte for byte, in a hash)."""
    return article.plain() if isinstance(article, StoredArticle) else article


def _light(article: Article) -> Article:
    """The article without its body, as the build state keeps every one of them."""
    return dataclasses.replace(article, body="")


def _body_reader(store, rel: str, file: "_LazyPath", shown: str):
    def read() -> str:
        try:
            return store[rel].body
        except KeyError:                        # the store lost it: the file is as it was then
            problems: list[Problem] = []
            article = _load_one(file.path, rel, shown, problems)
            if article is None:
                raise ContentError(problems[0] if problems else Problem(shown, 0, "changed while the site "
                                                                                  "was being built; build again"))
            return article.body
    return read


def _markdown_files(folder: str) -> list[tuple[str, os.stat_result | None]]:
    """What Path(folder).rglob("*.md") finds (it does not go into linked folders), in the
    order of Path sorting: each one's path under folder ("/"-separated) and its lstat (None
    when it cannot be taken). One scandir pass, no Path objects."""
    found: list[tuple[str, os.stat_result | None]] = []
    for path, entry, _ in uptodate.entries(folder):
        if entry.name.endswith(".md"):
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                info = None
            found.append((path, info))
    found.sort(key=lambda item: item[0].split("/"))
    return found


class _LazyPath:
    """folder / sub, made when first asked for (most files of a rebuild are not read)."""
    __slots__ = ("folder", "sub", "_path")

    def __init__(self, folder: Path, sub: str):
        self.folder, self.sub, self._path = folder, sub, None

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = self.folder / self.sub
        return self._path


def _stamp(file: Path) -> tuple[int, int, int] | None:
    try:
        info = file.stat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def _load_one(file: Path, rel: str, shown: str, problems: list[Problem]) -> Article | None:
    """One article file, or None with its problems added."""
    try:
        data = file.read_bytes()
    except OSError as error:
        problems.append(Problem(shown, 0, f"cannot read the file ({error.strerror}): skipped"))
        return None
    if b"\x00" in data:
        if data.startswith((b"---", b"\xef\xbb\xbf---")):
            line = data[:data.index(b"\x00")].count(b"\n") + 1
            problems.append(Problem(shown, line, "NUL byte in the text: skipped; remove it and save "
                                                 "the file as UTF-8 text"))
        else:
            problems.append(Problem(shown, 0, "binary file, not a Markdown article: skipped; "
                                              "move it out of content/articles"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        problems.append(Problem(shown, line, "not UTF-8 text: save the file as UTF-8"))
        return None
    if not text.strip():
        problems.append(Problem(shown, 0, "empty file: skipped; delete it or add front matter and a body"))
        return None
    meta, body, found = _parse(text, shown)
    problems.extend(found)
    if any(p.severity == "error" for p in found):
        return None
    return _article_from(meta, body, rel)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def key_line(path: Path, key: str) -> int:
    """The line of a top-level front matter key in an article file (1 when not found)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeError):
        return 1
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def _drop_duplicate_slugs(articles: list[Article], content_dir: Path) -> tuple[list[Article], list[Problem]]:
    seen: dict[str, Article] = {}
    kept: list[Article] = []
    problems: list[Problem] = []
    for article in articles:
        first = seen.get(article.slug)
        if first is not None:
            problems.append(Problem((content_dir / article.path).as_posix(), key_line(content_dir / article.path, "slug"),
                                    f"duplicate slug {article.slug!r}, already used by "
                                    f"{(content_dir / first.path).as_posix()}: give one of them another 'slug:'"))
            continue
        seen[article.slug] = article
        kept.append(article)
    return kept, problems


# ---------------------------------------------------------------- writing

def front_matter_of(article: Article) -> dict:
    """The front matter mapping for an article, in the documented key order, empty keys left out."""
    meta: dict = {"title": article.title}
    if article.subtitles:
        meta["subtitles"] = list(article.subtitles)
    if article.date:
        meta["date"] = article.date
        meta["date_precision"] = article.date_precision
    if article.date_inferred:
        meta["date_inferred"] = True
        if article.date_evidence:
            meta["date_evidence"] = list(article.date_evidence)
    if article.updated:
        meta["updated"] = article.updated
    for key in ("outlet", "section", "desk"):
        if getattr(article, key):
            meta[key] = getattr(article, key)
    if article.reporters:
        meta["reporters"] = list(article.reporters)
    if article.emails:
        meta["emails"] = list(article.emails)
    if article.photos:
        meta["photos"] = [{"caption": p.caption, "credit": p.credit} for p in article.photos]
    meta["kind"] = article.kind
    source = {"file": article.source.file}
    if article.source.url:
        source["url"] = article.source.url
    meta["source"] = source
    meta["slug"] = article.slug
    if article.topics:
        meta["topics"] = list(article.topics)
    if article.keywords:
        meta["keywords"] = list(article.keywords)
    for key, value in article.extra.items():
        meta.setdefault(key, value)
    return meta


def dump_yaml(meta: dict) -> str:
    return yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def render_article(article: Article, generated_hash: bool = True) -> str:
    """The text of an article file. With generated_hash, the front matter records a hash of
    what was generated, so a later clean can tell whether a curator edited the file."""
    meta = front_matter_of(article)
    meta.pop("generated_hash", None)
    text = _compose(meta, article.body)
    if not generated_hash:
        return text
    meta["generated_hash"] = content_hash(text)
    return _compose(meta, article.body)


def _compose(meta: dict, body: str) -> str:
    return "---\n" + dump_yaml(meta) + "---\n\n" + body.strip("\n") + "\n"


def content_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def was_edited(text: str) -> bool:
    """True if a generated article file was changed since it was generated (or has no hash)."""
    try:
        yaml_text, body, _ = split_front_matter(text, "")
        meta = yaml.load(yaml_text, Loader=_FastLoader) or {}
    except (ContentError, yaml.YAMLError):
        return True
    stored = meta.pop("generated_hash", None)
    if not stored:
        return True
    return content_hash(_compose(meta, body)) != stored


def write_articles(articles: Iterable[Article], articles_dir: Path, force: bool = False) -> dict[str, list[str]]:
    """Write generated articles; never overwrite a file a curator edited unless force.

    A generated file that this clean no longer produces (its slug changed, its raw file is gone)
    is removed, unless a curator edited it. Returns {"written", "unchanged", "kept_edited",
    "removed"}: lists of file names."""
    articles_dir.mkdir(parents=True, exist_ok=True)
    result: dict[str, list[str]] = {"written": [], "unchanged": [], "kept_edited": [], "removed": []}
    made = set()
    for article in articles:
        made.add(f"{article.slug}.md")
        target = articles_dir / f"{article.slug}.md"
        text = render_article(article)
        if target.exists():
            current = target.read_text(encoding="utf-8", errors="replace")
            if current == text:
                result["unchanged"].append(target.name)
                continue
            if was_edited(current) and not force:
                result["kept_edited"].append(target.name)
                continue
        target.write_text(text, encoding="utf-8")
        result["written"].append(target.name)
    for stale in sorted(articles_dir.glob("*.md")):
        if stale.name in made:
            continue
        current = stale.read_text(encoding="utf-8", errors="replace")
        if "generated_hash:" in current and not was_edited(current):
            stale.unlink()
            result["removed"].append(stale.name)
    return result


# ---------------------------------------------------------------- Markdown text

# Plain text from a news page goes into a Markdown body: characters Markdown or HTML would read
# as markup are escaped so that the page shows them as written.
_ESCAPE_ANYWHERE = re.compile(r"([\\`*_\[\]])")
_ESCAPE_LINE_START = re.compile(r"^([ \t]{0,3})(#|[-+*](?=[ \t])|\d+(?=\.[ \t]))", re.M)
_MD_IMAGE = re.compile(r"(?<!\\)!\[([^\]]*)(?<!\\)\]\([^)]*\)")
_MD_LINK = re.compile(r"(?<!\\)\[([^\]]*)(?<!\\)\]\([^)]*\)")
_MD_TAG = re.compile(r"<[^>]{0,200}>")
_MD_LINE_MARK = re.compile(r"^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+\.[ \t]+)", re.M)
_MD_EMPHASIS = re.compile(r"(?<!\\)(\*{1,3}|_{2,3}|`+)(?=\S)(.+?)(?<=\S)(?<!\\)\1")
_MD_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()>#+\-.!])")
_MD_ANY = re.compile(r"[\[<*_`\\&]|^[ \t]{0,3}(?:#|>|[-+]|\d+\.)", re.M)


def escape_markdown(text: str) -> str:
    """Plain text -> Markdown that renders as exactly that text."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _ESCAPE_ANYWHERE.sub(r"\\\1", text)
    # "# ..." a heading, "- ..." a list item, "2024. 5월" an ordered list: escape the mark
    return _ESCAPE_LINE_START.sub(lambda m: m[1] + (m[2] + "\\" if m[2][0].isdigit() else "\\" + m[2]), text)


def plain_text(markdown: str) -> str:
    """The readable text of a Markdown body, paragraphs separated by blank lines: what analysis
    and search read (markup and escapes taken away)."""
    if not _MD_ANY.search(markdown):                 # plain prose: only white space to tidy
        return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", markdown) if p.strip())
    # each pattern only where its mark is (a body with a heading need not be searched for links)
    text = _MD_IMAGE.sub(r"\1", markdown) if "![" in markdown else markdown
    text = _MD_LINK.sub(r"\1", text) if "](" in text else text
    text = _MD_TAG.sub("", text) if "<" in text else text
    text = _MD_LINE_MARK.sub("", text)
    text = _MD_EMPHASIS.sub(r"\2", text) if ("*" in text or "_" in text or "`" in text) else text
    text = _MD_ESCAPED.sub(r"\1", text) if "\\" in text else text
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip())
