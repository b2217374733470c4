"""Word-spacing benchmark: how well do we restore the spacing print OCR loses?

    python benchmarks/spacing.py [--show]

Takes properly spaced Korean prose, takes its spaces away (all of them, or all but a few as
the OCR of seed 000 does), wraps it like a print column (20 characters a line, words cut
anywhere), restores it, and prints word-boundary precision / recall / F1 of

  kiwi        plain Kiwi.space on the lines joined as they come
  rules       our pipeline without a lexicon: rejoin_lines + restore_spacing
  rules+lex   our pipeline with a lexicon learned from a *different* text (the honest figure)
  in-sample   our pipeline with a lexicon learned from the evaluated text itself (a ceiling,
              not a result: it shows how much the lexicon could give on a repeated story)

Texts:
  news   the article bodies of the web seeds 002 (서울경제, 2019) and 003 (아시아경제, 2025);
         each is evaluated with the lexicon learned from the other one
  law    the Constitution of the Republic of Korea, from konlpy's kolaw corpus
         (benchmarks/data/kolaw_constitution.txt, see benchmarks/data/README.md); the first
         half is evaluated with the lexicon of the second half and the other way round
  bills  the explanatory prose (제안이유 및 주요내용) of the ten National Assembly bills in konlpy's
         kobill corpus, read from the installed konlpy (a benchmark requirement, see
         benchmarks/requirements.txt; the row is skipped without it), prose paragraphs only (no
         lists of dates), each once; bills 1809890-95 are evaluated with the lexicon of
         1809896-99 and the other way round
  print  seed 000 itself, a real OCR'd print page, against the spaced sentences a human editor
         wrote in EXPECTED.yaml (titles, first/last sentences, caption); lexicon from 002+003

A word boundary is a position between two non-space characters with a space in it. Everything
is deterministic (a seeded random number generator thins the spaces).
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from civicnews import korean  # noqa: E402
from civicnews.clean.spacing import (  # noqa: E402
    Lexicon, boundaries, learn_lexicon, page_words, rejoin_lines, restore_spacing, with_words)

RAW = ROOT / "content" / "raw"
EXPECTED = ROOT / "tests" / "fixtures" / "seeds" / "EXPECTED.yaml"
CONSTITUTION = Path(__file__).resolve().parent / "data" / "kolaw_constitution.txt"
WIDTH = 20
KEEP_SHARE = 0.3        # in "thinned" mode, the share of spaces the simulated OCR keeps


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[int], predicted: set[int]) -> None:
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def __str__(self) -> str:
        p, r, f = self.prf()
        return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}"


# ---------------------------------------------------------------- texts

def _normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def news_bodies() -> dict[str, list[str]]:
    """Body paragraphs of the web seeds, from the first to the last sentence EXPECTED.yaml lists."""
    expected = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    bodies = {}
    for name in sorted(expected):
        if not name.startswith(("002_", "003_")):
            continue
        article = expected[name]["articles"][0]
        text = (RAW / name).read_text(encoding="utf-8").replace("\r\n", "\n")
        start = text.index(article["first_sentence"][:20])
        end = text.index(article["last_sentence"][-20:]) + 20
        # keep prose paragraphs only (the photo caption line and "AD" markers sit in between)
        bodies[name[:3]] = [_normalize(p) for p in text[start:end].split("\n")
                            if p.strip() and _normalize(p).endswith(".")]
    return bodies


def constitution() -> list[str]:
    text = CONSTITUTION.read_text(encoding="utf-8").replace("\r\n", "\n")
    return [_normalize(p) for p in text.split("\n") if len(re.findall(r"[가-힣]", p)) >= 10]


def bills() -> dict[str, list[str]] | None:
    """The bills' prose in two parts, each paragraph once; None without konlpy."""
    try:
        import konlpy
    except ImportError:
        return None
    folder = Path(konlpy.__file__).parent / "data" / "corpus" / "kobill"
    parts: dict[str, list[str]] = {"bills-1": [], "bills-2": []}
    seen: set[str] = set()
    for path in sorted(folder.glob("*.txt")):
        part = "bills-1" if path.stem < "1809896" else "bills-2"
        for paragraph in _bill_paragraphs(path.read_text(encoding="utf-8")):
            if paragraph not in seen and len(re.findall(r"[가-힣]", paragraph)) >= 10:
                seen.add(paragraph)
                parts[part].append(paragraph)
    return parts


