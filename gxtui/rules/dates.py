"""Publication date against the statutory deadline (Regulation Art. 49; format.md §1.1).

Departments publish by 31 January of the following year, a government's own report by 31 March.
Provinces and cities set earlier dates; ``[deadlines]`` in gxtui.toml overrides the defaults,
per province with ``[deadlines.province."湖北省"]`` (matched against the agency name).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator

from gxtui.config import Config
from gxtui.model import Finding, Report
from gxtui.rules.registry import rule

DEFAULTS = {"department": (1, 31), "government": (3, 31)}


def deadline(report: Report, config: Config | None = None) -> dt.date | None:
    """The last lawful publication day for ``report``, or None when its year is unknown."""
    if report.year is None:
        return None
    kind = report.kind if report.kind in DEFAULTS else "department"
    conf: dict[str, Any] = (config.deadlines if config else {}) or {}
    month_day = tuple(conf.get(kind, DEFAULTS[kind]))
    agency = report.agency or ""
    provinces = conf.get("province", {}) or {}
    for name in sorted(provinces, key=len, reverse=True):  # the most specific name wins
        if name and name in agency and kind in provinces[name]:
            month_day = tuple(provinces[name][kind])
            break
    month, day = int(month_day[0]), int(month_day[1])
    return dt.date(report.year + 1, month, day)


@rule("D-1", "warning", "发布日期不晚于法定期限", "published by the statutory deadline", group="dates")
def d_1(report: Report, config: Config | None = None) -> Iterator[Finding]:
    """A late report is a breach the reviewer must note (Art. 47 accountability)."""
    limit = deadline(report, config)
    if limit is None:
        return
    if report.published is None:
        yield Finding("D-1", "info", f"未找到发布日期（落款日期），无法核对是否在 {limit.isoformat()} 前发布",
                      f"no publication date found; cannot check the {limit.isoformat()} deadline",
                      expected=f"<= {limit.isoformat()}")
        return
    if report.published > limit:
        kind_zh = "政府本级报告" if report.kind == "government" else "部门报告"
        late = (report.published - limit).days
        yield Finding("D-1", "warning",
                      f"发布日期 {report.published.isoformat()} 晚于法定期限 {limit.isoformat()}（{kind_zh}），"
                      f"逾期 {late} 天",
                      f"published {report.published.isoformat()}, after the {limit.isoformat()} deadline "
                      f"for a {report.kind} report ({late} days late)",
                      expected=f"<= {limit.isoformat()}", actual=report.published.isoformat())
