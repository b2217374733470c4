"""Boilerplate: lines of a news page that are not the article (navigation, widgets, ads, media
markers, footers, teasers of other articles), each recognised by its shape and given a reason.

The rules look at one line at a time; where a line opens a run of other articles' teasers
(`이시각 HOT 뉴스`, `지금 뜨는 뉴스`) the caller drops what follows it (see `teaser_kind`).
"""
from __future__ import annotations

import re

from . import outlets

# Whole-line matches (after tidying spaces). Short widget labels are exact, never prefixes,
# so that a body sentence starting with the same word is not dropped.
_EXACT: dict[str, str] = {}
for _reason, _words in {
    "navigation": """본문 바로가기|본문으로 바로가기|본문 영역|주메뉴 바로가기|메뉴 바로가기|전체메뉴|메뉴|검색|검색 입력폼
        |검색어 입력|로그인|로그아웃|회원가입|홈|HOME|위로가기|맨위로|맨 위로|TOP|이전|다음|이전기사|다음기사|닫기|상태바
        |bar_progress|전종목 시세보기|언어변환|숏뉴스|숏 뉴스|언어변환 숏뉴스|불러오는 중...|불러오는 중|목록|목록으로|기사목록
        |뒤로가기|더보기|전체보기|펼치기|접기|사이트맵|PC버전|모바일버전|앱 다운로드|뉴스홈|오피니언|스크랩|인쇄|프린트|인쇄하기
        |Home|home|주메뉴 바로가기|본문 바로가기 주메뉴 바로가기|전체기사|최신기사|기사목록|기사 목록|바로가기|상단여백|하단여백
        |기사스크랩|기사 스크랩|오피니언더보기|전체메뉴 열기|전체메뉴 닫기|검색하기|작성일|조회수|기자 페이지|기자페이지
        |모바일웹|모바일 웹|모바일|PC화면|PC 버전|언론사 선택|언론사별 뉴스|PICK 안내|기사원문|원문보기|기사 원문
        |기자명|이전글|다음글|이전 글|다음 글|이전기사 보기|다음기사 보기|내가 쓰는 기사|지면보기|지면 보기|PDF 보기
        |언론사홈 바로가기|언론사 홈 바로가기""",
    "widget": """뉴스듣기|본문 음성 듣기|음성으로 듣기|기사 읽어주기|읽어주기|듣기|글자크기 설정|글자크기|글자 크기|글씨크기|글자크기 조절
        |가|가가|가 가|가-|가+|크게|작게|보통|더 작게|더 크게|※ 본문 글자 크기 조정|본문 글자 크기 조정|글자 크기 조정
        |더 작게 · 작게 · 보통 · 크게 · 더 크게|번역|번역하기|다크모드|기사 저장|북마크|좋아요|싫어요|추천|기사추천|추천하기
        |훈훈해요|슬퍼요|화나요|후속기사 원해요|후속 기사 원해요|후속기사원해요|구독|구독하기|구독중|기자 구독|팔로우|알림받기
        |글자크기조정|글자크기 조정|글자크기 변경|글자 크기 변경|본문 글씨 키우기|본문 글씨 줄이기|글씨 키우기|글씨 줄이기|공감
        |이 기사를 추천합니다|기사 추천|추천해요|좋은기사 원고료 주기|원고료 주기|기사 후원하기|후원하기|좋아요 0|공감 0
        |나도 한마디|기사 저장하기|저장|북마크하기|번역하기 닫기|오디오|기사 듣기|AI 요약|AI요약|요약
        |기사 본문 읽어주기 속도 설정|본문 읽어주기|읽어주기 속도 설정|글씨 크게보기|글씨 크게 보기|글씨키우기|글씨 키우기
        |글씨크기 조절하기|글자 크기 설정|글자 크기 변경하기|글자크기 변경하기|글자 크기 조절하기|번역 설정|본문 요약봇|요약봇
        |텍스트 음성 변환 서비스 사용하기|기사내용 요약|기사 내용 요약|핵심 요약|3줄 요약|세줄 요약|기사 요약
        |감동이에요|응원하기|응원수|구독자|기자 구독|언론사 구독|팔로잉|이 기사 어때요?|이 기사가 좋으셨다면
        |이 기사에 대해 어떻게 생각하시나요?|이 기사를 추천하기|다크 모드|기사 듣기 설정
        |읽기 설정|동영상 고정 취소|동영상 고정|말하기 속도|본문듣기 시작|본문 듣기 시작|본문듣기|본문 듣기|음성 기본 설정
        |음성 재생 설정|음성 설정|재생 속도|성별|느림|빠름|가장 작게|가장 크게|번역중|번역 beta|번역 중|요약보기|요약 보기
        |자동요약|자동 요약|본문 요약봇 도움말|요약봇 도움말|클린뷰|클린 뷰|놀라워요|재미있어요|유익해요|기뻐요|궁금해요
        |최고예요|흥미로워요|재미있는 기사에요|유익한 기사에요|분노를 일으키는 기사에요|이 기사가 마음에 드시나요?
        |기사를 읽어드립니다|기사 읽어드립니다|음소거|음소거 해제|전체화면|전체 화면|자막|자막 켜기|자막 끄기|일시정지|다시 재생
        |English|日本語|中文|简体中文|繁體中文|Tiếng Việt|Bahasa Indonesia|ภาษาไทย|español|Español|Français|Deutsch
        |Русский|العربية|Português|Монгол|Now in translation|Translating...""",
    "promotion": """좋은기사 원고료로 응원하세요|원고료로 응원하기|원고료 응원하기|응원하기|후원|후원 안내|정기후원|정기 후원하기
        |원|앱 다운로드|앱 설치|앱 설치하기|앱으로 보기|앱에서 보기""",
    "advertisement": """광고 닫기|광고닫기|광고 건너뛰기|광고 정보|광고문의하기|AD 닫기""",
    "company info": """회사소개|회사 소개|기사제보|광고문의|광고 문의|광고안내|제휴문의|제휴 문의|구독신청|구독 신청|불편신고
        |개인정보취급방침|개인정보처리방침|개인정보 처리방침|개인정보보호정책|청소년보호정책|청소년 보호정책|이메일무단수집거부
        |이메일 무단수집 거부|이메일무단수집금지|저작권정책|저작권 정책|이용약관|서비스 약관|윤리강령|윤리 강령|편집규약
        |고충처리인|고충처리|독자권익위원회|찾아오시는 길|오시는 길|조직도|인재채용|저작권보호정책""",
    "share": """공유|공유하기|※ 뉴스 공유하기|뉴스 공유하기|URL 복사|URL 복사완료|URL복사|링크복사|링크 복사|주소복사|주소 복사
        |이 기사를 공유합니다|이 기사를 공유하세요.|이 기사를 공유하세요|페이스북|트위터|카카오톡|카카오스토리|네이버블로그
        |네이버 블로그|밴드|라인|텔레그램|엑스|X|페이스북 공유|트위터 공유|카카오톡 공유|SNS 공유|기사 공유
        |공유하기 닫기|링크 복사하기|URL 복사하기|인스타그램|유튜브|네이버|카카오|페이스북으로 공유|트위터로 공유|카카오톡으로 공유|이메일로 공유
        |기사공유하기|기사 공유하기|SNS 보내기|SNS 공유하기|공유 닫기|이 기사를 친구에게 보내기|친구에게 보내기""",
    "advertisement": """AD|Ad|ad|광고|광고 로드중|광고로드중|ADVERTISEMENT|Advertisement|advertisement|스폰서|Sponsored|파트너스 활동을 통해 일정액의 수수료를 제공받을 수 있음""",
    "media": """Photo Image|photo image|이미지|이미지 확대|사진 확대|확대|큰사진보기|관련사진보기|사진보기|동영상|영상|재생|동영상 재생
        |◀ 리포트 ▶|◀리포트▶|▶ 재생|사진|그래픽|인포그래픽|영상 보기|사진 크게보기|크게보기|이미지 크게 보기""",
    "email form": """이메일 보내기|보내는 사람|수신 메일 주소|받는 사람|메일 제목|전송|전송 취소|취소|보내기|메일보내기|기사 메일보내기
        |메일이 정상적으로 발송되었습니다|이용해 주셔서 감사합니다.|※ 여러명에게 보낼 경우 ‘,’로 구분하세요
        |※ 여러명에게 보낼 경우 ','로 구분하세요|이메일|메일""",
    "comments": """댓글|댓글쓰기|댓글 쓰기|댓글보기|댓글 보기|전체댓글|로그인 후 댓글 작성|댓글 작성|의견쓰기|의견 남기기
        |이 기사에 대한 의견|댓글 정렬|BEST댓글|BEST 댓글|댓글삭제|댓글 삭제|댓글수정|댓글 수정|내 댓글 모음|댓글 더보기""",
}.items():
    for _word in _words.split("|"):
        _EXACT[_word.strip()] = _reason

