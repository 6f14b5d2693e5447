"""Reviewer configuration (``gxtui.toml`` in the working folder, or ``--config PATH``).

```toml
[rules.X-1]             # per rule: switch off or change severity
enabled = false
[rules.D-1]
severity = "info"
[rules.T2-FEE]          # rule options live next to the rule's switches
max_wan_yuan_department = 100000
max_wan_yuan_government = 10000000
[rules.B-1]             # peers: only where n >= min_n; beyond P25/P75 -/+ fence x IQR, min_gap from the median
min_n = 30
fence = 3.0
min_gap = 0.10
[deadlines]             # publication deadlines (month, day of the following year)
department = [1, 31]
government = [3, 31]
[deadlines.province."湖北省"]   # matched against the agency name
department = [1, 31]
[compare]
ratio = 5.0             # relative-change warning threshold (×5 or ÷5)
min_base = 10
```
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_NAME = "gxtui.toml"


class ConfigError(Exception):
    pass


@dataclass
class Config:
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    deadlines: dict[str, Any] = field(default_factory=dict)
    compare: dict[str, Any] = field(default_factory=dict)
    path: str | None = None

    @classmethod
    def load(cls, path: str | Path | None = None) -> "Config":
        """Load ``path``, or ``./gxtui.toml`` when it exists, or the defaults."""
        p = Path(path) if path else Path(DEFAULT_NAME)
        if not p.exists():
            if path:
                raise ConfigError(f"config file not found: {p}")
            return cls()
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"config file {p} is not valid TOML: {e}") from None
        return cls(dict(data.get("rules", {})), dict(data.get("deadlines", {})),
                   dict(data.get("compare", {})), str(p))

    def _rule(self, rule_id: str) -> dict[str, Any]:
        entry = self.rules.get(rule_id, {})
        return entry if isinstance(entry, dict) else {}

    def enabled(self, rule_id: str) -> bool:
        return bool(self._rule(rule_id).get("enabled", True))

    def severity(self, rule_id: str, default: str) -> str:
        sev = self._rule(rule_id).get("severity")
        return sev if sev in ("error", "warning", "info") else default
