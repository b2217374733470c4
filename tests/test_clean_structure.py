"""Page furniture recognised by its shape and its place, not its wording (civicnews/clean/shape.py and
the rules of web.py that use it): a line that is no sentence between paragraphs is the article's only
as a quotation, a question, a speaker, an intertitle, a list item or a line about the article; a deck
repeats the article's words; a site's slogan is no headline; a sign-off or an end mark closes the body;
the site's notes to its reader leave the body's ends. Each rule is tested on wordings no word list
holds, and on the article's own lines it must keep."""
from __future__ import annotations

import pytest

from civicnews.articles import plain_text
from civicnews.clean import clean_text, shape
from civicnews.clean.draft import squash

HEAD = ["무진일보", "로그인", "사회", "무진시, 옛 철도 부지에 ‘선형 공원’ 2.4㎞ 조성", "입력 2024.05.02 10:30", "한가람 기자"]
BODY = ["무진시가 옛 철도 부지 2.4㎞를 따라 선형 공원을 만든다.",
        "시는 2026년까지 사업비 120억원을 들여 폐선 부지에 산책로와 자전거길, 정원 12곳을 조성한다고 2일 밝혔다.",
        "공원은 옛 무진역에서 남문시장까지 이어진다.",
        "시는 다음 달 주민 설명회를 열고 설계에 주민 의견을 반영한다."]
TAIL = ["한가람 기자 garam@mujin.example.kr", "저작권자 © 무진일보 무단전재 및 재배포 금지"]


def cleaned(lines: list[str]):
    result = clean_text("\n".join(lines), "raw/structure.txt")
    [article] = result.articles
    return article, [p.strip() for p in plain_text(article.body).split("\n") if p.strip()], result


def kept(line: str, article, paragraphs) -> bool:
    return any(squash(line) in squash(p) for p in paragraphs) or squash(line) in {squash(s) for s in article.subtitles}


@pytest.mark.parametrize("text,sentence", [
    ("공원은 옛 무진역에서 남문시장까지 이어진다.", True),
    ("KBS광주 유튜브 채널에서 지역 뉴스를 다시 볼 수 있습니다", True),     # a final ending, no stop
    ("Q. 요즘 근황은?", True),
    ("연합뉴스TV 김경인입니다. (kikim@yna.co.kr)", True),
    ("핫한 뉴스 모음", False),                                            # a nominal ending is a label
    ("기사 폰트 크기", False),
])
def test_a_sentence_has_a_stop_or_a_final_ending(text, sentence):
    assert shape.is_sentence(text) is sentence


@pytest.mark.parametrize("text,button", [
    ("기사 보내기", True), ("카톡 퍼가기", True), ("VOD 다시보기", True), ("시민기자 신청하기", True),
    ("기사 전체보기", True), ("더 많은 사진 보기 +", True), ("카드뉴스로 보기", True),
    ("섬 학교를 살리기", False),            # a verb with its object is a phrase, not a button
    ("기사 폰트 크기", False),              # '크기' is a noun
    ("남은 과제는 소프트웨어 생태계", False),
])
def test_a_button_ends_in_a_nominalised_verb(text, button):
    assert shape.is_button(text) is button


def test_links_separators_and_cut_sentences_by_their_marks_and_endings():
    assert shape.is_link("동영상 보기 ▷ 덕진공원 연꽃 개화 현장")
    assert not shape.is_link("▶ 시는 다음 달 주민 설명회를 연다.")          # a sentence, even after a mark
    assert shape.is_separator("· · ·") and shape.is_separator("* * *") and not shape.is_separator("- 끝 -")
    assert shape.cut_mid_sentence("12인승 셔틀버스가 승객을 태우고")
    assert shape.cut_mid_sentence("셔틀은 시청과 김대중컨벤션센터를 잇는")
    assert not shape.cut_mid_sentence("기사 목록으로")                      # a button, not a sentence's part
    assert not shape.cut_mid_sentence("자율방범대 순찰도 늘려")               # a headline's ending


def test_topic_words_are_compounds_numbers_with_units_and_no_outlet_names():
    assert shape.topic_words("무진시 남문시장 야시장 개장 연기") == {"무진시", "남문시장", "야시장", "개장", "연기"}
    assert {"10년", "14곳", "폐교"} <= shape.topic_words("■ 10년 새 14곳 폐교")
    assert shape.topic_words("[브레이크뉴스 광고]") == set()
    assert shape.shared_topic("■ 10년 새 14곳 폐교", "문을 닫은 섬 지역 분교는 14곳이다.") == 1


