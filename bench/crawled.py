"""The HTML reader on crawled pages: the generated reports wrapped in a government CMS page.

``bench.throughput --readers`` times the reader on ``bench.gen``'s clean pages (a title, a
breadcrumb line, the report, a footer line). Pages crawled from government sites carry much
more around the report: a head of scripts, styles and metadata, a top bar, a search form, menus
of dozens of links, a breadcrumb, a sidebar, an information table (索引号, 发布机构, 发布日期),
share and print buttons, related links, a footer, more scripts; the report sits inside nested
``<div>``s or an old layout table, and its paragraphs and cells are often Word's export
(``<p class=MsoNormal><span style=…>``). This bench builds such pages from the generated ones,
deterministically (one seed per page), in three layouts:

  * ``div``    a modern CMS page: nested ``<div>``s, Word-exported paragraphs and cells
  * ``layout`` an old site: the page is a ``<table>`` of nested layout tables around the report
  * ``small``  a short page (a report of a few paragraphs, a small table) in the same chrome,
               where the reader's fixed per-file cost counts most

and times the reader against ``floor_html`` (the lxml.html parse plus every cell's text) as
``bench.throughput`` does: per file, back to back, order alternating, process CPU, best of runs.

    python -m bench.crawled [--n 60] [--runs 5] [--corpus bench/corpus] [--write DIR]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

from bench.throughput import _interleaved, ensure_corpus, floor_html

_MENU = ("首页", "政务公开", "政府信息公开", "政务服务", "互动交流", "走进本区", "专题专栏", "数据发布",
         "政策文件", "政策解读", "机构设置", "领导信息", "规划计划", "财政资金", "重点领域", "人事信息",
         "建议提案", "新闻发布", "公示公告", "办事指南", "在线访谈", "征集调查", "网上信访", "统计数据")
_SIDE = ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报", "依申请公开",
         "机构职能", "政策文件", "部门文件", "规范性文件")
_SCRIPT = """var _hmt = _hmt || [];(function() {var hm = document.createElement("script");
hm.src = "https://hm.example.com/hm.js?0123456789abcdef"; var s = document.getElementsByTagName("script")[0];
s.parentNode.insertBefore(hm, s);})();
function setFont(size){ var c = document.getElementById("zoom"); if (c) { c.style.fontSize = size + "px"; } }
$(function(){ $(".nav li").hover(function(){ $(this).find(".sub").show(); }, function(){ $(this).find(".sub").hide(); });
 var d = "发布时间：2001-01-01"; if (window.location.href.indexOf("print") > 0) { window.print(); } });"""
_STYLE = """body{margin:0;font:14px/1.8 "Microsoft YaHei",SimSun,serif;color:#333}.w1200{width:1200px;margin:0 auto}
.top{height:36px;background:#f5f5f5}.nav li{float:left;position:relative}.nav .sub{display:none;position:absolute}
.article h1{text-align:center;font-size:22px}.info{border-bottom:1px dashed #ccc}#zoom p{text-indent:2em}
table.MsoNormalTable td{border:1px solid #000;padding:0 5px}.footer{background:#b50000;color:#fff}"""

_P = re.compile(r"<p>(.*?)</p>")
_TD = re.compile(r"<td([^>]*)>(.*?)</td>")
_ARTICLE = re.compile(r'<div class="article"><h1>(.*?)</h1>\n<div class="info">发布日期：([0-9-]+)</div>\n(.*)</div>'
                      r'<div class="footer">', re.S)
_TITLE = re.compile(r"<title>(.*?)</title>")


def _links(rnd: random.Random, words: tuple[str, ...], n: int, path: str) -> str:
    return "".join(f'<li><a href="/{path}/{rnd.randrange(10**6)}.html" target="_blank" '
                   f'title="{w}">{w}</a></li>' for w in (rnd.choice(words) for _ in range(n)))


def _head(rnd: random.Random, title: str, site: str, date: str) -> str:
    metas = [f'<meta name="SiteName" content="{site}">', '<meta name="SiteDomain" content="www.example.gov.cn">',
             f'<meta name="SiteIDCode" content="{rnd.randrange(10**9, 10**10)}">',
             f'<meta name="ArticleTitle" content="{title}">', f'<meta name="PubDate" content="{date} 10:{rnd.randrange(60):02d}">',
             '<meta name="ContentSource" content="本网">', '<meta name="Keywords" content="年度报告">',
             f'<meta name="Url" content="http://www.example.gov.cn/art/{date[:4]}/{rnd.randrange(10**6)}.html">']
    links = "".join(f'<link rel="stylesheet" href="/css/{n}.css?v={rnd.randrange(999)}">' for n in ("base", "common", "article"))
    scripts = "".join(f'<script src="/js/{n}.js"></script>' for n in ("jquery.min", "common", "share", "font"))
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="X-UA-Compatible" content="IE=edge">\n{"".join(metas)}\n'
            f'<title>{title}_{site}</title>\n{links}\n<style>{_STYLE}</style>\n{scripts}\n'
            f'<script>{_SCRIPT}</script>\n</head>\n')


def _top(rnd: random.Random, site: str) -> str:
    menu = "".join(f'<li><a href="/col/{i}/">{w}</a><div class="sub"><ul>{_links(rnd, _MENU, 6, "col")}</ul></div></li>'
                   for i, w in enumerate(rnd.sample(_MENU, 10)))
    return (f'<div class="top"><div class="w1200"><span class="welcome">欢迎访问{site}！</span>'
            '<a href="javascript:void(0)" id="wza">无障碍</a> <a href="javascript:void(0)">长者模式</a> '
            '<a href="/login">登录</a> | <a href="/reg">注册</a></div></div>\n'
            f'<div class="header w1200"><div class="logo"><a href="/"><img src="/images/logo.png" alt="{site}"></a></div>'
            '<div class="search"><form action="/search" method="get"><input type="text" name="q" placeholder="请输入关键词">'
            '<select name="scope"><option>全站</option><option>信息公开</option></select>'
            '<button type="submit">搜索</button></form></div></div>\n'
            f'<div class="nav"><div class="w1200"><ul>{menu}</ul></div></div>\n')


def _info_table(rnd: random.Random, site: str, title: str, date: str) -> str:
    return ('<table class="xxgk-info" width="100%" cellspacing="0"><tr>'
            f'<td>索引号：</td><td>{rnd.randrange(10**8):08d}/{date[:4]}-{rnd.randrange(10**5):05d}</td>'
            f'<td>主题分类：</td><td>综合政务/其他</td></tr><tr><td>发布机构：</td><td>{site}</td>'
            f'<td>成文日期：</td><td>{date}</td></tr><tr><td>名　　称：</td><td colspan="3">{title}</td></tr>'
            f'<tr><td>文　　号：</td><td></td><td>发布日期：</td><td>{date}</td></tr></table>\n')


def _word(body: str, rnd: random.Random) -> str:
    """Paragraphs and cells as Word exports them."""
    font = rnd.choice(("宋体", "仿宋_GB2312", "仿宋"))

    def p(m: re.Match) -> str:
        return (f'<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt"><span '
                f'style="font-size:16.0pt;font-family:{font}">{m.group(1)}</span></p>')

    def td(m: re.Match) -> str:
        w = rnd.choice((57, 76, 94, 113))
        return (f'<td width="{w}" valign="center"{m.group(1)} style="width:{w * 0.75:.1f}pt;border:solid windowtext 1.0pt;'
                f'padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span '
                f'style="font-size:10.5pt;font-family:{font}">{m.group(2)}</span></p></td>')

    body = _P.sub(p, body)
    body = body.replace('<table border="1" cellspacing="0">',
                        '<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="600" '
                        'style="border-collapse:collapse;border:none">')
    return _TD.sub(td, body)


def _bottom(rnd: random.Random, site: str) -> str:
    related = _links(rnd, _SIDE, 8, "art")
    return (f'<div class="share">分享到：<a class="wx">微信</a><a class="wb">微博</a></div>\n'
            '<div class="print-close">【<a href="javascript:window.print()">打印本页</a>】'
            '【<a href="javascript:window.close()">关闭窗口</a>】</div>\n'
            f'<div class="related"><h3>相关链接</h3><ul>{related}</ul></div>\n')


def _footer(rnd: random.Random, site: str) -> str:
    return (f'<div class="footer"><div class="w1200"><div class="links">{_links(rnd, _MENU, 12, "link")}</div>'
            f'<p>主办：{site}办公室　承办：{site}大数据中心</p><p>网站标识码：{rnd.randrange(10**9, 10**10)}　'
            f'<a href="https://beian.miit.gov.cn">鄂ICP备{rnd.randrange(10**7):07d}号</a>　'
            f'<img src="/images/ga.png">鄂公网安备 {rnd.randrange(10**13, 10**14)}号</p></div></div>\n'
            f'<script>{_SCRIPT}</script><script src="/js/stat.js"></script>\n</body></html>\n')


def crawled(page: bytes, layout: str, seed: int) -> bytes:
    """``page`` (a ``bench.gen`` HTML report) inside a CMS page of ``layout`` ("div", "layout", "small")."""
    rnd = random.Random(seed)
    text = page.decode("utf-8")
    title = _TITLE.search(text).group(1)
    m = _ARTICLE.search(text)
    h1, date, body = m.group(1), m.group(2), m.group(3)
    site = title[:title.index("人民政府") + 4] if "人民政府" in title else "某某区人民政府"
    if layout == "small":  # the first paragraphs and the first table of the report
        cut = body.find("</table>")
        body = body[:cut + len("</table>")] if cut >= 0 else body[:3000]
        body += "\n<p><strong>六、其他需要报告的事项</strong></p>\n<p>无。</p>\n"
    if layout != "layout" or rnd.random() < 0.5:
        body = _word(body, rnd)
    crumb = ('<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; '
             '<a href="/xxgk/">政府信息公开</a> &gt; <span>政府信息公开年报</span></div>\n')
    side = f'<div class="sidebar"><h3>政府信息公开</h3><ul>{_links(rnd, _SIDE, 9, "col")}</ul></div>\n'
    article = (f'<div class="article"><h1>{h1}</h1>\n<div class="info"><span>发布日期：{date}</span>　'
               f'<span>来源：{site}</span>　<span>浏览次数：<em id="hits">{rnd.randrange(9999)}</em></span>　'
               '<span class="font">【字体：<a>大</a> <a>中</a> <a>小</a>】</span></div>\n'
               f'<div id="zoom" class="article-body"><div class="TRS_Editor"><div class="Section0">\n{body}\n'
               '</div></div></div>\n' + _bottom(rnd, site) + '</div>\n')
    if layout == "layout":
        main = (f'<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center" class="main">'
                f'<tr><td colspan="2">{crumb}</td></tr><tr><td width="220" valign="top">{side}</td>'
                f'<td valign="top"><table width="100%" class="content"><tr><td>{_info_table(rnd, site, h1, date)}</td></tr>'
                f'<tr><td>{article}</td></tr></table></td></tr></table>\n')
    else:
        main = (f'<div class="main w1200"><div class="container">{crumb}<div class="row"><div class="col-left">{side}</div>'
                f'<div class="col-right"><div class="content-box">{_info_table(rnd, site, h1, date)}{article}</div></div>'
                '</div></div></div>\n')
    return (_head(rnd, h1, site, date) + "<body>\n" + _top(rnd, site) + main + _footer(rnd, site)).encode("utf-8")


def pages(corpus: Path, n: int) -> dict[str, list[bytes]]:
    """``n`` crawled pages of each layout, from the first ``n`` generated HTML reports."""
    files = sorted((corpus / "html").glob("*.html"))[:n]
    raw = [f.read_bytes() for f in files]
    return {layout: [crawled(b, layout, i) for i, b in enumerate(raw)] for layout in ("div", "layout", "small")}


def main(argv: list[str] | None = None) -> int:
    from bench.throughput import read_all  # noqa: PLC0415

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--n", type=int, default=60, help="pages of each layout")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--corpus", default=str(Path(__file__).resolve().parent / "corpus"))
    p.add_argument("--write", help="also write the pages to this folder")
    a = p.parse_args(argv)
    ensure_corpus(Path(a.corpus), {"html": 300})
    sets = pages(Path(a.corpus), a.n)
    if a.write:
        out = Path(a.write)
        out.mkdir(parents=True, exist_ok=True)
        for layout, blobs in sets.items():
            for i, b in enumerate(blobs):
                (out / f"{layout}_{i:03d}.html").write_bytes(b)
    print(f"{'layout':7} {'pages':>5} {'KB/page':>8} {'floor ms':>9} {'reader ms':>10} {'ratio':>6}")
    for layout, blobs in sets.items():
        read_all(blobs[:3])
        floor_html(blobs[:3])
        best_fl, best_rd, _, _ = _interleaved(floor_html, blobs, a.runs)
        fl, rd = sum(best_fl), sum(best_rd)
        kb = sum(map(len, blobs)) / len(blobs) / 1024
        print(f"{layout:7} {len(blobs):5d} {kb:8.1f} {fl / len(blobs) * 1e3:9.3f} {rd / len(blobs) * 1e3:10.3f} "
              f"{rd / fl:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
