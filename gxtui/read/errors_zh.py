"""Chinese wording of the readers' one-line errors.

Readers raise ``ReadError`` with an English message (stable for scripts and JSON output). The CLI
and the TUI show reviewers the Chinese wording by default; this table is the one place that holds
it. Patterns are tried in order; an unknown message is shown as it is.
"""

from __future__ import annotations

import re

_WHAT = {
    "a JPEG image": "JPEG 图片", "a PNG image": "PNG 图片", "a GIF image": "GIF 图片",
    "a RAR archive": "RAR 压缩包", "a gzip archive": "gzip 压缩包", "a 7-Zip archive": "7-Zip 压缩包",
    "a program (ELF binary)": "可执行程序", "a Windows program": "Windows 程序",
    "an old binary Word/Excel file (.doc/.xls); save it as .docx":
        "旧版二进制 Word/Excel 文件（.doc/.xls），请另存为 .docx",
    "a named pipe (FIFO)": "命名管道（FIFO）", "a device": "设备文件", "a socket": "套接字",
    "not a regular file": "特殊文件",
}

# What was over the budget (gxtui/read/budget.py), in the order the readers word it.
_DETAILS: tuple[tuple[str, str], ...] = (
    (r"its tables hold more than ([\d,]+) cells.*", "表格单元格超过 {0} 个（一份报告只有几百个）"),
    (r"(a line|a paragraph|a table cell|a character) of ([\d,]+) characters \(limit ([\d,]+)\)",
     "{kind}长达 {1} 个字符（上限 {2}）"),
    (r"page (\d+) is (\d+) × (\d+) pt, larger than any report page", "第 {0} 页尺寸为 {1} × {2} pt，超过任何报告页面"),
    (r"its pages together are larger than 2,000 A4 pages", "各页面积合计超过 2,000 张 A4 纸"),
    (r"it has more than ([\d,]+) pages", "页数超过 {0}"),
    (r"page (\d+) has more than ([\d,]+) characters", "第 {0} 页字符超过 {1} 个"),
    (r"page (\d+) has more than ([\d,]+) drawing operations", "第 {0} 页绘图操作超过 {1} 个"),
    (r"page (\d+) has more than ([\d,]+) ruling-line crossings", "第 {0} 页表格线交点超过 {1} 个"),
    (r"a compressed stream inflates to more than (\d+) MB", "有压缩数据流解压后超过 {0} MB"),
    (r"its compressed streams inflate to more than (\d+) MB", "压缩数据流解压后合计超过 {0} MB"),
    # gxtui.isolate: the worker process reading one file was stopped
    (r"reading and checking it took longer than ([\d.]+) s \(stopped\)", "读取和检查用时超过 {0} 秒，已停止"),
    (r"reading and checking it needed more than ([\d,]+) MB of memory \(stopped\)",
     "读取和检查所需内存超过 {0} MB，已停止"),
    (r"the worker reading it stopped unexpectedly \((signal|exit code) (-?\d+)\)", "读取它的子进程意外终止（{0} {1}）"),
)
_KINDS = {"a line": "一行", "a paragraph": "一个段落", "a table cell": "一个表格单元格", "a character": "一个字符"}
_DETAILS_COMPILED = tuple((re.compile(p), t) for p, t in _DETAILS)


def _detail(text: str) -> str:
    for rx, tmpl in _DETAILS_COMPILED:
        m = rx.fullmatch(text)
        if m:
            return tmpl.format(*m.groups(), kind=_KINDS.get(m.group(1), "") if "{kind}" in tmpl else "")
    return text

