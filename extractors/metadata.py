"""Document metadata: title, 文号, issuer, dates, plan period, status, comment window, contact, 抄送.

``extract_metadata(doc) -> Metadata`` reads the head (title block, 文号, header), the closing block
(signature, date, 印发 line, 抄送) and the notice lines of a draft. Pure function: text in, values out.
The cue words are the tables at the top of the module.

Field by field, with real examples:

* ``title`` — the document's own title. For a notice that issues another text (``关于印发…的通知``,
  ``公开征求《…》的通知``) the issued text's title is the title, as printed above its body when it is
  (``台州市制造业高质量发展行动计划（2020—2025年）``); the notice's own title is kept in
  ``notice_title``. Letter-spacing is removed (``国 家 粮 食`` -> ``国家粮食``), titles broken over lines are
  joined, ``(2020—2025年)`` is written with full-width brackets.
* ``doc_number`` — 文号 as printed on a line of its own in the head, brackets normalized to 〔〕:
  ``台政办发[2019]58号`` -> ``台政办发〔2019〕58号``; ``中华人民共和国国务院令`` + ``第706号`` -> ``国令第706号``.
  Numbers quoted in the body (``台政办发〔2023〕12号``) are references, not the document's number.
* ``issuer`` — the signature line above the first date (``台州市经济和信息化局``), joined with ``、`` when
  two bodies sign (``国务院办公厅、中央军委办公厅``); else the header ``台州市人民政府办公室文件``; else
  ``国务院`` for a 国务院令; else the part of the title before ``关于``; else the body a yearly report's
  title starts with (``上海市普陀区财政局2024年度部门决算`` -> ``上海市普陀区财政局``).
* ``signed_on`` — the date under the signature (成文日期): ``2019年12月4日``, ``二〇〇五年六月十一日`` (cn2an).
  ``issued_on`` — the printed issue date ``2019年12月4日印发``; None when the document prints none.
* ``period`` — the plan period in the title: ``（2020—2025年）`` -> 2020..2025, ``（2025-2029年）``;
  ``“十四五”`` -> 2021..2025.
* ``status`` — ``"draft"`` when the title or a notice line asks for comment (征求意见, 征求意见稿, 公开征求,
  草案, or a comment window is given); else ``"issued"``.
* ``comment_period`` — ``公开征求意见时间：2024年12月10日至2025年1月10日`` -> 2024-12-10 .. 2025-01-10
  (an end date without a year takes the start's year, or the next one if it would run backwards).
* ``contact`` — ``联系人：马亦跃 电话：88510737`` -> ``"马亦跃 88510737"``: the name, one space, the phone
  number as written; either part alone when only one is given.
* ``cc`` — the 抄送 recipients, split on ，、,; and line breaks: ``["市委各部门", "市人大常委会", …]``.
"""

from __future__ import annotations

import re
from datetime import date

from knowledge_base.model import DateRange, Document, Metadata, Period

# ---- rules as data -------------------------------------------------------------------------------

# what a title ends with (the kind of document), optionally followed by a bracketed period / 草案
DOC_TYPES = (
    "通知", "意见", "指导意见", "实施意见", "方案", "工作方案", "实施方案", "行动方案", "计划", "行动计划",
    "办法", "规定", "决定", "批复", "复函", "函", "通报", "报告", "工作报告", "条例", "细则", "规划", "纲要",
    "答复", "预案", "规则", "公告", "通告", "决议", "指南", "措施", "若干措施", "标准", "制度",
    "预算", "决算", "公报", "要点", "清单",
)  # fmt: skip
# a notice that issues another text: its title is the issued text's
ISSUING_VERBS = ("印发", "颁发", "发布", "公开征求", "征求")
DRAFT_CUES = ("征求意见稿", "征求意见", "公开征求", "草案", "送审稿")
ORG_SUFFIXES = (
    "人民政府", "政府", "办公室", "办公厅", "国务院", "委员会", "局", "部", "厅", "委", "署", "院", "会", "中心",
    "公司", "银行", "总局", "小组", "办事处",
)  # fmt: skip
DECREE_HEADERS = {"中华人民共和国国务院令": "国令"}  # header line -> prefix of 第N号
ISSUER_LABELS = (
    "发文机关",
    "发布机关",
    "制发机关",
    "预算主管部门",
    "部门名称",
)  # 预算主管部门：上海市普陀区司法局
HEADER_SUFFIX = "文件"  # 台州市人民政府办公室文件
NAMED_PERIODS = {"十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020), "十四五": (2021, 2025),
                 "十五五": (2026, 2030)}  # fmt: skip
