"""Korean surnames, one list for the stages that look for people's names.

The cleaner's spacing joins a surname Kiwi split from its given name only for the commonest
ones; the analysis takes a name for a person's with any of SURNAMES; the byline reader, which
only looks where a reporter's name stands, also takes rarer ones (see clean/bylines.py).
"""
from __future__ import annotations

# the commonest surnames
COMMON_SURNAMES = frozenset("김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구"
                            "민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어"
                            "은편용예경봉")
SURNAMES = COMMON_SURNAMES | frozenset("사부태피감음빈동온호좌팽승간상시갈단견당화창옹순가범라운")
DOUBLE_SURNAMES = ("남궁", "황보", "제갈", "선우", "독고", "사공", "서문")