@pytest.mark.parametrize("line", [
    "광고 보고 계속 읽기", "▼ 기사 계속 ▼", "관련 동영상", "(영상) 현장 모습", "[오늘의 운세]", "Getty Images Bank",
    "다음 페이지", "1 2 3 다음", "기사 목록으로", "속보 알림 신청", "기사 하단 광고", "SPONSORED CONTENT",
    "이 기사를 읽은 분들이 본 기사", "핫한 뉴스 모음", "[무진일보 유튜브]", "광고 ▽", "▲ 위로", "클릭 시 확대", "연관 검색어",
    "남문시장 상인회 봄맞이 할인 행사",            # another article's headline: one word of this one
    "무진시 남문시장 야시장 개장 연기",
])
def test_furniture_between_paragraphs_leaves_the_body(line):
    article, paragraphs, result = cleaned(HEAD + BODY[:2] + [line] + BODY[2:] + TAIL)
    assert not kept(line, article, paragraphs), paragraphs
    assert len(paragraphs) == 4
    assert any(squash(line) in squash(d.text) for d in result.report.dropped)       # reported, not lost


@pytest.mark.parametrize("line", [
    "■ 주민 의견 반영", "◆ 정원 12곳은 어디에", "▲ 산책로 2.4㎞", "Q. 공원은 언제 열리나?", "“철길이 정원이 된다”",
    "한정수 / 무진시 공원녹지과장", "[인터뷰] 한정수 무진시 공원녹지과장", "10년 전보다 두 배 늘었을 뿐이다.",
    "폐선 부지 정원 조성 계획",                  # an unmarked intertitle: the article's words
])
def test_the_articles_own_lines_between_paragraphs_stay(line):
    article, paragraphs, _ = cleaned(HEAD + BODY[:2] + [line] + BODY[2:] + TAIL)
    assert kept(line, article, paragraphs) and len(paragraphs) == 5, paragraphs


def test_a_lists_items_stay_with_no_word_of_the_article_in_them():
    items = ["▲ 풍암호수 산책로 야간 조명", "▲ 화정동 골목 빗물받이 정비"]
    article, paragraphs, _ = cleaned(HEAD + BODY[:2] + ["주요 사업은 다음과 같다."] + items + TAIL)
    assert paragraphs[-2:] == items


@pytest.mark.parametrize("line", [
    "음성으로 기사 듣기 (베타)", "읽는 데 2분", "폰트 설정 ▾", "AI 요약 보기", "0개의 댓글", "기사 크게 보기", "공유 링크 만들기",
    "북마크 추가", "Listen to this article", "기사 원문 보러 가기", "이 기사를 SNS로 보내기", "VOD 다시보기",
])
def test_a_pages_tools_under_the_byline_are_no_deck(line):
    article, paragraphs, _ = cleaned(HEAD + [line] + BODY + TAIL)
    assert article.subtitles == () and len(paragraphs) == 4


def test_a_deck_repeats_the_articles_words():
    article, _, _ = cleaned(HEAD[:4] + ["폐선 부지 2026년까지 산책로·자전거길·정원 12곳"] + HEAD[4:] + BODY + TAIL)
    assert article.subtitles == ("폐선 부지 2026년까지 산책로·자전거길·정원 12곳",)


def test_a_sites_slogan_or_name_above_the_headline_is_no_title():
    for above in ("무진일보 - 무진의 내일을 여는 신문", "무진일보 남도"):
        article, _, _ = cleaned(HEAD[:2] + [above] + HEAD[2:] + BODY + TAIL + [f"{above} 페이지 가기"])
        assert article.title == "무진시, 옛 철도 부지에 ‘선형 공원’ 2.4㎞ 조성"


@pytest.mark.parametrize("note", [
    "무진일보는 독자 여러분의 구독료로 만들어집니다.",
    "※ 이 기사는 지역신문발전기금을 지원받았습니다.",
    "무진일보 유튜브 채널에서 더 많은 영상을 만나 보세요",
])
def test_the_sites_note_after_the_last_sentence_leaves_the_body(note):
    article, paragraphs, result = cleaned(HEAD + BODY + [note] + TAIL[1:])
    assert paragraphs[-1] == BODY[-1] and len(paragraphs) == 4
    assert any(squash(note) in squash(d.text) for d in result.report.dropped)


def test_a_last_sentence_with_no_word_of_the_article_stays_unless_the_site_speaks():
    last = "신청은 학교 가정통신문으로 받으며 참가비는 없다."     # '가정통신문' ends like an outlet's name
    article, paragraphs, _ = cleaned(HEAD + BODY + [last] + TAIL[1:])
    assert paragraphs[-1] == last