TITLE_PIECE_MIN = 5  # every line of a title broken over lines but the last is at least this long
HEAD_PARAGRAPHS = 25  # title, 文号, header and the notice's own lines come within this many paragraphs

_SP = r"[ \t\u3000\u00a0]"
DOC_NUMBER_RE = re.compile(
    rf"(?P<org>[\u4e00-\u9fff]{{1,12}}){_SP}*[〔\[［【(（]{_SP}*(?P<year>\d{{4}}){_SP}*[〕\]］】)）]"
    rf"{_SP}*第?{_SP}*(?P<no>\d{{1,5}}){_SP}*号"
)
# a body's own yearly report: 上海市普陀区财政局2024年度部门决算 (not 上海市普陀区2025年区级部门预算)
ORG_YEAR_TITLE_RE = re.compile(r"^(?P<org>[\u4e00-\u9fff（）()]{2,30}?)(?:19|20)\d{2}年")
DECREE_NO_RE = re.compile(rf"^第{_SP}*(\d{{1,5}}){_SP}*号$")
_Y = r"[\d〇○零Ｏ一二三四五六七八九]{4}"
_M = r"[\d一二三四五六七八九十]{1,2}"
_D = r"[\d一二三四五六七八九十]{1,3}"
DATE_RE = re.compile(rf"(?P<y>{_Y}){_SP}*年{_SP}*(?P<m>{_M}){_SP}*月{_SP}*(?P<d>{_D}){_SP}*日")
DATE_LINE_RE = re.compile(rf"^{DATE_RE.pattern}(?P<issued>{_SP}*印发)?$")
PERIOD_RE = re.compile(r"(?P<a>(?:19|20)\d{2})\s*年?\s*[—–\-－~～至到]+\s*(?P<b>(?:19|20)\d{2})\s*年")
COMMENT_RE = re.compile(
    rf"(?:征求意见|反馈意见|意见反馈)[^。\n]{{0,12}}?(?:时间|期限|日期|截止)[^。\n]{{0,6}}?[：:为自从]?{_SP}*"
    rf"(?P<a>{DATE_RE.pattern}|{_M}{_SP}*月{_SP}*{_D}{_SP}*日)"
    rf"{_SP}*(?:至|到|—+|-|－|~|～){_SP}*"
    rf"(?P<b>(?:{_Y}{_SP}*年{_SP}*)?{_M}{_SP}*月{_SP}*{_D}{_SP}*日)"
)
COMMENT_END_RE = re.compile(
    rf"(?:征求意见|反馈意见|意见反馈)[^。\n]{{0,12}}?截[止至](?:时间|日期)?[：:为是]?{_SP}*(?P<b>{DATE_RE.pattern})"
)
CONTACT_NAME_RE = re.compile(
    rf"联系人{_SP}*[：:]{_SP}*(?P<name>[\u4e00-\u9fff·]{{2,5}}?)(?=[{_SP[1:-1]}，,；;。（(电]|$)"
)
CONTACT_PHONE_RE = re.compile(
    rf"(?:联系|咨询)?电话{_SP}*[：:]{_SP}*(?P<phone>[\d][\d\-－—()（）{_SP[1:-1]}]{{5,}}\d)"
)
CC_RE = re.compile(rf"^抄{_SP}*送{_SP}*[：:](?P<rest>.*)$")
CC_SPLIT_RE = re.compile(r"[，、,;；\n]+")

