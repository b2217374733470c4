"""Page furniture the third blind batch (tests/fixtures/blind/d*) found: portal tools (text-to-speech,
translation, summary notes), donation and app prompts, reaction buttons with their counts, a
site footer's company facts, print page references, press-release contacts, bylines with 'ㅣ' or a
trailing '(=광양)', photographers' credits and hashtag lists, outside writers of columns, a page
copied with every line doubled, the header's 'today', a roundup's shared breadcrumb, and a saved
page's figure captions. Each rule is tested on our own short lines, and on sentences it must leave."""
from __future__ import annotations

import pytest

from civicnews.articles import plain_text
from civicnews.clean import boilerplate, bylines, clean_text, outlets
from civicnews.clean import html as html_input


@pytest.mark.parametrize("line,reason", [
    ("글씨 크기 조절", "widget"),
    ("글자크기 변경", "widget"),
    ("놀라워요 3", "widget"),
    ("2 / 6", "counter"),
    ("10,000", "counter"),
    ("+5,000 원 추가", "promotion"),
    ("좋은기사 원고료로 응원하세요", "promotion"),
    ("회원이면 자동결제로 꾸준히 후원할 수 있습니다.", "promotion"),
    ("남도신문 조합원 가입하기", "promotion"),
    ("English", "widget"),
    ("Tiếng Việt", "widget"),
    ("Translated by kakao i", "widget"),
    ("Facebook", "share"),
    ("naver band", "share"),
    ("이동 통신망을 이용하여 음성을 재생하면 별도의 데이터 통화료가 부과될 수 있습니다.", "widget"),
    ("기사 제목과 주요 문장을 기반으로 자동요약한 결과입니다.", "widget"),
    ("개인정보처리방침", "company info"),
    ("등록번호 : 전남, 아00123", "company info"),
    ("청소년보호책임자 : 박보호", "company info"),
    ("(주)무진미디어 | 대표이사 : 김대표 | 사업자등록번호 : 000-00-00000", "company info"),
    ("회사소개 | 광고문의 | 청소년보호정책", "company info"),
    ("| 본지 5면", "print page"),
    ("제12면", "print page"),
    ("담당부서 복지정책과", "press release contact"),
    ("팀장 박○○ 062-613-0000", "press release contact"),
    ("붙임 : 사업 개요 1부.", "attachment"),
    ("▣ 기사 원문보기 : https://news.example.kr/1", "link"),
    ("▣ 제보 하기", "reader tips"),
    ("뉴스 앱에서 더 빠르게 소식을 만나보세요.", "promotion"),
    ("유튜브에서도 남도방송 뉴스를 구독해주세요!", "promotion"),
    ("※ 외부 필자의 원고는 본사의 편집 방향과 다를 수 있습니다.", "footer note"),
    ("무진일보@mujin.example.kr", "footer note"),
    ("(끝)", "end mark"),
    ("종합 06면", "print page"),
    ("코스피 2,581.27 ▲12.04 +0.47%", "widget"),
    ("원/달러 1,341.50 ▲2.10", "widget"),
    ("남도TV 기사문의 및 제보 : 카톡/라인 jebo00", "reader tips"),
    ("출처 : 광주드림(https://www.gjdream.com)", "source line"),
    ("광고 닫기", "advertisement"),
])
def test_furniture_lines(line, reason):
    assert boilerplate.classify(line) == reason


@pytest.mark.parametrize("sentence", [
    "시민들이 선수들을 응원하기 위해 경기장에 모였다.",
    "AI가 회의록을 자동 요약한 결과 정확도가 92%로 나타났다.",
    "칼럼니스트 김씨는 정부 입장과 다를 바 없다고 했다.",
    "발행인 홍길동 씨는 이날 취임했다고 밝혔다.",
    "담당자는 이번 사업을 맡았다.",
    "교통카드 자동결제로 요금을 낸다.",
    "주민들은 앱에서 신청할 수 있다.",
])
def test_body_sentences_are_not_furniture(sentence):
    assert boilerplate.classify(sentence) == ""