_PATTERNS: list[tuple[re.Pattern, str]] = [(re.compile(p), r) for p, r in (
    (r"^(?:•\s*)?(?:전체\s*)?댓글\s*\(?\d+\)?$", "comments"),
    (r"^(?:댓글|의견)\s*\d+\s*개?$", "comments"),
    (r"^시계아이콘\s*\d+분\s*\d+초\s*소요$", "widget"),
    (r"^\d+분\s*\d+초\s*소요$", "widget"),
    (r"^(?:예상\s*)?읽는\s*시간\s*\d", "widget"),
    (r"AI\s*요약.{0,80}(?:본문|원문).{0,20}(?:확인|읽어)", "widget"),
    (r"^(?:이\s*기사는\s*)?AI.{0,20}요약(?:입니다|했습니다|하였습니다)", "widget"),
    (r"기상청\s*제공$", "weather"),
    (r"^[가-힣]{2,4}\s*-?\d{1,2}(?:\.\d)?\s*℃", "weather"),
    (r"^(?:Copyright|COPYRIGHT|copyright)\b", "copyright"),
    (r"(?:무단\s*전재|무단전재|재배포\s*금지|재배포금지|All [Rr]ights [Rr]eserved|저작권자\s*[ⓒ©(])", "copyright"),
    (r"^[<\[(]?\s*(?:ⓒ|©|\(c\)|\(C\))\s*\S", "copyright"),
    (r"^(?:Photo Image|사진\s*확대|이미지\s*확대)\b", "media"),
    (r"^!\[\s*\]\([^)]*\)$", "media"),
    (r"^이미지\s*확대.{0,200}닫기$", "media"),
    (r"^큰사진보기.{0,300}관련사진보기$", "media"),
    (r"^\[?(?:사진|영상|그래픽)\s*(?:보기|확대)\]?$", "media"),
    (r"^◀\s*(?:리포트|VCR|앵커|기자|인터뷰|INT|SYN|CG|멘트|스탠드업|끝)\s*▶$", "broadcast cue"),
    (r"^광고\s*로드\s*중", "advertisement"),
    (r"^[▶☞▷►]\s*\S.{0,80}$", "promotion"),
    (r"^\[(?:관련기사|관련 기사|관련뉴스|추천기사|많이 본 기사|인기기사)\]", "promotion"),
    (r"(?:리딩방|급등주|무료\s*추천\s*종목|종목\s*추천\s*받기|투자\s*정보\s*받기|카카오톡\s*친구\s*추가)", "promotion"),
    (r"^(?:[▷▶☞]\s*)?(?:카카오톡|전화|이메일|메일|유튜브|홈페이지)\s*[:：]\s*\S.{0,60}$", "reader tips"),
    (r"^(?:\[?(?:뉴스\s*)?제보(?:하기)?\]?|기사\s*제보|제보\s*하기.{0,40})$", "reader tips"),
    (r"(?:당신의\s*제보가\s*뉴스|제보를\s*기다립니다)", "reader tips"),
    (r"(?:댓글\s*정책|건전한\s*댓글|댓글은\s*.{0,40}삭제될\s*수|명예훼손.{0,30}댓글|욕설.{0,20}비방.{0,40}(?:삭제|제한))", "comment policy"),
    (r"^(?:기자의?|이\s*기자의)\s*다른\s*기사", "reporter profile"),
    (r"^(?:다른\s*기사\s*보기|기자\s*페이지|기자\s*프로필|프로필\s*보기)$", "reporter profile"),
    (r"^(?:트위터|페이스북|카카오톡|카카오스토리|네이버\s*블로그|밴드|URL\s*복사|링크\s*복사)(?:\s*[·|/]\s*\S+)+$", "share"),
    (r"^(?:페이스북|트위터|X\s*\(\s*트위터\s*\)|X|엑스|카카오톡|카카오스토리|네이버\s*블로그|밴드|라인|텔레그램|링크드인"
     r"|이메일|메일|URL|링크|주소)\s*(?:으로\s*|로\s*)?(?:공유(?:하기)?|보내기|복사(?:하기)?)$", "share"),
    (r"^(?:기사\s*)?(?:URL|주소|링크|기사\s*주소)(?:이|가)?\s*(?:복사|클립보드에\s*복사)(?:되었습니다|됐습니다|완료)[.!]?$", "share"),
    (r"^(?:담당\s*부서|담당자|담당\s*직원|연락처|작성자|등록자|부서명|글쓴이)\s*[:：]\s*\S.{0,40}$", "press release contact"),
    (r"^(?:첨부\s*파일|첨부|파일\s*다운로드|내려받기)\s*(?:\(\d+\))?$", "attachment"),
    (r"^\S.{0,80}\.(?:hwp|hwpx|pdf|docx?|xlsx?|pptx?|zip)(?:\s*\([\d.,]+\s*[KMG]?B\))?$", "attachment"),
    (r"^\S.{0,80}\.[A-Za-z0-9]{2,5}\s*\(\s*[\d.,]+\s*(?:[KMG]i?B|[KMG]|bytes?|바이트)\s*\)$", "attachment"),
    (r"^공공누리\s*(?:제?\s*\d\s*유형)?", "licence"),
    (r"^(?:가\s*){2,}$", "widget"),
    (r"^(?:더\s*작게|작게|보통|크게|더\s*크게)(?:\s*[·|]\s*(?:더\s*작게|작게|보통|크게|더\s*크게))+$", "widget"),
    (r"^(?:입력|수정|승인|등록|송고|기사입력|최종\s*수정)\s*:?$", "empty label"),
    (r"^\d{1,2}:\d{2}\s*기준$", "widget"),
    # a media player's clock ('0:00 / 0:00', '00:00 / 02:14') and its notes on the reader's browser
    (r"^\d{1,2}:\d{2}(?::\d{2})?\s*/\s*\d{1,2}:\d{2}(?::\d{2})?$", "media"),
    (r"(?i)browser does not support|not supported (?:by|in) (?:your|this) browser"
     r"|(?:기능|서비스)[은는이가].{0,30}브라우저|브라우저(?:에서만|에서는|는|가)?\s*.{0,20}(?:지원하지\s*않|지원되지\s*않|사용하실\s*수)", "widget"),
    # a stock photo's notice: the picture illustrates, it does not show the story ('사진은 기사 내용과 무관함')
    (r"^(?:위\s*)?(?:사진|이미지)[은는]?\s*(?:기사\s*)?(?:내용|본문|기사)[과와]\s*(?:무관|관계\s*없|관련\s*없|상관\s*없)", "media"),
    (r"^다양한\s*채널에서\s*\S+를?\s*만나보세요!?$", "promotion"),
    (r"^(?:네이버|다음|구글)(?:에서)?\s*\S*\s*(?:구독|채널\s*추가|뉴스\s*구독).{0,20}$", "promotion"),
    (r"^\S{1,20}\s*(?:뉴스레터|구독신청|구독 신청).{0,20}$", "promotion"),
    (r"^\[?(?:저작권|ⓒ|©)", "copyright"),
    (r"^#[^\s#]+(?:\s*#[^\s#]+)*$", "hashtags"),
    (r"^(?:관련\s*(?:키워드|태그|이슈태그)|키워드|태그)\s*[:：]?(?:\s*#?\S+){0,8}$", "hashtags"),
    (r"^\d{1,6}$", "counter"),
    (r"^[+\-]?\d{1,3}(?:,\d{3})+$", "counter"),
    (r"^\d{1,3}\s*/\s*\d{1,3}$", "counter"),                       # a gallery's '2 / 4'
    (r"^[가-힣 ]{1,14}(?:요|예요|에요)\s*[\d,]{1,7}$", "widget"),       # a reaction button with its count
    (r"^(?:본문\s*)?(?:글자|글씨|폰트|활자)\s*(?:크기)?\s*(?:조절|조정|설정|변경|선택|키우기|줄이기|확대|축소|크게\s*보기|크게|작게)?"
     r"(?:하기)?$", "widget"),
    # a portal's notes on its summary and text-to-speech tools, addressed to the reader
    (r"(?:자동\s*추출\s*기술로\s*요약된\s*내용|자동\s*요약(?:한|된)\s*(?:결과|내용))입니다"
     r"|데이터\s*통화료가?\s*부과|전체\s*맥락을\s*이해하기\s*위해서는.{0,30}권장|요약\s*기술의\s*특성상"
     r"|^Translated\s+by\b", "widget"),
    # a donation or membership prompt ('좋은기사 원고료로 응원하세요', '자동결제로 꾸준히 응원할 수 있습니다')
    (r"^.{0,40}(?:원고료로?\s*응원|구독료를?\s*내고|자동\s*결제로?\s*.{0,10}(?:응원|후원)|정기\s*후원|후원\s*(?:회원|계좌)"
     r"|조합원\s*가입).{0,30}$", "promotion"),
    (r"^(?!.*[다요][.!]?$).{0,30}(?:후원하기|응원하기|후원\s*안내)$", "promotion"),
    (r"^[+\-]?[\d,]{1,9}\s*원\s*(?:추가|후원)?$", "promotion"),
    (r"^.{0,40}앱.{0,30}(?:만나보세요|받아보세요|확인하세요|설치하세요|이용하세요|다운로드하세요|즐기세요)[.!]?$", "promotion"),
    (r"^.{0,50}구독(?:해\s*주세요|해주세요|하세요|해\s*보세요|해보세요)[.!]?$", "promotion"),
    # an external writer's disclaimer under a column or a contribution
    (r"^(?=.{0,100}$)(?=.*(?:본사|본지|당사|신문사|편집\s*방향)).{0,30}(?:필자|기고자|기고|칼럼|외부\s*원고|이\s*글)의?\s*"
     r"(?:원고|글|의견|견해|주장|내용|논조)?(?:는|은)?.{0,30}(?:편집\s*방향|논조|입장).{0,15}(?:다를|무관|일치하지)", "footer note"),
    (r"^[가-힣]{2,12}@[\w-]+(?:\.[\w-]+)+$", "footer note"),        # the outlet's own address, '광남일보@…'
    # the company information in a site's footer ('등록번호 : 광주, 아00389', '(주)남도미디어')
    (r"^(?:제호|등록번호|등록\s*일자?|발행인|편집인|발행\s*[·ㆍ,]?\s*편집인|발행편집인|청소년\s*보호\s*책임자|주\s*소|대표\s*전화"
     r"|대표번호|팩\s*스|FAX|Fax|사업자\s*등록\s*번호|사업자번호|통신판매업\s*신고(?:번호)?|대표이사|대표자|법인명|상\s*호"
     r"|인터넷신문\s*등록번호|발행소|발행처|편집국|광고국|창간|창간일|발행일자)\s*[:：]\s*\S.{0,80}$", "company info"),
    (r"^(?!.*[다요][.!]?$)(?:제호|등록번호|발행인|편집인|청소년\s*보호\s*책임자|사업자\s*등록\s*번호|통신판매업\s*신고(?:번호)?)"
     r"\s+\S.{0,60}$",
     "company info"),
    (r"^\(주\)\s*[가-힣A-Za-z0-9]{2,20}$", "company info"),
    # a print edition's page ('| 본지 2면', '지면A29', '제3면')
    (r"^[|·•]?\s*(?:본지|지면|신문)\s*[:：]?\s*(?:[A-Z]?\d{1,2}\s*면|[A-Z]\d{1,2})$|^제\s*\d{1,2}\s*면$"
     r"|^(?:종합|사회|경제|정치|국제|문화|스포츠|오피니언|전국|지역|특집|기획|산업|금융|증권|부동산)\s*[A-Z]?\d{1,2}\s*면$",
     "print page"),
    # a market ticker in an economic paper's header ('코스피 2,581.27 ▲12.04 +0.47%')
    (r"^(?:코스피|코스닥|코스피200|KOSPI|KOSDAQ|나스닥|NASDAQ|다우(?:존스)?|S&P\s*500|니케이|상해종합|항셍|환율|원/달러"
     r"|원·달러|달러/원|엔/원|WTI|두바이유|국제\s*유가|금값|비트코인)\s*[\d,.]+(?:\s*[▲▼△▽+\-]?\s*[\d,.]+%?)*$", "widget"),
    (r"^(?:[(<\[]\s*끝\s*[)>\]]|[-–—=~]+\s*끝\s*[-–—=~]+)$", "end mark"),
    # a clipping's source ('출처 : 광주드림(https://www.gjdream.com)')
    (r"^[\[(<]?\s*(?:출처|기사\s*출처|원문\s*출처|source|Source)\s*[:：]\s*\S.{0,80}$", "source line"),
    (r"^[\[(<]\s*(?:출처|기사\s*출처|원문\s*출처)\s*[\])>]\s*[:：]?\s*\S.{0,60}$", "source line"),     # '[출처] 광주드림'

    (r"기사\s*문의\s*(?:및|와|·)\s*제보|제보\s*[:：]\s*(?:카톡|카카오톡|라인|이메일|전화|문자)", "reader tips"),
    # a press release's contacts and attachments ('담당부서 해양항만과', '과장 김○○ 061-286-0000', '붙임 : … 1부.')
    (r"^(?!.*[다요][.!]?$)(?:담당\s*부서|담당자|담당\s*직원|연락처|작성자|등록자|부서명)(?:\s*[:：]\s*|\s+)"
     r"(?![는은이가를와의도](?:\s|$))\S.{0,40}$",
     "press release contact"),
    (r"^(?:과장|팀장|주무관|사무관|연구관|국장|실장|계장|담당관|센터장|담당)\s+\S{1,6}\s+\(?0\d{1,2}\)?[-.\s]?\d{3,4}[-.\s]\d{4}$",
     "press release contact"),
    # a release's contact by name and number: '문의 : 농촌계획과(044-201-0000)', '과장 이○○ ☎ 062-613-3700',
    # and a staff member named only in part ('담당 장학사 김○○'): who to call, not what was said
    (r"^(?!.*[다요][.!]?$)(?:문의|취재\s*문의|보도\s*문의|자료\s*문의)(?:처)?\s*[:：]?\s*\S.{0,50}?\(?0\d{1,2}\)?[-.)\s]?\d{3,4}[-.\s]\d{4}\)?$",
     "press release contact"),
    (r"^(?:과장|팀장|주무관|사무관|연구관|국장|실장|계장|담당관|센터장|담당|장학관|장학사)\s+(?:[가-힣]{2,5}\s+)?[가-힣]{1,2}[○◯OＯ*]{1,2}"
     r"(?:\s*(?:☎|TEL|Tel|tel|전화|연락처)?\s*[:：]?\s*\(?0\d{1,2}\)?[-.)\s]?\d{3,4}[-.\s]\d{4})?$", "press release contact"),
    (r"^(?:과장|팀장|주무관|사무관|연구관|국장|실장|계장|담당관|센터장|담당)\s+\S{1,6}\s*(?:☎|TEL|Tel|tel)\s*[:：]?\s*\(?0\d{1,2}\)?[-.)\s]?"
     r"\d{3,4}[-.\s]\d{4}$", "press release contact"),
    # the fields of a release's header table: whether photos come with it, how many pages it has
    (r"^(?:사진|자료|동영상|첨부)\s*(?:있음|없음)(?:\s*[□■☑√]?\s*(?:있음|없음)?\s*[□■☑√]?)?$"
     r"|^(?:매수|분량|쪽수)\s*[:：]?\s*(?:총\s*)?\d{1,3}\s*(?:쪽|매|장|페이지|p)$", "press release contact"),
    # a local government's term slogan on its letterhead ('민선8기 광주, 내 삶이 바뀌는 위대한 광주')
    (r"^(?=.{0,40}$)(?!.*[다요][.!]?$)민선\s*\d{1,2}\s*기\s", "site's note"),
    # a radio station's condition for quoting its interview ('※ 위 인터뷰 내용을 인용 보도할 때는 … 밝혀주시기 바랍니다.')
    (r"^(?=.{0,120}$)[※*]?\s*(?:위\s*|이\s*|본\s*)?(?:인터뷰|대담|방송)\s*(?:내용|전문)?[을를]?\s*인용.{0,60}(?:밝혀|표기|명시|출처)",
     "footer note"),
    # a public site's satisfaction survey under its page ('이 페이지에서 제공하는 정보에 만족하십니까?')
    (r"^(?=.{0,60}$)(?:이\s*)?(?:페이지|화면|콘텐츠|정보).{0,30}만족하십니까\??$|^(?:매우\s*)?(?:만족|불만족|보통)$"
     r"|^(?:만족도\s*)?평가하기$", "widget"),
    # an attached photo's file name on a board ('무슬목해변 전경.jpg')
    (r"^\S.{0,60}\.(?:jpe?g|JPE?G|png|PNG|gif|GIF)(?:\s*\([\d.,]+\s*[KMG]?B\))?$", "attachment"),
    (r"^(?:붙임|첨부)\s*\d*\s*[:：.]?\s*.{1,60}?(?:\d\s*부\.?|\.(?:hwp|hwpx|pdf|docx?|xlsx?|zip))"
     r"(?:\s*(?:끝\.?|-\s*끝\s*-|<\s*끝\s*>))?$", "attachment"),
    # a release's embargo: '이 보도자료는 3월 5일(화) 12:00부터 보도할 수 있습니다.'
    (r"^(?=.{0,90}$)[※*]?\s*(?:이|본)\s*(?:보도\s*)?자료는\s.{0,50}(?:보도할\s*수\s*있습니다|보도\s*(?:해\s*)?주시기\s*바랍니다"
     r"|이후\s*(?:보도|사용)|보도\s*가능)", "site's note"),
    (r"^(?:보도\s*시점|엠바고)\s*[:：]?\s*\S.{0,40}$", "site's note"),
    (r"^.{0,40}[:：]\s*(?:https?://|www\.)\S+$", "link"),
    (r"^(?:조회수?|조회\s*수|추천수?|공감수?|구독자|응원수|좋아요|싫어요)\s*[:：]?\s*[\d,]{1,9}\s*(?:회|명)?$", "counter"),
    (r"^[\[【(〔<＜]\s*(?:앵커|앵커\s*멘트|리포트|기자|인터뷰|녹취|VCR|INT|SYN|CG|스탠드업|현장음|클로징|기자\s*리포트)\s*[\]】)〕>＞]$", "broadcast cue"),
    (r"^◀\s*(?:ANC|END|VCR|앵\s*커|앵커\s*멘트|리\s*포\s*트|인터뷰|INT|SYN|CG|기자|Stand-up|스탠드업)[^▶]{0,20}▶$", "broadcast cue"),
    (r"^(?:(?:촬영\s*기자|영상\s*취재|영상\s*편집|촬영|편집|그래픽|자료\s*조사|영상\s*디자인|CG|촬영·편집|영상촬영)\s*[:：]\s*[가-힣A-Za-z·, ]{2,20}\s*(?:[/|,]\s*)?)+$", "broadcast credits"),
    (r"^덧붙이는\s*글", "footer note"),
    (r"^(?!뉴스1$)(?:(?:KBS|MBC|SBS|KBC|JTV|YTN)?\s*(?:뉴스|NEWS)\s*\d{1,2}|뉴스데스크|뉴스투데이|뉴스광장|뉴스룸|8뉴스|아침뉴스타임|뉴스와이드)\s*(?:\([가-힣]{1,6}\))?$", "program name"),
    (r"(?:제보로\s*함께|얘깃거리를\s*알려|제보해\s*주세요|제보\s*부탁|뉴스\s*제보)", "reader tips"),
    (r"^(?:사이트|홈페이지|카톡|카카오톡|이메일|메일|전화|문자|팩스|제보)\s*[:：]\s*\S.{0,60}$", "reader tips"),
    (r"^(?:https?://|www\.)\S+$", "link"),
    (r"^.{0,40}(?:받아\s*보세요|구독하면|구독\s*신청\s*하기|구독하기|구독하세요|친구\s*추가\s*하기|추가하세요)\S{0,3}(?:\s.{0,30})?$", "promotion"),
    (r"AI\s*(?:가|의)?\s*요약.{0,80}(?:본문|원문|기사).{0,20}(?:확인|읽어|참고)", "widget"),
    (r"^(?:이\s*기사는\s*)?AI\s*(?:가|의)?\s*요약한\s*(?:내용|것)", "widget"),
    (r"기사본문\s*[-|]\s*\S{1,15}$", "navigation"),
    (r"^이\s*기사는\s*\S{1,15}\s*(?:홈페이지|누리집)\S*\s*(?:\([^)]*\)\s*)?에서도\s*보실\s*수", "footer note"),
    # where else the publication can be read, and when its next issue comes out
    (r"^(?=.{0,80}$)\S.{0,30}(?:홈페이지|누리집|웹사이트|모바일\s*앱)\S*\s*(?:\([^)]*\)\s*)?에서도\s*(?:보실|읽으실|만나실)\s*수",
     "footer note"),
    # where the article appeared first ('※ 이 기사는 … RM리포트 사이트에 먼저 실렸습니다.')
    (r"^(?=.{0,100}$)[※*]?\s*(?:이|본)\s*기사는\s.{0,70}(?:먼저|앞서)\s*(?:실렸|실린|게재|공개|출고|제공|송고)", "footer note"),
    (r"^(?=.{0,60}$)(?:다음\s*호|다음호)[는은]?\s.{0,30}(?:발행|나옵니다|찾아\s*갑니다|찾아뵙겠습니다)", "footer note"),
)]

