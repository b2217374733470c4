"""Patterns seen on real Korean news pages that the first fixtures did not cover: a title carrying
the site's name, captions with a photographer's e-mail or a wire's credit form, bylines that are a
name with a contact or a slogan with an e-mail, broadcast report cues and bare-name bylines, a
'송고 | 최종수정' date line, teaser headlines after the body, and widget labels run together.
Each fixture in tests/fixtures/raw/ is written in our own words and numbers."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from civicnews.clean import boilerplate, bylines, captions, clean_file, dates

RAW = Path(__file__).parent / "fixtures" / "raw"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def clean(name: str):
    result = clean_file(RAW / name)
    assert len(result.articles) == 1, [a.title for a in result.articles]
    return result, result.articles[0]


def paragraphs(article) -> list[str]:
    return [p.strip() for p in article.body.split("\n\n") if p.strip()]


def test_title_loses_the_site_name_and_header_widgets_stay_out():
    result, article = clean("title_site_suffix.txt")
    assert article.title == "[기획] 영산강 자전거길 이용객 두 배로"
    assert article.section == "기획·특집 > 레저"
    assert article.reporters == ("오하람",)
    assert article.date == "2022-10-11T14:20:00+09:00"
    assert [p[:8] for p in paragraphs(article)] == ["영산강 자전거길", "전남도는 9월 ", "도는 내년까지 "]
    reasons = {d.reason for d in result.report.dropped}
    assert {"hashtags", "widget"} <= reasons


@pytest.mark.parametrize("title,expected", [
    ("광주 버스 노선 개편 | 연합뉴스", "광주 버스 노선 개편"),
    ("광주 버스 노선 개편 - 아시아경제", "광주 버스 노선 개편"),
    ("광주 버스 노선 개편 < 사회 < 기사본문 - 광주일보", "광주 버스 노선 개편"),
    ("광주 버스 - 지하철 환승 할인", "광주 버스 - 지하철 환승 할인"),       # not a site name: kept
])
def test_site_suffix_rule(title, expected):
    from civicnews.clean.web import _strip_site_suffix
    assert _strip_site_suffix(title) == expected


def test_photographer_email_in_a_caption_is_not_the_reporter():
    result, article = clean("caption_photographer_email.txt")
    assert article.reporters == ("문도윤",)
    assert article.emails == ("moon@mail.example.kr",)
    assert [(p.caption, p.credit) for p in article.photos] == [
        ("나주시 금천면 배 과수원에서 어린이들이 배를 따고 있다.", "채다은 기자")]
    assert "따고 있다" not in article.body and "0" not in article.body.split()
    assert len(paragraphs(article)) == 3


def test_more_credit_forms_make_captions_not_body():
    _, article = clean("caption_more_credit_forms.txt")
    assert article.reporters == ("김보라",)
    assert [(p.caption, p.credit) for p in article.photos] == [
        ("양동시장 새 지붕 아래에서 상인들이 장사를 하고 있다.", ""),
        ("양동시장 입구 모습.", "광주 서구"),
        ("시장 안 고객지원센터.", "남도경제신문 자료사진"),
        ("시장 통로를 걷는 시민들.", "광주 서구"),
        ("상인회 관계자들이 준공식에서 박수를 치고 있다.", ""),
        ("양동시장 배치도", "서구"),
    ]
    assert [p[:6] for p in paragraphs(article)] == ["광주 서구 ", "서구는 국비", "새 지붕에는", "서구는 다음"]
    assert "봉하늘" not in article.reporters


@pytest.mark.parametrize("text,expected", [
    ("회의 모습. <사진>", ("회의 모습.", "")),
    ("시청 전경 [사진=남구] 2022.05.01 photo@example.kr", ("시청 전경", "남구")),
    ("[목포=뉴시스] 우하람 기자 = 시민들이 걷고 있다. 2022.05.01. photo@newsis.com", ("시민들이 걷고 있다.", "")),
    ("광주시는 사진 자료를 공개했다고 밝혔다.", None),
])
def test_caption_rule(text, expected):
    assert captions.parse(text) == expected


def test_online_paper_byline_with_id_and_two_digit_year():
    result, article = clean("byline_contact_forms.txt")
    assert article.reporters == ("진서후",)
    assert article.date == "2022-06-10T11:25:00+09:00"
    assert article.updated == "2022-06-10T11:40:00+09:00"
    assert len(paragraphs(article)) == 2
    assert "덧붙이는" not in article.body and "원고료" not in article.body


def test_wire_slogan_before_the_email_is_a_closing_line():
    _, article = clean("byline_slogan_email.txt")
    assert article.emails == ("skyblue@newsis.com",)
    assert article.outlet == "뉴시스"
    assert "공감언론" not in article.body and len(paragraphs(article)) == 3


def test_name_with_email_in_parentheses_and_surname_na():
    _, article = clean("byline_name_email_paren.txt")
    assert article.reporters == ("나하늘",) and article.emails == ("sky@mail.example.kr",)
    assert article.date == "2023-02-21T15:05:40+09:00"
    assert "구독" not in article.body and len(paragraphs(article)) == 2
    assert bylines.parse("광주=나요한 기자 yohan@mail.example.kr").reporters == ("나요한",)


def test_email_after_a_reader_tips_label_is_not_a_byline():
    assert bylines.parse("이메일 : tips@mail.example.kr") is None
    assert boilerplate.classify("이메일 : tips@mail.example.kr") == "reader tips"


def test_broadcast_report_cues_and_staff_credits():
    result, article = clean("broadcast_report_cues.txt")
    assert article.title == "광주 가로수 병해충 방제 시작"
    assert article.date == "2022-05-16T19:12:00+09:00"
    assert article.reporters == ("함도윤",) and article.subtitles == ()
    body = article.body
    assert "[앵커]" not in body and "[리포트]" not in body and "촬영기자" not in body
    assert paragraphs(article)[-1] == "KBS 뉴스 함도윤입니다."


def test_broadcast_bare_name_beside_the_date():
    result, article = clean("broadcast_bare_name_date.txt")
    assert article.title == "무등산 옛길 2구간 정비 마쳐"
    assert article.reporters == ("한서진",) and article.date == "2023-04-06"
    assert "#" not in article.body and "(앵커)" not in article.body
    assert bylines.bare_name("광산구") is None            # a place beside a date is no reporter


def test_date_line_with_labels_after_the_dates():
    _, article = clean("date_label_after.txt")
    assert article.title == "여수 돌산 해안도로 야간 경관 조명 설치"       # not the '광주·전남' label above it
    assert article.date == "2021-07-08T15:42:00+09:00"
    assert article.updated == "2021-07-08T16:20:00+09:00"
    assert article.reporters == ("강하진",)
    kinds = [d.kind for d in dates.parse_line("2021-07-08 15:42 송고 | 2021-07-08 16:20 최종수정")]
    assert kinds == ["published", "updated"]


def test_related_headlines_reader_tips_and_tail_teasers_are_dropped():
    result, article = clean("teasers_related_tail.txt")
    assert article.reporters == ("길누리",) and article.emails == ()
    assert [p[:6] for p in paragraphs(article)] == ["광주 남구가", "남구는 20", "도서관에는 "]
    for gone in ("작은도서관", "독서 모임", "제보", "tips", "받아보세요", "주차장 공유", "골목 축제", "청년 창업"):
        assert gone not in article.body, gone


def test_widget_labels_run_together_and_labels_above_the_title():
    result, article = clean("widgets_run_together.txt")
    assert article.title == "강진군, 청자축제 관람객 25만명 집계"
    assert article.date == "2022-03-11"
    assert len(paragraphs(article)) == 2
    reasons = {d.reason for d in result.report.dropped}
    assert {"navigation", "share", "widget"} <= reasons


@pytest.mark.parametrize("text,reason", [
    ("페이스북 트위터 카카오톡 URL복사", "share"),
    ("좋아요 0 싫어요 0 후속기사원해요 0", "widget"),
    ("#광주 #도서관", "hashtags"),
    ("[리포트]", "broadcast cue"),
    ("촬영기자:윤다솜 / 영상편집:고나래", "broadcast credits"),
    ("네이버 메인에서 남도경제신문을 받아보세요", "promotion"),
    ("이 기사는 AI가 요약한 내용입니다. 정확한 내용은 본문을 확인하세요.", "widget"),
    ("이 기사를 추천합니다", "widget"),
    ("광주시, 시민 안전 바로가기 앱 출시", ""),                       # a headline, not a widget
    ("광주시는 구독 경제 기업 20곳을 지원한다고 밝혔다.", ""),
])
def test_boilerplate_rule(text, reason):
    assert boilerplate.classify(text) == reason


def test_photographer_credit_line_after_the_byline_and_latin_site_name():
    result, article = clean("byline_photographer_credit_line.txt")
    assert article.title == "보성군, 녹차밭 야간 조명 설치"               # not the site name above it
    assert article.reporters == ("염가온",)
    assert "tak@mail.example.kr" not in article.emails
    assert bylines.parse("/사진=탁도현 기자 tak@mail.example.kr") is None
    assert captions.credit_only("/사진=탁도현 기자 tak@mail.example.kr") == "탁도현 기자"


def test_broadcast_report_signed_off_by_its_reporter():
    _, article = clean("broadcast_sign_off.txt")
    assert article.reporters == ("표하람",)
    assert article.date == "2023-05-03T18:40:00+09:00"
    assert paragraphs(article)[-1] == "OBS 표하람입니다."
    assert bylines.sign_off("광주시는 이런 입장입니다.") is None


def test_displayed_headline_wins_over_the_page_title_line():
    result, article = clean("title_page_line_and_headline.txt")
    assert article.title == "빛고을 장터 입점 농가 500곳 돌파…판매액 두 배"
    assert article.reporters == ("여나린",)
    assert len(paragraphs(article)) == 2
    assert "광주시민일보" not in article.body


@pytest.mark.parametrize("text,expected", [
    ("시민들이 홍보관 전시를 보고 있다. ⓒ 광주광역시", ("시민들이 홍보관 전시를 보고 있다.", "ⓒ 광주광역시")),
    ("회의 모습 ⓒ뉴스1", ("회의 모습", "ⓒ뉴스1")),
    ("의회는 조례안을 두고 표결했고 결국 가결됐다 ©다.", None),       # a stray mark in a sentence
    ("시는 저작물 표시(ⓒ)를 빠뜨린 홍보물을 회수했다.", None),
])
def test_copyright_mark_credit_keeps_its_mark_and_needs_a_name(text, expected):
    assert captions.parse(text) == expected


def test_copyright_mark_in_a_body_sentence_stays_in_the_body():
    from civicnews.clean import clean_bytes
    from civicnews.articles import plain_text
    page = "\n".join(["광주시, 시민 교실 연다", "입력 2024.03.05 10:00",
                      "광주시는 시민 참여 교실을 연다고 3일 밝혔다.",
                      "교실 자료집의 판권 면에는 ©광주광역시라고 적혔다.",
                      "시민들이 교실을 둘러보고 있다. ⓒ 광주광역시",
                      "김민수 기자 minsu@example.co.kr"]) + "\n"
    article, = clean_bytes(page.encode(), "raw/page.txt").articles
    assert "교실 자료집의 판권 면에는 ©광주광역시라고 적혔다." in plain_text(article.body)
    assert [(p.caption, p.credit) for p in article.photos] == [("시민들이 교실을 둘러보고 있다.", "ⓒ 광주광역시")]


def test_a_guessed_lost_middle_dot_keeps_the_line_as_written_in_the_report():
    from civicnews.clean import clean_bytes
    page = "\n".join(["광주?전남 상생 협력 과제 합의", "입력 2022.07.20 15:00",
                      "광주시와 전라남도는 정부?여당에 함께 건의할 과제에 합의했다고 20일 밝혔다.",
                      "과제에는 공항 이전과 철도 연결이 포함됐다."]) + "\n"
    result = clean_bytes(page.encode(), "raw/page.txt")
    article, = result.articles
    assert article.title == "광주·전남 상생 협력 과제 합의" and "정부·여당" in article.body
    written = "\n".join(d.text for d in result.report.dropped if "lost '·'" in d.reason).split("\n")
    assert written == ["광주?전남 상생 협력 과제 합의",
                       "광주시와 전라남도는 정부?여당에 함께 건의할 과제에 합의했다고 20일 밝혔다."]


# ---- rules found by the blind pages (tests/fixtures/blind/)

@pytest.mark.parametrize("text,reason", [
    ("정치경제산업사회국제IT/과학문화연예스포츠", "navigation"),     # a menu run together
    ("뉴스 | 사람 | 문화 | 오피니언", "navigation"),
    ("로그인 | 회원가입 | 모바일웹", "navigation"),
    ("좋아요0", "widget"),
    ("후속기사 원해요0", "widget"),
    ("* 댓글 0", "comments"),
    ("조회수 1,204", "counter"),
    ("본문 요약봇", "widget"),
    ("SNS 보내기", "share"),
    ("전남 관광 정책", ""),                                          # section-like words, a headline
    ("사회 경제", ""),                                               # two words: not enough for a menu
])
def test_blind_boilerplate_rule(text, reason):
    assert boilerplate.classify(text) == reason


@pytest.mark.parametrize("text,section", [
    ("사회 > 사회일반", "사회 > 사회일반"),
    ("전국 > 광주·전남", "전국 > 광주·전남"),
    ("수출 > 수입 역전", ""),                                        # not a section name first
])
def test_breadcrumb_without_home(text, section):
    assert boilerplate.section_of(text) == section


def test_a_page_on_one_line_is_cut_into_its_parts():
    from civicnews.clean.web import explode
    page = ("남도경제신문 HOME > 사회 > 자치 광주 남구, 골목 정원 30곳 조성 입력 2023.05.02 10:00 "
            "광주 남구는 골목 정원 30곳을 만든다고 2일 밝혔다. 정원마다 주민 관리자를 둔다. "
            "김민수 기자 minsu@example.co.kr 저작권자 © 남도경제신문 무단전재 및 재배포 금지")
    assert explode(page) == ["남도경제신문", "HOME > 사회 > 자치", "광주 남구, 골목 정원 30곳 조성", "입력 2023.05.02 10:00",
                             "광주 남구는 골목 정원 30곳을 만든다고 2일 밝혔다.", "정원마다 주민 관리자를 둔다.",
                             "김민수 기자 minsu@example.co.kr", "저작권자 © 남도경제신문 무단전재 및 재배포 금지"]
    paragraph = "광주 남구는 골목 정원을 만든다고 2일 밝혔다. " * 8       # a long paragraph stays whole
    assert explode(paragraph.strip()) == [paragraph.strip()]


def test_a_closing_quote_after_the_stop_stays_with_its_sentence():
    from civicnews.clean.web import _split_glued
    assert _split_glued('"노선을 늘려가겠습니다."') == ['"노선을 늘려가겠습니다."']
    assert _split_glued('밝혔다."시민과 함께"라는 말도 했다.') == ['밝혔다.', '"시민과 함께"라는 말도 했다.']


@pytest.mark.parametrize("text,reporters,emails", [
    ("hwangty@mail.example.kr 황보라 기자", ("황보라",), ("hwangty@mail.example.kr",)),   # e-mail first
    ("글·사진=이서윤 기자 seoyun@mail.example.kr", ("이서윤",), ("seoyun@mail.example.kr",)),  # writer took the photos
])
def test_more_byline_forms(text, reporters, emails):
    byline = bylines.parse(text)
    assert byline.reporters == reporters and byline.emails == emails
    assert bylines.parse("사진=최현배 기자 choi@mail.example.kr") is None      # still only the photographer


@pytest.mark.parametrize("text,expected", [
    ("전남도청 전경/뉴스1 DB", ("전남도청 전경", "뉴스1 DB")),
    ("[부산=뉴시스] 정원 조감도. (사진=사하구 제공) 2024.10.02. photo@newsis.com *재판매 및 DB 금지",
     ("정원 조감도.", "사하구")),
])
def test_wire_caption_forms(text, expected):
    assert captions.parse(text) == expected


def test_print_masthead_dates_the_page_and_web_today_yields_to_a_stamp():
    masthead, = dates.parse_line("6 2024년 3월 5일 화요일 사회")
    assert masthead.masthead and masthead.kind == "trap"       # 'today' on the web, the issue date in print
    stamped, = dates.parse_line("2019-10-13 17:28:27")
    assert not stamped.masthead


def test_saved_html_publication_time_from_metadata_or_the_printed_stamp():
    from civicnews.clean.html import published_time
    assert published_time('<meta property="article:published_time" content="2023-06-02T00:30:00Z">') \
        == "2023-06-02 09:30:00"                                  # UTC in the metadata, Korean time out
    assert published_time('<div class="date"><span>입력 : 2022-12-07 18:05:00</span></div>') == "2022-12-07 18:05:00"


@pytest.mark.parametrize("text,reason", [
    ("기사 URL이 복사되었습니다.", "share"),                    # a toast, though it ends like a sentence
    ("X(트위터) 공유", "share"),
    ("<기자>", "broadcast cue"),
    ("담당자 : 오세진", "press release contact"),
    ("첨부파일", "attachment"),
    ("보도자료(저상버스 확대).hwp", "attachment"),
    ("공공누리 제1유형 출처표시", "licence"),
    ("광주시는 보도자료를 첨부했다.", ""),
    # batch h (tests/fixtures/blind/h*)
    ("이 보도자료는 3월 5일(화) 12:00부터 보도할 수 있습니다.", "site's note"),
    ("※ 이 기사는 2024년 10월 15일 10시 30분 조선비즈 RM리포트 사이트에 먼저 실렸습니다.", "footer note"),
    ("붙임 인구감소지역 생활인구 산정 결과 1부. 끝.", "attachment"),
    ("글쓴이 : 홍보담당", "press release contact"),
])
def test_second_batch_boilerplate_rule(text, reason):
    assert boilerplate.classify(text) == reason


def test_breadcrumb_led_by_the_site_name():
    assert boilerplate.section_of("남도일보 > 자치 > 광주") == "자치 > 광주"


def test_wire_photo_stamp_with_the_wire_after_the_date():
    assert captions.parse("(광주=뉴스1) 김태성 기자 = 서석대에 상고대가 피어 있다. 2023.11.18/뉴스1") \
        == ("서석대에 상고대가 피어 있다.", "뉴스1")


def test_print_caption_ending_in_its_credit():
    from civicnews.clean.printpage import _credited_caption
    assert _credited_caption("나주혁신도시빛가람에너지밸리전경.나주시제공")
    assert not _credited_caption("시는올해부터교재를밝혔다.시는무료로제공")   # a wrapped body line


def test_print_caption_credit_is_split_before_spacing_and_spaced_font_widget():
    from civicnews.clean import clean_file
    article, = clean_file(Path(__file__).parent / "fixtures" / "blind" / "c16_print_caption.txt").articles
    assert [p.credit for p in article.photos] == ["나주시"]
    assert boilerplate.classify("글자 크기 설정") == "widget"


# ---- rules the blind batch h asked for (tests/fixtures/blind/h*)

@pytest.mark.parametrize("text,reporters,emails", [
    ("강현우 기자 · 박소연 인턴기자", ("강현우", "박소연"), ()),                     # a reporter and an intern
    ("강현우 기자 kaja@mail.example.kr, 박소연 인턴기자", ("강현우", "박소연"), ("kaja@mail.example.kr",)),
    ("By Lee Hae-rin", ("Lee Hae-rin",), ()),                                      # an English page's
    ("By Kim Min-ji kmj@mail.example.kr", ("Kim Min-ji",), ("kmj@mail.example.kr",)),
])
def test_batch_h_byline_forms(text, reporters, emails):
    byline = bylines.parse(text)
    assert byline.reporters == reporters and byline.emails == emails
    assert bylines.parse("강현우 기자와 박소연 인턴기자가 현장을 찾았다.") is None     # a sentence naming them


def test_a_sign_off_name_may_end_like_a_place():
    assert bylines.sign_off("JTBC 홍길동입니다.").reporters == ("홍길동",)
    assert bylines.sign_off("YTN 이재동입니다.").reporters == ("이재동",)
    assert bylines.sign_off("KBS 뉴스 김민시입니다.").reporters == ("김민시",)
    assert bylines.bare_name("광산동") is None                   # alone, it may be a neighbourhood
    assert bylines.sign_off("MBC 뉴스데스크입니다.") is None
    assert bylines.sign_off("KBS 인천시입니다.") is None                # a city, not a reporter


def test_batch_h_sign_off_names_a_known_broadcaster():
    assert bylines.sign_off("TV조선 이승현입니다.").outlet == "TV조선"
    assert bylines.sign_off("채널A 뉴스 김태영입니다.").outlet == "채널A"     # its reporters write from donga.com
    assert bylines.sign_off("KBS 뉴스 윤하진입니다.").outlet == ""


@pytest.mark.parametrize("text,expected", [
    ("16일 광주 북구 충장사 앞에 새 안내판이 서 있다. 강현우 기자", ("16일 광주 북구 충장사 앞에 새 안내판이 서 있다.", "강현우 기자")),
    ("학생들이 버스를 기다리고 있다. 사진 춘천시", ("학생들이 버스를 기다리고 있다.", "춘천시")),
    ('그는 "좋다"고 말했다. 홍길동 기자', None),                    # a body's last sentence, signed
])
def test_batch_h_caption_credits(text, expected):
    assert captions.parse(text) == expected
    assert captions.split_figure_credit("도시철도 3호선 열차. /대구교통공사") == ("도시철도 3호선 열차.", "대구교통공사")


def test_batch_h_board_stamp_and_print_running_head():
    [found] = dates.parse_line("작성일 24-03-05 14:22")
    assert found.kind == "published" and found.info.date.startswith("2024-03-05T14:22")
    assert dates.running_head("경남일보 2024년 3월 5일 화요일 5면")
    assert not dates.running_head("2024년 3월 5일 화요일")          # a web header's 'today'


def test_batch_h_spaced_print_lines_rejoin_with_a_space_only_where_a_word_ends():
    from civicnews.clean import spacing
    assert spacing.rejoin_spaced(["상설 전시관을 짓", "는다."]) == "상설 전시관을 짓는다."
    assert spacing.rejoin_spaced(["진주지", "사 터 6천㎡에"]) == "진주지사 터 6천㎡에"


# ---- rules the blind batch i asked for (tests/fixtures/blind/i*)

@pytest.mark.parametrize("text,reason", [
    ("문의 정책기획관 대변인실 061-260-0000", "press release contact"),
    ("문의 : 농림축산식품부 농촌계획과(044-201-0000)", "press release contact"),
    ("과장 이○○ ☎ 062-613-3700", "press release contact"),
    ("담당 장학사 김○○", "press release contact"),
    ("사진 있음", "press release contact"),
    ("매수 2쪽", "press release contact"),
    ("민선8기 광주, 내 삶이 바뀌는 위대한 광주", "site's note"),
    ("※ 위 인터뷰 내용을 인용 보도할 때는 반드시 광주CBS <시사포커스>라고 밝혀주시기 바랍니다.", "footer note"),
    ("이 페이지에서 제공하는 정보에 만족하십니까?", "widget"),
    ("무슬목해변 전경.jpg", "attachment"),
    ("문의가 잇따르자 시는 상담 전화 062-613-0000을 열었다.", ""),        # a sentence with a number
    ("민선8기 들어 광주시는 공약 120건 가운데 80건을 마쳤다.", ""),
])
def test_batch_i_boilerplate_rule(text, reason):
    assert boilerplate.classify(text) == reason


def test_batch_i_issuer_named_with_the_release_on_one_line():
    from civicnews.clean.web import _issuer_line
    assert _issuer_line("광주광역시 보도자료") == "광주광역시"
    assert _issuer_line("전라남도교육청 보도자료") == "전라남도교육청"
    assert _issuer_line("오늘의 보도자료") == ""


def test_batch_i_board_row_of_fields_is_a_date_line():
    [found] = dates.parse_line("작성자 : 홍보기획관 | 등록일 : 2024-10-21 | 조회수 : 88")
    assert found.kind == "published" and found.info.date == "2024-10-21"
    assert dates.parse_line("작성자 : 홍보기획관 | 시는 2024-10-21 해수욕장을 지정했다.") == []


def test_batch_i_a_column_signed_at_its_foot_is_no_teaser():
    article, = clean_file(Path(__file__).parent / "fixtures" / "blind" / "i20_gjdream_column_author_end.txt").articles
    assert article.reporters == ("이정민",) and "활동가" not in article.body


def test_batch_i_a_hyphen_at_a_line_break_inside_a_word_leaves_it():
    from civicnews.clean import spacing
    assert spacing.rejoin_lines(["경로당의 운영 시-", "간을 늘린다."]) == "경로당의 운영 시간을 늘린다."
    assert spacing.rejoin_lines(["순찰하며 어르-", "신들의 건강"]) == "순찰하며 어르신들의 건강"
    assert spacing.rejoin_lines(["이같이 밝혔-", "다."]) == "이같이 밝혔다."
    assert spacing.rejoin_lines(["광주-", "나주 간 도로"]) == "광주-나주 간 도로"      # two names: the text's hyphen
    assert spacing.rejoin_lines(["KTX-", "이음"]) == "KTX-이음"


def test_batch_i_a_caption_alone_under_the_last_print_article_is_its_photo():
    article, = clean_file(Path(__file__).parent / "fixtures" / "blind" / "i01_jnilbo_print_hyphen.txt").articles
    assert [p.caption for p in article.photos] == ["광주 북구 운암동의 한 경로당에서 어르신들이 더위를 피하고 있다."]


def test_batch_i_a_saved_page_marks_its_deck_by_class():
    from civicnews.clean import html
    page = ('<html><body><header><h3 class="heading">광주 남구 차 없는 거리</h3>'
            '<h4 class="subheading">오후 2시부터 8시까지 푸른길 구간 통제</h4></header>'
            '<div class="lnb"><h3 class="sub_tit">보도자료</h3></div>'
            '<aside><p class="sub_title">다른 기사의 부제 한 줄</p></aside></body></html>')
    assert html.decks(page) == ("오후 2시부터 8시까지 푸른길 구간 통제",)


@pytest.mark.parametrize("text,expected", [
    ("(광주=연합뉴스) 양림동 옛 선교사 사택의 모습. 2024.8.27 [광주 남구 제공. 재판매 및 DB 금지]",
     ("양림동 옛 선교사 사택의 모습.", "광주 남구")),
    ("흑두루미 무리가 습지를 찾았다.(순천시 제공) 2024.10.2/뉴스1", ("흑두루미 무리가 습지를 찾았다.", "순천시/뉴스1")),
    ("옛 광주적십자병원 앞에 새로 설치된 안내판. 김용희 기자", ("옛 광주적십자병원 앞에 새로 설치된 안내판.", "김용희 기자")),
    ("시는 내년에 공사를 마친다. 김용희 기자", None),                 # a body's last sentence, signed
])
def test_batch_i_caption_credits(text, expected):
    assert captions.parse(text) == expected


def test_batch_i_a_photo_title_over_its_caption_inside_the_body():
    from civicnews.clean.web import _photo_title
    assert _photo_title("순천만 철새", "순천만 습지를 찾은 흑두루미 무리.")
    assert not _photo_title("주민 반응은", "순천만 습지를 찾은 흑두루미 무리.")     # an intertitle
    assert not _photo_title("순천만을 찾은 철새가 늘었다.", "순천만 습지를 찾은 흑두루미 무리.")


def test_batch_i_a_release_stamped_with_its_ministry_is_that_ministrys():
    from civicnews.clean import clean_text
    text = ("정책브리핑\n보도자료\n농촌 빈집 정비에 국비 120억 원 지원\n2024.03.28 농림축산식품부\n"
            "농림축산식품부는 농촌 빈집 정비에 국비 120억 원을 지원한다고 28일 밝혔다.\n"
            "지원 대상은 40개 시군이다.\n")
    article, = clean_text(text, "raw/x.txt").articles
    assert article.outlet == "농림축산식품부" and article.date == "2024-03-28"


def test_batch_i_a_board_post_laid_out_as_a_table():
    from civicnews.clean import html, outlets
    page = ('<html><body><table><tr><th>제목</th><td>서구, 배회 감지기 300대 보급</td></tr>'
            '<tr><th>작성자</th><td>어르신장애인과</td><th>작성일</th><td>2024-02-14</td></tr>'
            '<tr><td class="cont"><p>광주 서구가 치매 어르신을 위한 배회 감지기 300대를 무료로 보급한다.</p>'
            '<p>신청은 오는 29일까지 받는다.</p></td></tr></table></body></html>')
    assert html.board_view(page) == ["서구, 배회 감지기 300대 보급", "작성일 2024-02-14",
                                     "광주 서구가 치매 어르신을 위한 배회 감지기 300대를 무료로 보급한다.", "신청은 오는 29일까지 받는다."]
    assert html.board_view("<table><tr><th>구분</th><td>1</td></tr></table>") == []
    assert outlets.looks_like_agency("광주광역시 서구") and not outlets.looks_like_agency("광주 서구 주민")


def test_batch_i_a_print_copy_with_its_folio_at_the_foot():
    from civicnews.clean import clean_text
    text = ("곡성 기차마을 증기기관차\n2년 만에 다시 달린다\n\n노후 부품 교체 마치고 주말 운행\n\n"
            "곡성 섬진강기차마을의 증기기관차가 2년 만에 운행을 다시 시작한다.\n"
            "기관차는 주말과 공휴일 하루 4회 오간다.\n곡성=강경완 기자\n\n2024년 9월 10일 화요일 전남매일 9면\n")
    article, = clean_text(text, "raw/x.txt").articles
    assert article.title == "곡성 기차마을 증기기관차 2년 만에 다시 달린다"
    assert article.subtitles == ("노후 부품 교체 마치고 주말 운행",) and article.outlet == "전남매일"
    # a web copy (no running head) keeps its title and deck apart
    web, = clean_text(text.replace("2024년 9월 10일 화요일 전남매일 9면", "입력 2024.09.10 10:00"), "raw/y.txt").articles
    assert web.title == "곡성 기차마을 증기기관차"


def test_batch_i_a_print_deck_wrapped_after_a_bound_noun():
    from civicnews.clean.printpage import _unfinished
    assert _unfinished("2027년까지국비등")                    # '… 국비 등' / '380억 투입': one deck
    assert not _unfinished("광주시공모선정국비62억확보")          # seed 000: three decks, each whole
    assert not _unfinished("사업비 120억원…망경동 옛 한전 터에")
