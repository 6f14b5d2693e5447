"""Every string the TUI shows, in Chinese (default) and English.

``t(key, **fmt)`` returns the text in the current language. The language is chosen once by
``launch.run`` (``--lang`` or ``GXTUI_LANG``) and can be changed with ``set_lang`` (tests).
Report text is never translated: labels of rows and columns come from ``gxtui.templates``.
"""

from __future__ import annotations

import os

LANGS = ("zh", "en")
_lang = os.environ.get("GXTUI_LANG", "zh") if os.environ.get("GXTUI_LANG") in LANGS else "zh"

S: dict[str, tuple[str, str]] = {
    # -- app and common keys
    "app.title": ("政府信息公开年度报告审阅", "Annual report review"),
    "key.quit": ("退出", "Quit"),
    "key.help": ("帮助", "Help"),
    "key.back": ("返回", "Back"),
    "key.search": ("搜索", "Search"),
    "key.next": ("下一处", "Next"),
    "key.prev": ("上一处", "Previous"),
    "key.copy": ("复制", "Copy"),
    "key.export": ("导出", "Export"),
    "key.palette": ("命令", "Commands"),
    "key.open": ("打开", "Open"),
    "key.compare": ("对比上年", "Compare"),
    "key.mark": ("标记", "Mark"),
    "key.filter_errors": ("只看有错", "Errors only"),
    "key.sort": ("排序", "Sort"),
    "key.frequency": ("规则频次", "Rule counts"),
    "key.findings": ("问题列表", "Findings"),
    "key.confirm": ("确认问题", "Confirm"),
    "key.dismiss": ("排除", "Dismiss"),
    "key.follow": ("待跟进", "Follow up"),
    "key.note": ("备注", "Note"),
    "key.reviewed": ("标为已审", "Mark reviewed"),
    "key.fold": ("折叠零行", "Fold zeros"),
    "key.section": ("跳到第N部分", "Go to part N"),
    "key.focus": ("切换区域", "Next pane"),
    "key.close_search": ("关闭搜索", "Close search"),
    # -- library
    "lib.title": ("报告库", "Library"),
    "lib.col.status": ("状态", "Status"),
    "lib.col.agency": ("机关", "Agency"),
    "lib.col.year": ("年度", "Year"),
    "lib.col.template": ("模板", "Tmpl"),
    "lib.col.errors": ("错误", "Err"),
    "lib.col.warnings": ("警告", "Warn"),
    "lib.col.cross": ("跨年", "Yr"),
    "lib.col.file": ("文件 / 说明", "File / note"),
    "status.unread": ("未读", "unread"),
    "status.review": ("待复核", "to review"),
    "status.reviewed": ("已审", "reviewed"),
    "status.changed": ("审后改动", "changed"),
    "status.unreadable": ("无法读取", "unreadable"),
    "status.loading": ("读取中", "loading"),
    "lib.loading": ("正在读取 {done}/{total} 个文件...", "Reading {done}/{total} files..."),
    "lib.scanning": ("正在查找报告文件...", "Looking for report files..."),
    "lib.cached": ("已显示上次的索引（{n} 份），正在核对文件...", "{n} reports from the last index; checking files..."),
    "lib.opening": ("正在打开 {name}...", "Opening {name}..."),
    "lib.rule_filter": ("规则 {rule}：{n} 份报告（F 换规则，Esc 取消）", "Rule {rule}: {n} reports (F: other rule, Esc: all)"),
    "lib.note.changed": ("已审阅，但报告其后有修改", "reviewed, but the report changed since"),
    "lib.note.review_error": ("审阅记录无法使用（只读）", "review file unusable (read-only)"),
    "lib.note.orphans": ("{n} 条决定已无对应问题", "{n} orphaned decisions"),
    "lib.loaded": ("共 {n} 份报告，{bad} 个文件无法读取。Enter 打开，c 对比上年，? 帮助",
                   "{n} reports, {bad} unreadable. Enter opens, c compares years, ? help"),
    "lib.empty": ("没有找到报告文件（支持 .txt .html .docx .pdf）。", "No report files found "
                  "(.txt .html .docx .pdf are read)."),
    "lib.filter": ("筛选：机关、年度或文件名（Esc 关闭）", "Filter: agency, year or file name (Esc closes)"),
    "lib.filter_state": ("筛选：{text}", "Filter: {text}"),
    "lib.errors_only": ("只显示有错误的报告", "only reports with errors"),
    "lib.sort": ("排序：{key}", "Sort: {key}"),
    "sort.triage": ("待处理优先", "needs a human first"),
    "sort.agency": ("机关、年度", "agency, year"),
    "sort.errors": ("错误数", "errors"),
    "sort.warnings": ("警告数", "warnings"),
    "sort.status": ("审阅状态", "status"),
    "lib.marked": ("已标记 {n} 份（标记两份后按 c 对比）", "{n} marked (mark two, then c compares)"),
    "lib.no_pair": ("没有可对比的相邻年度报告；可用空格标记两份报告后按 c", "No adjacent year to compare; "
                    "mark two reports with space, then c"),
    "lib.unreadable_open": ("该文件无法读取：{err}", "This file could not be read: {err}"),
    "lib.not_ready": ("仍在读取，请稍候", "Still reading, please wait"),
    # -- report
    "rep.overview": ("概况", "Overview"),
    "rep.t2": ("表二 主动公开", "Table 2"),
    "rep.t3": ("表三 依申请公开", "Table 3"),
    "rep.t4": ("表四 复议诉讼", "Table 4"),
    "rep.problems": ("问题与改进", "Problems"),
    "rep.findings": ("检查结果 {e} 错误 / {w} 警告 / {i} 提示", "Findings: {e} errors / {w} warnings / {i} info"),
    "rep.no_findings": ("没有发现问题。", "No findings."),
    "rep.table_missing": ("报告中未找到此表。", "This table was not found in the report."),
    "rep.no_text": ("（本部分没有文字）", "(no text in this part)"),
    "rep.problems_head": ("存在的主要问题", "Main problems"),
    "rep.improve_head": ("改进情况", "Improvements"),
    "rep.none_listed": ("（未列出）", "(none listed)"),
    "rep.identity": ("机关：{agency}\n年度：{year}    模板：{template}    发布日期：{published}\n文件：{path}\n格式：{fmt}  编码：{enc}",
                     "Agency: {agency}\nYear: {year}    Template: {template}    Published: {published}\nFile: {path}\nFormat: {fmt}  Encoding: {enc}"),
    "rep.anomalies": ("读取时的异常（{n}）", "Extraction anomalies ({n})"),
    "rep.legend": ("图例：数值后 ! = 错误，? = 警告，* = 由勾稽关系推算，?? = 原文缺失",
                   "Legend: value! = error, value? = warning, * = recovered from identities, ?? = lost in source"),
    "rep.label": ("项目", "Item"),
    "rep.group": ("分组", "Group"),
    "rep.cell": ("{table} {row} / {col}：原文 {raw}  第 {line} 行", "{table} {row} / {col}: raw {raw}  line {line}"),
    "rep.exp_act": ("应为 {expected}，实为 {actual}", "expected {expected}, actual {actual}"),
    "rep.where_cell": ("{table}  {row}  {col}", "{table}  {row}  {col}"),
    "rep.where_line": ("{section} 第 {line} 行", "{section} line {line}"),
    "rep.fee": ("信息处理费：{fee} 元", "Information processing fee: {fee} yuan"),
    "rep.search_none": ("没有找到：{q}", "Not found: {q}"),
    "rep.search_hits": ("找到 {n} 处：{q}（n / N 跳转，Esc 结束）", "{n} matches for {q} (n / N to move, Esc ends)"),
    "rep.search": ("搜索单元格、标签、段落和检查结果（Enter 查找，Esc 关闭）", "Search cells, labels, paragraphs and findings (Enter, Esc closes)"),
    "rep.copied": ("已复制：{text}", "Copied: {text}"),
    "rep.no_finding_sel": ("请先在检查结果列表中选中一条", "Select a finding in the list first"),
    "rep.decided": ("已记录：{status}（保存于 {where}）", "Saved: {status} (in {where})"),
    "rep.marked_reviewed": ("已标为已审（保存于 {where}）", "Marked reviewed (saved in {where})"),
    "rep.unmarked_reviewed": ("已取消已审标记", "No longer marked reviewed"),
    "rep.review_missing": ("本版本未包含审阅记录功能", "Review decisions are not available in this build"),
    "rep.review_error": ("审阅记录无法保存：{err}", "Review decisions could not be saved: {err}"),
    "rep.note_prompt": ("为此条检查结果写备注（Enter 保存，Esc 取消）", "Note for this finding (Enter saves, Esc cancels)"),
    "rep.review_where": ("审阅记录：{where}", "Review file: {where}"),
    "rep.read_only": ("审阅记录只读，决定按键已停用：{err}", "The review file is read-only; decision keys are disabled: {err}"),
    "rep.orphans_head": ("孤立的审阅决定 {n} 条（对应问题已不存在，决定仍保留在审阅记录中）",
                         "{n} orphaned decisions (their finding is gone; kept in the review file)"),
    "rep.orphan_detail": ("原结论：{status}  决定于 {when}\n{msg}\n应为 {expected}，实为 {actual}  位置 {where}  备注：{note}",
                          "Decision: {status}  taken {when}\n{msg}\nexpected {expected}, actual {actual}  at {where}  note: {note}"),
    "rep.changed_mark": ("报告已改", "report changed"),
    "rep.changed_detail": ("此决定作出后报告已修改，请复核", "The report changed after this decision; check it again"),
    "decision.confirmed": ("已确认", "confirmed"),
    "decision.dismissed": ("已排除", "dismissed"),
    "decision.follow-up": ("待跟进", "follow-up"),
    "sev.error": ("错误", "error"),
    "sev.warning": ("警告", "warning"),
    "sev.info": ("提示", "info"),
    "no_prev": ("没有找到同一机关的上一年度报告", "No previous year of this agency found"),
    # -- compare
    "cmp.title": ("年度对比", "Year comparison"),
    "cmp.loading": ("正在对比...", "Comparing..."),
    "cmp.unavailable": ("本版本未包含年度对比功能", "Year comparison is not available in this build"),
    "cmp.failed": ("无法对比：{err}", "Cannot compare: {err}"),
    "cmp.fees": ("收费", "Fees"),
    "cmp.problems": ("问题清单对比", "Problems list"),
    "cmp.findings": ("跨年度检查 {n} 条", "Cross-year findings: {n}"),
    "cmp.old": ("上年 {year}", "Last year {year}"),
    "cmp.new": ("本年 {year}", "This year {year}"),
    "cmp.change": ("变化", "Change"),
    "cmp.column": ("列", "Column"),
    "cmp.not_comparable": ("模板变化，不可比", "template changed, not comparable"),
    "cmp.folded": ("已折叠 {n} 个两年均为零的行（z 展开）", "{n} rows zero in both years folded (z shows)"),
    "cmp.unfolded": ("显示全部行（z 折叠零行）", "All rows shown (z folds zero rows)"),
    "cmp.fee_admin": ("行政事业性收费（万元）", "Administrative fees (10k yuan)"),
    "cmp.fee_info": ("信息处理费（元）", "Information processing fee (yuan)"),
    "cmp.status.new": ("新增", "NEW"),
    "cmp.status.resolved": ("已解决", "RESOLVED"),
    "cmp.status.repeated": ("重复", "REPEATED"),
    "cmp.status.reworded": ("改写", "REWORDED"),
    "cmp.similarity": ("相似度 {s}", "similarity {s}"),
    "cmp.reuse": ("文字重复率：{v}", "Text reuse: {v}"),
    "cmp.nothing": ("没有变化", "No changes"),
    "cmp.pos": ("第 {i}/{n} 处：{what}", "{i} of {n}: {what}"),
    "cmp.summary": ("{changes} 处数值变化，{findings} 条跨年度检查结果，问题清单 {repeated} 条重复",
                    "{changes} changed values, {findings} cross-year findings, {repeated} repeated problems"),
    # -- export
    "exp.title": ("导出到文件（格式由扩展名决定：{fmts}）", "Export to file (format from the extension: {fmts})"),
    "exp.ok": ("已导出：{path}", "Exported: {path}"),
    "exp.exists": ("文件已存在，不会覆盖：{path}", "File exists, not overwritten: {path}"),
    "exp.bad_fmt": ("不支持的扩展名：{ext}（可用：{fmts}）", "Unknown extension: {ext} (use: {fmts})"),
    "exp.failed": ("导出失败：{err}", "Export failed: {err}"),
    "exp.nothing": ("当前没有可导出的报告", "Nothing to export here"),
    "exp.hint": ("Enter 导出，Esc 取消", "Enter exports, Esc cancels"),
    # -- help
    "help.title": ("按键说明（Esc 关闭）", "Keys (Esc closes)"),
    "help.screen": ("当前页面", "This screen"),
    "help.global": ("全局", "Everywhere"),
    "help.nav": ("移动", "Moving around"),
    "help.nav.arrows": ("方向键 / PgUp / PgDn：移动光标", "Arrows / PgUp / PgDn: move the cursor"),
    "help.nav.tab": ("Tab / Shift+Tab：在区域之间切换", "Tab / Shift+Tab: move between panes"),
    "help.nav.enter": ("Enter：打开 / 选中", "Enter: open / select"),
    "help.markers": ("单元格标记", "Cell markers"),
    # -- palette
    "cmd.library": ("返回报告库", "Back to the library"),
    "cmd.library.help": ("显示所有报告", "Show every report"),
    "cmd.export.help": ("把当前报告或对比写入文件", "Write the current report or comparison to a file"),
    "cmd.compare.help": ("与同一机关上一年度报告对比", "Compare with the previous year of the same agency"),
    "cmd.help.help": ("列出所有按键", "List every key"),
    "cmd.next.help": ("跳到下一条检查结果", "Jump to the next finding"),
    "cmd.reviewed.help": ("把当前报告标为已审", "Mark this report as reviewed"),
    "cmd.errors.help": ("只显示有错误的报告", "Show only reports with errors"),
    "cmd.frequency.help": ("各规则在全部报告中的触发次数；选中一条规则即筛选报告", "How often each rule fires across the folder; pick one to filter the reports"),
    # -- frequency view
    "rules.title": ("各规则触发频次（全部报告）", "How often each rule fires (all reports)"),
    "rules.hint": ("Enter 只看该规则触发的报告，Esc 返回", "Enter shows the reports where the rule fires, Esc goes back"),
    "rules.all": ("（全部报告，取消规则筛选）", "(all reports: no rule filter)"),
    "rules.counts": ("{findings:>5} 条 {reports:>5} 份", "{findings:>5} findings {reports:>5} reports"),
    "rules.none": ("尚无检查结果", "No findings yet"),
}


def set_lang(lang: str) -> None:
    global _lang
    _lang = lang if lang in LANGS else "zh"


def lang() -> str:
    return _lang


def t(key: str, /, **fmt: object) -> str:
    pair = S.get(key)
    if pair is None:
        return key
    text = pair[1] if _lang == "en" else pair[0]
    return text.format(**fmt) if fmt else text
