"""One OFD page's content (GB/T 33190 §7–§11) -> positioned characters and ruling segments.

What is read, in millimetres from the page's top-left corner, then converted to points:

* ``TextObject``: each ``TextCode`` starts at ``X``/``Y`` (the baseline, in the object's
  space); character *i + 1* is ``DeltaX[i]`` (and ``DeltaY[i]``) after character *i*, with
  the ``g N v`` shorthand for N equal gaps. The object's ``CTM`` maps its space, then the
  ``Boundary`` origin moves it onto the page; the font ``Size`` scales with the CTM.
* ``PathObject``: ``AbbreviatedData`` (``M``/``L``/``C`` and curves) as straight segments;
  horizontal and vertical ones, and thin filled rectangles, are the rules tables are drawn with.
* ``PageBlock`` nests objects; ``CompositeObject`` draws a ``CompositeGraphicUnit`` from the
  resources with its own CTM and Boundary.

Example:
    >>> import xml.etree.ElementTree as ET
    >>> page = ET.fromstring('<Page><Content><Layer><TextObject Boundary="10 20 50 10" Size="5">'
    ...     '<TextCode X="0" Y="5" DeltaX="5">养老</TextCode></TextObject></Layer></Content></Page>')
    >>> glyphs, rules = read_content(page, {})
    >>> [(g.text, round(g.x0, 1)) for g in glyphs]
    [('养', 28.3), ('老', 42.5)]
"""

from __future__ import annotations

import math
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping

from ingest.readers.geometry import Glyph

PT_PER_MM = 72 / 25.4
MAX_NESTING = 16  # PageBlock / CompositeObject depth followed; deeper is a broken or hostile file
_ASCENT, _DESCENT = 0.86, 0.14  # share of the em above and below the baseline
_THIN = 1.0  # mm: a filled rectangle thinner than this is a rule
Affine = tuple[float, float, float, float, float, float]
IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
Rule = tuple[float, float, float, float]


