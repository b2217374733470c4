"""Outlet names: from a reporter's e-mail domain, and the shapes outlet names take.

The table covers national dailies, wire services, broadcasters and the regional papers of
Gwangju/Jeolla and other provinces; a domain not listed gives no outlet (never a guess).
"""
from __future__ import annotations

import re

DOMAINS: dict[str, str] = {
    "kwangju.co.kr": "광주일보", "sedaily.com": "서울경제", "asiae.co.kr": "아시아경제",
    "yna.co.kr": "연합뉴스", "yonhapnews.co.kr": "연합뉴스", "newsis.com": "뉴시스", "news1.kr": "뉴스1",
    "hankyung.com": "한국경제", "mk.co.kr": "매일경제", "chosun.com": "조선일보", "joongang.co.kr": "중앙일보",
    "joins.com": "중앙일보", "donga.com": "동아일보", "hani.co.kr": "한겨레", "khan.co.kr": "경향신문",
    "kyunghyang.com": "경향신문", "kmib.co.kr": "국민일보", "seoul.co.kr": "서울신문", "segye.com": "세계일보",
    "munhwa.com": "문화일보", "hankookilbo.com": "한국일보", "mt.co.kr": "머니투데이", "edaily.co.kr": "이데일리",
    "fnnews.com": "파이낸셜뉴스", "heraldcorp.com": "헤럴드경제", "inews24.com": "아이뉴스24",
    "etnews.com": "전자신문", "zdnet.co.kr": "지디넷코리아", "dt.co.kr": "디지털타임스", "newspim.com": "뉴스핌",
    "nocutnews.co.kr": "노컷뉴스", "cbs.co.kr": "CBS", "ohmynews.com": "오마이뉴스", "pressian.com": "프레시안",
    "kbs.co.kr": "KBS", "mbc.co.kr": "MBC", "kjmbc.co.kr": "광주MBC", "sbs.co.kr": "SBS", "ytn.co.kr": "YTN",
    "jtbc.co.kr": "JTBC", "joongang.co.kr.": "중앙일보", "mbn.co.kr": "MBN", "tvchosun.com": "TV조선",
    "ichannela.com": "채널A", "kbc.co.kr": "KBC광주방송", "ikbc.co.kr": "KBC광주방송", "jtv.co.kr": "JTV",
    "namdonews.com": "남도일보", "jnilbo.com": "전남일보", "kjdaily.com": "광주매일신문", "mdilbo.com": "무등일보",
    "gwangnam.co.kr": "광남일보", "gjdream.com": "광주드림", "jndn.com": "전남매일", "honamnews.co.kr": "호남신문",
    "ajunews.com": "아주경제", "dailian.co.kr": "데일리안", "newdaily.co.kr": "뉴데일리",
    "sportsseoul.com": "스포츠서울", "kukinews.com": "쿠키뉴스", "nspna.com": "NSP통신", "newsway.co.kr": "뉴스웨이",
    "breaknews.com": "브레이크뉴스", "kwnews.co.kr": "강원일보", "kado.net": "강원도민일보", "imaeil.com": "매일신문",
    "busan.com": "부산일보", "kookje.co.kr": "국제신문", "knnews.co.kr": "경남신문", "idomin.com": "경남도민일보",
    "jjan.kr": "전북일보", "domin.co.kr": "전북도민일보", "jbnews.com": "중부매일", "cctoday.co.kr": "충청투데이",
    "joongdo.co.kr": "중도일보", "ggilbo.com": "금강일보", "kyeonggi.com": "경기일보", "kyeongin.com": "경인일보",
    "incheonilbo.com": "인천일보", "jejunews.com": "제주일보", "ihalla.com": "한라일보", "bizwatch.co.kr": "비즈워치",
    "etoday.co.kr": "이투데이", "asiatoday.co.kr": "아시아투데이", "viva100.com": "브릿지경제", "newsprime.co.kr": "프라임경제",
    "wikitree.co.kr": "위키트리", "insight.co.kr": "인사이트", "sisajournal.com": "시사저널", "hankyoreh.com": "한겨레",
    "bloter.net": "블로터", "thelec.kr": "디일렉", "aitimes.com": "AI타임스", "aitimes.kr": "인공지능신문",
    "ddaily.co.kr": "디지털데일리", "boannews.com": "보안뉴스", "dnews.co.kr": "대한경제", "enewstoday.co.kr": "이뉴스투데이",
    "ebn.co.kr": "EBN", "econovill.com": "이코노믹리뷰", "g-enews.com": "글로벌이코노믹", "sentv.co.kr": "서울경제TV",
    "wowtv.co.kr": "한국경제TV", "tbs.seoul.kr": "TBS", "obs.co.kr": "OBS", "ebs.co.kr": "EBS",
    "womennews.co.kr": "여성신문", "naeil.com": "내일신문", "ekn.kr": "에너지경제", "energy-news.co.kr": "에너지신문",
    "electimes.com": "전기신문", "kihoilbo.co.kr": "기호일보", "joongboo.com": "중부일보", "ksilbo.co.kr": "경상일보",
    "yeongnam.com": "영남일보", "idaegu.com": "대구일보", "idaegu.co.kr": "대구신문", "moneys.co.kr": "머니S", "gndomin.com": "경남도민신문", "mbceg.co.kr": "MBC경남",
    "ysmbc.co.kr": "여수MBC", "mokpombc.co.kr": "목포MBC", "kbsnews.co.kr": "KBS", "news.kbs.co.kr": "KBS",
}

