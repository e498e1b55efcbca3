"""OFD files (GB/T 33190, the national format for official documents), read by layout.

An OFD is a zip of XML: ``OFD.xml`` (DocInfo, the document root) -> ``Document.xml``
(page list, template pages, resources) -> one ``Content.xml`` per page. ofdkit opens and
validates the package (safety limits, GBK entry names, broken paths and XML prefixes repaired)
and reads DocInfo; the document tree, the positioned characters and the ruling lines are read
here (:mod:`ingest.readers.ofd_content`) through ofdkit's ``Package``, because ofdkit gives text
runs without per-character positions and no paths (see ``docs/formats.md``). Template pages
(running headers, 版记 lines) are drawn under each page that names them, as a viewer shows them;
:func:`ingest.readers.geometry.compose` then drops running headers and page numbers, joins lines
into paragraphs and reads ruled tables. A page of images without text is named in the notes.

``Extracted.meta`` holds what DocInfo says: ``title``, ``issuer`` (Author), ``created``
(CreationDate), and from ``CustomDatas`` the 公文 attributes under their usual names
(``文号``/``发文字号`` -> ``doc_number``, ``成文日期`` -> ``date``, ``发文机关`` -> ``issuer``).

Example:
    >>> from fixtures.formats.ofdwriter import OfdDocument   # doctest: +SKIP
    >>> doc = OfdDocument(title="示例", author="某县民政局", creation_date="2024-03-01")   # doctest: +SKIP
    >>> doc.add_page().add_text(25, 40, "一、总体要求")   # doctest: +SKIP
    >>> read_ofd(Path("a.ofd"), doc.to_bytes()).text   # doctest: +SKIP
    '一、总体要求'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from corpus.normalize import normalize_doc_number
from ingest.readers.base import Extracted, LoadError
from ingest.readers.geometry import Glyph, PageLayout, compose
from ingest.readers.ofd_scans import ScannedPage, media_files, read_scanned_pages
from ingest.readers.html_meta import LABELS
from ingest.readers.ofd_content import PT_PER_MM, Rule, kids, local, numbers, read_content

_PAGE_MARGIN = 2.0  # mm: text this far outside the page box still counts as on the page
A4 = (0.0, 0.0, 210.0, 297.0)  # mm, when neither the page nor the document gives a box
Box = tuple[float, float, float, float]
_CUSTOM_KEYS = {**LABELS, "发文字号": "doc_number", "DocNumber": "doc_number", "Issuer": "issuer", "签发日期": "date"}
_REASONS = (
    ("not a ZIP", "不是 OFD 压缩包"),
    ("OFD.xml is missing", "缺少 OFD.xml"),
    ("invalid XML", "XML 无法解析"),
    ("no readable document", "找不到 Document.xml"),
    ("too large", "文件内部的部件过大"),
    ("too many entries", "压缩包条目过多"),
)


def read_ofd(path: Path, data: bytes) -> Extracted:
    """Read an OFD file into the shared line layout, with pages, character boxes and DocInfo.

    Raises:
        LoadError: not an OFD, corrupt, or no text on any page (a scan: needs OCR).
    """
    try:
        import ofdkit
        from ofdkit.package import Package
    except ImportError as exc:  # pragma: no cover - ofdkit is a pinned dependency
        raise LoadError(path, "读取 OFD 需要安装 ofdkit（pip install ofdkit）") from exc
    try:
        with ofdkit.open(data) as doc, Package(data) as package:  # ofdkit.open validates the package
            meta = _meta(doc.info)
            layouts, scanned, media = _layouts(package)
            read, frames, notes = _ocr_scans(path, package, scanned, media)
    except ofdkit.OFDError as exc:
        raise LoadError(path, f"OFD 文件已损坏或格式不对（{_reason(exc)}）") from exc
    except LoadError:
        raise
    except Exception as exc:  # a malformed file can break any step; the batch must go on
        raise LoadError(path, f"OFD 文件已损坏或格式不对（{type(exc).__name__}）") from exc
    layouts = [read.get(layout.number, layout) for layout in layouts]
    if not any(layout.glyphs for layout in layouts):
        raise LoadError(path, "OFD 里没有文字（可能是扫描件，需要 OCR）")
    notes += [f"第{p.number}页没有文字（可能是扫描页），该页未导入，需要 OCR" for p in scanned if p.number not in read]
    notes += [f"第{n}页是扫描图片，已用 OCR 识别" for n in sorted(read)]
    extracted = compose(layouts, encoding="ofd", notes=notes)
    if frames:
        from ingest.readers.ocr import unstraightened

        extracted = unstraightened(extracted, frames)
    return dataclasses.replace(extracted, meta=meta)


def _ocr_scans(path: Path, package: Any, scanned: list[ScannedPage],
               media: dict[str, str]) -> tuple[dict[int, PageLayout], dict, list[str]]:
    """The scanned pages read by OCR, when it is installed."""
    if not scanned:
        return {}, {}, []
    try:
        import ingest.readers.ocr  # noqa: F401 - loads the OCR engine's module
    except ImportError:
        return {}, {}, []
    read, frames, notes = read_scanned_pages(path, package, scanned, media)
    return {n: p for n, p in read.items() if p.glyphs}, frames, notes


def _layouts(package: Any) -> tuple[list[PageLayout], list[ScannedPage], dict[str, str]]:
    """Every page of every DocBody, in order, with its templates drawn underneath; the pages
    that hold images but no text (scans); the image files by resource ID."""
    layouts: list[PageLayout] = []
    scanned: list[ScannedPage] = []
    media: dict[str, str] = {}
    entry = package.find("OFD.xml")
    for body in kids(package.read_xml(entry), "DocBody"):
        location = package.resolve(entry, _child_text(body, "DocRoot"))
        if location is None:
            continue
        document = package.read_xml(location)
        common = next(kids(document, "CommonData"), None)
        default_box = _physical_box(common, "PageArea") or A4
        units = _resource_units(package, location, common)
        media |= media_files(package, _resource_paths(package, location, common))
        # a template is drawn on many pages: read it once
        templates = _templates(package, location, common)
        drawn = {tid: read_content(package.read_xml(loc), units) for tid, loc in templates.items()}
        for page in (p for pages in kids(document, "Pages") for p in kids(pages, "Page")):
            page_location = package.resolve(location, page.get("BaseLoc"))
            if page_location is None:
                continue
            layout, images = _page(package, page_location, len(layouts) + 1, default_box, drawn, units)
            layouts.append(layout)
            if images and not layout.glyphs:
                root = package.read_xml(page_location)
                media |= media_files(package, [package.resolve(page_location, r.text) for r in kids(root, "PageRes")])
                box = _physical_box(root, "Area") or default_box
                scanned.append(ScannedPage(layout.number, page_location, box))
    return layouts, scanned, media


def _page(
    package: Any, location: str, number: int, default_box: Box,
    templates: dict[str, tuple[list[Glyph], list[Rule]]], units: dict[str, ET.Element],
) -> tuple[PageLayout, bool]:  # fmt: skip
    """One page: its templates' glyphs and rules under its own, on the page's box; and whether it draws images."""
    root = package.read_xml(location)
    units = units | _units(package, [package.resolve(location, r.text) for r in kids(root, "PageRes")])
    glyphs: list[Glyph] = []
    rules: list[Rule] = []
    for ref in kids(root, "Template"):
        g, r = templates.get((ref.get("TemplateID") or "").strip(), ([], []))
        glyphs, rules = glyphs + g, rules + r
    g, r = read_content(root, units)
    images = any(local(el.tag) == "ImageObject" for el in root.iter())
    return _on_page(number, _physical_box(root, "Area") or default_box, glyphs + g, rules + r), images


def _on_page(number: int, box: Box, glyphs: list[Glyph], rules: list[Rule]) -> PageLayout:
    """Coordinates relative to the page box, in points; text outside the box is not shown, so dropped."""
    ox, oy, w, h = (v * PT_PER_MM for v in box)
    m = _PAGE_MARGIN * PT_PER_MM
    shown = [
        Glyph(g.text, g.x0 - ox, g.top - oy, g.x1 - ox, g.bottom - oy)
        for g in glyphs
        if ox - m <= g.x0 <= ox + w + m and oy - m <= g.bottom <= oy + h + m
    ]
    moved = [(x0 - ox, t - oy, x1 - ox, b - oy) for x0, t, x1, b in rules]
    return PageLayout(number, w, h, shown, moved)


def _templates(package: Any, location: str, common: ET.Element | None) -> dict[str, str]:
    """Template page Content.xml locations by ID."""
    found = {}
    for tpl in kids(common, "TemplatePage"):
        resolved = package.resolve(location, tpl.get("BaseLoc"))
        if resolved is not None:
            found[(tpl.get("ID") or "").strip()] = resolved
    return found


def _resource_paths(package: Any, location: str, common: ET.Element | None) -> list[str | None]:
    resources = [c for c in (common if common is not None else ()) if local(c.tag) in ("PublicRes", "DocumentRes")]
    return [package.resolve(location, r.text) for r in resources]


def _resource_units(package: Any, location: str, common: ET.Element | None) -> dict[str, ET.Element]:
    return _units(package, _resource_paths(package, location, common))


def _units(package: Any, res_paths: list[str | None]) -> dict[str, ET.Element]:
    """CompositeGraphicUnit elements by ID from resource files."""
    found = {}
    for res_path in (p for p in res_paths if p is not None):
        for holder in kids(package.read_xml(res_path), "CompositeGraphicUnits"):
            found |= {(u.get("ID") or "").strip(): u for u in kids(holder, "CompositeGraphicUnit")}
    return found


def _physical_box(el: ET.Element | None, area: str) -> Box | None:
    values = numbers(_child_text(next(kids(el, area), None), "PhysicalBox"), 4)
    return (values[0], values[1], values[2], values[3]) if values and values[2] > 0 and values[3] > 0 else None


def _child_text(el: ET.Element | None, name: str) -> str | None:
    return next((c.text for c in kids(el, name)), None)


def _meta(info: Any) -> dict[str, str]:
    meta = {"title": _title(info.title or ""), "issuer": info.author or "", "created": _iso(info.creation_date or "")}
    for name, value in info.custom_data.items():
        key = _CUSTOM_KEYS.get(re.sub(r"\s+", "", name))
        if key and value.strip():
            meta[key] = value.strip()
    if meta.get("date"):
        meta["date"] = _iso(meta["date"])
    if meta.get("doc_number"):
        meta["doc_number"] = normalize_doc_number(meta["doc_number"])
    return {k: v for k, v in meta.items() if v}


def _title(value: str) -> str:
    """DocInfo Title as a title: converters often leave the source file's name there."""
    value = re.sub(r"^(?:Microsoft\s+Word|WPS\s*文字|WPS)\s*-\s*", "", value.strip(), flags=re.I)
    return re.sub(r"\.(?:docx?|wps|pdf|ofd|txt)$", "", value, flags=re.I).strip()


def _iso(value: str) -> str:
    m = re.search(r"(\d{4})\D{1,2}(\d{1,2})\D{1,2}(\d{1,2})", value)
    try:
        return dt.date(*(int(g) for g in m.groups())).isoformat() if m else ""
    except ValueError:
        return ""


def _reason(exc: BaseException) -> str:
    text = str(exc)
    return next((cn for en, cn in _REASONS if en in text), text[:80])