def test_a_note_above_the_first_sentence_leaves_the_body():
    article, paragraphs, _ = cleaned(HEAD + ["※ 이 기사는 무진일보 앱에서 먼저 보실 수 있습니다."] + BODY + TAIL)
    assert paragraphs == BODY


def test_a_broadcast_sign_off_closes_the_body():
    script = ["무진MBC", "무진역 광장 ‘야간 장터’ 열린다", "입력 2024-05-02 20:10", "[앵커]",
              "무진역 광장에서 이달부터 야간 장터가 열립니다.", "[리포트]",
              "무진시는 금요일마다 광장에 먹거리 매대 30곳을 엽니다.", "장터는 10월까지 이어집니다.",
              "무진MBC 뉴스 한가람입니다.", "무진MBC 유튜브 채널에서 지역 뉴스를 다시 볼 수 있습니다", "VOD 다시보기"]
    article, paragraphs, _ = cleaned(script)
    assert paragraphs[-1] == "무진MBC 뉴스 한가람입니다." and article.reporters == ("한가람",)


def test_an_end_mark_closes_the_body_and_bylines_after_it_still_sign_it():
    article, paragraphs, result = cleaned(HEAD[:5] + BODY + ["- 끝 -", "담당자 노인복지과 062-000-0000 으로 문의",
                                                             "한가람 기자 garam@mujin.example.kr"])
    assert paragraphs == BODY and article.reporters == ("한가람",)
    assert ("- 끝 -", "end mark") in {(d.text, d.reason) for d in result.report.dropped}


def test_a_sentence_wrapped_on_a_web_page_is_joined_not_dropped():
    lines = HEAD + ["무진시가 옛 철도 부지 2.4㎞를 따라", "선형 공원을 만든다."] + BODY[1:] + TAIL
    article, paragraphs, _ = cleaned(lines)
    assert paragraphs[0] == BODY[0].replace("따라 선형", "따라 선형")
    assert paragraphs == BODY


def test_a_line_of_marks_parts_briefs_only_before_a_headline():
    briefs = ["무진MBC", "지역 단신", "무진군, 휴양림에 ‘숲속 도서관’", "2024-09-03 20:10",
              "무진군이 휴양림 안에 숲속 도서관을 열었습니다.", "· · ·",
              "남문시, 정류장 100곳에 ‘온열 의자’", "2024-09-03 20:12",
              "남문시가 올겨울 정류장 100곳에 온열 의자를 설치합니다.", "설치는 11월 말까지 마칩니다."]
    result = clean_text("\n".join(briefs), "raw/briefs.txt")
    assert [a.title for a in result.articles] == ["무진군, 휴양림에 ‘숲속 도서관’", "남문시, 정류장 100곳에 ‘온열 의자’"]
    one = clean_text("\n".join(HEAD + BODY[:2] + ["* * *"] + BODY[2:] + TAIL), "raw/one.txt")
    assert len(one.articles) == 1 and len(plain_text(one.articles[0].body).split("\n\n")) == 4


def test_a_web_page_with_short_lines_is_no_broadcast_script():
    # menus and list items are short, but none is a sentence cut at a particle: the ▲ items stay apart
    page = HEAD + BODY[:2] + ["주요 사업은 다음과 같다.", "▲ 풍암호수 산책로 야간 조명", "▲ 화정동 골목 빗물받이 정비",
                              "▲ 금호동 놀이터 그늘막", "확정된 사업은 내년 예산에 반영된다."] + TAIL + \
        ["뉴스", "사람", "문화", "지역 소식 구독하기"]
    article, paragraphs, _ = cleaned(page)
    assert "▲ 화정동 골목 빗물받이 정비" in paragraphs and paragraphs[-1] == "확정된 사업은 내년 예산에 반영된다."


def test_a_credit_after_a_slash_makes_a_caption():
    article, paragraphs, _ = cleaned(HEAD + BODY[:2] + ["선형 공원 조감도. /무진시 제공", "옛 무진역 광장. /무진일보 DB/"]
                                     + BODY[2:] + TAIL)
    assert [(p.caption, p.credit) for p in article.photos] == [("선형 공원 조감도.", "무진시"), ("옛 무진역 광장.", "무진일보 DB")]
    assert len(paragraphs) == 4


# ---- sixth blind round (g01-g30)

