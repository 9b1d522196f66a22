"""Targets, rules as data: the verbs, units, cues and patterns the target extractor decides by."""

from __future__ import annotations

import re

# a count before a noun is a target only after one of these verbs
PRENOMINAL_VERBS = re.compile(
    r"(?:打造|培育|实施|新增|建设|建成|创建|引进|推行|培养|认定|组建|争创|设立|新建|招引|"
    r"完成|布局|支持|推动|扶持|遴选|选树|开展|举办|形成|每年|建立|办好|抓好|新培育|新认定)\s*$"
)
QUALIFIER_VERBS = {
    "突破": "min",
    "超过": "min",
    "超": "min",
    "不少于": "min",
    "不低于": "min",
    "不超过": "max",
}
COUNT_UNITS = frozenset("个家项名所座条户支处人台套只种")
EXCLUDED_UNITS = frozenset(
    {
        "批",
        "次",
        "倍",
        "年",
        "级",
        "届",
        "期",
        "轮",
        "号",
        "强",
        "大",
        "岁",
        "月",
        "日",
        "天",
        "周",
        "代",
        "G",
    }
)
EXCLUDED_ROLES = frozenset({"year", "period", "ordinal", "date"})
NAME_SUFFIX = re.compile(r"^\s*(?:强|大|佳|优|百强|G\b)")  # 500强, 七大, 十佳, 5G
# kind of target, first match wins: (kind, needs percent, pattern over the context before the number)
KIND_RULES: list[tuple[str, bool, re.Pattern[str]]] = [
    ("share", True, re.compile(r"占比|比重|比例|占")),
    ("rate", True, re.compile(r"率|增长|增速|提高|下降|降低|减少|增幅|涨幅")),
    ("annual_increment", False, re.compile(r"每年|年均|每年度")),
    ("increment", False, re.compile(r"新增|净增|新培育|新认定|新引进|新建|增加(?!值)")),
]
# a share before its noun is a target only right after one of these: 推动60%以上的县级特困供养机构三级达标
SHARE_VERB = re.compile(r"(?:推动|力争|确保|实现|使|让)\s*(?:超过|超)?\s*$")
COVERAGE = re.compile(r"全覆盖")
# the verb that makes 全覆盖 a goal (实现…全覆盖, 推动市级未成年人救助保护机构全覆盖), the last one before it wins
COVERAGE_VERB = re.compile(r"实现|推动|推进|做到")
# a list of subjects and the word that pairs them with values: 分别 (in order), 均 (one value for all)
OWN_VERB = re.compile(r"达到|达|提升到|提高到|突破|超过|保持在|稳定在|控制在|增长|提高|下降")
DURATION = re.compile(r"\d\s*个月")  # 顶岗实习时间一般为6个月: a duration, unlike 12月 (a date)
EACH = re.compile(r"分别|均(?=达到|达|为|不低于|不少于|超过|保持|稳定|控制|提高|增长)")
INDEX_VERB = re.compile(r"(?:达到|达|提升到|提高到|提升至|提高至|突破|超过|保持在|稳定在|为)\s*$")
# a qualifier written after the number (its span may stop before it)
SUFFIX_QUALIFIER = re.compile(r"^\s*(?:以上|以下|以内|左右|余|多)")
# an item starting like this is a condition (以…为重点, 对…的企业), not a target's subject
# (never the first character of a word: 经济, 经营, 对外, 当地, 如期 …)
CONDITION_START = re.compile(r"^(?:以(?!上)|对(?!外)|按|凡|经(?!济|营|贸|费)|当(?!地|年|前)|从|由|如(?!期))")
# a clause ending in 的 before what follows from it is a condition: …人数达到职工人数25%…的，可申请…
CONDITION_END = re.compile(r"^的[，,]\s*(?:可以|可|均可|给予|予以|按|享受|视为|视同|免予|不再|应当|须)")
# a count of the parts of the text (抓好八个方面工作, 重点做好六个方面工作), not a goal
OUTLINE_COUNT = re.compile(r"^方面|^(?:重点|主要|关键)?(?:工作|任务)$")
# qualifiers that only repeat the verb: 达到 1 万亿元 is a level, not a bound
VERB_QUALIFIERS = frozenset({"达到", "力争", "到", "达"})
