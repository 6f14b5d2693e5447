"""The section-五 lists item by item, and text reuse per section.

Similarity
----------
Chinese has no spaces, so word-token measures (token_set_ratio, TF-IDF on words) need a
segmenter we do not want to depend on. Two character-level measures are combined:

* ``rapidfuzz.fuzz.ratio`` — the normalised Indel similarity, 2·LCS / (|a|+|b|). It measures how
  much of the text survives *in order*: a copied item with a year changed or a clause inserted
  stays high (a 40-character item with 4 characters inserted scores ≈ 0.95).
* character-bigram Dice — 2·|A∩B| / (|A|+|B|) over the sets of adjacent character pairs. It is
  order-free, so a copied item whose clauses were swapped ("形式单一，深度不足" ↔ "深度不足，
  形式单一") still scores high, where the LCS measure drops to ≈ 0.5.

The score is the larger of the two, so each catches what the other misses; both are 1.0 for
identical texts and near 0 for unrelated ones. Before scoring, texts are normalised: NFKC,
simplified characters, numbering (``一是``/``（二）``/``3、``) removed, and everything that is not
a CJK character or a letter removed — punctuation and **digits** (a repeated item that only
changed "2022年" to "2023年" is still a repeat).

Thresholds (measured on ../shared/corpus: an item and last year's item on the same topic in
fresh wording score 0.25–0.45, e.g. 平潭 2022→2023 "政策解读形式单一…" vs "政策解读的质量有待
提高…" 0.31; unrelated items sharing the domain vocabulary score 0.10–0.30; the copied
paragraphs of 河北省科学技术厅 2021→2022 score 1.00 and 0.91; a copy with one word changed ≈ 0.95):

* ``REPEATED`` = 0.85 — "与上年表述基本相同": a copy, possibly with a few words changed;
* ``REWORDED`` = 0.50 — the same item rewritten; below that the items are unrelated
  (an old item left unmatched is *resolved*, a new one is *new*).

Both are configurable through ``Config.compare`` (``repeated``, ``reworded``; ``wholesale`` is
the share of repeated items, default 0.8, at which the list counts as copied wholesale).

Matching is greedy by descending score (each item used once), which is optimal enough for lists
of a handful of items and keeps the result stable.

Text reuse
----------
For each section s1…s6, this year's text is split into sentences (。！？；and line ends); a
sentence of at least 8 normalised characters counts as *reused* when last year's section text
contains a sentence with ``fuzz.ratio`` ≥ 90 (or contains it verbatim). The figure is the share
of this year's sentences that are reused (and the same share weighted by length).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from gxtui.model import Item, Report
from gxtui.normalize import to_simplified

REPEATED = 0.85
REWORDED = 0.50
WHOLESALE = 0.80
SENTENCE_MATCH = 90.0
MIN_SENTENCE = 8

_NUMBERING = re.compile(
    r"^(?:第?[一二三四五六七八九十]+[是、.．)）]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．)）]|"
    r"[①②③④⑤⑥⑦⑧⑨⑩])\s*")
_KEEP = re.compile(r"[^\u4e00-\u9fffA-Za-z]")
_SENT_SPLIT = re.compile(r"(?<=[。！？；!?;])|\n")


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """The form compared: no numbering, no punctuation, no digits, simplified characters."""
    s = unicodedata.normalize("NFKC", text).strip()
    for _ in range(2):
        s = _NUMBERING.sub("", s, count=1)
    s = _KEEP.sub("", s)
    return to_simplified(s) if s else s


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)} if len(s) > 1 else {s}


def similarity(a: str, b: str) -> float:
    """Similarity of two texts in [0, 1] (see the module docstring)."""
    na, nb = normalize(a), normalize(b)
    if not na or not nb:
        return 1.0 if na == nb else 0.0
    if na == nb:
        return 1.0
    from rapidfuzz import fuzz  # noqa: PLC0415

    ratio = fuzz.ratio(na, nb) / 100.0
    ba, bb = _bigrams(na), _bigrams(nb)
    dice = 2 * len(ba & bb) / (len(ba) + len(bb))
    return round(max(ratio, dice), 4)


def _score_matrix(old: list[str], new: list[str]) -> list[list[float]]:
    """``similarity`` for every (old, new) pair, computed once per item rather than per pair:
    normalisation and bigram sets per item; each LCS ratio is one C call."""
    if not old or not new:
        return [[0.0] * len(new) for _ in old]
    from rapidfuzz.fuzz import ratio  # noqa: PLC0415

    no, nn = [normalize(t) for t in old], [normalize(t) for t in new]
    # bigram sets as integer bitmasks: |A∩B| is one popcount instead of a set intersection. The
    # masks are built from byte arrays once every bigram has its bit: or-ing ``1 << k`` into a
    # growing int bigram by bigram cost as much as the whole matrix
    vocab: dict[str, int] = {}
    bits_of = [[vocab.setdefault(g, len(vocab)) for g in _bigrams(t)] for t in (*no, *nn)]
    size = (len(vocab) >> 3) + 1

    def mask(bits: list[int]) -> tuple[int, int]:
        buf = bytearray(size)
        for k in bits:
            buf[k >> 3] |= 1 << (k & 7)
        return int.from_bytes(buf, "little"), len(bits)

    masks = [mask(b) for b in bits_of]
    mo, mn = masks[:len(no)], masks[len(no):]
    out: list[list[float]] = []
    for i, a in enumerate(no):
        row = []
        ma, la = mo[i]
        for j, b in enumerate(nn):
            if not a or not b:
                row.append(1.0 if a == b else 0.0)
            elif a == b:
                row.append(1.0)
            else:
                mb, lb = mn[j]
                dice = 2 * (ma & mb).bit_count() / (la + lb)
                row.append(round(max(ratio(a, b) / 100.0, dice), 4))
        out.append(row)
    return out


@dataclass
class ItemMatch:
    """One line of the item-by-item diff: ``new``, ``resolved``, ``reworded`` or ``repeated``."""

    status: str
    old: Item | None
    new: Item | None
    similarity: float | None
    list: str = "problems"  # "problems" or "improvements"

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "list": self.list,
                "old": None if self.old is None else self.old.text,
                "new": None if self.new is None else self.new.text,
                "old_line": None if self.old is None else self.old.line,
                "new_line": None if self.new is None else self.new.line,
                "similarity": self.similarity}


def thresholds(config: Any = None) -> tuple[float, float, float]:
    comp = getattr(config, "compare", None) or {}
    return (float(comp.get("repeated", REPEATED)), float(comp.get("reworded", REWORDED)),
            float(comp.get("wholesale", WHOLESALE)))


_LEAD_IN = re.compile(r"(?:以下|如下)(?:措施|几个方面|方面|工作)|加以改进|[：:]$")


def is_lead_in(item: Item) -> bool:
    """An unnumbered sentence that only introduces a list ("2023年，我区将采取以下措施加以改进。").
    ``section5`` never makes one an item; this guards items made elsewhere (tests, old exports)."""
    return item.label is None and len(normalize(item.text)) < 30 and _LEAD_IN.search(item.text.rstrip("。 ")) is not None


def match_items(old: list[Item], new: list[Item], config: Any = None,
                list_name: str = "problems") -> list[ItemMatch]:
    """Match last year's items to this year's. Result order: this year's items in their order
    (each new/reworded/repeated), then last year's unmatched items (resolved).

    The items are section 五 as ``gxtui.extract.section5`` splits it: one problem or measure
    each, lead-in sentences (``下一步整改措施：``, ``2023年，我区将采取以下措施加以改进。``)
    never among them, so every item counts, however short (``覆盖面不完全``)."""
    repeated, reworded, _ = thresholds(config)
    old = [i for i in old if not is_lead_in(i)]
    new = [i for i in new if not is_lead_in(i)]
    matrix = _score_matrix([o.text for o in old], [n.text for n in new])
    scores = sorted(((matrix[i][j], i, j) for i in range(len(old)) for j in range(len(new))),
                    key=lambda t: (-t[0], t[1], t[2]))
    pair_of_new: dict[int, tuple[int, float]] = {}
    used_old: set[int] = set()
    for s, i, j in scores:
        if s < reworded:
            break
        if i in used_old or j in pair_of_new:
            continue
        used_old.add(i)
        pair_of_new[j] = (i, s)
    out: list[ItemMatch] = []
    for j, n in enumerate(new):
        if j in pair_of_new:
            i, s = pair_of_new[j]
            out.append(ItemMatch("repeated" if s >= repeated else "reworded", old[i], n, s, list_name))
        else:
            best = max((matrix[i][j] for i in range(len(old))), default=None)
            out.append(ItemMatch("new", None, n, best, list_name))
    for i, o in enumerate(old):
        if i not in used_old:
            out.append(ItemMatch("resolved", o, None, None, list_name))
    return out


@dataclass
class ListSummary:
    list: str
    old_count: int
    new_count: int
    repeated: int
    reworded: int
    new: int
    resolved: int

    @property
    def repeated_share(self) -> float | None:
        return None if not self.new_count else self.repeated / self.new_count

    def wholesale(self, threshold: float = WHOLESALE) -> bool:
        """The list was copied: at least ``threshold`` of this year's items are repeats."""
        share = self.repeated_share
        return share is not None and self.repeated >= 1 and share >= threshold

    def to_dict(self) -> dict[str, Any]:
        return {"list": self.list, "old_count": self.old_count, "new_count": self.new_count,
                "repeated": self.repeated, "reworded": self.reworded, "new": self.new,
                "resolved": self.resolved,
                "repeated_share": None if self.repeated_share is None else round(self.repeated_share, 4)}


