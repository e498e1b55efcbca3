"""OCR characters the engine was unsure of, corrected by the words they make: only to what the engine
also saw there, only where the reading makes no word; the alternatives survive the OCR cache."""

from __future__ import annotations

import numpy as np
import pytest

from eval.scanpages import ScanText, scan_page
from ingest.readers.ocr_cache import OcrCache
from ingest.readers.ocr_correct import corrected
from ingest.readers.ocr_engine import OcrLine, RapidOcr

QUAD = ((0.0, 0.0), (100.0, 0.0), (100.0, 10.0), (0.0, 10.0))


def line(text: str, *alternatives: tuple[int, tuple[tuple[str, float], ...]]) -> OcrLine:
    words = tuple((c, QUAD) for c in text.replace(" ", ""))
    return OcrLine(text=text, quad=QUAD, score=0.9, words=words, alternatives=alternatives)


@pytest.mark.parametrize(("read", "alternatives", "meant"), [
    ("全县养考机构护理型床位", [(3, (("考", 0.55), ("老", 0.31)))], "全县养老机构护理型床位"),
    ("序号 工作住务 责任单位", [(5, (("住", 0.6), ("任", 0.2)))], "序号 工作任务 责任单位"),
    ("（县卫健霍、县民政局牵头）", [(4, (("霍", 0.4), ("委", 0.1)))], "（县卫健委、县民政局牵头）"),  # a department name
    ("五、工作婴求", [(4, (("婴", 0.5), ("要", 0.4))), (5, (("求", 0.9), ("球", 0.05)))], "五、工作要求"),
])  # fmt: skip
def test_an_unsure_character_takes_the_alternative_that_makes_a_word(read, alternatives, meant) -> None:
    fixed = corrected(line(read, *alternatives))
    assert fixed.text == meant
    assert "".join(w for w, _ in fixed.words) == meant.replace(" ", "")  # the word boxes spell it too


def test_a_reading_that_makes_a_word_or_has_no_better_alternative_is_kept() -> None:
    kept = line("养老机构由黄丽萍负责", (1, (("老", 0.6), ("考", 0.3))), (6, (("丽", 0.5), ("䘮", 0.4))), (7, (("萍", 0.6), ("苹", 0.3))))
    assert corrected(kept).text == "养老机构由黄丽萍负责"
    rare = line("平里镇卫生院", (1, (("里", 0.5), ("黑", 0.2))))  # 平黑 is no word either: the engine's reading stays
    assert corrected(rare).text == "平里镇卫生院"
    plain = line("养考机构")  # no alternatives: nothing to choose from
    assert corrected(plain) is plain


def test_alternatives_survive_the_ocr_cache(tmp_path) -> None:
    cache = OcrCache(tmp_path)
    lines = [line("养考机构", (1, (("考", 0.55), ("老", 0.31))))]
    key = cache.key(np.zeros((4, 4), dtype=np.uint8), "test")
    assert cache.put(key, lines)
    assert cache.get(key) == lines


def test_the_engine_reports_what_else_it_saw_for_unsure_characters() -> None:
    page = scan_page([ScanText("到2026年底，全县养老机构护理型床位占比达到58%以上，医养结合机构达到9家。", size_pt=9)],
                     skew_deg=0.0, noise=40, seed=5, dpi=110)
    lines = RapidOcr().recognize(np.asarray(page.image.convert("L")))
    assert lines and any(ln.alternatives for ln in lines)
    for ln in lines:
        for i, alts in ln.alternatives:
            assert alts[0][0] == ln.text[i] and all(0 < p < 1 for _, p in alts)  # the first is what it read
