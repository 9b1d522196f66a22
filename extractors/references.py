"""References to other documents: document numbers (文号) and titles in 《》.

Supports
  * document numbers with any of the brackets in use: ``台政办发〔2023〕12号``, ``国办发[2018]128号``,
    ``国办发［2018］128号``, ``鄂政文(2004)15号``, ``国办发明电〔2018〕15号``, and decree numbers
    ``国令第707号`` / ``中华人民共和国国务院令第707号`` (both canonical ``国令第707号``);
  * national standard numbers: ``GB 50180``, ``GB/T 4754-2017``;
  * titles in 《》, nested 〈〉 included (``《国务院关于修改〈…实施条例〉的决定》``), classified by
    their last word: 法 -> ``law``, 条例 -> ``regulation``, 规划/纲要/计划/方案 -> ``plan``,
    意见/通知/办法/规定/决定… -> ``policy``, 标准/规范 -> ``standard``, anything else -> ``title``.
    Trailing notes such as （试行）（草案）（2020—2025年） do not change the kind.
  * ``target``: the canonical form — brackets folded to 〔〕, digits and spaces normalized for numbers;
    for titles half-width brackets folded to （）, spaces removed, year-range dashes unified to —.

Avoids
  * titles of films, plays, songs, books and journals (电影《长空之王》, 《山海情》热播, 《雪豹》《高原之羚》等作品);
  * the document's own title and number: ``doc.metadata.title`` / ``doc.metadata.doc_number``, the
    notice wrapper (``关于印发X的通知``, ``公开征求《X》的通知``), what the notice issues or forwards
    (``《A》和《B》已经国务院同意，现印发给你们``) and a 文号 standing alone as a paragraph near the top;
  * self-references: ``本《方案》``; a short name defined by ``（以下简称《规划》）`` is not a reference
    itself, but each later ``《规划》`` cites the full title it stands for (same kind and target);
  * 《 without a closing 》 in the same paragraph (a heading broken over lines).

Examples
  ``按照《国务院办公厅关于…的通知》（国办发〔1993〕71号）`` -> policy + doc_number 国办发〔1993〕71号
  ``积极落实《长江三角洲区域一体化发展规划纲要》`` -> plan
  ``持续做好《浙江省民营企业发展促进条例》…宣贯`` -> regulation
"""

from __future__ import annotations

import re
import unicodedata

from knowledge_base.model import Document, Reference, Span

# --- rules as data ----------------------------------------------------------------------------

#: The last word of a title decides its kind; the longest matching ending wins.
TITLE_KINDS: dict[str, tuple[str, ...]] = {
    "law": ("法", "法典", "宪法"),
    "regulation": ("条例", "实施条例"),
    "plan": (
        "规划",
        "纲要",
        "计划",
        "方案",
        "规划纲要",
        "行动计划",
        "实施方案",
        "工作方案",
        "路线图",
        "预案",
    ),
    "policy": (
        "建议",
        "复函",
        "通则",
        "意见",
        "通知",
        "办法",
        "规定",
        "决定",
        "细则",
        "规则",
        "措施",
        "若干措施",
        "若干政策",
        "政策",
        "通告",
        "公告",
        "批复",
        "决议",
        "指引",
        "指南",
        "目录",
        "清单",
    ),
    "standard": ("标准", "规范", "导则", "规程", "准则"),
}

#: Trailing notes that do not change what a title is: （试行）（2020—2025年）, 纲要草案, …征求意见稿.
TITLE_NOTES = re.compile(r"(?:[（(](?:[^（）()]*)[）)]|草案|征求意见稿|送审稿|讨论稿|修订稿)+$")

