"""``gxtui rules``: the rule catalogue — id, severity, group, one-line description.

With a config (``./gxtui.toml`` or ``--config``) the effective severity is shown and switched-off
rules are marked, so a reviewer can see what ``gxtui check`` will actually apply. A rule with
options lists their names in brackets (``[rules.ID]`` of gxtui.toml sets them).
"""

from __future__ import annotations

import sys

from gxtui.cli.common import Options, command

_GROUP_ORDER = ("table3", "table4", "table2", "structure", "dates", "content", "cross-year")


@command("rules", help="list the validation rules (id, severity, group, description)")
def command(opts: Options) -> int:  # noqa: F811
    from gxtui.rules.registry import load_all  # noqa: PLC0415

    config = opts.config()
    if config is None:
        return 2
    rules = load_all()
    ordered = sorted(rules.values(), key=lambda r: (
        _GROUP_ORDER.index(r.group) if r.group in _GROUP_ORDER else len(_GROUP_ORDER), r.id))
    for r in ordered:
        sev = config.severity(r.id, r.severity)
        if not config.enabled(r.id):
            sev = "off"
        title = r.title_zh if opts.lang == "zh" else r.title_en
        if r.options:  # what [rules.ID] of gxtui.toml may set besides enabled and severity
            title += f"  [{', '.join(name for name, _ in r.options)}]"
        sys.stdout.write(f"{r.id:<7} {sev:<8} {r.group or '-':<11} {title}\n")
    return 0
