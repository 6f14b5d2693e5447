"""Reviewer configuration (``gxtui.toml`` in the working folder, or ``--config PATH``), typed.

```toml
[rules.X-1]             # per rule: switch off or change severity
enabled = false
[rules.D-1]
severity = "info"
[rules.T2-FEE]          # rule options live next to the rule's switches (declared by the rule)
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
ratio = 5.0             # relative-change threshold of the diff's ">>" mark (×5 or ÷5)
min_base = 10           # ... when the larger value is at least this
repeated = 0.85         # problems list: similarity of a repeated item, of a reworded one,
reworded = 0.50         # and the share of repeated items that makes the list copied (P-2)
wholesale = 0.80
[keymap]                # TUI keys by binding id (gxtui/templates/bindings.toml)
confirm = "C"
quit = "q,ctrl+q"
```

Nothing is a silent fallback: an unknown table, rule id, option, severity, a value of the wrong
type or a key that is not a key is a ``ConfigError`` that names the file and line
(``gxtui.toml:4: unknown rule "T3-Z" in [rules.T3-Z] (did you mean T3-A?)``). Rule ids and
their options are checked when the caller passes the rule catalogue (``Config.load(path,
rules=…)``; ``gxtui.audit.load_config`` does), since the rules sit above this module.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

DEFAULT_NAME = "gxtui.toml"
SEVERITIES = ("error", "warning", "info")
TABLES = ("rules", "deadlines", "compare", "keymap")
KINDS = ("department", "government")
# option types: "int", "number" (int or float), "share" (a number from 0 to 1), "bool"
COMPARE_OPTIONS = {"ratio": "number", "min_base": "number", "repeated": "share",
                   "reworded": "share", "wholesale": "share"}
RULE_SWITCHES = {"enabled": "bool", "severity": "severity"}


class ConfigError(Exception):
    pass


# -- bindings (data) ---------------------------------------------------------------------------

@lru_cache(maxsize=1)
def bindings() -> dict[str, Any]:
    """``gxtui/templates/bindings.toml``: the TUI's remappable bindings per screen."""
    data = resources.files("gxtui.templates").joinpath("bindings.toml").read_bytes()
    return tomllib.loads(data.decode("utf-8"))


_NOT_SCREENS = ("keys", "reserved")


def binding_ids() -> dict[str, list[str]]:
    """binding id → the screens that have it ("app": every screen)."""
    out: dict[str, list[str]] = {}
    for screen, table in bindings().items():
        if screen in _NOT_SCREENS:
            continue
        for bid in table:
            out.setdefault(bid, []).append(screen)
    return out


def valid_key(key: str) -> bool:
    """A Textual key name: an optional chain of modifiers and one character or named key."""
    spec = bindings()["keys"]
    parts = key.split("+")
    if len(parts) > 1 and parts[-1] == "":  # "ctrl++" is not a key
        return False
    *mods, base = parts
    if any(m not in spec["modifiers"] for m in mods) or len(set(mods)) != len(mods):
        return False
    return base in spec["named"] or (len(base) == 1 and base.isprintable() and not base.isspace())


# -- locating a key in the file --------------------------------------------------------------

_BARE = r"[A-Za-z0-9_-]+"
_PART = rf'(?:"[^"]*"|\'[^\']*\'|{_BARE})'
_HEADER = re.compile(rf"^\s*\[\s*({_PART}(?:\s*\.\s*{_PART})*)\s*\]")
_KEY = re.compile(rf"^\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")
_SPLIT = re.compile(rf"\s*({_PART})\s*(?:\.|$)")


def _path(dotted: str) -> tuple[str, ...]:
    return tuple(p.strip("\"'") for p in _SPLIT.findall(dotted))


def _lines(text: str) -> dict[tuple[str, ...], int]:
    """Line numbers of every table header and key of a TOML text (first occurrence)."""
    out: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    depth = 0  # inside a multi-line array
    for n, line in enumerate(text.splitlines(), 1):
        if depth:
            depth += line.count("[") - line.count("]")
            continue
        if m := _HEADER.match(line):
            table = _path(m.group(1))
            out.setdefault(table, n)
            continue
        if m := _KEY.match(line):
            key = table + _path(m.group(1))
            for i in range(len(table) + 1, len(key) + 1):
                out.setdefault(key[:i], n)
            rest = line[m.end():]
            depth = max(0, rest.count("[") - rest.count("]"))
    return out