def _bill_paragraphs(text: str) -> list[str]:
    """The reasons section, from "제안이유" to the bill's own text, as paragraphs.

    Its lines are hard-wrapped; a line that ended between two words kept its trailing space,
    so gluing the lines as they are gives the spacing the drafters wrote.
    """
    start = text.find("제안이유")
    end = text.find("\x0c법률", start)
    paragraphs, current = [], ""
    for line in text[start:end if end > 0 else len(text)].split("\n"):
        if (not line.strip() or re.fullmatch(r"\s*-\s*\d+\s*-\s*", line)
                or line.startswith("제안이유") or line.strip() == "주요내용"):
            continue
        heading = re.fullmatch(r"\s*[가-하]\.\s*[가-힣 ]{1,12}", line)     # "가. 파견목적"
        if (heading or re.match(r"\s\s|\s*[가-하]\.\s|\s*[○∙*※]", line)) and current:
            paragraphs.append(current)
            current = ""
        if not heading:
            current += line
    if current:
        paragraphs.append(current)
    # prose only: no lists of dates and figures ("○ ’10. 5 UAE 국빈 방한으로 ...")
    return [_normalize(p) for p in paragraphs
            if _normalize(p).endswith(".") and not re.match(r"[○∙*※’]", _normalize(p))]


# ---------------------------------------------------------------- simulated print column

def degrade(paragraph: str, keep: float, rng: random.Random) -> list[str]:
    """Drop the spaces (keeping a share `keep` of them) and wrap into WIDTH-character lines.

    A kept space that falls at a line end stays as that line's trailing space, as in OCR text.
    """
    kept = "".join(ch for ch in paragraph if ch != " " or rng.random() < keep)
    lines, line = [], ""
    for ch in kept:
        line += ch
        if len(line.rstrip()) >= WIDTH:
            lines.append(line)
            line = ""
    if line:
        lines.append(line)
    # a kept space at the start of a line moves to the end of the previous one
    for i in range(1, len(lines)):
        if lines[i].startswith(" "):
            lines[i - 1] += " "
            lines[i] = lines[i].lstrip()
    return [ln for ln in lines if ln.strip()]


def evaluate(paragraphs: list[str], keep: float, lexicons: dict[str, Lexicon | None],
             show: bool = False) -> dict[str, Score]:
    scores = {"kiwi": Score(), **{name: Score() for name in lexicons}}
    rng = random.Random(20250508)
    for paragraph in paragraphs:
        gold = boundaries(paragraph)
        lines = degrade(paragraph, keep, rng)
        plain = korean.space("".join(lines))
        scores["kiwi"].add(gold, boundaries(plain))
        joined = rejoin_lines(lines)
        for name, lexicon in lexicons.items():
            ours = restore_spacing(joined, lexicon)
            assert ours.replace(" ", "") == paragraph.replace(" ", ""), (ours, paragraph)
            scores[name].add(gold, boundaries(ours))
            if show and name == "rules+lex":
                print("  gold ", paragraph)
                print("  kiwi ", plain)
                print("  ours ", ours)
    return scores


# ---------------------------------------------------------------- the real print page

def print_page_gold() -> list[str]:
    expected = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    name = next(n for n in expected if n.startswith("000_"))
    gold = []
    for article in expected[name]["articles"]:
        gold.append(article["title"])
        gold.extend(article.get("subtitles", []))
        for key in ("first_sentence", "last_sentence", "caption"):
            if article.get(key):
                gold.append(article[key])
    return [_normalize(g) for g in gold]