# Words that end an outlet's name more often than anything else.
OUTLET_SHAPE = re.compile(
    r"(?:일보|신문|뉴스|경제|방송|미디어|타임스|타임즈|투데이|저널|데일리|포스트|통신|뉴스24|TV|닷컴|이코노미|코리아"
    r"|헤럴드|MBC|KBS|SBS|YTN|CBS|BBS|JTBC|MBN|리뷰|매일|Korea|KOREA|News|NEWS|Times|TIMES|Daily|DAILY|Post|Herald|\d+)$")
# Bracketed tags that open a title, not a byline: [단독], (종합), [포토] ...
NOT_OUTLETS = {
    "단독", "속보", "종합", "포토", "영상", "인터뷰", "기획", "칼럼", "사설", "기고", "르포", "팩트체크", "특징주",
    "화제", "인사", "부고", "동정", "알림", "사진", "그래픽", "카드뉴스", "이슈", "분석", "해설", "긴급", "오늘의",
    "종합2보", "종합1보", "1보", "2보", "3보", "현장", "시론", "사진뉴스", "포토뉴스", "데스크칼럼", "뉴스",
}


def from_email(email: str) -> str:
    """'lucky@kwangju.co.kr' -> '광주일보'; '' when the domain is unknown or cut off."""
    domain = email.rpartition("@")[2].lower().strip(".")
    while domain:
        if domain in DOMAINS:
            return DOMAINS[domain]
        if "." not in domain:
            return ""
        domain = domain.split(".", 1)[1]
    return ""


def looks_like_outlet(word: str) -> bool:
    word = word.strip()
    if not word or word in NOT_OUTLETS or len(word) > 14:
        return False
    return word in DOMAINS.values() or bool(OUTLET_SHAPE.search(word))


# Names a page or a byline gives an outlet other than the one it is known by.
ALIASES = {"CBS노컷뉴스": "노컷뉴스", "CBS 노컷뉴스": "노컷뉴스", "노컷": "노컷뉴스", "한경닷컴": "한국경제", "한경": "한국경제",
           "매경": "매일경제", "뉴데일리뉴스": "뉴데일리", "헤럴드": "헤럴드경제", "파이낸셜": "파이낸셜뉴스"}
# A CBS station's name in a byline ('광주CBS 김수연 기자', '전북CBS'): CBS publishes its written news as 노컷뉴스.
_CBS_STATION = re.compile(r"^[가-힣]{0,4}\s?CBS$")


def canonical(name: str) -> str:
    """The name an outlet is known by: '전북CBS' -> '노컷뉴스', 'CBS노컷뉴스' -> '노컷뉴스'."""
    name = name.strip()
    if _CBS_STATION.match(name):
        return "노컷뉴스"
    return ALIASES.get(name, name)


_AGENCY = re.compile(r"^(?:[가-힣]{2,10}(?:특별시|광역시|특별자치시|특별자치도|도|시|군|구|교육청|청|부|처|공사|공단|위원회|재단|진흥원|의회)"
                     r"|[가-힣]{2,4}(?:특별시|광역시|특별자치시)\s[가-힣]{1,4}[구군])$")     # a city's district: '광주광역시 서구'


def looks_like_agency(word: str) -> bool:
    """'전라남도', '광주광역시', '행정안전부', '광주도시공사': a public body that issues press releases."""
    return bool(_AGENCY.match(word.strip())) and len(word.strip()) <= 12


KNOWN = frozenset(DOMAINS.values())
