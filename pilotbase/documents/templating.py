"""Document kinds, their placeholders and default words, and filling a template into blocks.

A template is plain text. ``{{ 名称 }}`` is replaced by the context's value; a line holding only a
table placeholder (``{{ 基地名单 }}``) becomes a table. Each line of the body is a paragraph; a line
starting ``一、`` / ``（一）`` / ``1.`` / ``（1）`` is a heading of that level (GB/T 9704-2012 7.3.3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")
BRACES = re.compile(r"\{\{|\}\}")

BUREAU = "新疆生产建设兵团科学技术局"
LETTERHEAD = "新疆生产建设兵团科学技术局文件"

# 一、 黑体; （一） 楷体; 1. 仿宋; （1） 仿宋 — the level decides the font, not the author.
HEADINGS = [
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^（[一二三四五六七八九十]+）")),
    (3, re.compile(r"^\d+[.．]")),
    (4, re.compile(r"^（\d+）")),
]


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    # relative column widths; the layout scales them to the type area
    widths: list[float] = field(default_factory=list)

    @property
    def percentages(self) -> list[str]:
        total = sum(self.widths) or 1
        return [f"{100 * w / total:.1f}" for w in self.widths]


@dataclass(frozen=True)
class Block:
    kind: str  # "para", "flush" (主送机关, no indent), "h1".."h4", "table"
    text: str = ""
    table: Table | None = None


@dataclass(frozen=True)
class Filled:
    letterhead: str
    number: str
    title: str
    blocks: list[Block]
    signature: list[str]


@dataclass(frozen=True)
class Kind:
    label: str
    placeholders: dict[str, str]  # name -> what it is
    tables: frozenset[str]
    default: dict[str, str]
    public: bool = False  # the text may be shown to anyone (公示)


COMMON = {"发文机关": "发文机关名称", "成文日期": "成文日期，如 2026年3月5日"}
SIGNATURE = "{{ 发文机关 }}\n{{ 成文日期 }}"

KINDS: dict[str, Kind] = {
    "call_notice": Kind(
        "申报通知",
        {
            **COMMON,
            "发文字号": "如 兵科发〔2026〕5号",
            "通知标题": "申报通知的标题",
            "通知正文": "申报通知录入的正文",
            "申报开始日": "申报开始日期",
            "申报截止日": "申报截止日期",
        },
        frozenset(),
        {
            "letterhead": LETTERHEAD,
            "number_line": "{{ 发文字号 }}",
            "title": "{{ 通知标题 }}",
            "body": (
                "各师市科技局，各有关院校，兵团有关部门：\n"
                "{{ 通知正文 }}\n"
                "一、申报时间\n"
                "申报时间为{{ 申报开始日 }}至{{ 申报截止日 }}，逾期不予受理。\n"
                "二、申报方式\n"
                "申报单位通过兵团科技成果转化中试基地备案管理系统在线填报并上传证明材料，"
                "经属地推荐单位初审推荐后报送{{ 发文机关 }}。\n"
                "三、有关要求\n"
                "（一）申报单位对申报材料的真实性负责，并签署科研诚信承诺书。\n"
                "（二）各推荐单位按照属地管理原则做好初审推荐工作。"
            ),
            "signature": SIGNATURE,
        },
    ),
    "filing_public_notice": Kind(
        "备案公示",
        {
            **COMMON,
            "公示标题": "公示标题",
            "公示正文": "公示录入的说明",
            "公示开始日": "公示开始日期",
            "公示截止日": "公示截止日期（第5个工作日）",
            "公示名单": "公示对象表格",
        },
        frozenset({"公示名单"}),
        {
            "letterhead": "",
            "number_line": "",
            "title": "{{ 公示标题 }}",
            "body": (
                "根据《兵团科技成果转化中试基地备案管理暂行办法》，经申报单位申报、推荐单位推荐、"
                "专家评估论证，现将拟备案的中试基地名单予以公示。\n"
                "{{ 公示正文 }}\n"
                "{{ 公示名单 }}\n"
                "公示期为{{ 公示开始日 }}至{{ 公示截止日 }}。公示期内，任何单位和个人对名单有异议的，"
                "可通过系统“公示公告”栏目以真实姓名提出，并提供必要的证明材料。"
            ),
            "signature": SIGNATURE,
        },
        public=True,
    ),
    "evaluation_public_notice": Kind(
        "绩效评价结果公示",
        {
            **COMMON,
            "公示标题": "公示标题",
            "公示正文": "公示录入的说明",
            "公示开始日": "公示开始日期",
            "公示截止日": "公示截止日期（第5个工作日）",
            "公示名单": "评价结果表格",
        },
        frozenset({"公示名单"}),
        {
            "letterhead": "",
            "number_line": "",
            "title": "{{ 公示标题 }}",
            "body": (
                "根据《兵团科技成果转化中试基地备案管理暂行办法》第九条，现将中试基地绩效评价结果予以公示。\n"
                "{{ 公示正文 }}\n"
                "{{ 公示名单 }}\n"
                "公示期为{{ 公示开始日 }}至{{ 公示截止日 }}。公示期内，任何单位和个人对评价结果有异议的，"
                "可通过系统“公示公告”栏目以真实姓名提出。"
            ),
            "signature": SIGNATURE,
        },
        public=True,
    ),
    "filing_notice": Kind(
        "备案通知",
        {
            **COMMON,
            "发文字号": "备案发文字号",
            "批次名称": "备案批次名称",
            "基地数量": "本批备案的基地数",
            "基地名单": "备案基地表格",
        },
        frozenset({"基地名单"}),
        {
            "letterhead": LETTERHEAD,
            "number_line": "{{ 发文字号 }}",
            "title": "关于{{ 批次名称 }}兵团科技成果转化中试基地备案的通知",
            "body": (
                "各师市科技局，各有关院校，兵团有关部门，各有关单位：\n"
                "根据《兵团科技成果转化中试基地备案管理暂行办法》，经申报推荐、形式审查、专家评估论证、"
                "择优遴选和公示，决定对以下{{ 基地数量 }}家中试基地予以备案。\n"
                "{{ 基地名单 }}\n"
                "各中试基地要按照备案时的建设方案加强建设和运营管理，开放共享中试服务，每三年接受一次绩效评价。"
            ),
            "signature": SIGNATURE,
        },
    ),
    "evaluation_results_notice": Kind(
        "绩效评价结果通知",
        {
            **COMMON,
            "发文字号": "结果发文字号",
            "评价名称": "绩效评价批次名称",
            "结果名单": "评价结果表格",
        },
        frozenset({"结果名单"}),
        {
            "letterhead": LETTERHEAD,
            "number_line": "{{ 发文字号 }}",
            "title": "关于{{ 评价名称 }}结果的通知",
            "body": (
                "各师市科技局，各有关院校，兵团有关部门，各中试基地：\n"
                "根据《兵团科技成果转化中试基地备案管理暂行办法》第九条，经自评、推荐单位审核、"
                "第三方评价和公示，现将评价结果通知如下。\n"
                "{{ 结果名单 }}\n"
                "评价结果为优秀的中试基地，按规定给予支持；评价结果为不合格的，限期一年整改。"
            ),
            "signature": SIGNATURE,
        },
    ),
    "rectification_notice": Kind(
        "限期整改通知",
        {
            **COMMON,
            "发文字号": "结果发文字号",
            "基地名称": "中试基地名称",
            "建设运营单位": "中试基地的建设运营单位",
            "评价等次": "评价等次",
            "评价意见": "评价意见",
            "整改期限": "整改截止日期",
        },
        frozenset(),
        {
            "letterhead": LETTERHEAD,
            "number_line": "{{ 发文字号 }}",
            "title": "关于{{ 基地名称 }}限期整改的通知",
            "body": (
                "{{ 建设运营单位 }}：\n"
                "在本次中试基地绩效评价中，{{ 基地名称 }}评价等次为{{ 评价等次 }}。"
                "根据《兵团科技成果转化中试基地备案管理暂行办法》第九条，请你单位限期整改。\n"
                "一、评价意见\n"
                "{{ 评价意见 }}\n"
                "二、整改要求\n"
                "请于{{ 整改期限 }}前完成整改并通过系统提交整改报告，届时组织复评。"
                "整改后复评仍不合格或拒不整改的，撤销备案资格。"
            ),
            "signature": SIGNATURE,
        },
    ),
    "revocation_decision": Kind(
        "撤销备案决定",
        {
            **COMMON,
            "发文字号": "撤销决定发文字号",
            "基地名称": "中试基地名称",
            "备案编号": "备案编号",
            "建设运营单位": "中试基地的建设运营单位",
            "撤销理由": "撤销理由",
            "事实与证据": "认定的事实与证据",
            "决定日期": "决定日期",
        },
        frozenset(),
        {
            "letterhead": LETTERHEAD,
            "number_line": "{{ 发文字号 }}",
            "title": "关于撤销{{ 基地名称 }}备案资格的决定",
            "body": (
                "{{ 建设运营单位 }}：\n"
                "{{ 基地名称 }}（备案编号：{{ 备案编号 }}）因{{ 撤销理由 }}，"
                "根据《兵团科技成果转化中试基地备案管理暂行办法》，经研究，决定撤销其中试基地备案资格。\n"
                "一、事实与证据\n"
                "{{ 事实与证据 }}\n"
                "二、其他事项\n"
                "本决定自{{ 决定日期 }}起生效。对本决定不服的，可依法申请行政复议或者提起行政诉讼。"
            ),
            "signature": SIGNATURE,
        },
    ),
}

TEXT_FIELDS = ("letterhead", "number_line", "title", "body", "signature")


def problems(kind: str, texts: dict[str, str]) -> dict[str, str]:
    """What is wrong with a template's words, by field: {field: Chinese message}. Empty when fine."""
    spec = KINDS[kind]
    errors: dict[str, str] = {}
    for name in TEXT_FIELDS:
        text = texts.get(name) or ""
        stripped = PLACEHOLDER.sub("", text)
        if BRACES.search(stripped):
            errors[name] = "占位符格式应为 {{ 名称 }}，请检查花括号是否成对"
            continue
        unknown = [p for p in PLACEHOLDER.findall(text) if p not in spec.placeholders]
        if unknown:
            allowed = "、".join(spec.placeholders)
            errors[name] = f"未知的占位符：{'、'.join(unknown)}。可用的有：{allowed}"
            continue
        for table in spec.tables:
            for line in text.splitlines():
                if (
                    any(p == table for p in PLACEHOLDER.findall(line))
                    and line.strip() != f"{{{{ {table} }}}}"
                ):
                    if PLACEHOLDER.sub("", line).strip():
                        errors[name] = f"表格占位符 {{{{ {table} }}}} 须单独占一行"
            if name != "body" and table in PLACEHOLDER.findall(text):
                errors[name] = f"表格占位符 {{{{ {table} }}}} 只能用在正文中"
    if not (texts.get("title") or "").strip():
        errors.setdefault("title", "标题不能为空")
    if not (texts.get("body") or "").strip():
        errors.setdefault("body", "正文不能为空")
    return errors


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Table):
        raise ValueError("table placeholder used inside a line")
    return str(value)


