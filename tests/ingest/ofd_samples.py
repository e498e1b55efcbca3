"""OFD files for the reader tests: a two-page 通知 laid out as GB/T 9704 prints it, and a page
with the shapes real producers write that the fixture writer does not (CTM, per-character
TextCode, several layers, a template page with a running header, a PageBlock).

Example:
    >>> notice_ofd()[:2]
    b'PK'
"""

from __future__ import annotations

import io
import zipfile

from fixtures.formats.ofdwriter import OfdDocument, OfdPage, text_width

LEFT, WIDTH, SIZE, PITCH = 28.0, 156.0, 5.6, 10.0  # GB/T 9704: 156 mm lines of 三号 (16 pt) type
TABLE = [("序号", "指标", "2025年"), ("1", "医养结合机构（家）", "12"), ("2", "护理型床位占比（%）", "60")]


class _Cursor:
    """Writes wrapped paragraphs down the pages, starting a new page when one is full."""

    def __init__(self, doc: OfdDocument) -> None:
        self.doc = doc
        self.page: OfdPage = doc.add_page()
        self.y = 45.0

    def line(self, text: str, x: float = LEFT, size: float = SIZE, font: str = "仿宋") -> None:
        if self.y > 250:
            self.new_page()
        self.page.add_text(x, self.y, text, size=size, font=font)
        self.y += PITCH

    def para(self, text: str) -> None:
        """A body paragraph: two characters of first-line indent, wrapped at the text width."""
        x, line = LEFT + 2 * SIZE, ""
        for ch in text:
            if x + text_width(line + ch, SIZE) > LEFT + WIDTH:
                self.line(line, x=x)
                x, line = LEFT, ""
            line += ch
        self.line(line, x=x)

    def new_page(self) -> None:
        self.page = self.doc.add_page()
        self.y = 45.0

    def table(self, rows: list[tuple[str, ...]]) -> None:
        """A ruled table: horizontal rules between rows, vertical rules between columns."""
        xs = [LEFT, LEFT + 25, LEFT + 110, LEFT + WIDTH]
        top = self.y - SIZE - 2
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                self.page.add_text(xs[c] + 2, top + r * PITCH + SIZE + 2, cell, size=SIZE * 0.8)
        bottom = top + len(rows) * PITCH
        for r in range(len(rows) + 1):
            self.page.add_line(xs[0], top + r * PITCH, xs[-1], top + r * PITCH)
        for x in xs:
            self.page.add_line(x, top, x, bottom)
        self.y = bottom + PITCH + SIZE


def notice_ofd() -> bytes:
    """A 通知 with its plan: 文号, title, headings 一、/（一）, a ruled table, two pages, page numbers."""
    doc = OfdDocument(
        title="关于印发青山市医养结合示范创建工作方案的通知",
        author="青山市卫生健康委员会",
        creation_date="2024-05-20",
        custom_datas={"文号": "青卫老龄〔2024〕9号", "成文日期": "2024-05-18"},
    )
    w = _Cursor(doc)
    w.line("青卫老龄〔2024〕9号", x=LEFT + 50)
    w.y += PITCH
    w.line("关于印发青山市医养结合示范创建", x=LEFT + 20, size=7.7, font="小标宋")
    w.line("工作方案的通知", x=LEFT + 50, size=7.7, font="小标宋")
    w.line("各县（市、区）卫生健康局：")
    w.para("现将《青山市医养结合示范创建工作方案》印发给你们，请结合实际认真组织实施。")
    w.line("一、工作目标", font="黑体")
    w.para("到2025年底，全市建成医养结合示范机构12家，每个县（市、区）至少1家，护理型床位占比达到60%。")
    w.table(TABLE)
    w.line("二、重点任务", font="黑体")
    w.line("（一）提升服务能力", font="楷体")
    w.para("支持二级及以上医院开设老年医学科，由市卫生健康委牵头，市民政局配合，于2024年12月底前完成。")
    w.line("（二）加强人才队伍建设", font="楷体")
    w.para("将医养结合人才纳入卫生健康人才培养规划，每年培训医养结合机构管理人员和护理人员不少于500人次。")
    w.new_page()
    w.line("三、保障措施", font="黑体")
    w.para("各地要将医养结合示范创建纳入重要议事日程，加强部门协同，及时研究解决工作中遇到的问题。")
    w.line("青山市卫生健康委员会", x=LEFT + 90)
    w.line("2024年5月18日", x=LEFT + 96)
    for number, page in enumerate(doc.pages, start=1):
        page.add_text(100, 280, f"— {number} —", size=4.9)
    return doc.to_bytes()


# ------------------------------------------------------------------ producer shapes