# Headers of lists of other articles. TAIL headers end the article: what follows them is never
# this article's text. INLINE headers sit inside the body: only the short teaser lines after them
# are dropped, and the body resumes at the next sentence.
_TAIL_HEADERS = re.compile(
    r"^(?:이\s*시각|이시각)\s*(?:HOT|핫|랭킹|주요|인기)?\s*뉴스|^(?:가장\s*)?많이\s*(?:본|읽은)\s*(?:뉴스|기사)"
    r"|^실시간\s*(?:핫이슈|인기|뉴스|랭킹)|^당신이\s*궁금할|^맞춤\s*콘텐츠|^놓칠\s*수\s*없는|^랭킹\s*뉴스"
    r"|^(?:섹션별\s*)?인기\s*(?:기사|뉴스)|^(?:오늘의\s*)?주요\s*뉴스$|^(?:오늘의\s*)?핫\s*클릭|^포토\s*뉴스$|^함께\s*볼만한"
    r"|^(?:전체\s*)?댓글\s*\d*$|^관련\s*(?:뉴스|기사)\s*(?:더보기)?$|^(?:추천|인기)\s*(?:뉴스|기사)$|^오피니언\s*$"
    r"|^(?:기사|뉴스)\s*더보기$|^많이\s*본\s*기사|^Best\s*Click|^TOP\s*\d+$|^\S{1,10}\s*섹션\s*주요\s*기사|^주간\s*인기|^(?:HOT|핫)\s*뉴스$"
)
_INLINE_HEADERS = re.compile(
    r"^지금\s*뜨는\s*뉴스$|^함께\s*보면\s*좋은\s*(?:뉴스|기사)$|^[\[【<◆■▶]?\s*관련\s*(?:기사|뉴스)\s*[\]】>]?\s*[:：]?$|^추천\s*기사$|^(?:주목|눈길)\s*받는\s*뉴스$"
    r"|^이\s*기사와\s*함께\s*많이\s*본\s*뉴스$|^놓치면\s*안\s*될\s*뉴스$|^인기\s*영상$"
)