def test_a_path_of_one_word_names_is_a_breadcrumb():
    assert boilerplate.section_of("기업 > 중기·벤처") == "기업 > 중기·벤처"
    assert boilerplate.section_of("수출 > 수입 역전") == ""


def test_teaser_headers_in_brackets():
    assert boilerplate.teaser_kind("[오늘의 주요뉴스]") == "tail"
    assert boilerplate.teaser_kind("오늘의 핫 클릭") == "tail"


def test_bylines_with_a_hangul_bar_a_trailing_place_and_credits():
    lead = bylines.parse("[더팩트ㅣ무안=김동언 기자] 무안공항의 노선이 늘어난다.")
    assert (lead.outlet, lead.place, lead.reporters) == ("더팩트", "무안", ("김동언",))
    closing = bylines.parse("김보현 기자(=광양)(kbh@pressian.com)")
    assert (closing.reporters, closing.place, closing.emails) == (("김보현",), "광양", ("kbh@pressian.com",))
    assert bylines.parse("영상취재 : 최양규 기자") is None
    assert bylines.parse("카메라 : 박영상 기자") is None
    tags = bylines.parse("#MBN #광주서구 #정치훈기자")
    assert tags.reporters == ("정치훈",) and tags.outlet == ""


def test_a_clippings_source_names_its_outlet():
    assert boilerplate.named_outlet("출처 : 광주드림(https://www.gjdream.com)", "source line") == "광주드림"
    assert boilerplate.named_outlet("출처: 광주시", "source line") == ""


def test_a_desk_between_the_name_and_the_role():
    found = bylines.parse("광주 = 정성환 호남본부 기자")
    assert (found.reporters, found.desk, found.place) == (("정성환",), "호남본부", "광주")


def test_sign_offs_name_the_reporter_after_any_broadcasters_name():
    assert bylines.sign_off("연합뉴스TV 김경인입니다.").reporters == ("김경인",)
    assert bylines.sign_off("광주시 관계자입니다.") is None


def test_a_wire_credit_after_the_sources():
    from civicnews.clean.captions import split_credit
    assert split_credit("자전거길 시범 구간.(광주시 제공)/뉴스1") == ("자전거길 시범 구간.", "광주시/뉴스1")


def test_a_reporters_address_after_the_sign_off():
    text, byline = bylines.split_trailing("MBN뉴스 정치훈입니다. [ jung.chihoon@mbn.co.kr ]")
    assert text == "MBN뉴스 정치훈입니다." and byline.emails == ("jung.chihoon@mbn.co.kr",)


@pytest.mark.parametrize("line,name", [
    ("김정은 전남대 교육학과 교수", "김정은"),
    ("박지훈 / 광주환경운동연합 사무처장", "박지훈"),
    ("이수민 <시인>", "이수민"),
    ("강기정 광주시장", None),                # an official is a subject, not a writer
    ("김정은 교수는 말했다.", None),
    ("광주 서구 주민", None),
])
def test_outside_writers(line, name):
    found = bylines.writer(line)
    assert (found.reporters[0] if found else None) == name
    assert found is None or found.weak


def test_outlet_names():
    assert outlets.canonical("전북CBS") == "노컷뉴스"
    assert outlets.canonical("CBS노컷뉴스") == "노컷뉴스"
    assert outlets.canonical("광주MBC") == "광주MBC"
    assert outlets.looks_like_agency("전라남도") and outlets.looks_like_agency("광주광역시")
    assert not outlets.looks_like_agency("시정소식")


def body(article) -> list[str]:
    return [p for p in plain_text(article.body).split("\n") if p.strip()]


def test_a_page_copied_with_every_line_doubled():
    page = "\n".join(line for line in (
        "남구, 공원 보행등 설치", "입력 2024.09.10 11:40", "박소영 기자",
        "남구가 공원에 보행등 120개를 설치한다.", "보행등은 사람이 지나가면 밝아진다.") for line in (line, line))
    result = clean_text(page, "raw/doubled.txt")
    [article] = result.articles
    assert body(article) == ["남구가 공원에 보행등 120개를 설치한다.", "보행등은 사람이 지나가면 밝아진다."]
    assert "repeated line" in {d.reason for d in result.report.dropped}