def _sub(text: str, context: dict) -> str:
    return PLACEHOLDER.sub(lambda m: _text(context.get(m.group(1), "")), text)


def heading_level(line: str) -> int:
    for level, pattern in HEADINGS:
        if pattern.match(line):
            return level
    return 0


def fill(kind: str, texts: dict[str, str], context: dict) -> Filled:
    """The template's words with the context put in, as blocks for the layout."""
    blocks: list[Block] = []
    first = True
    for raw in (texts.get("body") or "").splitlines():
        names = PLACEHOLDER.findall(raw)
        if len(names) == 1 and raw.strip() == PLACEHOLDER.search(raw).group(0):
            value = context.get(names[0])
            if isinstance(value, Table):
                blocks.append(Block("table", table=value))
                first = False
                continue
        for line in _sub(raw, context).splitlines():
            line = line.strip()
            if not line:
                continue
            level = heading_level(line)
            if first and line.endswith("：") and not level:
                blocks.append(Block("flush", line))  # 主送机关 is set flush left
            elif level:
                blocks.append(Block(f"h{level}", line))
            else:
                blocks.append(Block("para", line))
            first = False
    return Filled(
        letterhead=_sub(texts.get("letterhead") or "", context).strip(),
        number=_sub(texts.get("number_line") or "", context).strip(),
        title=_sub(texts.get("title") or "", context).strip(),
        blocks=blocks,
        signature=[s.strip() for s in _sub(texts.get("signature") or "", context).splitlines() if s.strip()],
    )


def chinese_date(d) -> str:
    """成文日期 in Arabic numerals, no zero padding: 2026年3月5日."""
    return f"{d.year}年{d.month}月{d.day}日" if d else ""
