"""Text copied from a news page is plain text: characters that mean something in Markdown or HTML
(<, >, *, _, [, ], `, #, 1.) must be shown as written on the article page, not interpreted and lost."""
from __future__ import annotations

import html
import re

import pytest

from civicnews import render
from civicnews.clean import clean_bytes

LINES = [
    "시는 </script><script>alert(1)</script> 같은 글도 그대로 보여 준다.",
    "참고 자료는 [링크](javascript:alert(2)) 에 있다고 밝혔다.",
    "광주시는 <b>굵은 글씨</b> 표시가 붙은 보도자료를 냈다.",
    "예산은 *2억원* 에서 _3억원_ 으로 늘었다고 시는 설명했다.",
    "코드명은 `AI-2024` 이며 시는 이를 공개했다.",
    "2024. 5월에 시작된 사업은 올해 끝난다고 시는 밝혔다.",
]


def _text(fragment: str) -> str:
    """The text a reader sees in an HTML fragment, spaces squeezed."""
    return _squeezed(html.unescape(re.sub(r"<[^>]+>", "", fragment)))


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("line", LINES)
def test_page_text_with_markup_characters_is_shown_as_written(line):
    raw = f"광주시, 시민 공청회 결과 발표\n입력 2024.03.05 10:00\n광주시는 공청회 결과를 5일 발표했다.\n{line}\n김민수 기자 minsu@example.co.kr\n"
    result = clean_bytes(raw.encode("utf-8"), "raw/page.txt")
    [article] = result.articles
    assert _squeezed(line) in _text(str(render.article_html(article.body))), article.body


def test_a_markdown_heading_mark_copied_from_a_web_page_is_markup_but_its_words_stay():
    # LAYOUTS.md: web copies carry `####` Markdown; the cleaner takes the mark off, never the words
    raw = ("광주시, 시민 공청회 결과 발표\n입력 2024.03.05 10:00\n광주시는 공청회 결과를 5일 발표했다.\n"
           "# 해시태그로 시작하는 문장도 본문이라고 시는 설명했다.\n김민수 기자 minsu@example.co.kr\n")
    [article] = clean_bytes(raw.encode("utf-8"), "raw/page.txt").articles
    shown = _text(str(render.article_html(article.body)))
    assert "해시태그로 시작하는 문장도 본문이라고 시는 설명했다." in shown
    assert "<h" not in str(render.article_html(article.body))