_SECTION = re.compile(r"^(?:HOME|Home|home|홈|뉴스홈|홈으로)\s*(?:>|›|»|ㅣ|\||(?=\s+\S{1,8}(?:\s+\S{1,8}){0,3}$))\s*(?P<path>.+)$")


# Section names of news sites: a line made only of them is a menu ('정치경제사회국제',
# '뉴스 | 사람 | 문화 | 오피니언'); one of them first in a short '>' path is a breadcrumb.
SECTION_WORDS = frozenset("""정치 경제 사회 국제 문화 스포츠 연예 오피니언 전국 지역 포토 영상 산업 IT 과학 IT/과학 생활 라이프
    교육 건강 부동산 금융 증권 자치 행정 의회 사람 뉴스 사설 칼럼 기획 특집 연재 북한 사건사고 환경 날씨 여행 레저
    인물 부고 인사 동정 종합 전체기사 최신기사 TV 방송 라디오 경제일반 사회일반 정치일반 문화일반 지역일반 전국일반
    국제일반 교육일반 스포츠일반 연예일반 세계 미디어 기자수첩 핫이슈 랭킹 매거진 피플 포커스 시사 오피니언·칼럼""".split())


# Widget labels written in Latin letters, in any case ('facebook', 'Twitter', 'naver band').
_LATIN: dict[str, str] = {}
for _reason, _words in {
    "share": "facebook|twitter|kakaotalk|kakao talk|kakaostory|kakao story|naver band|naver blog|band|line|telegram"
             "|linkedin|instagram|youtube|pinterest|share|url copy|copy url|copy link|link copy|sns",
    "navigation": "print|top|menu|search|login|log in|logout|sign in|sign up|close|more|home|prev|next|list",
    "email form": "email|e-mail|mail",
    "advertisement": "ad|ads|advertisement|sponsored",
    "widget": "listen|translate|font size|font|dark mode",
}.items():
    for _word in _words.split("|"):
        _LATIN[_word] = _reason