#: A 《title》 with one of these just before it, or one of the AFTER cues after it (or after the run of
#: titles it belongs to), names a film, a play, a book or a journal — not a document.
WORK_BEFORE = (
    "电影",
    "电视剧",
    "纪录片",
    "纪录电影",
    "专题片",
    "微短剧",
    "舞剧",
    "话剧",
    "歌剧",
    "京剧",
    "曲剧",
    "杂技剧",
    "音乐剧",
    "舞蹈",
    "当代舞",
    "歌曲",
    "文艺晚会",
    "文艺节目",
    "栏目",
    "期刊",
    "丛书",
    "编纂",
    "出版",
    "推出",
    "办好",
    "打造",
    "升级打造",
    "首部",
)
WORK_AFTER = (
    "等一批",
    "等作品",
    "等精品",
    "等影视",
    "等学术期刊",
    "热播",
    "首播",
    "公映",
    "展演",
    "获得“",
    "获“",
    "获文华",
    "荣获",
    "摘得",
    "主演",
    "系列丛书",
    "年度十大",
    "创造多项",
    "引发热烈",
    "品牌栏目",
    "拍摄完成",
    "全网传播",
    "汉藏对照",
    "文艺节目",
    "情感浓烈",
    "专题片",
)

#: Words that may stand before an issuer code but are not part of it (按照国办发〔…〕 -> 国办发〔…〕).
NUMBER_PREFIX_STOPWORDS = (
    "按照",
    "依照",
    "根据",
    "参照",
    "依据",
    "对照",
    "执行",
    "落实",
    "贯彻",
    "印发",
    "转发",
    "废止",
    "同时",
    "以及",
    "和",
    "及",
    "与",
    "同",
    "按",
    "依",
    "见",
    "即",
    "的",
    "是",
    "在",
    "将",
    "对",
    "由",
    "经",
    "据",
    "文",
)

#: Characters never inside an issuer code: the code starts after the last of them.
NOT_IN_ISSUER = "的和与及在对由将按据为是了"

#: Decree issuers written out in full, and their short form.
DECREE_ALIASES = {"中华人民共和国国务院令": "国令", "国务院令": "国令"}

#: A title preceded by this is the document itself (本《方案》).
SELF = ("本",)
#: A title preceded by one of these is a short name for the title cited just before it
#: (《河北雄安新区总体规划（2018—2035年）》（以下简称《总体规划》）): later 《总体规划》 cite that title.
ALIAS_BEFORE = ("以下简称", "简称", "下称", "以下称")

#: Notice wrappers: the document that carries X as its subject is X itself.
#: After a run of titles in the same sentence: the titles are what this notice issues or forwards —
#: the document itself (《…行动计划》已经市政府同意，现印发给你们).
ISSUED_HERE = re.compile(
    r"[^。；！？]{0,40}?(?:现予?印发|现予?转发|现予?公布|现予发布|现将其?印发|印发给你们|转发给你们)"
)

WRAPPERS = re.compile(
    r"(?:印发|转发|发布|征求|公布)\s*《?(?P<title>[^《》\n]{4,80}?)》?\s*(?:的通知|的公告|意见)"
)

_OPEN = re.escape("〔[［(（")
_CLOSE = re.escape("〕]］)）")
DOC_NUMBER = re.compile(
    rf"(?P<issuer>[\u4e00-\u9fff]{{1,12}})[ \t\u3000]*[{_OPEN}][ \t\u3000]*(?P<year>(?:19|20)\d{{2}})"
    rf"[ \t\u3000]*[{_CLOSE}][ \t\u3000]*第?[ \t\u3000]*(?P<no>\d{{1,5}})[ \t\u3000]*号"
)
DECREE = re.compile(
    r"(?P<issuer>(?:中华人民共和国)?国务院令|国令)[ \t\u3000]*第[ \t\u3000]*(?P<no>\d{1,5})[ \t\u3000]*号"
)
STANDARD_NUMBER = re.compile(r"\bGB(?:/[TZ])?\s*\d{3,6}(?:\.\d+)?(?:\s*[-—–]\s*(?:19|20)\d{2})?")
TITLE = re.compile(r"《(?P<title>(?:[^《》\n]|\n(?=[^《》\n]{0,40}》)){1,150})》")

_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?\s*[-–—―~～至]+\s*((?:19|20)\d{2})")


# --- canonical forms --------------------------------------------------------------------------


def canonical_number(issuer: str, year: str | None, no: str) -> str:
    if year is None:
        return f"{DECREE_ALIASES.get(issuer, issuer)}第{int(no)}号"
    return f"{issuer}〔{int(year)}〕{int(no)}号"


