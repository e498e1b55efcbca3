"""A 政策解读 set in two columns is read down the left column, then down the right one: a
paragraph that runs from the bottom of the left column to the top of the right one stays one
paragraph, and no line mixes the two columns. A one-column page with an unruled table is
left as it was."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ingest.readers.pdf import read_pdf
from pdfmaker import FONT

SIZE = 10.5
LEADING = 17.0
WIDTH, HEIGHT = A4
COLUMNS = ((51.0, 285.0), (309.0, 543.0))


def _column_lines(text: str, x0: float, x1: float, *, indent: bool) -> list[tuple[float, str]]:
    """The text wrapped to the column, each line with its left edge (first line indented by two)."""
    per_line = int((x1 - x0) // SIZE)
    out, rest, first = [], text, True
    while rest:
        n = per_line - (2 if first and indent else 0)
        out.append((x0 + (2 * SIZE if first and indent else 0), rest[:n]))
        rest, first = rest[n:], False
    return out


def _two_column_pdf(left: list[str], right: list[str]) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont(FONT, 16)
    title = "《某区医养结合服务能力提升行动方案》政策解读"
    c.drawCentredString(WIDTH / 2, HEIGHT - 60, title)
    c.setFont(FONT, SIZE)
    for (x0, x1), paras in zip(COLUMNS, (left, right)):
        y = HEIGHT - 110
        for para in paras:
            # a heading, or a paragraph going on from the column before ("|"), has no indent
            go_on = para.startswith("|")
            para = para.lstrip("|")
            for x, line in _column_lines(para, x0, x1, indent=not (go_on or para.startswith(("一、", "二、", "三、")))):
                for i, ch in enumerate(line):
                    c.drawString(x + i * SIZE, y, ch)
                y -= LEADING
    c.drawCentredString(WIDTH / 2, 40, "第 1 页 共 1 页")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_two_columns_are_read_one_after_the_other(tmp_path: Path) -> None:
    body = "养老机构内部设置诊所、卫生所（室）、医务室、护理站的，实行备案管理，取消行政审批。"
    crossing = ("社会力量新建医养结合机构并经验收合格的，按新增护理型床位给予每张五千元的一次性建设补助，"
                "改建、扩建的按每张两千五百元给予补助，同一床位已享受省、市建设补助的，不得重复申领区级建设补助。")
    left = ["一、出台的背景是什么？", body, body, body, body, "二、有哪些扶持政策？", body, body, body,
            body, crossing[:64]]
    right = ["|" + crossing[64:], "三、怎么申请？", body, body, body]
    data = _two_column_pdf(left, right)
    path = tmp_path / "jiedu.pdf"
    path.write_bytes(data)
    lines = read_pdf(path, data).text.split("\n")
    assert lines[0] == "《某区医养结合服务能力提升行动方案》政策解读"
    assert crossing in lines  # left column's bottom joined to the right column's top
    assert lines.index("二、有哪些扶持政策？") < lines.index(crossing) < lines.index("三、怎么申请？")
    assert not any("第 1 页" in ln or "第1页" in ln for ln in lines)
    for ln in lines:  # no line reads across the gutter
        assert not ("背景" in ln and "怎么申请" in ln)
