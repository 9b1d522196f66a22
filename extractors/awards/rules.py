"""The rules of the award extractor: cue words read once from ``extractors/lexicon/award_cues.tsv`` (one row
per cue, by group) and the grant patterns made from them, with the fixed words and number patterns here."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

# --- fixed words and number patterns ----------------------------------------------------------

CUES_FILE = "award_cues.tsv"
ONE_OFF = "一次性"
RESPECTIVELY = "分别"
#: Words that may lead into a grant besides the caps (…，分别给予一次性|100万元…).
GRANT_LEAD = (RESPECTIVELY, ONE_OFF, "给予", "予以", "并", "再", "每人", "每户", "每家", "每个")
#: Before a kind-first grant (一次性补助1万元, 每人…) one of these must stand, or a cap, or a 对 clause.
KIND_FIRST_AFTER = ("给予", "予以", ONE_OFF, "每人", "每家", "每个")

NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
AMOUNT = rf"{NUM}\s*(?:[十百千万亿]+)?\s*元"
SEP = r"\s*[、，,和及或]\s*"
ITEM = rf"{NUM}\s*(?:[十百千万亿]*元|级|星|家|个|%)?"
ITEM_UNIT = re.compile(r"(?:[十百千万亿]*元|级|星|家|个|%)$")
#: up to four characters naming what the money is for, before the kind (200万元的安家补贴); never
#: a word that makes the amount a condition (100万元以上的项目补助)
MODIFIER = r"(?:(?![的以上下内外用于及和或、，。；])[\u4e00-\u9fff]){0,4}?"
BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)")


@dataclass(frozen=True)
class Rules:
    """The cue words by group (longest first) and the grant patterns made from them."""

    cues: dict[str, tuple[str, ...]]
    amount_first: re.Pattern[str]  # 给予一次性100万元、50万元奖励 / 最高300万元补助 / 给予不超过50万元的补助
    kind_first: re.Pattern[str]  # 一次性补助1万元 / 最高奖励50万元 / 奖励开发企业30万元 (grantee)
    rate: re.Pattern[str]  # 按贷款利息的50%给予贴息 / 按实际投资额的10%给予奖励
    share: re.Pattern[str]  # 给予设备投资额10%的补助 / 给予不超过购置金额20%的补助
    rate_after: re.Pattern[str]  # 给予贴息，贴息比例不超过50%
    kind_share: re.Pattern[str]  # 可返还其上年度实际缴纳失业保险费的50%
    rate_standard: re.Pattern[str]  # (返还标准可)按…社会保险费50%的标准确定: the kind named before
    kind_standard: re.Pattern[str]  # 返还标准 / 补贴比例: the kind of a rate_standard
    rate_cap: re.Pattern[str]  # the cap after a share: 单个企业最高不超过100万元
    number_list: re.Pattern[str]  # 10亿元、50亿元…1000亿元 / 2、3、4级
    heads: re.Pattern[str]  # any recipient head word
    per_unit: re.Pattern[str]  # 每人 / 每亩 / 每月: what a sum is paid per

    def __getitem__(self, group: str) -> tuple[str, ...]:
        return self.cues[group]


@cache
def rules() -> Rules:
    """Read ``lexicon/award_cues.tsv`` once and compile the grant patterns."""
    text = resources.files("extractors.lexicon").joinpath(CUES_FILE).read_text(encoding="utf-8")
    rows = csv.DictReader(
        [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")], delimiter="\t"
    )
    groups: dict[str, list[str]] = {}
    for row in rows:
        groups.setdefault(row["group"], []).append(row["cue"])
    cues = {g: tuple(sorted(set(v), key=len, reverse=True)) for g, v in groups.items()}
    kinds, caps = "|".join(cues["kind"]), "|".join(cues["cap"])
    heads = "|".join(cues["recipient_head"])
    amounts = rf"{AMOUNT}(?:{SEP}{AMOUNT})*"
    return Rules(
        cues=cues,
        amount_first=re.compile(
            rf"(?P<cap>{caps})?(?P<amounts>{amounts})(?:的)?(?P<once>{ONE_OFF})?{MODIFIER}(?P<kind>{kinds})"
        ),
        kind_first=re.compile(
            rf"(?P<cap>{caps})?(?P<kind>{kinds})(?P<grantee>(?:(?![的，。；、])[\u4e00-\u9fff]){{0,8}}?(?:{heads}))?"
            rf"(?P<cap2>{caps})?(?P<amounts>{amounts})"
        ),
        rate=re.compile(
            rf"按(?P<base>[^，。；,;]{{1,40}}?)的?(?P<cap>{caps})?(?P<rate>\d+(?:\.\d+)?)\s*[%％](?:的比例)?"
            rf"(?:给予|予以)?(?P<once>{ONE_OFF})?(?P<kind>{kinds})"
        ),
        share=re.compile(
            rf"(?:给予|予以)(?P<cap>{caps})?(?P<base>[^，。；,;\d%]{{1,30}}?)的?(?P<rate>\d+(?:\.\d+)?)\s*[%％]"
            rf"的?(?P<once>{ONE_OFF})?(?P<kind>{kinds})"
        ),
        rate_after=re.compile(
            rf"(?P<kind>{kinds})(?:比例|标准)(?:为|按)?(?P<cap>{caps})?(?P<rate>\d+(?:\.\d+)?)\s*[%％]"
        ),
        kind_share=re.compile(
            rf"(?:可|给予|予以)(?P<once>{ONE_OFF})?(?P<kind>{kinds})(?P<base>[^，。；,;\d%]{{1,30}}?)的"
            rf"(?P<cap>{caps})?(?P<rate>\d+(?:\.\d+)?)\s*[%％]"
        ),
        rate_standard=re.compile(
            rf"按(?P<base>[^，。；,;]{{1,40}}?)的?(?P<cap>{caps})?(?P<rate>\d+(?:\.\d+)?)\s*[%％]的?"
            r"(?:标准|比例)(?:确定|执行|计算|核定)"
        ),
        kind_standard=re.compile(rf"(?P<kind>{kinds})(?:标准|比例)"),
        rate_cap=re.compile(rf"(?P<cap>{caps})(?P<amount>{AMOUNT})"),
        number_list=re.compile(rf"{ITEM}(?:{SEP}{ITEM})+(?<=[元级星家个%])"),
        heads=re.compile("|".join(cues["recipient_head"])),
        per_unit=re.compile("每(" + "|".join(cues["per_unit"]) + ")"),
    )
