"""The only module that imports kiwipiepy.

It owns one lazily loaded analyser per process, the batch analysis of many texts over all
cores, and the on-disk cache of what we derive from Kiwi's tokens; it offers small functions
over them: word spacing, sentence splitting, tokens. Other stages never see a Kiwi object.

Cache: one SQLite file per namespace, CACHE/korean/<version>/<namespace>/entries.sqlite3, an
entry per analysed text keyed by the text's hash and version() (kiwipiepy's version +
ANALYSIS_VERSION + the caller's derivation version). Each entry starts with the checksum of its
payload, so a corrupt entry is detected, recomputed and rewritten; it never breaks a build.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import threading
import weakref
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from collections import Counter
from typing import Callable, Iterable, Iterator, Sequence

ANALYSIS_VERSION = "2"          # bump when what we derive from Kiwi's tokens changes

_lock = threading.Lock()
_kiwi = None
_warmed = False


def workers() -> int:
    """The cores this process may use (Kiwi's batch calls spread over them)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:                      # not on Linux
        return max(1, os.cpu_count() or 1)


def analyser():
    """The process's Kiwi, loaded on first use (load_multi_dict=False saves ~180 MB).

    Where processes can fork, it is single-threaded: a large batch goes to forked workers, one
    per core, that share the loaded model and also run our Python derivation of the tokens
    in parallel (Kiwi's own threads would leave that work to one core). Elsewhere it keeps a
    thread per core for batch calls."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                import warnings
                from kiwipiepy import Kiwi
                count = 0 if _can_fork() else workers()
                with warnings.catch_warnings():       # 0 means one thread since 0.21; it is meant
                    warnings.simplefilter("ignore", DeprecationWarning)
                    _kiwi = Kiwi(load_multi_dict=False, num_workers=count if count > 1 else 0)
    return _kiwi


KEEP_HELPER = False      # set by a process that builds again and again (serve): release() keeps it


def release() -> None:
    """Let go of the process's analyser (its model is some 300 MB) and of a prepared one
    (unless KEEP_HELPER); the next call loads it again. The heap is trimmed so the memory goes
    back to the system, not only to the allocator."""
    global _kiwi
    if not KEEP_HELPER:
        _stop_helper()
    with _lock:
        loaded, _kiwi = _kiwi is not None, None
    if not loaded:                              # nothing here to give back (a helper's ended with it)
        return
    import gc
    gc.collect()
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):         # not glibc: the allocator keeps it for later
        pass


_helper: tuple | None = None       # (process, connection) of prepare()'s forked analyser


def prepare() -> None:
    """Start loading an analyser in a forked process, which then waits for a small batch of
    texts (a rebuild after an edit): the model's load and Kiwi's slow first call (~2 s
    together) happen on another core while this process reads the build state. The same
    analyser and derivation as here, so the same values; release() ends it."""
    global _helper
    if _helper is not None or _kiwi is not None or workers() < 2 or not _can_fork():
        return
    import multiprocessing
    context = multiprocessing.get_context("fork")
    mine, theirs = context.Pipe()
    fork_safe()
    process = context.Process(target=_serve, args=(theirs, mine), daemon=True)
    process.start()
    theirs.close()
    _helper = (process, mine)


def _serve(connection, parents_end) -> None:
    """prepare()'s process: load and warm the analyser, then run the jobs sent until told to
    stop, or until the connection ends: the parent's end, inherited by the fork, is closed here
    first, so that the helper ends with its parent however that one ends (killed, too)."""
    parents_end.close()
    warm()
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        if job is None:
            return
        function, items, args = job
        try:
            connection.send(("ok", function(items, *args)))
        except Exception as error:              # the caller does the job itself
            connection.send(("failed", repr(error)))


def _on_helper(function: Callable, items: list, args: tuple) -> list | None:
    """function(items, *args) by prepare()'s process, or None when there is none or it failed."""
    if _helper is None:
        return None
    _, connection = _helper
    try:
        connection.send((function, items, args))
        status, value = connection.recv()
    except (OSError, EOFError):
        status, value = "failed", None
    if status != "ok":
        _stop_helper()
        return None
    return value


def _stop_helper() -> None:
    global _helper
    if _helper is None:
        return
    process, connection = _helper
    _helper = None
    connection.close()
    process.terminate()                         # idle, or still loading a model nobody needs
    process.join()


def _can_fork() -> bool:
    import multiprocessing
    return "fork" in multiprocessing.get_all_start_methods()


@lru_cache(maxsize=1)
def version() -> str:
    """The analyser's version, as the cache's folder names it: kiwipiepy's from its installed
    metadata, not by importing it (40 ms a rebuild's main process, which leaves Kiwi to its
    helper, would spend on nothing else), else from the module."""
    try:
        from importlib import metadata
        found = metadata.version("kiwipiepy")
    except Exception:                            # not installed as a distribution: ask the module
        import kiwipiepy
        found = kiwipiepy.__version__
    return f"kiwipiepy-{found}/analysis-{ANALYSIS_VERSION}"


@dataclass(frozen=True)
class Token:
    form: str
    tag: str            # Sejong-style tag: NNG, NNP, VV, SL, SN, ...
    start: int          # character offset in the analysed text
    length: int

    @property
    def end(self) -> int:
        return self.start + self.length

    @property
    def len(self) -> int:                      # the name Kiwi's own tokens use
        return self.length


def _token(t) -> Token:
    return Token(t.form, t.tag, t.start, t.len)


def tokenize(text: str) -> list[Token]:
    return [_token(t) for t in analyser().tokenize(text)]


def tokenize_many(texts: Sequence[str]) -> list[list[Token]]:
    """Tokenize many texts (a large batch on every core, see _forked_map)."""
    if not texts:
        return []
    return [tokens for chunk in _forked_map(_tokenize_chunk, list(texts)) for tokens in chunk]


def _tokenize_chunk(texts: Sequence[str]) -> list[list[Token]]:
    kiwi = analyser()
    if len(texts) > 1 and not _can_fork():
        return [[_token(t) for t in tokens] for tokens in kiwi.tokenize(list(texts))]
    return [[_token(t) for t in kiwi.tokenize(text)] for text in texts]


def space(text: str, reset_whitespace: bool = False) -> str:
    """Kiwi's word spacing of text; keeps existing spaces unless reset_whitespace."""
    return analyser().space(text, reset_whitespace=reset_whitespace)


# ---------------------------------------------------------------- sentences

# Kiwi does not split "밝혔다.AI" or "평가다.13일": a sentence-final ending and period glued
# to what follows. We split its sentences again after ending + period wherever the next token
# can start a sentence (not a closing quote or bracket, a particle, an ending or a suffix).
_FINAL_PUNCT = {".", "?", "!", "…"}


def _can_start_sentence(tag: str) -> bool:
    return not (tag[0] in "JEX" or tag in ("VCP", "SSC", "SF", "SP", "SE", "SO", "SW"))


# A token as the analysis reads it: (form, tag, start, end), end = start + len. Each attribute
# of a Kiwi token is made anew at every read (a fresh str for form and tag: ~0.4 us a token),
# so each is read once, here, and a text's derivation reads the tuples.
Record = tuple[str, str, int, int]


def sentence_records(sentences: Sequence[Sequence]) -> list[list[Record]]:
    """Kiwi's sentences (lists of tokens) as lists of records, split again after a glued
    'ending + period'."""
    groups: list[list[Record]] = []
    for tokens in sentences:
        records = [(t.form, t.tag, t.start, t.end) for t in tokens]
        last, cut = len(records) - 1, 0
        for i in range(1, last):
            record = records[i]
            if (record[1] == "SF" and record[0] in _FINAL_PUNCT and records[i - 1][1] in ("EF", "SF")
                    and _can_start_sentence(records[i + 1][1])):
                groups.append(records[cut:i + 1])
                cut = i + 1
        if cut <= last:
            groups.append(records[cut:] if cut else records)
    return groups


def sentence_spans(sentences: Sequence[Sequence]) -> list[tuple[int, int]]:
    """(start, end) character offsets of each sentence, after the glued-period fix."""
    spans = []
    for group in sentence_records(sentences):
        start = group[0][2]
        end = max(record[3] for record in group)
        if end > start:
            spans.append((start, end))
    return spans


def split_sentences(text: str) -> list[str]:
    """Sentences of a text, split where Kiwi finds a boundary (and after glued periods)."""
    if not text.strip():
        return []
    sentences = analyser().tokenize(text, split_sents=True)
    return [text[a:b].strip() for a, b in sentence_spans(sentences) if text[a:b].strip()]


def nouns(text: str) -> list[str]:
    """Nouns, proper nouns and Latin words of a text, in order."""
    return [t.form for t in tokenize(text) if t.tag in ("NNG", "NNP", "SL", "SH")]


def warm(texts: Iterable[str] = ("광주시는 밝혔다.",)) -> None:
    """Load the model and run it once, so the first real call is not the slow one."""
    global _warmed
    for text in texts:
        analyser().tokenize(text)
    _warmed = True


# ---------------------------------------------------------------- cached batch analysis

class DiskCache:
    """Derived values on disk: one SQLite file per namespace, an entry per key, each entry
    prefixed by the checksum of its payload.

    root=None keeps nothing (every lookup misses). Entries put are written together, a batch
    in one short transaction (flush(); at BATCH entries, and by whoever put them when its
    work is done), so a build killed half-way leaves whole entries or none, and a forked
    worker never holds the file's write lock while Kiwi works. An entry whose checksum fails
    is a miss; a file SQLite cannot read is set aside and started again.

    One file and not a file per entry: a cold build of 10,000 articles stores 20,000 entries,
    and creating a file just after Kiwi's long calls cost a forked worker ~1 ms each (the
    kernel's paths gone cold), 4% of its time; an insert among 64 costs a few microseconds.
    """

    BATCH = 64                  # entries written in one transaction
    ONE_BY_ONE = 64             # present(): fewer keys than this are looked up one by one
    FILE = "entries.sqlite3"

    def __init__(self, root: Path | None, namespace: str):
        self.namespace = namespace
        self.folder = None
        if root is not None:
            safe_version = re.sub(r"[^A-Za-z0-9._-]+", "_", version())
            self.folder = Path(root) / "korean" / safe_version / namespace
        self.hits = self.misses = self.corrupt = 0
        self._db = None                         # this process's connection (see _connection)
        self._pid = 0
        self._broken = False
        self._pending: dict[str, bytes] = {}    # put, not yet written

    def key(self, text: str) -> str:
        data = f"{self.namespace}\0{version()}\0{text}".encode("utf-8", "surrogatepass")
        return hashlib.sha256(data).hexdigest()

    @property
    def path(self) -> Path | None:
        return None if self.folder is None else self.folder / self.FILE

    def _connection(self):
        """This process's connection, opened on first use. One inherited through fork is
        the parent's: it is neither used nor closed here (SQLite's locks are per process)."""
        if self.folder is None or self._broken:
            return None
        if self._db is not None and self._pid == os.getpid():
            return self._db
        if self._db is not None:
            _inherited.append(self._db)         # never closed in this process
            self._pending = {}                  # the parent's to write
        self._db, self._pid = None, os.getpid()
        for attempt in (1, 2):
            try:
                new = not self.path.exists()
                self._db = _open_entries(self.path)
                _open_caches.add(self)
                if new:
                    self._adopt_files()
                return self._db
            except sqlite3.Error as error:
                if attempt == 2 or not self._failed(error):
                    break
            except OSError:
                break
        self._broken = True                     # a cache that cannot be opened is only slower
        return None

    def _failed(self, error: "sqlite3.Error") -> bool:
        """After an error of SQLite's: a file that is no database, or a damaged one, is set
        aside (the next use starts a new one) and True is returned; any other error (a
        locked or full disk) leaves it as it is: the cache is only slower."""
        if getattr(error, "sqlite_errorname", "") not in ("SQLITE_NOTADB", "SQLITE_CORRUPT"):
            return False
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
        self._db = None
        for suffix in ("", "-wal", "-shm"):
            try:
                os.replace(f"{self.path}{suffix}", f"{self.path}{suffix}.damaged")
            except OSError:
                pass
        return True

    def _adopt_files(self) -> None:
        """Move the entries of the layout before this file (one file per entry, ab/<rest of
        the key>.json, the same bytes) into it: a cache from before is not analysed again."""
        try:
            folders = [f for f in self.folder.iterdir() if len(f.name) == 2 and f.is_dir()]
        except OSError:
            return
        for folder in folders:
            rows = []
            for entry in folder.glob("*.json"):
                try:
                    rows.append((folder.name + entry.stem, entry.read_bytes()))
                except OSError:
                    pass
            try:
                with self._db:
                    self._db.executemany("INSERT OR IGNORE INTO entries (key, data) VALUES (?, ?)", rows)
            except sqlite3.Error:
                return
            shutil.rmtree(folder, ignore_errors=True)

    def has(self, key: str) -> bool:
        """Is there an entry for key (not checked until it is read)?"""
        if key in self._pending:
            return True
        db = self._connection()
        if db is None:
            return False
        try:
            return db.execute("SELECT 1 FROM entries WHERE key = ?", (key,)).fetchone() is not None
        except sqlite3.Error as error:
            self._failed(error)
            return False

    def present(self, keys: list[str]) -> set[str]:
        """Those of keys that have an entry (has(), at once: a cold build asks about 20,000)."""
        if len(keys) < self.ONE_BY_ONE:
            return {key for key in keys if self.has(key)}
        found = {key for key in keys if key in self._pending}
        db = self._connection()
        if db is not None:
            wanted = set(keys)
            try:
                found.update(key for (key,) in db.execute("SELECT key FROM entries") if key in wanted)
            except sqlite3.Error as error:
                self._failed(error)
        return found

    def get(self, key: str):
        raw = self._pending.get(key)
        db = self._connection() if raw is None else None
        if raw is None and db is not None:
            try:
                row = db.execute("SELECT data FROM entries WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error as error:
                self._failed(error)
                row = None
            raw = row[0] if row is not None else None
        if raw is None:
            self.misses += 1
            return None
        try:
            checksum, _, payload = bytes(raw).partition(b"\n")
            if hashlib.sha256(payload).hexdigest().encode() != checksum:
                raise ValueError("checksum mismatch")
            value = json.loads(payload)
        except ValueError:
            self.corrupt += 1
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value) -> None:
        self.put_payload(key, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

    def put_payload(self, key: str, payload: bytes) -> None:
        """Store a value already encoded as JSON (written at the next flush())."""
        if self.folder is None or self._broken:
            return
        if self._db is not None and self._pid != os.getpid():
            self._connection()                  # forked since: the parent's batch is not ours
        self._pending[key] = hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
        if len(self._pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the entries put so far, in one transaction."""
        if not self._pending:
            return
        db = self._connection()
        pending, self._pending = self._pending, {}
        if db is None:
            return
        for attempt in (1, 2):
            try:
                with db:                        # BEGIN ... COMMIT, or ROLLBACK on an error
                    db.executemany("INSERT OR REPLACE INTO entries (key, data) VALUES (?, ?)", pending.items())
                return
            except sqlite3.Error as error:      # a damaged file: once more into a new one
                if attempt == 2 or not self._failed(error) or (db := self._connection()) is None:
                    return                      # a cache that cannot be written is only slower

    def close(self) -> None:
        """Write what is pending and close this process's connection (opened again when
        needed). Before a fork: a child must not inherit an open connection (see fork_safe)."""
        self.flush()
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
        self._db = None

    def __getstate__(self) -> dict:             # sent to the analyser's helper: no connection
        return dict(self.__dict__, _db=None, _pid=0, _pending={})

    def entries(self) -> int:
        """How many entries are written."""
        db = self._connection()
        return 0 if db is None else db.execute("SELECT count(*) FROM entries").fetchone()[0]


_inherited: list = []       # connections a forked process inherited: kept, so never closed there
_open_caches: "weakref.WeakSet[DiskCache]" = weakref.WeakSet()


def fork_safe() -> None:
    """Close this process's cache connections before it forks: SQLite's file locks belong to
    processes, and a child that inherits an open connection's bookkeeping can misread them."""
    for cache in list(_open_caches):
        cache.close()


def _open_entries(path: Path):
    os.makedirs(path.parent, exist_ok=True)
    db = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
    try:
        # readers beside one writer at a time (the forked workers write their batches in
        # turn); a commit does not wait for the disk: a crash can lose the last batches,
        # never break the file
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        # (a rowid table: its keys, in their own index, are read at once without the data pages)
        db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
        db.execute("SELECT 1 FROM entries LIMIT 1").fetchall()
    except sqlite3.Error:
        db.close()
        raise
    db.isolation_level = ""                     # `with db:` opens its own transaction (DEFERRED)
    return db


# derive(text, sentences): each sentence a list of Kiwi's own token objects (.form .tag .start
# .len): what to read of them is derive's choice (analysis.derive_text reads each attribute
# once, through sentence_records()).
Derive = Callable[[str, list[list]], object]


def analyse_cached(texts: Sequence[str], derive: Derive, cache: DiskCache,
                   progress: Callable[[int], None] | None = None, memo: dict | None = None) -> list:
    """derive(text, sentences of tokens) for every text, each text analysed by Kiwi at most once.

    Cached results are read back; the texts not in the cache go to Kiwi in one batch (spread
    over all cores), and each result is derived and stored as it arrives. Equal texts are
    analysed once.

    memo (the build state's): key -> value, looked up before the disk; refreshed in place to
    hold exactly this call's texts, so one file holds what thousands of entries would.
    """
    return list(analyse_each(texts, derive, cache, progress, memo))


def analyse_each(texts: Sequence[str], derive: Derive, cache: DiskCache,
                 progress: Callable[[int], None] | None = None, memo: dict | None = None) -> Iterator:
    """analyse_cached() one value at a time, in the order of texts: a caller that keeps only
    what it needs of each value keeps memory flat over a large archive."""
    keys = [cache.key(text) for text in texts]
    previous = dict(memo) if memo else {}
    fresh: dict | None = {} if memo is not None else None
    # the texts Kiwi must analyse: in neither the memo nor the cache (an entry found damaged
    # when it is read below is analysed then, on its own)
    remaining: Counter = Counter()
    missing: list[tuple[str, str]] = []
    stored = cache.present([key for key in keys if key not in previous])
    for key, text in zip(keys, texts):
        if key in remaining or (key not in previous and key not in stored):
            if not remaining[key]:
                missing.append((key, text))
                cache.misses += 1
            remaining[key] += 1
    computed = (json.loads(payload) for payloads in _forked_map(_derive_chunk, missing, derive, cache)
                for payload in payloads)
    made: dict = {}                             # values of repeated texts, until their last use
    for key, text in zip(keys, texts):
        if key in remaining:
            value = made[key] if key in made else next(computed)
            remaining[key] -= 1
            if remaining[key]:
                made[key] = value
            else:
                made.pop(key, None)
                del remaining[key]
        else:
            value = previous.get(key)
            if value is None:
                value = cache.get(key)
            if value is None:                   # damaged on disk
                value = json.loads(_derive_chunk([(key, text)], derive, cache)[0])
        if fresh is not None:
            fresh[key] = value
        if progress:
            progress(1)
        yield value
    if memo is not None:
        memo.clear()
        memo.update(fresh)


def _derive_chunk(jobs: Sequence[tuple[str, str]], derive: Derive, cache: DiskCache) -> list[str]:
    """derive() of (cache key, text) jobs as JSON, each stored in the cache as it is made.

    The caller decodes the JSON, so a fresh value is exactly what a later cache hit returns;
    from a forked worker the text goes back through the pool's pipe far more cheaply than
    the value it stands for (pickled there, unpickled here)."""
    kiwi = analyser()
    if len(jobs) > 1 and not _can_fork():      # one process: Kiwi's threads share the batch
        analysed = kiwi.tokenize((text for _, text in jobs), split_sents=True)
    else:
        analysed = (kiwi.tokenize(text, split_sents=True) for _, text in jobs)
    payloads = []
    for (key, text), sentences in zip(jobs, analysed):
        payload = json.dumps(derive(text, sentences), ensure_ascii=False, separators=(",", ":"))
        cache.put_payload(key, payload.encode("utf-8"))
        payloads.append(payload)
    cache.flush()
    return payloads


FORK_MIN_CHARS = 200_000        # less text than this is analysed in this process (forking costs ~0.1 s)
CHUNK_CHARS = 40_000            # text per task handed to a worker: small enough to keep both busy to the end
_forked_job: tuple | None = None


def _forked_map(function: Callable, items: list, *args) -> Iterator[list]:
    """function(chunk, *args) for consecutive chunks of items, in order.

    A large job runs in forked workers, one per core: each inherits the loaded model (loaded
    here first, so it is read from disk once and its pages are shared) and the arguments."""
    size = sum(len(item if isinstance(item, str) else item[1]) for item in items)
    count = workers()
    if count < 2 or size < FORK_MIN_CHARS or not _can_fork():
        done = _on_helper(function, items, args) if items else None
        yield done if done is not None else function(items, *args)
        return
    _stop_helper()                              # a large job: the model is loaded here, for the workers
    bounds = _chunk_bounds([len(item if isinstance(item, str) else item[1]) for item in items], count)
    import multiprocessing
    global _forked_job
    loaded = _kiwi is not None
    analyser()
    _forked_job = (function, items, args)
    try:
        fork_safe()
        with multiprocessing.get_context("fork").Pool(count) as pool:
            if not loaded:          # the workers have their copy; this process needs none now
                release()
            yield from pool.imap(_run_forked_chunk, bounds, chunksize=1)
    finally:
        _forked_job = None


def _chunk_bounds(sizes: list[int], count: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive chunks of items (of these text sizes) for `count` workers:
    about CHUNK_CHARS of text each, then smaller and smaller (down to a tenth) as the end
    nears, so that no worker is left with a large last chunk while the others wait."""
    bounds, start, length = [], 0, 0
    remaining = sum(sizes) + 100 * len(sizes)
    for k, size in enumerate(sizes):
        length += size + 100
        if length >= min(CHUNK_CHARS, max(CHUNK_CHARS // 10, remaining // (4 * count))):
            bounds.append((start, k + 1))
            remaining -= length
            start, length = k + 1, 0
    if start < len(sizes):
        bounds.append((start, len(sizes)))
    return bounds


def _run_forked_chunk(bounds: tuple[int, int]) -> list:
    function, items, args = _forked_job
    return function(items[bounds[0]:bounds[1]], *args)


# ---- spacing support
# Word spacing with a learned lexicon needs a Kiwi that knows the archive's compounds and
# names ("인공지능", "인코어드"). User words would change every other analysis (and invalidate
# the on-disk cache), so they live in a second analyser of their own, keyed by the word list.

@lru_cache(maxsize=3)     # ~200 MB each: the government bodies' alone, a page's, and one to compare
def _spacing_analyser(user_words: tuple[str, ...]):
    import warnings
    from kiwipiepy import Kiwi
    with warnings.catch_warnings():               # 0 means one thread since 0.21: what is meant
        warnings.simplefilter("ignore", DeprecationWarning)
        kiwi = Kiwi(load_multi_dict=False, num_workers=0)
    for word in user_words:
        kiwi.add_user_word(word, "NNP", 2.0)
    return kiwi


def space_with_words(text: str, user_words: tuple[str, ...] = ()) -> str:
    """Kiwi's word spacing of text by an analyser that also knows user_words as nouns.

    Keeps existing spaces. With no user words this is space(text).
    """
    if not user_words:
        return space(text)
    return _spacing_analyser(tuple(user_words)).space(text, reset_whitespace=False)


def tokenize_with_words(text: str, user_words: tuple[str, ...] = ()) -> list[Token]:
    """tokenize(text) by the analyser of space_with_words(..., user_words)."""
    if not user_words:
        return tokenize(text)
    kiwi = _spacing_analyser(tuple(user_words))
    return [Token(t.form, t.tag, t.start, t.len) for t in kiwi.tokenize(text)]


# ---- Kiwi's bundled dictionary, as evidence of compounds written solid
# kiwipiepy_model ships default.dict: some 110,000 proper nouns (titles of encyclopedia
# articles: "통영해양수산사무소", "극예술연구회") that Kiwi loads as user words. Each is written
# solid, so a stretch of one ("해양수산", "연구회") is a compound Korean writes solid.

_SOLID_NOUN = re.compile(r"[가-힣]{2,}")


@lru_cache(maxsize=1)
def _dictionary_nouns() -> str:
    """The Hangul proper nouns of Kiwi's default dictionary, one a line ("" when not found)."""
    try:
        import kiwipiepy_model
        path = Path(kiwipiepy_model.get_model_path()) / "default.dict"
        lines = path.read_text(encoding="utf-8").split("\n")
    except (ImportError, OSError, AttributeError, UnicodeDecodeError):
        return ""
    words = []
    for line in lines:
        form, _, rest = line.partition("\t")
        if rest.startswith("NNP") and _SOLID_NOUN.fullmatch(form):
            words.append(form)
    return "\n" + "\n".join(words) + "\n"


def in_dictionary_noun(text: str) -> bool:
    """Is text written solid inside one of the nouns of Kiwi's bundled dictionary?"""
    return bool(text) and "\n" not in text and text in _dictionary_nouns()



@lru_cache(maxsize=1)
def _dictionary_heads() -> frozenset[str]:
    nouns = _dictionary_nouns()
    ends: dict[str, int] = {}
    for word in nouns.split("\n"):
        for size in (2, 3, 4):
            if len(word) > size:
                ends[word[-size:]] = ends.get(word[-size:], 0) + 1
    # a head ends names far more often than it starts or sits inside one (not 교통, 대학, 버스)
    return frozenset(head for head, n in ends.items()
                     if n >= DICTIONARY_HEAD_MIN and n >= 0.9 * nouns.count(head))


DICTIONARY_HEAD_MIN = 100


def is_dictionary_head(noun: str) -> bool:
    """Do at least DICTIONARY_HEAD_MIN nouns of Kiwi's dictionary end in noun after something
    else, and does noun mostly stand at the end of them? Those are the heads of names, written
    solid: 학교, 센터, 연구소, 위원회, 협회, 재단."""
    return noun in _dictionary_heads()