# -- the configuration -----------------------------------------------------------------------

@dataclass
class Config:
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    deadlines: dict[str, Any] = field(default_factory=dict)
    compare: dict[str, Any] = field(default_factory=dict)
    path: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)  # binding id → keys ("q,ctrl+q")

    @classmethod
    def load(cls, path: str | Path | None = None,
             rules: Mapping[str, Mapping[str, str]] | None = None) -> "Config":
        """Load ``path``, or ``./gxtui.toml`` when it exists, or the defaults. ``rules``: rule id
        → {option: type} of every rule (the catalogue); without it rule ids are not checked."""
        p = Path(path) if path else Path(DEFAULT_NAME)
        if not p.exists():
            if path:
                raise ConfigError(f"config file not found: {p}")
            return cls()
        try:
            text = p.read_text(encoding="utf-8")
            data = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"config file {p} is not valid TOML: {e}") from None
        except OSError as e:
            raise ConfigError(f"cannot read config file {p}: {e.strerror or e}") from None
        _Checker(str(p), _lines(text), rules).check(data)
        return cls(dict(data.get("rules", {})), dict(data.get("deadlines", {})),
                   dict(data.get("compare", {})), str(p), dict(data.get("keymap", {})))

    def _rule(self, rule_id: str) -> dict[str, Any]:
        entry = self.rules.get(rule_id, {})
        return entry if isinstance(entry, dict) else {}

    def enabled(self, rule_id: str) -> bool:
        return bool(self._rule(rule_id).get("enabled", True))

    def severity(self, rule_id: str, default: str) -> str:
        sev = self._rule(rule_id).get("severity")
        return sev if sev in SEVERITIES else default

    def option(self, rule_id: str, name: str, default: Any) -> Any:
        """A rule's option (declared by the rule, checked at load), else ``default``."""
        return self._rule(rule_id).get(name, default)


