"""Synthetic corpus of 政府信息公开工作年度报告 for benchmarks and fuzzing.

Every report is built once as a ``Spec`` (agency, year, template, section text, the three tables
with values that satisfy the format.md §5.1 identities) and then rendered as plain text with tab
tables (like the seed report), HTML with rowspan/colspan, DOCX (python-docx, merged cells) and
PDF (reportlab, CID font STSong-Light, no font file needed). About 15 % of the reports carry one
defect (a broken identity, a blank total, "/" cells, a label typo, a narrative mismatch, a late
date, a missing section, full-width digits); ``manifest.json`` lists the truth for every file.

    python -m bench.gen [OUT] [--n 10000] [--formats txt,html,docx,pdf] [--n-docx N] [--n-pdf N]
                        [--seed 1] [--jobs 2]

Layouts come from ``gxtui.templates`` so the corpus follows the same labels the extractor reads.
"""

from __future__ import annotations

import argparse
import html as _html
import io
import json
import os
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from gxtui import templates

DEFAULT_OUT = Path(__file__).resolve().parent / "corpus"
FORMATS = ("txt", "html", "docx", "pdf")

# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

_PLACES = ["吕梁市", "晋中市", "长治市", "大同市", "忻州市", "临汾市", "运城市", "阳泉市", "朔州市", "晋城市",
           "石家庄市", "保定市", "邯郸市", "邢台市", "沧州市", "衡水市", "廊坊市", "唐山市", "秦皇岛市",
           "张家口市", "承德市", "株洲市天元区", "岳阳市南湖新区", "武汉市汉阳区", "九江市濂溪区",
           "威海市文登区", "湛江市", "徐闻县", "雄县", "会昌县", "荣昌区", "漳平市", "盐亭县", "孝感市"]
_DEPTS = ["教育局", "财政局", "审计局", "信访局", "统计局", "民政局", "司法局", "交通运输局", "自然资源局",
          "生态环境局", "住房和城乡建设局", "水利局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会",
          "应急管理局", "市场监督管理局", "医疗保障局", "行政审批服务管理局", "人力资源和社会保障局",
          "人民政府办公室", "地方志办公室", "退役军人事务局", "林业局"]

_OPENERS = ["一年来，{a}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，",
            "{y}年，{a}深入贯彻党中央、国务院关于全面推进政务公开工作的决策部署，",
            "本年度，{a}按照上级关于政务公开工作的要点安排，",
            "{a}高度重视政府信息公开工作，"]
_CLAUSES = ["坚持以公开为常态、不公开为例外", "不断规范公开内容、创新公开形式、突出公开重点",
            "进一步健全完善政府信息公开工作机制", "切实保障人民群众的知情权、参与权、表达权和监督权",
            "持续推进决策、执行、管理、服务、结果公开", "加强政策解读和回应关切",
            "推动政务公开标准化规范化建设", "以公开促落实、以公开强监管、以公开优服务",
            "围绕中心工作和群众关切扎实推进信息公开", "严格落实保密审查制度",
            "及时更新政府信息公开指南和目录", "积极回应社会关切", "加强政府网站和政务新媒体管理",
            "规范依申请公开办理流程", "严格按照法定时限答复申请人", "落实公开属性源头认定机制"]
_RESULTS = ["取得了良好成效", "公开工作水平进一步提升", "群众满意度明显提高", "政府公信力进一步增强",
            "各项工作有序推进", "为全市经济社会发展营造了良好环境"]
_SUBHEADS = ["（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）平台建设", "（五）监督保障"]
_DETAILS = ["全年通过门户网站主动公开各类政府信息{n}条，其中政策文件{m}条，工作动态{k}条。",
            "通过政务新媒体发布信息{n}条，阅读量累计{k}次。",
            "组织开展政务公开业务培训{m}次，参训人员{n}人次。",
            "对照政府信息公开目录逐项梳理，更新完善公开事项{n}项。",
            "召开新闻发布会{m}场，发布政策解读材料{k}篇。",
            "开展文件清理工作，对{n}件规范性文件进行了评估。",
            "办理人大代表建议{m}件、政协委员提案{k}件，办理结果均已公开。",
            "在政府信息公开专栏发布财政预决算、重大建设项目等重点领域信息{n}条。",
            "全年接听政务服务热线{n}个，办结率达到百分之百。",
            "落实信息发布审核制度，坚持先审后发，全年未发生泄密事件。"]