def canonical_title(title: str) -> str:
    """Spaces removed, width folded, brackets as （）, year ranges as 2020—2025, 〈〉 as 《》."""
    t = unicodedata.normalize("NFKC", title)
    t = re.sub(r"\s+", "", t)
    t = t.replace("(", "（").replace(")", "）").replace("〈", "《").replace("〉", "》")
    t = _YEAR_RANGE.sub(r"\1—\2", t)
    return t


def title_core(title: str) -> str:
    """The canonical title without its trailing notes (年份, 草案, 征求意见稿 ...)."""
    return TITLE_NOTES.sub("", canonical_title(title))


def title_kind(title: str) -> str:
    core = title_core(title)
    best, best_len = "title", 0
    for kind, endings in TITLE_KINDS.items():
        for e in endings:
            if core.endswith(e) and len(e) > best_len:
                best, best_len = kind, len(e)
    if best == "law" and core.endswith(("办法", "方法", "做法", "说法", "看法", "想法")):
        best = "policy" if core.endswith("办法") else "title"
    return best


def _strip_prefix(issuer: str) -> tuple[str, int]:
    """Drop the words before an issuer code (要按照国办发 -> 国办发); return the code and chars dropped."""
    dropped = 0
    cut = max(
        (issuer.rfind(w) + len(w) for w in NUMBER_PREFIX_STOPWORDS if len(w) > 1 and w in issuer), default=0
    )
    # characters no issuer code contains: 由省经信厅发布的浙经信〔…〕 -> 浙经信
    cut = max(cut, *(issuer.rfind(c) + 1 for c in NOT_IN_ISSUER))
    if cut >= len(issuer):
        cut = 0
    issuer, dropped = issuer[cut:], cut
    changed = True
    while changed and len(issuer) > 1:
        changed = False
        for w in NUMBER_PREFIX_STOPWORDS:
            if len(w) == 1 and issuer.startswith(w):
                issuer, dropped, changed = issuer[1:], dropped + 1, True
                break
    # an issuer code is short; a long Han run is a sentence that ends in a code
    if len(issuer) > 7:
        dropped += len(issuer) - 7
        issuer = issuer[-7:]
    return issuer, dropped


# --- the document's own identity -----------------------------------------------------------------


def _own_identity(doc: Document) -> tuple[set[str], set[str]]:
    """Canonical title cores and numbers that name the document itself."""
    titles: set[str] = set()
    numbers: set[str] = set()
    m = doc.metadata
    if m.title:
        titles.add(title_core(m.title))
    if m.doc_number:
        for n in _numbers_in(m.doc_number):
            numbers.add(n[2])
    head = doc.paragraphs[:12]
    # the heading lines at the top (no sentence in them), joined: a title broken over lines is whole again
    heading = "".join(t for p in head if len(t := p.span.of(doc.text).strip()) <= 80 and "。" not in t)
    for w in WRAPPERS.finditer(heading):
        titles.add(title_core(w.group("title")))
    lines = [p.span.of(doc.text).strip() for p in head[:12]]
    for i, t in enumerate(lines):
        if i < 3 and len(t) <= 60 and not any(c in t for c in "《。；，"):
            titles.add(title_core(t))  # a title line at the very top
        # a 文号 alone on its line, or a decree header broken over two short lines
        for cand in (t, t + lines[i + 1] if i + 1 < len(lines) else t):
            found = _numbers_in(cand)
            if len(found) == 1 and len(cand) <= len(found[0][1]) + 4:
                numbers.add(found[0][2])
    titles.discard("")
    return titles, numbers


def _numbers_in(text: str) -> list[tuple[Span, str, str]]:
    """(span, text as written, canonical) of every 文号 / decree number in ``text``."""
    out: list[tuple[Span, str, str]] = []
    for m in DOC_NUMBER.finditer(text):
        issuer, dropped = _strip_prefix(m.group("issuer"))
        start = m.start() + dropped
        out.append(
            (
                Span(start, m.end()),
                text[start : m.end()],
                canonical_number(issuer, m.group("year"), m.group("no")),
            )
        )
    for m in DECREE.finditer(text):
        out.append(
            (Span(m.start(), m.end()), m.group(0), canonical_number(m.group("issuer"), None, m.group("no")))
        )
    return out