def _exact(text: str) -> str:
    if text in _EXACT:
        return _EXACT[text]
    if text.isascii():
        return _LATIN.get(text.lower(), "")
    return ""


def classify(text: str) -> str:
    """The reason a line is boilerplate, or "" if it may be article text."""
    found = _exact(text)
    if found:
        return found
    bare = text.strip("•·-*|[](){}<> ▣◇◆■□●○※☞")
    if len(bare) <= 30 and _exact(bare):
        return _exact(bare)
    counted = re.fullmatch(r"(.{1,30}?)\s*\(?\d{1,6}\)?", bare)
    if counted and counted[1] in _EXACT and counted[1] not in _SECTION_ONLY:
        return _EXACT[counted[1]]        # '좋아요0', '후속기사 원해요 0'
    widgets = _widget_words(text)
    if widgets:
        return widgets
    if _company_run(text):
        return "company info"
    if section_run(text):
        return "navigation"
    if len(text) > 400:
        return ""
    for candidate in ((text, bare) if bare != text else (text,)):
        for pattern, reason in _PATTERNS:
            if pattern.search(candidate):
                if reason == "copyright" and _looks_like_sentence_about_copyright(text):
                    continue
                return reason
    return ""


_SECTION_ONLY = frozenset({"홈", "HOME", "Home", "home", "뉴스홈"})
_LONGEST_SECTION = max(len(w) for w in SECTION_WORDS)


