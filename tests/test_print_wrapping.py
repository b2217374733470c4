"""A print column wraps anywhere: a web address cut after one of its dots is no sentence end."""
from __future__ import annotations

from pathlib import Path

from civicnews.clean import clean_file
from civicnews.clean.printpage import ends_sentence

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def test_a_wrapped_web_address_does_not_end_a_sentence():
    assert not ends_sentence("를광주아이키움홈페이지(www.광주아이키움.")
    assert not ends_sentence("자세한내용은 https://gwangju.go.")
    assert ends_sentence("추첨을통해150가정에쿠폰을지급한다.")
    assert ends_sentence("홈페이지(www.gwangju.go.kr)에서 확인할 수 있다.")


def test_the_seed_page_keeps_its_hangul_web_address_in_one_paragraph():
    result = clean_file(SEEDS / "000_12117dbb3008d91d.txt")
    [article] = [a for a in result.articles if "FUN" in a.title]
    assert "홈페이지(www.광주아이키움.kr) 소통방" in article.body
    assert "FUN한 광주!" in article.body