_RULES: tuple[tuple[str, str], ...] = (
    (r"the file is empty", "文件为空"),
    (r"file not found", "文件不存在"),
    (r"this is a folder, not a file", "这是文件夹，不是文件"),
    (r"permission denied.*", "没有读取权限，无法读取该文件"),
    (r"the file cannot be read \((.*)\)", "无法读取该文件（{0}）"),
    (r"the file is (\d+) MB of (\w+), too large to be a report.*", "文件有 {0} MB，过大，不可能是年度报告（文本和网页上限 16 MB）"),
    (r"the file is (\d+) MB, too large to be a report \(limit (\d+) MB\)", "文件有 {0} MB，过大，不可能是年度报告（上限 {1} MB）"),
    (r"this is (.*), not a report", "这是{what}，不是年度报告"),
    (r"this is (a named pipe \(FIFO\)|a device|a socket|not a regular file), not a file: only regular files are read",
     "这是{what}，不是普通文件：只读取普通文件"),
    (r"too complex to read safely: (.*)", "文件过于复杂，无法安全读取：{detail}"),
    (r"the file contains binary data, not report text", "文件含二进制数据，不是报告文字"),
    (r"the file is not readable text.*", "文件不是可读的文字：既不是 UTF-8，也不是 GBK/GB18030 或 UTF-16"),
    (r"the file starts with a (\S+) byte-order mark but is not valid .*", "文件以 {0} 字节顺序标记开头，但内容不是有效的 {0} 编码"),
    (r"no report found in this file.*", "文件中没有找到年度报告：既没有六个部分的标题，也没有报告表格"),
    (r"the file is nested too deeply to be read", "文件嵌套层级过深，无法读取"),
    (r"the file needs too much memory to be read", "读取该文件需要的内存过多"),
    (r"this is a ZIP archive but not a Word \(\.docx\) document", "这是 ZIP 压缩包，不是 Word（.docx）文档"),
    (r"the file looks like a Word document but the ZIP container is corrupt", "文件看似 Word 文档，但其 ZIP 容器已损坏"),
    (r"the Word document is damaged.*", "Word 文档已损坏，无法读取"),
    (r"the Word document looks like a zip bomb.*", "Word 文档解压后体积异常巨大（疑似压缩炸弹），已拒绝读取"),
    (r"the Word document is too large.*", "Word 文档过大，无法读取"),
    (r"the Word document contains no text", "Word 文档中没有文字"),
    (r"the HTML page contains no readable text", "网页中没有可读的文字"),
    (r"the HTML page is nested too deeply.*", "网页嵌套层级过深，无法读取"),
    (r"the HTML page cannot be parsed.*", "网页无法解析"),
    (r"a table in the page is too large to be a report table", "网页中的表格过大，不可能是报告表格"),
    (r"this PDF has no text layer.*", "该 PDF 没有文字层（是扫描图片），gxtui 不做文字识别（OCR）"),
    (r"this PDF is encrypted.*", "该 PDF 已加密（需要密码），请另存一份未加密的副本"),
    (r"this PDF's fonts have no Unicode mapping.*", "该 PDF 的字体没有 Unicode 映射，无法提取文字"),
    (r"the PDF has no pages", "该 PDF 没有页面"),
    (r"the PDF file is damaged.*", "PDF 文件已损坏，无法读取"),
)
_COMPILED = tuple((re.compile(p, re.S), t) for p, t in _RULES)


def localize(message: str, lang: str = "zh", both: bool = True) -> str:
    """The reviewer-facing wording of a read error in ``lang`` ("zh" or "en").

    In Chinese the English original follows after " / " (``both``), so a message stays greppable
    and identical in meaning for scripts and for colleagues reading English."""
    if lang != "zh":
        return message
    zh = _zh(message)
    return f"{zh} / {message}" if both and zh != message else zh


def _zh(message: str) -> str:
    for rx, tmpl in _COMPILED:
        m = rx.fullmatch(message.strip())
        if m:
            if "{what}" in tmpl:
                return tmpl.format(what=_WHAT.get(m.group(1), m.group(1)))
            if "{detail}" in tmpl:
                return tmpl.format(detail=_detail(m.group(1)))
            return tmpl.format(*m.groups())
    return message