def summarize(matches: list[ItemMatch], list_name: str) -> ListSummary:
    ms = [m for m in matches if m.list == list_name]
    count = {s: sum(1 for m in ms if m.status == s) for s in ("repeated", "reworded", "new", "resolved")}
    return ListSummary(list_name, sum(1 for m in ms if m.old is not None),
                       sum(1 for m in ms if m.new is not None), **count)


# ------------------------------------------------------------------------------- reuse
@dataclass
class SectionReuse:
    """How much of this year's section text was already in last year's."""

    section: str  # s1..s6
    sentences: int  # this year's sentences considered (≥ MIN_SENTENCE characters)
    reused: int
    chars: int
    reused_chars: int
    examples: list[str] = field(default_factory=list)  # a few reused sentences, as published

    @property
    def share(self) -> float | None:
        return None if not self.sentences else self.reused / self.sentences

    @property
    def char_share(self) -> float | None:
        return None if not self.chars else self.reused_chars / self.chars

    def to_dict(self) -> dict[str, Any]:
        return {"section": self.section, "sentences": self.sentences, "reused": self.reused,
                "share": None if self.share is None else round(self.share, 4),
                "char_share": None if self.char_share is None else round(self.char_share, 4)}


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT_SPLIT.split(text) if s and s.strip()]


