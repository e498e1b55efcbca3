"""An unruled table whose header cells are set closer together than its columns ("2024年基数 2025年
2026年" read as one piece): the header is cut where the body's columns are, so every value keeps
its year."""

from __future__ import annotations

from ingest.readers.aligned_tables import split_aligned_tables
from ingest.readers.blocks import TableBlock
from ingest.readers.geometry import Glyph
from ingest.readers.glyph_lines import group_lines


def _cells(y: float, cells: list[tuple[float, str]], width: float = 9.5) -> list[Glyph]:
    return [Glyph(ch, x + width * i, y, x + width * (i + 1), y + width) for x, text in cells for i, ch in enumerate(text)]


def test_a_tight_header_is_cut_at_the_body_columns() -> None:
    header = _cells(0, [(82, "指标名称"), (311, "2024年基数"), (373, "2025年"), (419, "2026年"), (466, "指标属性")], 8.0)
    body = [_cells(20 * r, [(89, name), (340, a), (385, b), (430, c), (480, kind)])
            for r, (name, a, b, c, kind) in enumerate(
                [("医养结合机构数量（家）", "21", "24", "27", "预期性"),
                 ("护理型床位占比（%）", "52", "55", "60", "约束性"),
                 ("家庭病床数量（张）", "320", "450", "600", "预期性")], start=1)]
    blocks = split_aligned_tables(group_lines([g for row in [header, *body] for g in row], page=1))
    table = next(b for b in blocks if isinstance(b, TableBlock))
    rows = [["".join(c for c, _ in cell) for cell in cells] for _, cells in table.rows]
    assert rows[0] == ["指标名称", "2024年基数", "2025年", "2026年", "指标属性"]
    assert rows[2] == ["护理型床位占比（%）", "52", "55", "60", "约束性"]