def section_run(text: str) -> bool:
    """A menu of three or more section names, spaced or run together ('정치경제사회', '뉴스 | 문화')."""
    if len(text) > 80:
        return False
    chars = re.sub(r"[\s|•·/,>]+", "", text)
    if len(chars) < 4:
        return False
    # reach[i]: the fewest section names that spell chars[:i]
    reach: list[int | None] = [None] * (len(chars) + 1)
    reach[0] = 0
    for i in range(len(chars)):
        if reach[i] is None:
            continue
        for j in range(i + 2, min(len(chars), i + _LONGEST_SECTION) + 1):
            word = chars[i:j]
            if (word in SECTION_WORDS or word.replace("·", "") in SECTION_WORDS) and \
                    (reach[j] is None or reach[j] > reach[i] + 1):
                reach[j] = reach[i] + 1
    return bool(reach[-1] and reach[-1] >= 3)


def _widget_words(text: str) -> str:
    """A line made only of widget labels run together ('페이스북 트위터 카카오톡 URL복사',
    '본문 바로가기 주메뉴 바로가기', '좋아요 0 싫어요 0'): the reason of its first label, else ""."""
    if len(text) > 120:
        return ""
    words = [w for w in re.split(r"[\s|•·/]+", text) if w]
    if len(words) < 2:
        return ""
    # reach[i]: the reason of the first label if words[:i] is a run of labels (or counters)
    reach: list[str | None] = [None] * (len(words) + 1)
    reach[0] = ""
    for i in range(len(words)):
        if reach[i] is None:
            continue
        for j in range(i + 1, min(len(words), i + 4) + 1):
            phrase = " ".join(words[i:j])
            reason = _exact(phrase) or ("counter" if j == i + 1 and re.fullmatch(r"\(?\d{1,6}\)?", phrase) else "")
            if reason and reach[j] is None:
                reach[j] = reach[i] or reason
    found = reach[len(words)]
    if not found or found == "counter":
        return ""
    return found