def test_reaction_buttons_above_their_counts_and_a_column_writer():
    page = "\n".join((
        "오피니언 > 칼럼", "[칼럼] 섬의 학교", "김정은 전남대 교육학과 교수", "입력 2024.06.17 18:20",
        "섬에서 학교가 하나둘 문을 닫고 있다.", "학교를 지키는 일은 섬을 지키는 일이다.",
        "신기해요", "0", "※ 외부 필자의 원고는 본사의 편집 방향과 다를 수 있습니다.",
        "지난 칼럼 더 읽기는 누리집에서 할 수 있다."))
    result = clean_text(page, "raw/column.txt")
    [article] = result.articles
    assert article.reporters == ("김정은",) and article.subtitles == ()
    assert body(article) == ["섬에서 학교가 하나둘 문을 닫고 있다.", "학교를 지키는 일은 섬을 지키는 일이다."]


def test_the_headers_today_is_not_the_articles_date():
    page = "\n".join((
        "남도일보", "2024년 06월 18일 (화)", "사회", "동구, 빈 점포 지도 만든다",
        "동구가 2024년 원도심 빈 점포 230곳을 조사해 지도로 공개한다.", "지도에는 임대료도 담긴다.",
        "이정우 기자 jwlee@namdonews.com"))
    [article] = clean_text(page, "raw/today.txt").articles
    assert (article.date, article.date_inferred) == ("2024", True)
    dated = clean_text(page.replace("사회\n", "사회\n동구, 빈 점포 지도 만든다\n입력 2024.06.17 16:40\n", 1)
                       .replace("동구, 빈 점포 지도 만든다\n동구가", "동구가"), "raw/dated.txt").articles[0]
    assert dated.date == "2024-06-17T16:40:00+09:00"


def test_a_roundups_items_share_its_breadcrumb():
    page = "\n".join((
        "사회 > 지역", "화순군, 고인돌 유적지 조명 설치", "입력 2023.03.13. 17:50",
        "화순군은 고인돌 유적지에 조명 60개를 설치했다고 13일 밝혔다.",
        "◇장성군, 황룡강 꽃길 조성", "장성군은 황룡강변에 봄꽃길을 조성한다고 13일 밝혔다.",
        "/장성=김대성 기자 bigkim@kwangju.co.kr"))
    articles = clean_text(page, "raw/roundup.txt").articles
    assert [a.section for a in articles] == ["사회 > 지역", "사회 > 지역"]
    assert [a.reporters for a in articles] == [("김대성",), ("김대성",)]


def test_a_press_release_is_the_issuers_and_cbs_writes_as_nocutnews():
    release = "\n".join((
        "전라남도", "보도자료", "보도일시 2024. 3. 5.(화) 11:00", "담당부서 해양항만과", "과장 김○○ 061-286-0000",
        "전남도, 해상 택시 운임 지원", "전라남도는 섬 주민의 해상 택시 운임 절반을 지원한다고 5일 밝혔다."))
    [article] = clean_text(release, "raw/release.txt").articles
    assert (article.title, article.outlet) == ("전남도, 해상 택시 운임 지원", "전라남도")
    nocut = "\n".join(("군산 박물관 야간 개장 연장", "전북CBS 도상진 기자", "2023-07-26 10:31",
                       "군산시가 근대역사박물관 야간 개장을 두 달 늘린다."))
    [article] = clean_text(nocut, "raw/nocut.txt").articles
    assert (article.outlet, article.desk) == ("노컷뉴스", "전북CBS")