_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
_SHAPED_OFD = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD {_NS} Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo>
<ofd:DocID>0f1e2d3c</ofd:DocID><ofd:Title>绿水县养老服务补贴办法</ofd:Title><ofd:Author>绿水县民政局</ofd:Author>
<ofd:CreationDate>2023-12-01</ofd:CreationDate></ofd:DocInfo>
<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"""
_SHAPED_DOCUMENT = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Document {_NS}><ofd:CommonData><ofd:MaxUnitID>40</ofd:MaxUnitID>
<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>
<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>
<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>
<ofd:Pages>{{pages}}</ofd:Pages></ofd:Document>"""
_SHAPED_RES = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Res {_NS} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="1" FontName="宋体"/></ofd:Fonts>
<ofd:CompositeGraphicUnits><ofd:CompositeGraphicUnit ID="30" Width="60" Height="10"><ofd:Content>
<ofd:TextObject ID="31" Boundary="0 0 60 10" Font="1" Size="5"><ofd:TextCode X="0" Y="5" DeltaX="g 5 5">绿水县民政局</ofd:TextCode>
</ofd:TextObject></ofd:Content></ofd:CompositeGraphicUnit></ofd:CompositeGraphicUnits></ofd:Res>"""
_TEMPLATE = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page {_NS}><ofd:Content><ofd:Layer ID="3">
<ofd:TextObject ID="4" Boundary="60 10 100 8" Font="1" Size="4"><ofd:TextCode X="0" Y="5" DeltaX="g 8 4">绿水县民政局公文专用</ofd:TextCode></ofd:TextObject>
<ofd:PathObject ID="5" Boundary="25 20 160 1" LineWidth="0.3"><ofd:AbbreviatedData>M 0 0.5 L 160 0.5</ofd:AbbreviatedData></ofd:PathObject>
</ofd:Layer></ofd:Content></ofd:Page>"""


def _shaped_page(n: int) -> str:
    """Page ``n``: a scaled heading (CTM), per-character TextCodes, a PageBlock and two layers."""
    body = (
        # heading set at Size 1 and scaled 6x by the CTM, as some converters write it
        f'<ofd:TextObject ID="1{n}1" Boundary="30 40 150 10" CTM="6 0 0 6 0 0" Font="1" Size="1">'
        f'<ofd:TextCode X="0" Y="1" DeltaX="g 7 1">第{"一二"[n]}章　补贴对象</ofd:TextCode></ofd:TextObject>'
        # one TextCode per character, X given each time (no DeltaX)
        f'<ofd:TextObject ID="1{n}2" Boundary="30 55 150 10" Font="1" Size="5">'
        + "".join(f'<ofd:TextCode X="{5 * i}" Y="5">{c}</ofd:TextCode>' for i, c in enumerate("本县户籍老年人均可申请。"))
        + "</ofd:TextObject>"
        f'<ofd:PageBlock ID="1{n}3"><ofd:TextObject ID="1{n}4" Boundary="30 70 150 10" Font="1" Size="5">'
        f'<ofd:TextCode X="0" Y="5" DeltaX="5 5 5 5 5 5 5 5 5 5">补贴标准每人每月一百元。</ofd:TextCode>'
        "</ofd:TextObject></ofd:PageBlock>"
    )
    if n == 1:  # the signature, drawn as a composite unit from the resources
        body += '<ofd:CompositeObject ID="199" ResourceID="30" Boundary="120 100 60 10"/>'
    number = (
        f'<ofd:TextObject ID="1{n}5" Boundary="100 280 20 6" Font="1" Size="4">'
        f'<ofd:TextCode X="0" Y="4" DeltaX="2 2">- {n + 1} -</ofd:TextCode></ofd:TextObject>'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {_NS}><ofd:Template TemplateID="2"/>'
        f'<ofd:Content><ofd:Layer ID="1{n}0" Type="Foreground">{number}</ofd:Layer>'
        f'<ofd:Layer ID="1{n}9" Type="Body">{body}</ofd:Layer></ofd:Content></ofd:Page>'
    )


def shaped_ofd() -> bytes:
    """Two pages with a template header, a CTM-scaled heading, per-character TextCodes, a PageBlock,
    and on page 2 a CompositeObject."""
    pages = "".join(f'<ofd:Page ID="{20 + i}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(2))
    members = {
        "OFD.xml": _SHAPED_OFD,
        "Doc_0/Document.xml": _SHAPED_DOCUMENT.format(pages=pages),
        "Doc_0/PublicRes.xml": _SHAPED_RES,
        "Doc_0/Tpls/Tpl_0/Content.xml": _TEMPLATE,
        **{f"Doc_0/Pages/Page_{i}/Content.xml": _shaped_page(i) for i in range(2)},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, xml in members.items():
            archive.writestr(name, xml.encode("utf-8"))
    return buffer.getvalue()