def _company_run(text: str) -> bool:
    """A footer line of company facts joined by bars ('(주)남도미디어 | 대표이사 : … | 사업자등록번호 : …',
    '회사소개 | 광고문의 | 개인정보처리방침')."""
    if len(text) > 300 or not re.search(r"\s[|ㅣ]\s|\s\|\s?|\|\s", text):
        return False
    parts = [p.strip() for p in re.split(r"\s*[|ㅣ]\s*", text) if p.strip()]
    if len(parts) < 2:
        return False
    facts = sum(1 for p in parts if classify(p) in ("company info", "copyright", "navigation"))
    return facts * 2 >= len(parts) and any(classify(p) == "company info" for p in parts)


def _looks_like_sentence_about_copyright(text: str) -> bool:
    # A news sentence about copyright law ("저작권자 ⓒ ...") is rare, but an article about piracy
    # may say "무단 전재" in a full sentence: it ends in a verb and is long.
    return len(text) > 120 and text.rstrip().endswith(("다.", "다"))


def teaser_kind(text: str) -> str:
    """'tail' for a header that ends the article, 'inline' for one inside the body, else ''."""
    if len(text) > 40:
        return ""
    text = re.sub(r"^[\[【<]\s*(.*?)\s*[\]】>]$", r"\1", text)      # '[오늘의 주요뉴스]'
    if _INLINE_HEADERS.search(text):
        return "inline"
    if _TAIL_HEADERS.search(text):
        return "tail"
    return ""