def test_a_media_players_clock_and_browser_notes_and_a_stock_photos_notice_are_furniture():
    player = ["기사를 읽어드립니다", "Your browser does not support the video element.", "0:00 / 3:05",
              "음성 듣기 기능은 최신 브라우저에서만 이용하실 수 있습니다.", "음소거", "전체화면",
              "셔터스톡", "이미지는 기사 내용과 관련 없음. 셔터스톡"]
    article, paragraphs, result = cleaned(HEAD + player + BODY + TAIL)
    assert paragraphs == BODY and not article.subtitles
    assert BODY[2] in paragraphs        # a sentence about a browser's market share would not be a note:
    assert shape is not None
    from civicnews.clean import boilerplate
    assert boilerplate.classify("크롬 브라우저 점유율은 지난해 65%로 집계됐다.") == ""


def test_minutes_written_in_hangul_and_several_bare_names_beside_a_date():
    head = ["무진탐사", "무진탐사 홈", "무진탐사 후원하기", "무진시 ‘공영주차장 위탁’ 절반이 수의계약",
            "한가람 오세린 2024년 03월 26일 11시 05분"]
    article, paragraphs, _ = cleaned(head + BODY + ["무진탐사 - 지역탐사저널리즘"])
    assert article.date == "2024-03-26T11:05:00+09:00"
    assert list(article.reporters) == ["한가람", "오세린"]
    assert article.outlet == "무진탐사"     # no outlet's shape, but it opens the page's furniture lines


def test_the_copyright_holder_names_a_group_outlet_writing_from_its_parents_domain():
    tail = ["한가람 기자 garam@mt.co.kr", "Copyright ⓒ 머니S & moneys.co.kr, 무단 전재 및 재배포 금지"]
    article, _, _ = cleaned(HEAD[1:] + BODY + tail)
    assert article.outlet == "머니S"
    same = ["한가람 기자 garam@yeongnam.com", "ⓒ 영남일보 - www.yeongnam.com"]
    article, _, _ = cleaned(["영남일보", "영남일보TV"] + HEAD[2:] + BODY + same)
    assert article.outlet == "영남일보"      # the paper's copyright, not its TV channel's menu name


def test_a_print_pages_running_head_dates_the_article():
    page = ["6 사회 2024년 3월 5일 화요일 무진일보", "무진시, 옛 철도 부지에 ‘선형 공원’ 조성"] + BODY + ["/한가람 기자"]
    article, paragraphs, _ = cleaned(page)
    assert article.date == "2024-03-05" and paragraphs == BODY
    today = ["2024년 3월 5일 화요일", "무진일보", "무진시, 옛 철도 부지에 ‘선형 공원’ 조성", "한가람 기자"] + BODY
    assert cleaned(today)[0].date != "2024-03-05"       # a site header's 'today' has no page number


def test_a_headline_that_asks_is_no_first_sentence():
    page = ["무진일보", "사회", "무진시 철도 부지 공원…예산 더 들까?", "“철도 부지 살려야” vs “공원 예산 부담”",
            "무진일보 [무진] 한가람 기자", "기사승인 2024-08-08 14:00:12"] + BODY
    article, paragraphs, _ = cleaned(page)
    assert article.title == "무진시 철도 부지 공원…예산 더 들까?"
    assert list(article.subtitles) == ["“철도 부지 살려야” vs “공원 예산 부담”"] and paragraphs == BODY
    asks = HEAD + BODY[:1] + ["왜 철도 부지일까?"] + BODY[1:] + TAIL
    assert "왜 철도 부지일까?" in cleaned(asks)[1]     # a question inside the body stays


def test_a_charts_title_and_the_byline_under_it_credit_the_chart_not_the_article():
    page = ["무진뉴스", "무진 아파트 분양가 석 달째 올라(종합)", "송고2024-09-19 16:48",
            "[그래픽] 무진 아파트 평균 분양가 추이", "(서울=무진뉴스) 오세린 기자",
            "(무진=무진뉴스) 한가람 기자 = " + BODY[0]] + BODY[1:] + ["garam@mujin.example.kr"]
    article, paragraphs, _ = cleaned(page)
    assert list(article.reporters) == ["한가람"] and not article.subtitles
    assert [(p.caption, p.credit) for p in article.photos] == [("무진 아파트 평균 분양가 추이", "오세린")]


def test_a_broadcasts_crew_credits_are_no_photo_caption():
    script = HEAD + BODY + ["촬영기자:오세린/그래픽:박하늘"] + TAIL
    article, paragraphs, _ = cleaned(script)
    assert not article.photos and paragraphs == BODY


