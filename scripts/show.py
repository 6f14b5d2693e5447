"""Print a report's tables and anomalies (a developer aid: `python scripts/show.py FILE`)."""

import sys

from gxtui import templates
from gxtui.extract import load


def fmt(c):
    if c is None:
        return "-"
    if c.semantic == "unknown":
        return "?" + "/".join("空" if v is None else str(v) for v in c.candidates)
    if c.semantic == "blank":
        return "空"
    return (c.raw or "") + ("*" if c.recovered else "")


for path in sys.argv[1:]:
    r = load(path)
    print(path, r.agency, r.year, r.template, r.published, r.kind, sorted(r.tables_found))
    tpl = templates.get(r.template) if r.template else None
    if tpl:
        for b in tpl.t2_blocks:
            for row in b.rows:
                rk = row.key
                print("  T2", rk.ljust(24), " ".join(fmt(r.cell("table2", rk, c.key)).rjust(6) for c in b.columns))
        for row in tpl.t3_rows:
            print("  T3", row.key.ljust(34), " ".join(fmt(r.cell("table3", row.key, c.key)).rjust(5) for c in tpl.t3_columns))
        for g in tpl.t4_groups:
            print("  T4", g.key.ljust(20), " ".join(fmt(r.cell("table4", g.key, c.key)).rjust(5) for c in tpl.t4_columns))
    for a in r.anomalies:
        print("  !", a.kind, a.line, a.message[:150])
    print("  problems:", [p.text[:30] for p in r.problems])
    print("  improvements:", [p.text[:30] for p in r.improvements])
    print("  fee:", r.info_fee_yuan, "sections:", [(s.key, s.title[:20]) for s in r.sections])