def evaluate_print_page(lexicons: dict[str, Lexicon | None], show: bool = False) -> dict[str, Score]:
    """Restore the lines of seed 000 around each gold sentence and score the sentence's span."""
    name = next(p.name for p in sorted(RAW.glob("000_*.txt")))
    lines = [ln for ln in (RAW / name).read_text(encoding="utf-8").split("\n") if ln.strip()]
    flat = [ln.replace(" ", "") for ln in lines]
    line_start = [0]
    for f in flat:
        line_start.append(line_start[-1] + len(f))
    stream = "".join(flat)
    page = page_words(lines)
    scores = {"kiwi": Score(), **{n: Score() for n in lexicons}}
    for sentence in print_page_gold():
        key = sentence.replace(" ", "")
        at = stream.find(key)
        if at < 0:
            print(f"  (not found on the page: {sentence})")
            continue
        first = max(i for i in range(len(lines)) if line_start[i] <= at)
        last = max(i for i in range(len(lines)) if line_start[i] < at + len(key))
        window = lines[first:last + 1]
        offset = at - line_start[first]
        gold = boundaries(sentence)

        def span(restored: str) -> set[int]:
            return {b - offset for b in boundaries(restored) if offset < b < offset + len(key)}

        plain = korean.space("".join(ln.strip() for ln in window))
        scores["kiwi"].add(gold, span(plain))
        joined = rejoin_lines(window)
        for n, lexicon in lexicons.items():
            if n.endswith("+page"):                   # what the cleaner does: the page's own words too
                lexicon = with_words(lexicon, page)
            ours = restore_spacing(joined, lexicon)
            scores[n].add(gold, span(ours))
            if show and n == "rules+lex":
                print("  gold ", sentence)
                print("  ours ", ours)
    return scores


# ---------------------------------------------------------------- report

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", action="store_true", help="print every restored paragraph")
    args = parser.parse_args()
    started = time.time()
    news = news_bodies()
    law = constitution()
    half = len(law) // 2
    law_parts = {"law-1": law[:half], "law-2": law[half:]}

    bill_parts = bills() or {}
    texts = {**news, **law_parts, **bill_parts}
    lex = {key: learn_lexicon(paragraphs) for key, paragraphs in texts.items()}
    other = {"002": "003", "003": "002", "law-1": "law-2", "law-2": "law-1",
             "bills-1": "bills-2", "bills-2": "bills-1"}
    groups = [("news", ["002", "003"]), ("law", ["law-1", "law-2"])]
    if bill_parts:
        groups.append(("bills", ["bills-1", "bills-2"]))
    else:
        print("(konlpy is not installed: no bills rows; pip install -r benchmarks/requirements.txt)")

    print(f"word-boundary precision / recall / F1, print column of {WIDTH} characters")
    for mode, keep in (("stripped", 0.0), ("thinned", KEEP_SHARE)):
        for group, keys in groups:
            total: dict[str, Score] = {}
            for key in keys:
                scores = evaluate(texts[key], keep,
                                  {"rules": None, "rules+lex": lex[other[key]], "in-sample": lex[key]},
                                  show=args.show)
                for name, s in scores.items():
                    t = total.setdefault(name, Score())
                    t.tp, t.fp, t.fn = t.tp + s.tp, t.fp + s.fp, t.fn + s.fn
            chars = sum(len(p) for k in keys for p in texts[k])
            print(f"\n{group} ({chars} characters), spaces {mode}"
                  + (f" (each kept with p={keep})" if keep else ""))
            for name, s in total.items():
                print(f"  {name:<10} {s}")

    archive = learn_lexicon([p for k in ("002", "003") for p in news[k]])
    page = evaluate_print_page({"rules": None, "rules+lex": archive, "rules+lex+page": archive}, show=args.show)
    print(f"\nprint page 000 (real OCR) vs EXPECTED.yaml's spaced sentences, lexicon from 002+003")
    for name, s in page.items():
        print(f"  {name:<10} {s}")
    print(f"\n{time.time() - started:.1f} s")


if __name__ == "__main__":
    main()
