"""A synthetic policy corpus with known answers, for the scale benchmark.

Each generated document is one of the real 区县 documents (涪陵区, 南宁市武鸣区, 巫溪县) with
its place names replaced by an invented county (``青川县`` -> ``东临县``...), its 文号 renumbered,
two of its departments swapped with each other and its percentages shifted. The gold items of
that template (dev set + ``eval/qa``) go through the same replacements, so every generated
question has a known answer; an item is kept only if its evidence and one alternative of each
``must`` group occur literally in the generated text (checked, not assumed). The two province
documents are not used as templates: the metadata reader knows only the real provinces.

Nothing generated is committed: documents go to a folder under ``/tmp`` (or ``--out``).

Example:
    >>> corpus = generate_corpus(Path("/tmp/yysynth"), n_docs=20)       # doctest: +SKIP
    >>> len(corpus.documents), corpus.items[0]["question"]              # doctest: +SKIP
    (20, '东临县到2022年65岁以上老年人健康管理率要达到多少？')
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.metrics import normalize

REPO = Path(__file__).resolve().parent.parent
REAL_DOCS = REPO / "corpus" / "documents"

# template code -> (file prefix, place words to replace, level suffix of the new place)
TEMPLATES: dict[str, dict[str, Any]] = {
    "000": {"stems": {"涪陵": "{c}"}, "suffix": "区", "doc_number": r"渝[^〔]{0,6}〔\d{4}〕\d+号"},
    "001": {"stems": {"南宁": "{p}", "武鸣": "{c}"}, "suffix": "区", "doc_number": r"南武政办〔\d{4}〕\d+号"},
    "002": {"stems": {"巫溪": "{c}"}, "suffix": "县", "doc_number": r"巫溪[^〔]{0,6}〔\d{4}〕\d+号"},
}
# Departments swapped pairwise inside one generated document (only if both occur in it).
DEPARTMENT_SWAPS = (("民政局", "医保局"), ("财政局", "人力社保局"), ("卫生健康委", "民政局"))
_FIRST = "东西青白云金石玉丰永宁安长平新河清秀龙凤华明兴泰德福瑞松柏桃梅兰竹宝鹤盛鼎吉汇嘉乐广昌庆隆春秋锦翠碧丹绿红黄紫彩银铜铁星月霞雪蓝朝阳晋恒嵩崇"
_SECOND = "川江山阳原城源溪泉岭峰林湖浦洲坪台岗桥塘池湾屯亭口坝冲岩州关津渡沟滩营丘谷陵坡堡寨埠滨港沙田垣峪岙圩场店集镇铺驿门堤汀渚矶"
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)(\s*)%")


@dataclass
class SynthCorpus:
    """Generated document paths and their gold items (batch IN + gold fields)."""

    folder: Path
    documents: list[Path] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # the invented place words used
    items: list[dict[str, Any]] = field(default_factory=list)


def place_names(n: int, forbidden_text: str, seed: int = 7) -> list[str]:
    """``n`` distinct invented two-character place stems that occur nowhere in ``forbidden_text``."""
    rng = random.Random(seed)
    pool = [a + b for a in _FIRST for b in _SECOND if a != b]
    rng.shuffle(pool)
    out = [s for s in pool if s not in forbidden_text and s[::-1] not in forbidden_text]
    if len(out) < n:
        raise ValueError(f"only {len(out)} usable place names, {n} asked; add characters to _FIRST/_SECOND")
    return out[:n]


def _swap(text: str, pairs: Sequence[tuple[str, str]]) -> str:
    for i, (a, b) in enumerate(pairs):
        text = text.replace(a, f"\x00{i}a\x00").replace(b, f"\x00{i}b\x00")
    for i, (a, b) in enumerate(pairs):
        text = text.replace(f"\x00{i}a\x00", b).replace(f"\x00{i}b\x00", a)
    return text


@dataclass(frozen=True)
class Variant:
    """How one generated document differs from its template."""

    template: str
    names: dict[str, str]  # old place word -> new
    swaps: tuple[tuple[str, str], ...]
    percent_shift: int
    doc_number: str

    def apply(self, text: str) -> str:
        for old, new in sorted(self.names.items(), key=lambda kv: -len(kv[0])):
            text = text.replace(old, new)
        text = _swap(text, self.swaps)
        return _PERCENT.sub(self._shift, text)

    def _shift(self, m: re.Match[str]) -> str:
        value = float(m.group(1))
        if value >= 100 or value <= 0:
            return m.group(0)  # 100% stays 100%: a shifted "全覆盖" would read oddly
        new = min(99, max(1, value + self.percent_shift))
        shown = f"{new:g}" if "." in m.group(1) else str(int(new))
        return f"{shown}{m.group(2)}%"


def make_variant(template: str, index: int, stem: str, city: str, rng: random.Random) -> Variant:
    spec = TEMPLATES[template]
    names = {old: pat.format(c=stem, p=city) for old, pat in spec["stems"].items()}
    swaps = tuple(p for p in DEPARTMENT_SWAPS if rng.random() < 0.5)[:1]
    return Variant(template, names, swaps, rng.choice([-7, -5, -3, 2, 4, 6]), f"{stem}政办〔20{rng.randint(17, 24)}〕{index + 1}号")


def _real_sources() -> dict[str, Path]:
    return {p.name.split("_", 1)[0]: p for p in sorted(REAL_DOCS.glob("*.txt"))}


def _template_items(gold_paths: Sequence[Path]) -> dict[str, list[dict[str, Any]]]:
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for path in gold_paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            doc = item.get("doc")
            if item.get("answerable") and isinstance(doc, str) and doc in TEMPLATES and not item.get("history"):
                by_doc.setdefault(doc, []).append(item)
    return by_doc


def _variant_item(item: dict[str, Any], v: Variant, code: str, text_norm: str) -> dict[str, Any] | None:
    if not any(old in item["question"] for old in v.names):
        return None  # a question that does not name its place cannot be told apart from its 2000 twins
    new = dict(item)
    new["id"] = f"{code}-{item['id']}"
    new["doc"] = code
    new["question"] = v.apply(item["question"])
    new["answer"] = v.apply(item.get("answer", ""))
    new["evidence"] = [v.apply(e) for e in item.get("evidence", [])]
    new["must"] = [[v.apply(alt) for alt in group] for group in item.get("must", [])]
    new["template_id"] = item["id"]
    if not all(normalize(e) in text_norm for e in new["evidence"]):
        return None
    if not all(any(normalize(a) in text_norm for a in group) for group in new["must"]):
        return None
    return new


def generate_corpus(
    out: Path, n_docs: int, gold_paths: Sequence[Path] | None = None, seed: int = 7, items_per_doc: int = 2
) -> SynthCorpus:
    """Write ``n_docs`` generated documents to ``out`` and return them with their gold items.

    Deterministic for a given ``seed``: the first ``k`` documents of a bigger corpus are the
    ``k`` documents of a smaller one, so the tiers of the scale benchmark nest.
    """
    from eval.cli import default_paths

    out.mkdir(parents=True, exist_ok=True)
    real = _real_sources()
    texts = {code: real[code].read_text(encoding="utf-8") for code in TEMPLATES}
    gold = [Path(p) for p in (gold_paths or default_paths())]
    forbidden = "".join(p.read_text(encoding="utf-8") for p in real.values()) + "".join(
        p.read_text(encoding="utf-8") for p in gold
    )
    stems = iter(place_names(n_docs + n_docs // len(TEMPLATES) + 1, forbidden, seed))  # a city only for 001
    by_doc = _template_items(gold)
    corpus = SynthCorpus(folder=out)
    templates = sorted(TEMPLATES)
    for i in range(n_docs):
        rng = random.Random(f"{seed}-{i}")
        template = templates[i % len(templates)]
        county = next(stems)
        v = make_variant(template, i, county, next(stems) if "{p}" in str(TEMPLATES[template]["stems"]) else "", rng)
        text = v.apply(re.sub(TEMPLATES[template]["doc_number"], v.doc_number, texts[template]))
        code = f"s{i:05d}"
        name = f"{code}_{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}.txt"
        path = out / name
        if not path.exists():
            path.write_text(text, encoding="utf-8")
        corpus.documents.append(path)
        corpus.places.extend(v.names.values())
        norm = normalize(text)
        candidates = [x for it in by_doc.get(template, []) if (x := _variant_item(it, v, code, norm))]
        rng.shuffle(candidates)
        corpus.items.extend(candidates[:items_per_doc])
    return corpus


def main(argv: Sequence[str] | None = None) -> None:
    import argparse

    p = argparse.ArgumentParser(prog="python -m eval.synth", description="Generate a synthetic policy corpus.")
    p.add_argument("--out", type=Path, default=Path("/tmp/yiyang-synth"))
    p.add_argument("--docs", type=int, default=20)
    args = p.parse_args(argv)
    corpus = generate_corpus(args.out / "documents", args.docs)
    items = args.out / "items.jsonl"
    items.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in corpus.items), encoding="utf-8")
    print(f"{len(corpus.documents)} documents in {corpus.folder}, {len(corpus.items)} gold items in {items}")


if __name__ == "__main__":
    main()