def test_a_scene_above_a_text_and_photo_byline_is_the_photos_caption():
    scene = "무진시 옛 무진역 광장에서 시민들이 산책을 하고 있다."
    article, paragraphs, _ = cleaned(HEAD[:4] + ["입력 2024.05.02 10:30"] + BODY + [scene, "글·사진=한가람 기자 garam@mujin.example.kr"])
    assert paragraphs == BODY and [p.caption for p in article.photos] == [scene]
    article, paragraphs, _ = cleaned(HEAD + BODY + [scene] + TAIL)
    assert paragraphs[-1] == scene        # under a byline for the text alone it is the article's sentence


def test_a_box_of_briefs_under_one_mark_gives_one_article_each():
    page = ["무진신문", "시군 단신", "승인 2024.10.08 18:05",
            "● 무진군, 전망대 가는 ‘순환 버스’ 주말 운행", "무진군이 전망대를 오가는 순환 버스를 이달부터 주말마다 운행한다.",
            "요금은 1천 원이다.",
            "● 남문시, 휴양림 ‘숲 해설’ 11월까지 연장", "남문시는 자연휴양림 숲 해설 프로그램을 11월 말까지 연장한다.",
            "참가비는 없다.", "/무진=한가람 기자"]
    result = clean_text("\n".join(page), "raw/box.txt")
    assert [a.title for a in result.articles] == ["무진군, 전망대 가는 ‘순환 버스’ 주말 운행", "남문시, 휴양림 ‘숲 해설’ 11월까지 연장"]
    assert all(a.reporters == ("한가람",) and a.date == "2024-10-08T18:05:00+09:00" for a in result.articles)
    # intertitles after the story's first paragraph stay in the one story
    story = HEAD + BODY[:2] + ["● 무진시 선형 공원 설계는"] + BODY[2:3] + ["● 무진시 선형 공원 주민 설명회"] + BODY[3:] + TAIL
    assert len(clean_text("\n".join(story), "raw/story.txt").articles) == 1


def test_a_newsletters_categories_part_its_items_and_its_issue_month_dates_them():
    page = ["무진소식", "2024년 6월호 (통권 제312호)", "[복지]", "경로당 여름 냉방비 지원 늘려요",
            "무진구가 올여름 경로당 210곳의 냉방비 지원을 늘립니다.", "폭염특보가 내리면 경로당을 밤까지 쉼터로 엽니다.",
            "[문화]", "시민공원 물놀이장 7월 개장", "시민공원 물놀이장이 7월 13일 문을 엽니다.", "이용료는 무료입니다.",
            "무진소식은 구청 누리집에서도 보실 수 있습니다.", "다음 호는 7월 1일 발행됩니다."]
    result = clean_text("\n".join(page), "raw/newsletter.txt")
    assert [(a.title, a.date) for a in result.articles] == [("경로당 여름 냉방비 지원 늘려요", "2024-06"),
                                                           ("시민공원 물놀이장 7월 개장", "2024-06")]
    assert plain_text(result.articles[1].body).strip().endswith("이용료는 무료입니다.")


def test_a_reposted_articles_headline_is_below_its_source_line_and_the_posters_note_is_no_article():
    blog = ["무진 블로그", "오늘 본 뉴스 - 선형 공원 생긴대요", "2024. 5. 3. 21:03", "자주 걷는 길이라 스크랩해 둡니다 :)",
            "[출처] 무진일보", "무진시, 옛 철도 부지에 ‘선형 공원’ 2.4㎞ 조성", "입력 2024.05.02 10:30"] + BODY + \
        ["한가람 기자", "다 되면 꼭 걸어봐야겠어요 ㅎㅎ"]
    article, paragraphs, _ = cleaned(blog)
    assert article.title == "무진시, 옛 철도 부지에 ‘선형 공원’ 2.4㎞ 조성" and not article.subtitles
    assert article.date == "2024-05-02T10:30:00+09:00" and paragraphs == BODY and article.outlet == "무진일보"
    cafe = ["무진 카페", "[퍼옴] 무진시 선형 공원 조성", "무진맘", "2024.05.03 22:47", "뉴스 퍼왔어요. 공원이 생기면 산책하기 좋겠네요.", "-" * 20,
            "무진시, 옛 철도 부지에 ‘선형 공원’ 2.4㎞ 조성", "입력 2024.05.02 10:30"] + BODY + ["한가람 기자", "-" * 20,
                                                                                   "출처: 무진일보", "댓글 2"]
    result = clean_text("\n".join(cafe), "raw/cafe.txt")
    [article] = result.articles
    assert article.title == "무진시, 옛 철도 부지에 ‘선형 공원’ 2.4㎞ 조성" and article.reporters == ("한가람",)
    assert any(d.reason == "the poster's (a repost)" and "퍼왔어요" in d.text for d in result.report.dropped)
