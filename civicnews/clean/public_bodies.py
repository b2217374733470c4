"""Names of Korea's central government bodies, written solid in every style guide.

Kiwi cuts them into their nouns ("과학기술정보통신부" -> 과학 기술 정보 통신부) and no archive is
large enough to teach all of them, so a page that lost its spaces would print "과학기술정보 통신부".
The restorer of word spacing gives them to Kiwi as words (see spacing.restore_spacing). The list
is the ministries, ministries' agencies and independent commissions of the Government
Organization Act (정부조직법) of 2017-2025, with the names they had over those years, and the
state's ICT agencies that news of regional industry names most often.
"""
from __future__ import annotations

MINISTRIES = (
    "기획재정부", "재정경제부", "기획예산처", "교육부", "과학기술정보통신부", "미래창조과학부", "외교부", "통일부",
    "법무부", "국방부", "행정안전부", "행정자치부", "안전행정부", "국가보훈부", "국가보훈처", "문화체육관광부",
    "농림축산식품부", "산업통상자원부", "산업통상부", "보건복지부", "환경부", "기후에너지환경부", "고용노동부",
    "여성가족부", "성평등가족부", "국토교통부", "해양수산부", "중소벤처기업부", "중소기업청",
)
AGENCIES = (
    "인사혁신처", "법제처", "식품의약품안전처", "국세청", "관세청", "조달청", "통계청", "재외동포청", "검찰청",
    "병무청", "방위사업청", "경찰청", "소방청", "국가유산청", "문화재청", "농촌진흥청", "산림청", "특허청",
    "질병관리청", "질병관리본부", "기상청", "행정중심복합도시건설청", "새만금개발청", "해양경찰청", "우주항공청",
)
COMMISSIONS = (
    "공정거래위원회", "금융위원회", "국민권익위원회", "원자력안전위원회", "개인정보보호위원회", "방송통신위원회",
    "방송미디어통신위원회", "국가인권위원회", "중앙선거관리위원회", "국가균형발전위원회", "지방시대위원회",
    "국가인공지능위원회", "국가인공지능전략위원회", "국가과학기술자문회의",
)
ICT_AGENCIES = (
    "정보통신산업진흥원", "한국지능정보사회진흥원", "정보통신기획평가원", "한국인터넷진흥원", "한국전자통신연구원",
    "한국과학기술정보연구원", "한국산업기술진흥원", "한국산업기술평가관리원", "한국에너지기술평가원",
)

NAMES: tuple[str, ...] = tuple(sorted(set(MINISTRIES + AGENCIES + COMMISSIONS + ICT_AGENCIES)))