def test_saved_page_figures_and_page_order():
    page = """<html><head><title>목포 야행 열린다 | 전남일보</title>
<meta property="og:title" content="목포 야행 열린다"></head><body>
<div class="head"><h1>목포 야행 열린다</h1><p class="sub">근대건축물 12곳 밤 10시까지 개방</p></div>
<div class="body"><figure class="photo"><img src="a.jpg"><figcaption>옛 영사관 건물. 목포시 제공</figcaption></figure>
<p>목포시 원도심의 근대건축물을 밤에 둘러보는 행사가 다음 달 열린다.</p>
<p>시는 10월 6일부터 사흘 동안 근대건축물 12곳을 밤 10시까지 개방한다고 14일 밝혔다.</p></div>
<aside class="ranking"><figure><figcaption>다른 기사의 사진</figcaption></figure></aside></body></html>"""
    assert html_input.figure_captions(page) == ("옛 영사관 건물. 목포시 제공",)
    ordered = html_input.in_page_order("본문 둘째 줄\n근대건축물 12곳 밤 10시까지 개방",
                                       page.replace("<p>시는", "<p>본문 둘째 줄 시는"))
    assert ordered.split("\n") == ["근대건축물 12곳 밤 10시까지 개방", "본문 둘째 줄"]
    [article] = clean_text(page, "raw/figures.html", is_html=True).articles
    assert [(p.caption, p.credit) for p in article.photos] == [("옛 영사관 건물.", "목포시")]


def test_a_script_with_speaker_cues_signed_off_under_its_channels_name():
    page = "\n".join((
        "연합뉴스TV", "광주 AI 집적단지 2단계 예타 통과", "등록 2024-12-03 18:10:42", "[앵커]",
        "광주 인공지능 집적단지 2단계 사업이 예비타당성 조사를 통과했습니다.",
        "<인터뷰> 박수진 / 광주시 AI산업과장", "\"기업이 데이터센터를 바로 쓰도록 잇겠습니다.\"",
        "연합뉴스TV 김경인입니다. (kikim@yna.co.kr)", "(끝)"))
    [article] = clean_text(page, "raw/yonhaptv.txt").articles
    assert (article.reporters, article.outlet) == (("김경인",), "연합뉴스TV")
    assert body(article)[1] == "박수진 / 광주시 AI산업과장"
    assert "<인터뷰>" not in article.body and "(끝)" not in article.body


def test_only_an_update_time_dates_the_page_and_labels_leave_the_body():
    page = "\n".join((
        "광주시, 자전거길 안심등 설치", "업데이트 2024.06.12 오전 11:30",
        "광주시가 영산강 자전거길 승촌보에서 극락교까지 14㎞ 구간에 안심등 500개를 설치한다.", "TALK",
        "시는 태양광 안심등과 함께 비상벨 20개를 달고 공사를 9월 말까지 마친다고 12일 밝혔다.", "신기해요", "다음글"))
    [article] = clean_text(page, "raw/updated.txt").articles
    assert article.date == "2024-06-12T11:30:00+09:00"
    assert [p[:8] for p in body(article)] == ["광주시가 영산강", "시는 태양광 안"]


def test_an_unmarked_headline_between_paragraphs_is_a_teaser_a_marked_intertitle_stays():
    page = "\n".join((
        "광주 서구, 상무지구 ‘야간 보행 안전길’ 조성", "입력 2024.02.27 18:30", "김다원 기자",
        "광주 서구가 상무지구 유흥가 주변 1.5㎞ 구간에 바닥 조명과 비상벨을 갖춘 야간 보행 안전길을 만든다.",
        "서구, 상무지구 CCTV 200대로 확충",
        "■ 자율방범대 순찰도 늘려",
        "서구는 공사를 5월까지 마치고 자율방범대의 야간 순찰도 주 3회에서 5회로 늘릴 계획이다.",
        "김다원 기자 dw@kjdaily.com"))
    result = clean_text(page, "raw/teaser.txt")
    [article] = result.articles
    assert [p[:6] for p in body(article)] == ["광주 서구가", "■ 자율방범", "서구는 공사"]
    assert ("서구, 상무지구 CCTV 200대로 확충", "teaser") in {(d.text, d.reason) for d in result.report.dropped}