BRACKETS_ONLY_RE = re.compile(r"(?:（[^（）]*）)*")
_ZH_OPEN = re.compile(r"\s*\(\s*")
_ZH_CLOSE = re.compile(r"\s*\)")
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


# ---- small helpers ---------------------------------------------------------------------------------


def clean_title(s: str) -> str:
    """``台州市人民政府办公室 关于… (2020—2025年)`` -> ``台州市人民政府办公室关于…（2020—2025年）``."""
    s = _ZH_OPEN.sub("（", s.strip())
    s = _ZH_CLOSE.sub("）", s)
    return _CJK_GAP.sub("", s).strip("《》 ")


def parse_date(s: str) -> date | None:
    """``2019年12月4日``, ``二〇〇五年六月十一日``, ``2019年12月4日印发`` -> ``date``; None if no valid date."""
    m = DATE_RE.search(s)
    if not m:
        return None
    try:
        y, mo, d = (_int(m.group(k)) for k in ("y", "m", "d"))
        return date(y, mo, d)
    except (TypeError, ValueError):
        return None


def _int(s: str) -> int:
    s = s.replace("○", "〇").replace("Ｏ", "〇").strip()
    if s.isdigit():
        return int(s)
    import cn2an

    return int(cn2an.cn2an(s, "smart"))  # 二〇〇五 -> 2005 (digit by digit), 二十三 -> 23


def normalize_doc_number(s: str) -> str | None:
    """``台政办发[2019]58号`` / ``(2019)`` / ``［2019］`` -> ``台政办发〔2019〕58号``."""
    m = DOC_NUMBER_RE.search(s)
    if not m:
        return None
    return f"{m.group('org')}〔{m.group('year')}〕{int(m.group('no'))}号"


def _ends_like_title(s: str) -> bool:
    core = re.sub(r"[（(][^（）()]*[）)]$", "", s)  # 行动计划（2020—2025年） / 方案（征求意见稿）
    core = re.sub(r"[（(][^（）()]*[）)]$", "", core)
    return core.endswith(DOC_TYPES)


def _is_title_line(s: str) -> bool:
    if DOC_NUMBER_RE.search(s) or _CJK_GAP.sub("", s).endswith(HEADER_SUFFIX):
        return False
    return 0 < len(s) <= 80 and not any(c in s for c in "。，；：:,;！？\t【】<>|")


# ---- the parts ----------------------------------------------------------------------------------------


def _titles(paras: list[str], limit: int) -> list[tuple[int, int, str]]:
    """Title blocks in the first ``limit`` paragraphs: (first index, end index, cleaned title).
    One to three consecutive title-like lines whose joined text ends with a document type."""
    out = []
    i = 0
    while i < min(limit, len(paras)):
        found = None
        for k in (1, 2, 3):
            block = paras[i : i + k]
            if len(block) < k or not all(_is_title_line(b) for b in block):
                break
            if k > 1 and any(len(b) < TITLE_PIECE_MIN for b in block[:-1]):
                break  # page residue (下载 / 打印 / 减小 / 】) is not the start of a title
            joined = clean_title("".join(block))
            if _ends_like_title(joined) and len(joined) >= 4:
                found = (i, i + k, joined)
                break
        if found:
            out.append(found)
            i = found[1]
        else:
            i += 1
    return out


def _issued_text_title(notice: str) -> str | None:
    """``…关于印发《X》的通知`` / ``公开征求《X》的通知`` -> X."""
    m = re.search(rf"(?:{'|'.join(ISSUING_VERBS)})(?:了)?(?P<x>.+?)(?:意见)?的(?:通知|函)$", notice)
    if not m:
        return None
    x = m.group("x").strip("《》“”")
    x = re.sub(r"^《(.*)》$", r"\1", m.group("x"))
    return x or None