_PROBLEMS = ["政府信息公开的及时性有待进一步提高", "政策解读的形式还不够丰富多样", "工作人员业务能力有待提升",
             "信息公开的深度和广度还需拓展", "依申请公开答复规范化水平有待提高", "政务新媒体更新频率不够",
             "公开内容与群众需求结合不够紧密", "基层政务公开标准化建设推进不够平衡"]
_MEASURES = ["加强业务培训，提高工作人员的业务水平", "完善信息发布审核机制，确保信息及时准确",
             "丰富政策解读形式，运用图解、视频等方式解读政策", "拓展公开渠道，提升公开实效",
             "规范依申请公开办理流程，严格答复时限", "加强监督考核，压实工作责任"]


@dataclass
class Spec:
    """One synthetic report: everything the renderers need plus the ground truth."""

    n: int
    agency: str
    year: int
    template: str
    published: tuple[int, int, int]
    intro: list[str]
    s1: list[str]  # paragraphs, sub-headings included
    s2_lead: str
    s3_lead: str
    s4_lead: str
    s5: list[str]
    s6: list[str]
    t2: dict[tuple[str, str], str]  # (block.row, col) -> cell text
    t3: dict[tuple[str, str], str]  # (row, col) -> cell text
    t4: dict[tuple[str, str], str]
    defects: list[str] = field(default_factory=list)
    header_typo: bool = False
    drop_s6: bool = False

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    @property
    def slug(self) -> str:
        return f"r{self.n:05d}_{self.year}"


def _para(rng: random.Random, agency: str, year: int, target: int) -> str:
    out = rng.choice(_OPENERS).format(a=agency, y=year)
    while len(out) < target:
        out += "，".join(rng.sample(_CLAUSES, rng.randint(2, 4))) + "，" + rng.choice(_RESULTS) + "。"
        if rng.random() < 0.6:
            out += rng.choice(_DETAILS).format(n=rng.randint(10, 3000), m=rng.randint(1, 60),
                                               k=rng.randint(100, 90000))
    return out


def _t3_values(rng: random.Random, tpl: templates.Template) -> dict[tuple[str, str], int]:
    cols = [c.key for c in tpl.t3_columns if c.key != "tot"]
    outcome_rows = list(tpl.t3_outcome_keys)
    zero = rng.random() < 0.3
    scale = {"np": 40, "biz": 6, "res": 1, "ngo": 1, "law": 3, "oth": 2}
    v: dict[tuple[str, str], int] = {}
    for c in cols:
        lam = 0 if zero else scale[c] * rng.choice((0, 0.2, 1, 1, 3, 20))
        new = int(rng.expovariate(1 / lam)) if lam else 0
        ci = int(rng.random() * new * 0.1) if new else 0
        co = int(rng.random() * (new + ci) * 0.1) if new + ci else 0
        done = new + ci - co
        v[("new", c)], v[("carried_in", c)], v[("carried_out", c)] = new, ci, co
        weights = [20, 3] + [0.3] * (len(outcome_rows) - 2)
        counts = dict.fromkeys(outcome_rows, 0)
        for _ in range(done):
            counts[rng.choices(outcome_rows, weights)[0]] += 1
        for r, k in counts.items():
            v[(r, c)] = k
        v[("r.total", c)] = done
    for r in tpl.t3_rows:
        v[(r.key, "tot")] = sum(v[(r.key, c)] for c in cols)
    return v


def _t2_values(rng: random.Random, tpl: templates.Template) -> dict[tuple[str, str], str]:
    out = {}
    for b in tpl.t2_blocks:
        for r in b.rows:
            for c in b.columns:
                key = (r.key, c.key)
                if r.key == "rules":
                    out[key] = "0"
                elif c.kind == "money_wan":
                    out[key] = "0" if rng.random() < 0.4 else f"{rng.uniform(0, 500):.3f}".rstrip("0").rstrip(".")
                elif c.kind == "money":
                    out[key] = str(rng.randint(0, 900000))
                elif c.kind == "signed":
                    out[key] = str(rng.randint(-5, 8))
                else:
                    out[key] = str(int(rng.expovariate(1 / 30)))
            if b.key == "art20_1" and tpl.version == "2019":  # T2-D: cumulative ≥ this year
                k = r.key
                if r.key != "rules":
                    out[(k, "total_published")] = str(int(out[(k, "new_published")]) + rng.randint(0, 400))
    return out