_PATH = re.compile(r"^(?P<path>(?P<first>[가-힣A-Za-z·/]{1,10})(?:\s*(?:>|›|»)\s*[가-힣A-Za-z0-9·/ ]{1,12}){1,3})$")


def section_of(text: str) -> str:
    """'사회 > 전국' from a breadcrumb line 'HOME > 사회 > 전국' (or '사회 > 전국' alone), else ""."""
    match = _SECTION.match(text)
    site = False
    if not match:
        path = _PATH.match(text)
        # '사회 > 전국', or the site's name first: '남도일보 > 자치 > 광주'
        site = bool(path) and path["first"] not in SECTION_WORDS and outlets.looks_like_outlet(path["first"])
        if path and len(text) <= 40 and (path["first"] in SECTION_WORDS or site or _short_path(text)):
            match = path
    if not match or len(text) > 80:
        return ""
    separator = r"\s*(?:>|›|»|ㅣ|\|)\s*" if re.search(r"[>›»ㅣ|]", text) else r"\s+"
    parts = [p.strip() for p in re.split(separator, match["path"]) if p.strip()]
    return " > ".join(parts[1:] if site else parts)


def _short_path(text: str) -> bool:
    """'기업 > 중기·벤처': a path of one-word names set apart by '>' (a headline has no such path)."""
    parts = [p.strip() for p in re.split(r"\s+(?:>|›|»)\s+", text)]
    return 2 <= len(parts) <= 4 and all(re.fullmatch(r"[가-힣A-Za-z·/]{2,8}", p) for p in parts)


def is_copyright(text: str) -> bool:
    return classify(text) == "copyright"


_COPY_OUTLET = re.compile(
    r"(?:저작권자\s*)?(?:ⓒ|©|\(c\)|Copyright\s*(?:ⓒ|©|\(c\))?)\s*(?:\d{4}\s*)?"
    r"(?:[^,<>()]*?플랫폼,\s*)?(?P<name>[가-힣A-Za-z0-9]{2,12}?)(?:\s*\(|\s*,|\.|\s+&|\s+무단|\s+All|\s*>|\s*$|\s+\d{4})")


def named_outlet(text: str, reason: str) -> str:
    """The outlet a footer line names: a copyright line's, or a clipping's source
    ('출처 : 광주드림(https://www.gjdream.com)' -> '광주드림'); "" for other lines."""
    if reason == "copyright":
        return copyright_outlet(text)
    if reason == "source line":
        match = re.search(r"(?:[:：]|출처\s*[\])>])\s*(?P<name>[가-힣A-Za-z0-9]{2,14}?)\s*(?:[(\[<]|$|\s)", text)
        if match and outlets.looks_like_outlet(match["name"]):
            return match["name"]
    return ""


def copyright_outlet(text: str) -> str:
    """The outlet a copyright line names ('<저작권자 ⓒ 서울경제, 무단…>' -> '서울경제'), or ""."""
    match = _COPY_OUTLET.search(text)
    if not match:
        return ""
    name = match["name"].strip()
    if name.lower() in ("all", "copyright", "무단전재", "무단", "저작권자") or name.isdigit():
        return ""
    return name