def _is_self_title(title: str, own_titles: set[str]) -> bool:
    """The cited title is the document's own: equal once notes (年份, 草案, 征求意见稿) are dropped, or the
    own title with a year or place in front (2026年政府工作报告 cites 《政府工作报告》). A title that only
    begins like the own one is another document (《…个人所得税法》 in the 《…个人所得税法实施条例》)."""
    core = title_core(title)
    if not core:
        return False
    for own in own_titles:
        if core == own or (
            len(core) >= 5 and own.endswith(core) and own[: -len(core)].endswith(("年", "省", "市"))
        ):
            return True
    return False


def _title_runs(text: str) -> dict[int, Span]:
    """For each 《 the span of the run of titles it belongs to (《A》、《B》《C》 is one run)."""
    out: dict[int, Span] = {}
    ms = list(TITLE.finditer(text))
    i = 0
    while i < len(ms):
        j = i
        while j + 1 < len(ms) and re.fullmatch(r"[、，,和及与\s]?", text[ms[j].end() : ms[j + 1].start()]):
            j += 1
        run = Span(ms[i].start(), ms[j].end())
        for k in range(i, j + 1):
            out[ms[k].start()] = run
        i = j + 1
    return out


def _is_work(text: str, run: Span) -> bool:
    """A film, play, song, book or journal title (电影《长空之王》, 《山海情》热播) — not a document."""
    before = text[max(0, run.start - 6) : run.start]
    after = text[run.end : run.end + 12].lstrip("、，, ")
    won = re.match(r"(?:荣?获|摘得)[^。；，]{0,12}奖|等\d+部", after)  # …获全国优秀儿童文学奖 / 等3部纪录片
    return before.endswith(WORK_BEFORE) or after.startswith(WORK_AFTER) or won is not None


# --- extraction ---------------------------------------------------------------------------------


def extract_references(doc: Document) -> list[Reference]:
    """Every document number and 《title》 the document cites, its own title and number excluded."""
    text = doc.text
    own_titles, own_numbers = _own_identity(doc)
    refs: list[Reference] = []

    for span, written, canon in _numbers_in(text):
        if canon in own_numbers:
            continue
        refs.append(Reference(text=written, kind="doc_number", quote=span.of(text), span=span, target=canon))

    for m in STANDARD_NUMBER.finditer(text):
        span = Span(m.start(), m.end())
        canon = re.sub(r"\s*[-—–]\s*", "-", re.sub(r"^(GB(?:/[TZ])?)\s*", r"\1 ", m.group(0)))
        refs.append(Reference(text=m.group(0), kind="standard", quote=span.of(text), span=span, target=canon))

    runs = _title_runs(text)
    aliases: dict[str, tuple[str, str | None]] = {}  # short title -> (kind, target) of the full one
    last: tuple[str, str | None] | None = None  # the last full title cited (or the document itself)
    for m in TITLE.finditer(text):
        title = m.group("title")
        if _is_work(text, runs[m.start()]):
            continue
        before = text[max(0, m.start() - 6) : m.start()]
        if before.endswith(SELF):
            continue
        if before.rstrip("（(，, ").endswith(
            ALIAS_BEFORE
        ):  # （以下简称《规划》）: later 《规划》 cite the full title
            if last is not None:
                aliases[canonical_title(title)] = last
            continue
        if _is_self_title(title, own_titles) or ISSUED_HERE.match(text, runs[m.start()].end):
            last = ("self", None)
            continue
        span = Span(m.start(), m.end())
        kind, target = aliases.get(canonical_title(title)) or (title_kind(title), canonical_title(title))
        if kind == "self":
            continue
        last = (kind, target)
        refs.append(
            Reference(text=title.replace("\n", ""), kind=kind, quote=span.of(text), span=span, target=target)
        )

    refs.sort(key=lambda r: (r.span.start, r.span.end))
    return refs