def _t4_values(rng: random.Random, tpl: templates.Template) -> dict[tuple[str, str], int]:
    out = {}
    for g in tpl.t4_groups:
        parts = [int(rng.expovariate(1 / 0.8)) if rng.random() < 0.4 else 0 for _ in range(4)]
        for c, x in zip(("upheld", "corrected", "other", "pending"), parts):
            out[(g.key, c)] = x
        out[(g.key, "total")] = sum(parts)
    return out


_DEFECTS = ("t3_cell", "t4_total", "blank_totals", "slash", "typo", "narrative", "late", "missing_s6",
            "fullwidth")


def make_spec(n: int, seed: int = 1, defect_rate: float = 0.15) -> Spec:
    """The ``n``-th report of the corpus (deterministic for a given seed)."""
    rng = random.Random(seed * 1_000_003 + n)
    agency = rng.choice(_PLACES) + rng.choice(_DEPTS)
    year = rng.choice((2019, 2020, 2021, 2021, 2022, 2023, 2024))
    template = templates.expected_template(year)
    tpl = templates.get(template)
    t3 = _t3_values(rng, tpl)
    t4 = _t4_values(rng, tpl)
    t2 = _t2_values(rng, tpl)
    defects: list[str] = []
    if rng.random() < defect_rate:
        defects.append(rng.choice(_DEFECTS))
    ntot = t3[("new", "tot")]
    done = t3[("r.total", "tot")]
    if "narrative" in defects:
        ntot += rng.randint(1, 9)
    target = rng.randint(5_000, 15_000)  # bytes of UTF-8 ≈ 3 per CJK character
    intro = [f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
             f"{'国办公开办函〔2021〕30号' if template == '2021' else '国办公开办函〔2019〕60号'}要求编制。"
             f"全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和"
             f"行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告中所列数据的统计期限自"
             f"{year}年1月1日起至{year}年12月31日止。"]
    s1: list[str] = []
    budget = target // 3 - 600
    for head in _SUBHEADS:
        s1.append(head)
        s1.append(_para(rng, agency, year, max(80, budget // len(_SUBHEADS))))
    s1.insert(3, f"全年共收到政府信息公开申请{ntot}件，办结{done}件。")
    problems = rng.sample(_PROBLEMS, rng.randint(2, 4))
    measures = rng.sample(_MEASURES, rng.randint(2, 4))
    s5 = [f"{i}、{p}。" for i, p in enumerate(problems, 1)]
    s5.append("下一步，我们将采取以下措施：")
    s5 += [f"（{'一二三四'[i]}）{m}。" for i, m in enumerate(measures)]
    fee = rng.choice((0, 0, 0, 100, 400))
    s6 = [f"依据《政府信息公开信息处理费管理办法》规定，本年度{'未收取信息处理费' if not fee else f'共发出收费通知1件，实际收取信息处理费共计{fee}元'}。"
          if template == "2021" else "无。"]
    month, day = rng.randint(1, 1), rng.randint(10, 30)
    if "late" in defects:
        month, day = rng.randint(4, 9), rng.randint(1, 28)
    spec = Spec(n, agency, year, template, (year + 1, month, day), intro, s1,
                f"{year}年度，{agency}主动公开政府信息情况如下：",
                f"{year}年度共新收政府信息公开申请{ntot}件，上年结转{t3[('carried_in', 'tot')]}件，"
                f"本年度办结{done}件，结转下年度继续办理{t3[('carried_out', 'tot')]}件。具体情况如下：",
                f"{year}年度发生政府信息公开行政复议{t4[('review', 'total')]}件，行政诉讼"
                f"{t4[('lit_direct', 'total')] + t4[('lit_after_review', 'total')]}件。",
                s5, s6, t2, {k: str(v) for k, v in t3.items()}, {k: str(v) for k, v in t4.items()},
                defects)
    if "t3_cell" in defects:
        row = rng.choice(list(tpl.t3_outcome_keys))
        col = rng.choice(("np", "biz", "law"))
        spec.t3[(row, col)] = str(int(spec.t3[(row, col)]) + 1)
    elif "t4_total" in defects:
        g = rng.choice([g.key for g in tpl.t4_groups])
        spec.t4[(g, "total")] = str(int(spec.t4[(g, "total")]) + 1)
    elif "blank_totals" in defects:
        for r in tpl.t3_outcome_keys:
            spec.t3[(r, "tot")] = ""
    elif "slash" in defects:
        for k in list(spec.t2):
            if k[0].endswith(".rules"):
                spec.t2[k] = "/"
    elif "typo" in defects:
        spec.header_typo = True
    elif "missing_s6" in defects:
        spec.drop_s6 = True
    elif "fullwidth" in defects:
        fw = str.maketrans("0123456789", "０１２３４５６７８９")
        spec.t3 = {k: v.translate(fw) for k, v in spec.t3.items()}
    return spec


def truth(spec: Spec) -> dict:
    return {"agency": spec.agency, "year": spec.year, "template": spec.template, "defects": spec.defects,
            "t3_new_tot": spec.t3[("new", "tot")], "t4_review_total": spec.t4[("review", "total")]}


# ---------------------------------------------------------------------------------------------
# Abstract table layout: rows of (text, rowspan, colspan) cells, rendered by every format.
# ---------------------------------------------------------------------------------------------

Cell = tuple[str, int, int]


def _t2_layout(spec: Spec, tpl: templates.Template) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for b in tpl.t2_blocks:
        rows.append([(b.caption, 1, 4)])
        span = 4 - len(b.columns)  # (五)(六)(八): one value column spanning 3 grid columns
        heads = [c.label for c in b.columns]
        if spec.header_typo and b.key == "art20_1" and tpl.version == "2021":
            heads[1] = "本年度止件数"
        rows.append([("信息内容", 1, 1)] + [(h, 1, 1 + (span if i == len(heads) - 1 else 0))
                                         for i, h in enumerate(heads)])
        for r in b.rows:
            vals = [spec.t2[(r.key, c.key)] for c in b.columns]
            rows.append([(r.label, 1, 1)] + [(v, 1, 1 + (span if i == len(vals) - 1 else 0))
                                            for i, v in enumerate(vals)])
    return rows


def _t3_layout(spec: Spec, tpl: templates.Template) -> list[list[Cell]]:
    cols = [c.key for c in tpl.t3_columns]
    head = tpl.t3_rows
    rows: list[list[Cell]] = [
        [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), ("申请人情况", 1, 7)],
        [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
        [("商业企业", 1, 1), ("科研机构", 1, 1), ("社会公益组织", 1, 1), ("法律服务机构", 1, 1), ("其他", 1, 1)],
    ]
    n_result = sum(1 for r in head if r.key.startswith("r."))
    groups: dict[str, int] = {}
    for r in head:
        if r.level == 3:
            groups[r.group] = groups.get(r.group, 0) + 1
    seen_result = False
    seen_group: set[str] = set()
    for r in head:
        cells: list[Cell] = []
        if r.level == 1:
            cells.append((r.label, 1, 3))
        else:
            if not seen_result:
                cells.append(("三、本年度办理结果", n_result, 1))
                seen_result = True
            if r.level == 2:
                cells.append((r.label, 1, 2))
            else:
                if r.group not in seen_group:
                    cells.append((r.group, groups[r.group], 1))
                    seen_group.add(r.group)
                cells.append((r.label, 1, 1))
        cells += [(spec.t3[(r.key, c)], 1, 1) for c in cols]
        rows.append(cells)
    return rows


def _t4_layout(spec: Spec, tpl: templates.Template) -> list[list[Cell]]:
    sub = [c.label for c in tpl.t4_columns]
    rows: list[list[Cell]] = [
        [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
        [(s, 2, 1) for s in sub] + [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        [(s, 1, 1) for s in sub] * 2,
        [(spec.t4[(g.key, c.key)], 1, 1) for g in tpl.t4_groups for c in tpl.t4_columns],
    ]
    return rows


def _grid(layout: list[list[Cell]]) -> list[list[tuple[str, bool]]]:
    """Expand spans into a rectangular grid of (text, is_origin)."""
    grid: dict[tuple[int, int], tuple[str, bool]] = {}
    width = 0
    for i, row in enumerate(layout):
        j = 0
        for text, rs, cs in row:
            while (i, j) in grid:
                j += 1
            for di in range(rs):
                for dj in range(cs):
                    grid[(i + di, j + dj)] = (text, di == 0 and dj == 0)
            j += cs
            width = max(width, j)
    height = max(i for i, _ in grid) + 1
    return [[grid.get((i, j), ("", True)) for j in range(width)] for i in range(height)]


def _blocks(spec: Spec) -> list[tuple[str, object]]:
    """The report in reading order: ("title"|"p"|"h"|"table", payload)."""
    tpl = templates.get(spec.template)
    heads = [s.title for s in tpl.sections]
    out: list[tuple[str, object]] = [("title", spec.agency), ("title", f"{spec.year}年政府信息公开工作年度报告")]
    out += [("p", p) for p in spec.intro]
    out.append(("h", heads[0]))
    out += [("h" if p.startswith("（") and len(p) < 12 else "p", p) for p in spec.s1]
    out += [("h", heads[1]), ("p", spec.s2_lead), ("table", _t2_layout(spec, tpl))]
    out += [("h", heads[2]), ("p", spec.s3_lead), ("table", _t3_layout(spec, tpl))]
    out += [("h", heads[3]), ("p", spec.s4_lead), ("table", _t4_layout(spec, tpl))]
    out.append(("h", heads[4]))
    out += [("p", p) for p in spec.s5]
    if not spec.drop_s6:
        out.append(("h", heads[5]))
        out += [("p", p) for p in spec.s6]
    y, m, d = spec.published
    out += [("p", spec.agency), ("p", f"{y}年{m}月{d}日")]
    return out


# ---------------------------------------------------------------------------------------------
# Renderers
# ---------------------------------------------------------------------------------------------


def render_txt(spec: Spec) -> bytes:
    lines: list[str] = []
    for kind, x in _blocks(spec):
        if kind == "table":
            for row in _grid(x):  # type: ignore[arg-type]
                lines.append("\t".join(t if origin else "" for t, origin in row))
        else:
            lines.append(str(x))
        lines.append("" if kind != "table" else "")
    return "\n".join(lines).encode("utf-8")


def render_html(spec: Spec) -> bytes:
    esc = _html.escape
    y, m, d = spec.published
    parts = ["<!DOCTYPE html>", '<html><head><meta charset="utf-8">', f"<title>{esc(spec.title)}</title></head><body>",
             '<div class="nav">当前位置：首页 &gt; 政府信息公开 &gt; 年度报告</div>',
             f'<div class="article"><h1>{esc(spec.title)}</h1>',
             f'<div class="info">发布日期：{y}-{m:02d}-{d:02d}</div>']
    for kind, x in _blocks(spec)[2:]:
        if kind == "table":
            parts.append('<table border="1" cellspacing="0">')
            for row in x:  # type: ignore[union-attr]
                tds = []
                for text, rs, cs in row:
                    attr = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                    tds.append(f"<td{attr}>{esc(text) if text else '&nbsp;'}</td>")
                parts.append("<tr>" + "".join(tds) + "</tr>")
            parts.append("</table>")
        elif kind == "h":
            parts.append(f"<p><strong>{esc(str(x))}</strong></p>")
        else:
            parts.append(f"<p>{esc(str(x))}</p>")
    parts.append('</div><div class="footer">主办单位：某某人民政府办公室</div></body></html>')
    return "\n".join(parts).encode("utf-8")


_DOCX_TEMPLATE: dict[str, bytes] = {}


def _docx_template() -> dict[str, bytes]:
    """The parts of an empty python-docx document (styles, settings...), built once."""
    if not _DOCX_TEMPLATE:
        import zipfile  # noqa: PLC0415

        import docx  # noqa: PLC0415

        buf = io.BytesIO()
        docx.Document().save(buf)
        with zipfile.ZipFile(buf) as z:
            for name in z.namelist():
                _DOCX_TEMPLATE[name] = z.read(name)
    return _DOCX_TEMPLATE


def _spans(layout: list[list[Cell]]) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """(i, j) -> (origin row, origin col, rowspan, colspan) for every grid position."""
    pos: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for i, row in enumerate(layout):
        j = 0
        for _t, rs, cs in row:
            while (i, j) in pos:
                j += 1
            for di in range(rs):
                for dj in range(cs):
                    pos[(i + di, j + dj)] = (i, j, rs, cs)
            j += cs
    return pos


def _w_par(text: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{_html.escape(text, quote=False)}</w:t></w:r></w:p>'


def render_docx(spec: Spec) -> bytes:
    """WordprocessingML written directly (python-docx's cell merging is ~1 s per report)."""
    import zipfile  # noqa: PLC0415

    body: list[str] = []
    for kind, x in _blocks(spec):
        if kind == "table":
            grid = _grid(x)  # type: ignore[arg-type]
            pos = _spans(x)  # type: ignore[arg-type]
            ncol = len(grid[0])
            w = 9000 // ncol
            out = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>',
                   "<w:tblGrid>" + f'<w:gridCol w:w="{w}"/>' * ncol + "</w:tblGrid>"]
            for i, row in enumerate(grid):
                out.append("<w:tr>")
                for j in range(ncol):
                    oi, oj, rs, cs = pos.get((i, j), (i, j, 1, 1))
                    if oj != j:
                        continue  # covered by a colspan in this row
                    props = (f'<w:gridSpan w:val="{cs}"/>' if cs > 1 else "") + (
                        ('<w:vMerge w:val="restart"/>' if oi == i else "<w:vMerge/>") if rs > 1 else "")
                    text = row[j][0] if oi == i else ""
                    out.append(f"<w:tc><w:tcPr><w:tcW w:w=\"{w * cs}\" w:type=\"dxa\"/>{props}</w:tcPr>"
                               f"{_w_par(text)}</w:tc>")
                out.append("</w:tr>")
            out.append("</w:tbl>")
            body.append("".join(out))
        elif kind == "h":
            body.append(_w_par(str(x), "Heading2"))
        elif kind == "title":
            body.append(_w_par(str(x), "Title"))
        else:
            body.append(_w_par(str(x)))
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
           "<w:body>" + "".join(body) + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
    parts = dict(_docx_template())
    parts["word/document.xml"] = xml.encode("utf-8")
    core = parts.get("docProps/core.xml", b"").decode("utf-8")
    core = re.sub(r"<dc:title>.*?</dc:title>|<dc:title/>", "", core).replace(
        "</cp:coreProperties>", f"<dc:title>{_html.escape(spec.title)}</dc:title></cp:coreProperties>")
    parts["docProps/core.xml"] = core.encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():  # fixed timestamps: the same spec gives the same bytes
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


_PDF_READY = False


def render_pdf(spec: Spec, compress: bool = True) -> bytes:
    global _PDF_READY
    from reportlab.lib import colors  # noqa: PLC0415
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: PLC0415
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle  # noqa: PLC0415

    if not _PDF_READY:
        from reportlab import rl_config  # noqa: PLC0415

        rl_config.invariant = 1  # no timestamps or random ids: the same spec gives the same bytes
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        _PDF_READY = True
    body = ParagraphStyle("b", fontName="STSong-Light", fontSize=10.5, leading=16, wordWrap="CJK",
                          firstLineIndent=21)
    head = ParagraphStyle("h", parent=body, fontSize=12, leading=20, firstLineIndent=0)
    cell = ParagraphStyle("c", fontName="STSong-Light", fontSize=6.5, leading=8, wordWrap="CJK")
    title = ParagraphStyle("t", parent=head, fontSize=15, leading=22, alignment=1)
    story = []
    for kind, x in _blocks(spec):
        if kind == "table":
            grid = _grid(x)  # type: ignore[arg-type]
            data = [[Paragraph(_html.escape(t), cell) if (o and t) else "" for t, o in row] for row in grid]
            style = [("GRID", (0, 0), (-1, -1), 0.4, colors.black), ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                     ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
            occupied: set[tuple[int, int]] = set()
            for i, row in enumerate(x):  # type: ignore[union-attr]
                j = 0
                for _t, rs, cs in row:
                    while (i, j) in occupied:
                        j += 1
                    for di in range(rs):
                        for dj in range(cs):
                            occupied.add((i + di, j + dj))
                    if rs > 1 or cs > 1:
                        style.append(("SPAN", (j, i), (j + cs - 1, i + rs - 1)))
                    j += cs
            width = A4[0] - 60
            ncol = len(grid[0])
            story.append(Table(data, colWidths=[width / ncol] * ncol, style=TableStyle(style)))
        else:
            st = {"title": title, "h": head}.get(kind, body)
            story.append(Paragraph(_html.escape(str(x)), st))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=30, rightMargin=30, topMargin=40, bottomMargin=40,
                      title=spec.title, pageCompression=1 if compress else 0).build(story)
    return buf.getvalue()


RENDER = {"txt": render_txt, "html": render_html, "docx": render_docx, "pdf": render_pdf}


# ---------------------------------------------------------------------------------------------
# Corpus writer
# ---------------------------------------------------------------------------------------------


def _write_one(args: tuple[int, int, str, str]) -> tuple[str, str, int, dict]:
    n, seed, fmt, out = args
    spec = make_spec(n, seed)
    data = RENDER[fmt](spec)
    path = Path(out) / fmt / f"{spec.slug}.{fmt}"
    path.write_bytes(data)
    return fmt, path.name, len(data), truth(spec)


def generate(out: Path, counts: dict[str, int], seed: int = 1, jobs: int = 1, quiet: bool = False) -> dict:
    """Write ``counts[fmt]`` reports per format under ``out/<fmt>/``; return the manifest."""
    out = Path(out)
    manifest: dict = {"seed": seed, "counts": {}, "files": {}, "bytes": {}}
    try:  # keep the entries of formats not regenerated now
        old = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        if old.get("seed") == seed:
            manifest["counts"] = {k: v for k, v in old["counts"].items() if k not in counts}
            manifest["bytes"] = {k: v for k, v in old.get("bytes", {}).items() if k not in counts}
            manifest["files"] = {k: v for k, v in old["files"].items() if k.split("/")[0] not in counts}
    except (OSError, ValueError, KeyError):
        pass
    manifest["counts"].update(counts)
    tasks = []
    for fmt, k in counts.items():
        (out / fmt).mkdir(parents=True, exist_ok=True)
        for old in (out / fmt).glob(f"*.{fmt}"):
            old.unlink()
        tasks += [(n, seed, fmt, str(out)) for n in range(k)]
    t0 = time.perf_counter()
    if jobs > 1:
        import multiprocessing as mp  # noqa: PLC0415

        with mp.get_context("fork").Pool(jobs) as pool:
            results = pool.imap_unordered(_write_one, tasks, chunksize=8)
            results = list(results)
    else:
        results = [_write_one(t) for t in tasks]
    sizes: dict[str, int] = {}
    for fmt, name, size, tr in results:
        manifest["files"][f"{fmt}/{name}"] = tr
        sizes[fmt] = sizes.get(fmt, 0) + size
    manifest["bytes"].update(sizes)
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    if not quiet:
        for fmt, k in counts.items():
            print(f"  {fmt:5} {k:6d} files {sizes.get(fmt, 0) / 2**20:8.1f} MB")
        print(f"  generated in {time.perf_counter() - t0:.1f} s -> {out}")
    return manifest


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.gen", description=__doc__.split("\n\n")[0])
    p.add_argument("out", nargs="?", default=str(DEFAULT_OUT))
    p.add_argument("--n", type=int, default=10_000, help="reports per format (default 10000)")
    p.add_argument("--formats", default=",".join(FORMATS))
    p.add_argument("--n-html", type=int, help="override --n for HTML")
    p.add_argument("--n-docx", type=int, help="override --n for DOCX")
    p.add_argument("--n-pdf", type=int, help="override --n for PDF")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    a = p.parse_args(argv)
    counts = {}
    for fmt in a.formats.split(","):
        fmt = fmt.strip()
        if fmt not in RENDER:
            p.error(f"unknown format {fmt}")
        counts[fmt] = getattr(a, f"n_{fmt}", None) or a.n
    generate(Path(a.out), counts, a.seed, a.jobs)
    return 0



def cell_mismatches(report, spec: Spec) -> list[tuple]:  # noqa: ANN001 - gxtui.model.Report
    """Cells whose extracted value differs from the generated one (blank and "/" read as None)."""
    fw = str.maketrans("０１２３４５６７８９", "0123456789")
    bad = []
    for table, cells in (("table2", spec.t2), ("table3", spec.t3), ("table4", spec.t4)):
        for (row, col), text in cells.items():
            try:
                want = float(text.translate(fw))
            except ValueError:
                want = None
            c = report.cell(table, row, col)
            got = None if c is None else c.value
            if got != want:
                bad.append((table, row, col, text, got))
    return bad


if __name__ == "__main__":
    sys.exit(main())