def _find_title(paras: list[str]) -> tuple[str | None, str | None]:
    """(title, notice_title)."""
    blocks = _titles(paras, min(len(paras), 60))
    if not blocks:
        return None, None
    first = blocks[0][2]
    issued = _issued_text_title(first)
    if issued is None:
        return first, None
    key = _bare(clean_title(issued))
    # the issued text printed as its own title, one to three lines, maybe with its period added:
    # 培育创新型优质企业矩阵 / 加快推进…行动方案（2025-2029年）
    found: list[str] = []
    for i in range(blocks[0][1], len(paras)):
        for k in (1, 2, 3):
            block = paras[i : i + k]
            if len(block) < k or not all(_is_title_line(b) for b in block):
                break
            t = clean_title("".join(block))
            if _bare(t).startswith(key) and BRACKETS_ONLY_RE.fullmatch(_bare(t)[len(key) :]):
                found.append(t)
                break
    if found:
        return max(found, key=len), first
    return clean_title(issued), first


def _bare(s: str) -> str:
    return re.sub(r"[《》“”\"]", "", s)


def _doc_number(paras: list[str]) -> str | None:
    for i, s in enumerate(paras[:HEAD_PARAGRAPHS]):
        m = DOC_NUMBER_RE.fullmatch(s.strip())
        if m:
            return normalize_doc_number(s)
        prefix = DECREE_HEADERS.get(_CJK_GAP.sub("", s))
        if prefix and i + 1 < len(paras):
            d = DECREE_NO_RE.match(paras[i + 1].strip())
            if d:
                return f"{prefix}第{int(d.group(1))}号"
    return None


def _split_orgs(s: str, title: str | None = None) -> list[str] | None:
    """``国务院办公厅　中央军委办公厅`` -> both bodies; None if the line is not a list of bodies. When the
    line lost its spaces (``国务院办公厅中央军委办公厅``), the title's ``A、B关于`` tells where to cut."""
    s = re.sub(r"&\w+;|[\x21-\x2f\x3a-\x40]", "", s).strip()
    if title and "关于" in title:
        named = [p for p in title.split("关于", 1)[0].split("、") if p]
        if len(named) > 1 and "".join(named) == re.sub(rf"{_SP}+", "", s):
            return named
    parts = [p for p in re.split(rf"{_SP}+|、", s) if p]
    if parts and all(p.endswith(ORG_SUFFIXES) and len(p) <= 20 for p in parts):
        return parts
    return None


def _signature(paras: list[str], title: str | None = None) -> tuple[str | None, date | None, int | None]:
    """(issuer, signed_on, index of the date line) from the first signature block."""
    for i, s in enumerate(paras):
        m = DATE_LINE_RE.match(s.strip())
        if not m or m.group("issued"):
            continue
        d = parse_date(s)
        if d is None:
            continue
        orgs: list[str] = []
        j = i - 1
        while j >= 0 and len(orgs) < 3:
            parts = _split_orgs(paras[j], title)
            if not parts:
                break
            orgs = parts + orgs
            j -= 1
        return ("、".join(orgs) if orgs else None), d, i
    return None, None, None


def _issuer_fallback(paras: list[str], notice_or_title: str | None) -> str | None:
    for s in paras[:HEAD_PARAGRAPHS]:
        label, sep, value = s.partition("：")
        if sep and _CJK_GAP.sub("", label) in ISSUER_LABELS and _split_orgs(value):
            return "、".join(_split_orgs(value) or [])
    for s in paras[:HEAD_PARAGRAPHS]:
        t = _CJK_GAP.sub("", s)
        if t in DECREE_HEADERS:
            return t.removeprefix("中华人民共和国").removesuffix("令")
        if t.endswith(HEADER_SUFFIX) and _split_orgs(t[: -len(HEADER_SUFFIX)]):
            return "、".join(_split_orgs(t[: -len(HEADER_SUFFIX)]) or [])
    if notice_or_title and "关于" in notice_or_title:
        head = notice_or_title.split("关于", 1)[0].split("转发", 1)[0]
        orgs = _split_orgs(head)
        if orgs:
            return "、".join(orgs)
    m = ORG_YEAR_TITLE_RE.match(notice_or_title or "")
    if m and _split_orgs(m.group("org")) == [m.group("org")]:
        return m.group("org")  # 上海市普陀区财政局2024年度部门决算: a body's own report
    return None


