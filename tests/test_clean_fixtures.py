"""One raw page per layout or defect of LAYOUTS.md (tests/fixtures/raw/), each cleaned and checked
for what a careful editor would get: title, date, reporters, outlet, body, and what was dropped."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from civicnews.clean import boilerplate, clean_content, clean_file
from civicnews.clean.decode import decode
from civicnews.clean.lines import split_lines

RAW = Path(__file__).parent / "fixtures" / "raw"

# fixture -> what the cleaner must find. Keys: title, date, precision, inferred, reporters, outlet,
# emails, desk, section, updated, body_has, body_lacks, dropped (reasons), photos (captions), count
CASES = {
    "byline_lead_newsis.txt": dict(title="광주 북구, 하천 정화 자원봉사단 출범", date="2024-06-11T08:05:00+09:00",
                                   reporters=["오세훈"], outlet="뉴시스", emails=["swoh@newsis.com"],
                                   body_has=["광주 북구가 영산강"], body_lacks=["뉴시스]", "광주 서구, 공원"]),
    "byline_lead_news1.txt": dict(title="광주시교육청, 학교 급식실 환기 설비 교체", date="2020-07-30T09:12:00+09:00",
                                  reporters=["이도윤"], outlet="뉴스1", emails=["leedy@news1.kr"]),
    "byline_lead_bracket_outlet.txt": dict(title="전남도, 섬 지역 드론 배송 시범사업", reporters=["한지민"],
                                           outlet="아이뉴스24", date="2024-06-11T08:05:00+09:00"),
    "byline_lead_fnnews.txt": dict(title="광주 첨단산단 입주기업 지원센터 문 열어", reporters=["문채원"],
                                   outlet="파이낸셜뉴스", body_has=["광주 첨단산업단지 입주 기업을"]),
    "byline_lead_pipe.txt": dict(title="광주FC, 홈 경기장 잔디 전면 교체", reporters=["배수진"], outlet="스포츠서울",
                                 body_has=["프로축구 광주FC가"], dropped=["widget"]),
    "byline_outlet_pipe.txt": dict(title="담양군, 대나무 축제 관람객 30만명 돌파", reporters=["남궁민"],
                                   outlet="광장일보", date="2023-05-08T11:10:00+09:00"),
    "byline_newskkam.txt": dict(title="화순군, 농촌 빈집 정비 지원 확대", reporters=["유재석"], outlet="뉴스깜",
                                date="2023-04-14T16:02:11+09:00", body_has=["화순군이 농촌 빈집"]),
    "byline_yonhap_dateline.txt": dict(title="연천군, 임진강 두루미 월동지 보호 나서", reporters=["김민수"],
                                       outlet="연합뉴스", date="2021-12-09T10:31:00+09:00",
                                       body_lacks=["제보", "연천=연합뉴스"]),
    "byline_old_style.txt": dict(title="광주 무등산 등산로 일부 통제", reporters=["정준"], date="1998-07-21",
                                 precision="day"),
    "byline_closing_place.txt": dict(title="광주 도서관 야간 개방 시간 연장", reporters=["서하늘"],
                                     body_lacks=["서하늘"]),
    "byline_closing_email.txt": dict(title="여수 밤바다 낭만포차 새 단장", reporters=[], outlet="뉴스핌",
                                     emails=["reporter77@newspim.com"], body_lacks=["@", "낭만포차 거리에서 관광객"],
                                     photos=["여수 낭만포차 거리에서 관광객들이 야경을 즐기고 있다."]),
    "byline_glued_section.txt": dict(title="광주시의회, 청년 주거 조례 통과", reporters=["홍길동"], body_lacks=["#"]),
    "byline_with_date.txt": dict(title="광주은행, 소상공인 특별대출 1000억원", reporters=["김하늘"], outlet="머니투데이",
                                 date="2020-08-03T09:40:00+09:00"),
    "date_scraper_prefix_month.txt": dict(title="나주 혁신도시 공공기관 채용박람회", date="2020-09", precision="month",
                                          inferred=True),
    "date_korean_gaga.txt": dict(title="목포시, 해상케이블카 요금 동결", date="2023-03-21T19:45:00+09:00"),
    "date_section_glued.txt": dict(title="광주 AI 데이터센터 전력 공급 계획 확정", date="2021-05-04T17:31:00+09:00"),
    "date_input_update.txt": dict(title="광주 버스 노선 12개 조정", date="2023-02-14T10:20:00+09:00",
                                  updated="2023-02-14T11:02:00+09:00"),
    "date_trap_header_today.txt": dict(title="순천만 갈대축제 3년 만에 열린다", date="2021-09-07T16:40:00+09:00",
                                       dropped=["date trap (not the article's date)", "navigation"]),
    "date_trap_update_stamp.txt": dict(title="광양제철소, 협력사 안전 교육 강화", date="2023-08-14T15:10:00+09:00",
                                       dropped=["date trap (not the article's date)"]),
    "date_trap_print_footer.txt": dict(title="광주 전통시장 온누리상품권 환급 행사", date="2024-02-07T15:30:00+09:00",
                                       body_lacks=["프린트"], dropped=["date trap (not the article's date)"]),
    "date_trap_caption_photo.txt": dict(title="광주천 생태하천 복원 2단계 착공", date="2022-10-05T09:00:00+09:00",
                                        body_lacks=["자료사진"], photos=["광주천 상류 구간의 모습. 2019.03.05 자료사진"]),
    "date_inferred_text.txt": dict(title="장성군, 황룡강 꽃길 조성", date="2023-05", precision="month", inferred=True),
    "boilerplate_widgets.txt": dict(title="곡성군, 기차마을 야간 개장", section="사회 > 지역", date="2023-07-20T10:15:00+09:00",
                                    dropped=["navigation", "widget", "share", "comments", "weather"], paragraphs=2),
    "boilerplate_ads_promos.txt": dict(title="광주 신규 아파트 분양가 상승", paragraphs=3,
                                       body_lacks=["광고", "AD", "▶", "관련기사"], dropped=["advertisement", "promotion"]),
    "boilerplate_media.txt": dict(title="광주 비엔날레 관람객 60만명 돌파", paragraphs=2,
                                  body_lacks=["Photo Image", "![", "닫기", "관련사진보기", "리포트"],
                                  photos=["관람객들이 비엔날레 전시관을 둘러보고 있다."]),
    "boilerplate_footers.txt": dict(title="영광군, 굴비 축제 일정 확정", reporters=["박소라"], paragraphs=2,
                                    body_lacks=["Copyright", "댓글", "다른 기사", "법성포"], outlet="경향신문"),
    "copyright_before_body.txt": dict(title="무안군, 갯벌 낙지 자원 조사", paragraphs=2, outlet="남도신문",
                                      body_lacks=["무단"]),
    "copyright_split_line.txt": dict(title="보성군, 녹차 수출 100만달러 달성", paragraphs=2, body_lacks=["배포 금지"]),
    "copyright_english.txt": dict(title="해남군, 땅끝 해넘이 행사 취소", paragraphs=2, body_lacks=["Copyright"]),
    "teasers_hot_news.txt": dict(title="광주 5·18 기념식 참석자 1만명", paragraphs=2,
                                 body_lacks=["신세계", "제한속도", "송정역", "아파트값", "뜨는"]),
    "captions_credit_forms.txt": dict(title="광주시, 자원순환 홍보관 개관", paragraphs=3, outlet="",
                                      body_lacks=["제공", "ⓒ", "중앙포토", "홍보관 외관", "테이프"],
                                      photos=["광주시 자원순환 홍보관에서 어린이들이 분리배출 체험을 하고 있다.", "홍보관 외관.",
                                              "개관식에서 참석자들이 테이프를 자르고 있다.", "시민들이 홍보관 전시를 보고 있다.",
                                              "분리배출 표지판"]),
    "caption_duplicated.txt": dict(title="광주 첨단 3지구 기반공사 마무리", paragraphs=2,
                                   photos=["광주 첨단 3지구 공사 현장 모습."]),
    "title_repeated.txt": dict(title="광주 어린이 교통공원 새 단장", paragraphs=2, dropped=["duplicate title"]),
    "glued_paragraphs.txt": dict(title="광주 청년 창업 공간 추가 개소", paragraphs=3),
    "one_line_article.txt": dict(title="구례군, 산수유 꽃길 걷기 대회", date="2023-03-14T09:20:00+09:00",
                                 body_has=["구례군은 산수유"], body_lacks=["입력"]),
    "markdown_bold.txt": dict(title="광주 시내버스 무료 환승 확대", date="2023-01-05T09:00:00+09:00",
                              body_lacks=["**", "#"], body_has=["환승 시간 늘린 이유"]),
    "lost_middle_dot.txt": dict(title="광주·전남 상생 협력 과제 10건 합의", body_has=["정부·여당"], body_lacks=["?"]),
    "nbsp_blank_lines.txt": dict(title="광주 하수처리장 악취 저감 공사", paragraphs=2, body_lacks=["\u00a0", "\r"]),
    "cp949.txt": dict(title="광주 동구, 똠양꿍 요리 강좌 열어", encoding="cp949", body_has=["똠양꿍"]),
    "euckr.txt": dict(title="광주 남구, 주민 참여 예산 공모", encoding="cp949"),
    "bom_crlf.txt": dict(title="광주 서구, 골목 벽화 사업 완료", encoding="utf-8-sig", paragraphs=2),
    "html_page.html": dict(title="광주시, 공공 와이파이 500곳 추가 설치", reporters=["김나래"], date="2023-09-12T10:30:00+09:00",
                           outlet="광주뉴스", body_lacks=["야구장", "Copyright", "정치"], paragraphs=3),
}
MULTI = {
    "broadcast_briefs.txt": ["광주시, 폭염 대비 무더위쉼터 운영", "전남 양파 수확 작업 한창"],
    "broadcast_slashes.txt": ["순천만정원 야간 개장", "여수 해상 불꽃축제 취소"],
    "roundup_second_item.txt": ["광주 북구, 경로당 냉방비 지원", "서구, 청소년 영어캠프 참가자 모집"],
}
SKIPPED = {"binary.bin": "binary", "empty.txt": "empty", "nul_bytes.txt": "binary"}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name,expected", sorted(CASES.items()))
def test_fixture(name, expected):
    result = clean_file(RAW / name)
    assert len(result.articles) == expected.get("count", 1)
    article = result.articles[0]
    assert article.title == expected["title"]
    for key in ("date", "outlet", "section", "desk", "updated"):
        if key in expected:
            assert getattr(article, key) == expected[key], key
    assert article.date_precision == expected.get("precision", "minute" if "T" in article.date else article.date_precision)
    assert article.date_inferred == expected.get("inferred", False)
    if article.date_inferred:
        assert article.date_evidence
    assert list(article.reporters) == expected.get("reporters", list(article.reporters))
    if "reporters" in expected or "byline" in name:
        assert list(article.reporters) == expected["reporters"]
    for email in expected.get("emails", []):
        assert email in article.emails
    for text in expected.get("body_has", []):
        assert text in article.body
    for text in expected.get("body_lacks", []):
        assert text not in article.body, text
    if "paragraphs" in expected:
        assert len(article.body.strip().split("\n\n")) == expected["paragraphs"]
    if "photos" in expected:
        assert [p.caption for p in article.photos] == expected["photos"]
    reasons = {d.reason for d in result.report.dropped}
    for reason in expected.get("dropped", []):
        assert reason in reasons
    if "encoding" in expected:
        assert result.report.encoding == expected["encoding"]
    assert squash(article.title) not in squash(article.body)


@pytest.mark.parametrize("name,titles", sorted(MULTI.items()))
def test_one_file_several_items(name, titles):
    result = clean_file(RAW / name)
    assert [a.title for a in result.articles] == titles
    assert all(a.body.strip() for a in result.articles)
    assert all(not re.search(r"◀|▶|={4,}|/{4,}", a.body) for a in result.articles)
    assert all(a.date for a in result.articles)          # the page prints its date once, for every brief


def test_print_page_fixture():
    result = clean_file(RAW / "print_page.txt")
    titles = [squash(a.title) for a in result.articles]
    assert titles == ["시민안전보험보장확대", "광주천따라걷는역사여행", "광주천봄꽃산책"]
    first, second, photo = result.articles
    assert [squash(s) for s in first.subtitles] == ["사망보험금2천만원으로올려"]
    assert first.reporters == ("김다온",) and first.outlet == "광주일보"
    assert second.emails == ("daon@kwangju.co.kr",)          # 'daon@' cut off by the column, completed
    assert squash(second.body).endswith("참가비는무료이며회차당20명을모집한다.")
    assert photo.kind == "photo" and not photo.body and not photo.reporters
    assert squash(photo.photos[0].caption).startswith("봄을맞은광주천")
    assert " " in first.body                                   # spacing restored


def test_captions_only_page_makes_no_article():
    result = clean_file(RAW / "captions_only.txt")
    assert result.articles == ()
    assert result.report.dropped and not result.report.skipped


@pytest.mark.parametrize("name,reason", sorted(SKIPPED.items()))
def test_unreadable_files_are_reported_and_skipped(name, reason):
    result = clean_file(RAW / name)
    assert result.articles == ()
    assert reason in result.report.skipped


def _all_fixtures():
    return sorted(p.name for p in RAW.iterdir() if p.name not in SKIPPED)


@pytest.mark.parametrize("name", _all_fixtures())
def test_nothing_lost_and_no_boilerplate_in_bodies(name):
    result = clean_file(RAW / name)
    if name.endswith(".html"):
        return      # line numbers there are those of trafilatura's text
    text = decode((RAW / name).read_bytes()).text
    lines = split_lines(text)
    missing = [line.no for line in lines if line.text and line.no not in result.accounted]
    assert missing == []
    for article in result.articles:
        assert article.title.strip()
        for paragraph in filter(None, (p.strip() for p in article.body.split("\n\n"))):
            assert boilerplate.classify(paragraph) == "", paragraph
            assert boilerplate.teaser_kind(paragraph) == "", paragraph


def test_sources_hint_url_with_unix_time(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "date_url_aid.txt").write_bytes((RAW / "date_url_aid.txt").read_bytes())
    (raw / "sources.yaml").write_text(
        "date_url_aid.txt:\n  url: http://www.example-gn.kr/news/view.php?aid=1689991200123\n  outlet: 고흥신문\n",
        encoding="utf-8")
    result = clean_content(tmp_path)
    (article,) = result.articles
    assert article.date == "2023-07-22T11:00:00+09:00"        # 1689991200 in Korean time
    assert article.date_inferred and "aid=1689991200" in article.date_evidence[0]
    assert article.outlet == "고흥신문"
    assert article.source.url.endswith("aid=1689991200123")


def test_sources_hint_date_wins_over_inference(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "date_inferred_text.txt").write_bytes((RAW / "date_inferred_text.txt").read_bytes())
    (raw / "sources.yaml").write_text("date_inferred_text.txt:\n  date: '2023-05-03'\n", encoding="utf-8")
    (article,) = clean_content(tmp_path).articles
    assert article.date == "2023-05-03" and article.date_precision == "day" and not article.date_inferred


def test_large_file_is_linear(tmp_path):
    """Cleaning time grows with the size of a file, not with its square."""
    page = (RAW / "boilerplate_footers.txt").read_text(encoding="utf-8")
    body = "광주시는 시민 참여 예산 사업을 확대한다고 밝혔다. " * 8 + "\n\n"
    timings = []
    for repeat in (2000, 8000):                   # about 1.3 MB and 5 MB
        raw = tmp_path / f"big{repeat}.txt"
        raw.write_text(page.replace("축제에서는", body * repeat + "축제에서는"), encoding="utf-8")
        started = time.perf_counter()
        result = clean_file(raw)
        timings.append(time.perf_counter() - started)
        assert len(result.articles) == 1
    assert timings[1] < timings[0] * 8             # 4x the size: well under 16x the time