@lru_cache(maxsize=1)
def _table_labels() -> tuple[str, ...]:
    """Normalised table labels and headers of both templates: sentences made of them are table
    text (identical every year by design), not narrative."""
    from gxtui import templates  # noqa: PLC0415

    labels: set[str] = set()
    for v in templates.TEMPLATES:
        t = templates.get(v)
        for r in t.t3_rows:
            labels.add(normalize(r.label))
        for c in t.t3_columns + t.t4_columns + t.t4_groups:
            labels.add(normalize(c.label))
        for b in t.t2_blocks:
            labels.add(normalize(b.caption))
            labels.update(normalize(c.label) for c in b.columns)
            labels.update(normalize(r.label) for r in b.rows)
    labels.update(("申请人情况", "信息内容", "本列数据的勾稽关系为"))
    return tuple(sorted((x for x in labels if len(x) >= 4), key=len, reverse=True))


def is_table_text(sentence: str) -> bool:
    """Two or more table labels, or one label and hardly anything else, or a piece of a label."""
    ns = normalize(sentence)
    hits = 0
    rest = ns
    for lab in _table_labels():
        if ns in lab:
            return True
        if lab in rest:
            hits += 1
            rest = rest.replace(lab, "")
            if hits >= 2:
                return True
    return hits == 1 and len(rest) < MIN_SENTENCE


def section_reuse(old: Report, new: Report) -> list[SectionReuse]:
    """Text reuse per section; table text (labels and headers) is left out."""
    from rapidfuzz import fuzz, process  # noqa: PLC0415

    out = []
    for key in ("s1", "s2", "s3", "s4", "s5", "s6"):
        so, sn = old.section(key), new.section(key)
        if sn is None:
            continue
        old_sents = [normalize(s) for s in sentences(so.text) if not is_table_text(s)] if so else []
        old_sents = [s for s in old_sents if s]
        old_all = "".join(old_sents)
        r = SectionReuse(key, 0, 0, 0, 0)
        cand = [(s, normalize(s)) for s in sentences(sn.text)]
        cand = [(s, ns) for s, ns in cand if len(ns) >= MIN_SENTENCE and not is_table_text(s)]
        fuzzy_hits: set[int] = set()
        rest = [k for k, (_, ns) in enumerate(cand) if ns not in old_all]
        if rest and old_sents:
            fuzzy_hits = {k for k in rest if process.extractOne(
                cand[k][1], old_sents, scorer=fuzz.ratio, score_cutoff=SENTENCE_MATCH) is not None}
        for k, (s, ns) in enumerate(cand):
            r.sentences += 1
            r.chars += len(ns)
            hit = ns in old_all or k in fuzzy_hits
            if hit:
                r.reused += 1
                r.reused_chars += len(ns)
                if len(r.examples) < 3:
                    r.examples.append(s)
        out.append(r)
    return out