class _Checker:
    def __init__(self, path: str, lines: dict[tuple[str, ...], int],
                 rules: Mapping[str, Mapping[str, str]] | None) -> None:
        self.path, self.lines, self.rules = path, lines, rules

    def fail(self, where: tuple[str, ...], message: str) -> None:
        line = None
        for i in range(len(where), 0, -1):
            line = self.lines.get(where[:i])
            if line is not None:
                break
        raise ConfigError(f"{self.path}:{line}: {message}" if line else f"{self.path}: {message}")

    @staticmethod
    def _hint(name: str, known: Any) -> str:
        close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.5)
        return f" (did you mean {close[0]}?)" if close else ""

    def check(self, data: dict[str, Any]) -> None:
        for k in data:
            if k not in TABLES:
                self.fail((k,), f"unknown table [{k}]{self._hint(k, TABLES)}; known: {', '.join(TABLES)}")
            if not isinstance(data[k], dict):
                self.fail((k,), f"{k} must be a table ([{k}])")
        for rid, entry in data.get("rules", {}).items():
            self.rule(rid, entry)
        self.deadlines(data.get("deadlines", {}))
        for k, v in data.get("compare", {}).items():
            if k not in COMPARE_OPTIONS:
                self.fail(("compare", k), f"unknown option {k} in [compare]{self._hint(k, COMPARE_OPTIONS)};"
                          f" known: {', '.join(COMPARE_OPTIONS)}")
            self.value(("compare", k), v, COMPARE_OPTIONS[k])
        self.keymap(data.get("keymap", {}))

    def rule(self, rid: str, entry: Any) -> None:
        where = ("rules", rid)
        if self.rules is not None and rid not in self.rules:
            self.fail(where, f'unknown rule "{rid}" in [rules.{rid}]{self._hint(rid, self.rules)}')
        if not isinstance(entry, dict):
            self.fail(where, f"rules.{rid} must be a table ([rules.{rid}])")
        options = dict(RULE_SWITCHES)
        if self.rules is not None:
            options.update(self.rules[rid])
        for k, v in entry.items():
            if self.rules is not None and k not in options:
                self.fail(where + (k,), f'unknown option {k} of rule {rid}{self._hint(k, options)}; '
                          f"known: {', '.join(options)}")
            if k in options:
                self.value(where + (k,), v, options[k])

    def value(self, where: tuple[str, ...], v: Any, typ: str) -> None:
        name = ".".join(where)
        number = isinstance(v, (int, float)) and not isinstance(v, bool)
        if typ == "bool" and not isinstance(v, bool):
            self.fail(where, f"{name} must be true or false, not {v!r}")
        elif typ == "severity" and v not in SEVERITIES:
            self.fail(where, f"{name} must be one of {', '.join(SEVERITIES)}, not {v!r}"
                      f"{self._hint(str(v), SEVERITIES)}")
        elif typ == "int" and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
            self.fail(where, f"{name} must be a whole number >= 0, not {v!r}")
        elif typ == "number" and (not number or v < 0):
            self.fail(where, f"{name} must be a number >= 0, not {v!r}")
        elif typ == "share" and (not number or not 0 <= v <= 1):
            self.fail(where, f"{name} must be a number from 0 to 1, not {v!r}")

    def deadlines(self, d: dict[str, Any]) -> None:
        for k, v in d.items():
            if k == "province":
                if not isinstance(v, dict):
                    self.fail(("deadlines", k), "deadlines.province must be a table of agency names")
                for name, kinds in v.items():
                    where = ("deadlines", "province", name)
                    if not isinstance(kinds, dict):
                        self.fail(where, f'deadlines.province."{name}" must be a table')
                    for kind, md in kinds.items():
                        self.deadline(where + (kind,), kind, md)
            else:
                self.deadline(("deadlines", k), k, v)

    def deadline(self, where: tuple[str, ...], kind: str, md: Any) -> None:
        if kind not in KINDS:
            self.fail(where, f"unknown report kind {kind}{self._hint(kind, (*KINDS, 'province'))}; "
                      f"known: {', '.join(KINDS)}, province")
        ok = isinstance(md, list) and len(md) == 2 and all(isinstance(x, int) and not isinstance(x, bool)
                                                            for x in md)
        if ok:
            try:
                dt.date(2000, md[0], md[1])
            except ValueError:
                ok = False
        if not ok:
            self.fail(where, f"{'.'.join(where)} must be [month, day] of a real date, not {md!r}")

    def keymap(self, km: dict[str, Any]) -> None:
        ids = binding_ids()
        for bid, keys in km.items():
            where = ("keymap", bid)
            if bid not in ids:
                self.fail(where, f'unknown binding "{bid}" in [keymap]{self._hint(bid, ids)}; '
                          "the ids are in gxtui/templates/bindings.toml")
            if not isinstance(keys, str) or not keys.strip():
                self.fail(where, f'keymap.{bid} must be a string of keys ("q" or "q,ctrl+q")')
            for key in (k.strip() for k in keys.split(",")):
                if not valid_key(key):
                    self.fail(where, f'keymap.{bid}: "{key}" is not a key (a character, or a name '
                              'such as escape, enter, slash, f5, with ctrl+/shift+/alt+ in front)')
        # no two bindings of one screen (or of a screen and the app) on the same key
        b = bindings()
        for screen in (s for s in b if s not in (*_NOT_SCREENS, "app")):
            seen: dict[str, str] = {k: "" for k in b["reserved"].get(screen, [])}
            for scope in ("app", screen):
                for bid, spec in b[scope].items():
                    for key in (k.strip() for k in km.get(bid, spec["key"]).split(",")):
                        if key in seen and seen[key] != bid:
                            other = seen[key] or "a fixed key"
                            self.fail(("keymap", bid if bid in km else seen[key]),
                                      f'keymap: "{key}" would be both {other} and {bid} '
                                      f"on the {screen} screen")
                        seen[key] = bid