def local(tag: object) -> str:
    """Tag name without namespace: producers use several OFD namespaces, or none."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def kids(el: ET.Element | None, name: str) -> Iterator[ET.Element]:
    """Direct children of ``el`` with local name ``name``."""
    return (c for c in (el if el is not None else ()) if local(c.tag) == name)


def read_content(page_root: ET.Element, units: Mapping[str, ET.Element]) -> tuple[list[Glyph], list[Rule]]:
    """Glyphs (points, top-left origin) and rule boxes of one page or template ``Content``.

    Args:
        page_root: the parsed ``Content.xml`` (``<Page>``) of a page or a template.
        units: ``CompositeGraphicUnit`` elements by ID, from the document's resources.
    """
    glyphs: list[Glyph] = []
    rules: list[Rule] = []
    for content in kids(page_root, "Content"):
        for layer in kids(content, "Layer"):
            _walk(list(layer), IDENTITY, units, glyphs, rules, 0)
    return glyphs, rules


def _walk(
    elements: list[ET.Element], outer: Affine, units: Mapping[str, ET.Element],
    glyphs: list[Glyph], rules: list[Rule], depth: int,
) -> None:  # fmt: skip
    for el in elements:
        name = local(el.tag)
        if name == "TextObject":
            glyphs.extend(_text_glyphs(el, compose(outer, object_transform(el))))
        elif name == "PathObject":
            rules.extend(_path_rules(el, compose(outer, object_transform(el))))
        elif depth >= MAX_NESTING:
            continue
        elif name == "PageBlock":
            _walk(list(el), outer, units, glyphs, rules, depth + 1)
        elif name == "CompositeObject":
            unit = units.get((el.get("ResourceID") or "").strip())
            for content in kids(unit, "Content"):
                _walk(list(content), compose(outer, object_transform(el)), units, glyphs, rules, depth + 1)


def _text_glyphs(el: ET.Element, m: Affine) -> Iterator[Glyph]:
    size = number(el.get("Size"), 0.0)
    scale = math.sqrt(abs(m[0] * m[3] - m[1] * m[2])) or 1.0
    em = size * scale  # the font size on the page, mm
    x = y = 0.0
    for code in kids(el, "TextCode"):
        text = "".join(ch for ch in (code.text or "") if unicodedata.category(ch) != "Cc")
        x, y = number(code.get("X"), x), number(code.get("Y"), y)
        dxs, dys = deltas(code.get("DeltaX"), len(text) - 1), deltas(code.get("DeltaY"), len(text) - 1)
        for i, ch in enumerate(text):
            advance = dxs[i] if i < len(dxs) else default_advance(ch, size)
            yield _glyph(ch, apply(m, x, y), advance * scale, em)  # spaces too: the line layout reads them
            x += advance
            y += dys[i] if i < len(dys) else 0.0


def _glyph(ch: str, origin: tuple[float, float], advance: float, em: float) -> Glyph:
    """The box of a character drawn at baseline ``origin`` (mm), in points."""
    px, py = origin
    width = max(advance, default_advance(ch, em) * 0.5)
    top, bottom = py - _ASCENT * em, py + _DESCENT * em
    return Glyph(ch, px * PT_PER_MM, top * PT_PER_MM, (px + width) * PT_PER_MM, bottom * PT_PER_MM)


def default_advance(ch: str, size: float) -> float:
    """Advance of a character without DeltaX: full em for CJK and full-width forms, else half."""
    return size if unicodedata.east_asian_width(ch) in ("W", "F") else size * 0.5


def _path_rules(el: ET.Element, m: Affine) -> Iterator[Rule]:
    """Straight horizontal/vertical segments of a path, and the path itself when it is a thin bar."""
    data = next((d.text or "" for d in kids(el, "AbbreviatedData")), "")
    points = [(apply(m, *p0), apply(m, *p1)) for p0, p1 in segments(data)]
    xs = [x for seg in points for x, _ in seg]
    ys = [y for seg in points for _, y in seg]
    if not xs:
        return
    if el.get("Fill") == "true" and min(max(xs) - min(xs), max(ys) - min(ys)) < _THIN:
        yield _pt_box(min(xs), min(ys), max(xs), max(ys))
        return
    for (x0, y0), (x1, y1) in points:
        if abs(x0 - x1) < 0.2 or abs(y0 - y1) < 0.2:
            yield _pt_box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def segments(data: str) -> Iterator[tuple[tuple[float, float], tuple[float, float]]]:
    """Straight segments of ``AbbreviatedData``: ``M``/``S`` move, ``L`` line, ``C`` close;
    a curve (``B``, ``Q``, ``A``) moves the pen without a segment."""
    tokens = re.findall(r"[A-Za-z]|-?\d*\.?\d+(?:[eE][-+]?\d+)?", data)
    args = {"M": 2, "S": 2, "L": 2, "B": 6, "Q": 4, "A": 7, "C": 0}
    pen = start = (0.0, 0.0)
    i = 0
    while i < len(tokens):
        op, i = tokens[i].upper(), i + 1
        n = args.get(op)
        if n is None:
            continue
        values = [number(t, 0.0) for t in tokens[i : i + n]]
        i += n
        if len(values) < n:
            return
        end = (values[-2], values[-1]) if n else start
        if op == "L" or op == "C":
            yield pen, end
        if op in ("M", "S"):
            start = end
        pen = end


def object_transform(el: ET.Element) -> Affine:
    """Object space -> parent space: the CTM, then a move to the Boundary's origin."""
    box = numbers(el.get("Boundary"), 4) or (0.0, 0.0, 0.0, 0.0)
    a, b, c, d, e, f = numbers(el.get("CTM"), 6) or IDENTITY
    return (a, b, c, d, e + box[0], f + box[1])


def compose(outer: Affine, inner: Affine) -> Affine:
    """The transform applying ``inner`` first, then ``outer``."""
    A, B, C, D, E, F = outer
    a, b, c, d, e, f = inner
    return (A * a + C * b, B * a + D * b, A * c + C * d, B * c + D * d, A * e + C * f + E, B * e + D * f + F)


def apply(m: Affine, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _pt_box(x0: float, top: float, x1: float, bottom: float) -> Rule:
    return x0 * PT_PER_MM, top * PT_PER_MM, x1 * PT_PER_MM, bottom * PT_PER_MM


def deltas(value: str | None, limit: int) -> list[float]:
    """A DeltaX/DeltaY list with ``g N v`` expanded, at most ``limit`` values (N can be huge)."""
    tokens = (value or "").split()
    out: list[float] = []
    i = 0
    while i < len(tokens) and len(out) < limit:
        if tokens[i] == "g" and i + 2 < len(tokens):
            count = int(number(tokens[i + 1], 0.0))
            out.extend([number(tokens[i + 2], 0.0)] * max(0, min(count, limit - len(out))))
            i += 3
        else:
            out.append(number(tokens[i], 0.0))
            i += 1
    return out


def number(value: str | None, default: float) -> float:
    try:
        n = float(value) if value is not None else default
    except ValueError:
        return default
    return n if math.isfinite(n) else default


def numbers(value: str | None, count: int) -> tuple[float, ...] | None:
    parts = (value or "").replace(",", " ").split()
    if len(parts) < count:
        return None
    values = tuple(number(p, math.nan) for p in parts[:count])
    return None if any(math.isnan(v) for v in values) else values
