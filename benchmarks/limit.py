#!/usr/bin/env python3
"""The limit of this stack, measured on a civic corpus: what any build of ours must at least do.

    limit.py kiwi  CONTENT          kiwipiepy's batch tokenize of every body on both cores
    limit.py floor CONTENT OUT      plain Python: read, parse front matter, Python-Markdown,
                                    one jinja2 template, write one page per article
    limit.py kiwi-one               a fresh process loading Kiwi and analysing one sentence:
                                    the floor of a rebuild after an edit

Each prints one JSON line with its own timings; run.py times the whole process from outside
(interpreter start and model load included, as for our build) and reads its peak memory.
"""
from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)

PAGE = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><article>
<h1>{{ title }}</h1>
<p class="meta"><time datetime="{{ date }}">{{ date[:10] }}</time> · {{ outlet }} · {{ reporters|join(", ") }}</p>
{% for s in subtitles %}<p class="deck">{{ s }}</p>{% endfor %}
{{ body_html|safe }}
</article></main></body></html>
"""


def article_files(content: Path) -> list[Path]:
    return sorted((content / "articles").glob("*.md"))


def split(text: str) -> tuple[str, str]:
    match = FRONT_MATTER.match(text)
    if not match:
        return "", text
    return match.group(1), text[match.end():]


def kiwi(content: Path) -> dict:
    started = time.perf_counter()
    bodies = [split(f.read_text(encoding="utf-8"))[1] for f in article_files(content)]
    read = time.perf_counter()
    from kiwipiepy import Kiwi
    analyser = Kiwi(num_workers=2, load_multi_dict=False)
    analyser.tokenize("광주시는 밝혔다.")      # finish loading before the clock starts
    loaded = time.perf_counter()
    tokens = sum(len(result) for result in analyser.tokenize(bodies))
    done = time.perf_counter()
    chars = sum(map(len, bodies))
    return {"step": "kiwi", "articles": len(bodies), "chars": chars, "tokens": tokens,
            "read_s": read - started, "load_s": loaded - read, "tokenize_s": done - loaded,
            "chars_per_s": chars / max(done - loaded, 1e-9)}


def floor(content: Path, out: Path) -> dict:
    import jinja2
    import markdown
    import yaml

    started = time.perf_counter()
    template = jinja2.Environment(autoescape=True).from_string(PAGE)
    md = markdown.Markdown()
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for file in article_files(content):
        meta_text, body = split(file.read_text(encoding="utf-8"))
        meta = yaml.safe_load(meta_text) or {}
        html = template.render(
            title=meta.get("title", ""), date=str(meta.get("date", "")), outlet=meta.get("outlet", ""),
            reporters=meta.get("reporters") or [], subtitles=meta.get("subtitles") or [],
            body_html=md.reset().convert(body))
        (out / (str(meta.get("slug") or file.stem) + ".html")).write_text(html, encoding="utf-8")
        count += 1
    return {"step": "floor", "articles": count, "seconds": time.perf_counter() - started}


def kiwi_one() -> dict:
    """What any rebuild after an edit pays for Kiwi in a fresh process: the model loaded as our
    build loads it and one edited sentence analysed (Kiwi builds its tables on the first call)."""
    import warnings
    started = time.perf_counter()
    from kiwipiepy import Kiwi
    with warnings.catch_warnings():         # num_workers=0: one thread, as our build's analyser
        warnings.simplefilter("ignore", DeprecationWarning)
        analyser = Kiwi(num_workers=0, load_multi_dict=False)
    loaded = time.perf_counter()
    tokens = analyser.tokenize("광주시는 인공지능 사업비로 국비 62억원을 더 확보했다고 1일 밝혔다.")
    done = time.perf_counter()
    return {"step": "kiwi_one", "tokens": len(tokens), "load_s": loaded - started, "first_call_s": done - loaded}


def main(argv: list[str]) -> int:
    if argv == ["kiwi-one"]:
        result = kiwi_one()
    elif len(argv) == 2 and argv[0] == "kiwi":
        result = kiwi(Path(argv[1]))
    elif len(argv) == 3 and argv[0] == "floor":
        result = floor(Path(argv[1]), Path(argv[2]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