def _issued_on(paras: list[str]) -> date | None:
    for s in paras:
        m = DATE_LINE_RE.match(s.strip())
        if m and m.group("issued"):
            return parse_date(s)
    return None


def _period(*titles: str | None) -> Period | None:
    for t in titles:
        if not t:
            continue
        m = PERIOD_RE.search(t)
        if m:
            return Period(int(m.group("a")), int(m.group("b")))
        for name, (a, b) in NAMED_PERIODS.items():
            if f"“{name}”" in t or f"{name}" in t:
                return Period(a, b)
    return None


def _comment_period(text: str) -> DateRange | None:
    m = COMMENT_RE.search(text)
    if not m:
        end = COMMENT_END_RE.search(text)  # 反馈意见截止时间为2025年1月10日: the end alone
        return DateRange(None, parse_date(end.group("b"))) if end and parse_date(end.group("b")) else None
    start = parse_date(m.group("a")) if "年" in m.group("a") else None
    b = m.group("b")
    if "年" in b:
        end = parse_date(b)
    elif start:
        mm = re.match(rf"({_M}){_SP}*月{_SP}*({_D})", b)
        try:
            mo, d = _int(mm.group(1)), _int(mm.group(2))  # type: ignore[union-attr]
            end = date(start.year + (1 if mo < start.month else 0), mo, d)
        except (AttributeError, ValueError):
            end = None
    else:
        end = None
    if start is None and end is None:
        return None
    return DateRange(start, end)


def _contact(text: str) -> str | None:
    name = CONTACT_NAME_RE.search(text)
    phone = CONTACT_PHONE_RE.search(text)
    parts = []
    if name:
        parts.append(name.group("name"))
    if phone and (name is None or abs(phone.start() - name.end()) < 40):
        parts.append(re.sub(rf"{_SP}+", "", phone.group("phone")))
    return " ".join(parts) or None


def _cc(paras: list[str]) -> list[str]:
    for i, s in enumerate(paras):
        m = CC_RE.match(s.strip())
        if not m:
            continue
        rest = m.group("rest").strip()
        j = i + 1
        # the list goes on over the next line while it has not ended with 。
        while j < len(paras) and not rest.endswith("。") and (not rest or rest[-1] in "，、,"):
            nxt = paras[j].strip()
            if not nxt or DATE_LINE_RE.match(nxt) or set(nxt) <= set("-—_*"):
                break
            rest += "，" + nxt
            j += 1
        return [p.strip(" 。.\u3000") for p in CC_SPLIT_RE.split(rest) if p.strip(" 。.\u3000")]
    return []


# ---- entry point -------------------------------------------------------------------------------------


def extract_metadata(doc: Document) -> Metadata:
    """Title, 文号, issuer, dates, period, status, comment window, contact and 抄送 of ``doc``."""
    paras = [p.span.of(doc.text).strip() for p in doc.paragraphs]
    paras = [p for p in paras if p]
    title, notice = _find_title(paras)
    issuer, signed_on, _ = _signature(paras, notice or title)
    if issuer is None:
        issuer = _issuer_fallback(paras, notice or title)
    head_text = "\n".join(paras[:HEAD_PARAGRAPHS])
    comment = _comment_period(head_text)
    draft = comment is not None or any(c in (t or "") for t in (title, notice) for c in DRAFT_CUES)
    return Metadata(
        title=title,
        doc_number=_doc_number(paras),
        issuer=issuer,
        issued_on=_issued_on(paras),
        signed_on=signed_on,
        period=_period(title, notice),
        status="draft" if draft else "issued",
        comment_period=comment,
        contact=_contact(head_text),
        cc=_cc(paras),
        notice_title=notice,
    )
