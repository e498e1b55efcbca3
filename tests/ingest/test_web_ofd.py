"""Government web pages -> the article only, with 发布时间 and the 信息公开 table as metadata;
OFD files -> paragraphs, sections, table rows and pages; broken OFD files -> a clear reason."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from ofd_samples import LEFT, notice_ofd, shaped_ofd

from ingest.loaders import LoadError, load_document
from ingest.pipeline import parse_document
from ingest.readers.html_article import is_furniture_line
from ingest.readers.ofd_content import PT_PER_MM

WEB = Path(__file__).resolve().parents[1] / "fixtures" / "web"
SITE_WORDS = (
    "当前位置", "您现在的位置", "您的位置", "首页", "分享", "微信", "微博", "字体", "字号", "打印", "关闭",
    "浏览次数", "点击数", "上一篇", "下一篇", "相关链接", "主办", "承办", "网站标识码", "ICP备", "公网安备",
    "版权所有", "Copyright", "联系我们", "网站地图", "发布时间", "发布日期", "索引号", "主题分类", "栏目导航",
    "责任编辑", "扫一扫", "纠错", "相关稿件", "解读",
)  # fmt: skip


def copy(tmp_path: Path, name: str) -> Path:
    return Path(shutil.copy(WEB / name, tmp_path / name))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ------------------------------------------------------------------ web pages


@pytest.mark.parametrize("page", ["trs_notice.html", "xxgk_gbk.html", "old_table_site.html", "govcn_policy.html"])
def test_gov_page_text_is_the_article_without_the_site(tmp_path: Path, page: str) -> None:
    text = load_document(copy(tmp_path, page)).text
    leaked = [w for w in SITE_WORDS if w in text]
    assert not leaked, leaked
    assert "关于" in text.splitlines()[0]  # the title (read from above the body when it sits there) comes first


@pytest.mark.parametrize("page", ["trs_notice.html", "xxgk_gbk.html", "old_table_site.html", "govcn_policy.html"])
def test_article_is_found_by_text_density_alone_without_class_or_id_hints(tmp_path: Path, page: str) -> None:
    raw = (WEB / page).read_bytes()
    hintless = re.sub(rb'\s(?:class|id)="[^"]*"', b"", raw)
    assert b"TRS_Editor" not in hintless and b"zoom" not in hintless
    with_hints = load_document(write(tmp_path, "a_" + page, raw)).text
    assert load_document(write(tmp_path, "b_" + page, hintless)).text == with_hints


def test_trs_page_keeps_body_order_and_the_table_rows(tmp_path: Path) -> None:
    lines = load_document(copy(tmp_path, "trs_notice.html")).text.split("\n")
    assert lines[:2] == ["关于印发青山市医养结合服务能力提升行动方案的通知", "各县（市、区）卫生健康局，委直属各单位："]
    heads = [ln for ln in lines if ln[:2] in ("一、", "二、", "三、", "四、")]
    assert heads == ["一、工作目标", "二、重点任务", "三、主要指标", "四、保障措施"]
    at = lines.index("\t医养结合机构数（家）")
    assert lines[at - 1 : at + 4] == ["\t1", "\t医养结合机构数（家）", "\t8", "\t12", ""]


def test_gov_page_metadata_comes_from_the_info_line_and_the_attribute_table(tmp_path: Path) -> None:
    meta = load_document(copy(tmp_path, "trs_notice.html")).meta
    assert meta["published"] == "2024-03-08"
    assert meta["doc_number"] == "青卫老龄〔2024〕7号"
    assert meta["issuer"] == "青山市卫生健康委员会"
    assert meta["date"] == "2024-03-05"
    assert meta["title"] == "关于印发青山市医养结合服务能力提升行动方案的通知"
    gbk = load_document(copy(tmp_path, "xxgk_gbk.html")).meta  # a list of <b>label</b><span>value</span>
    assert (gbk["doc_number"], gbk["date"], gbk["published"]) == ("绿政办发〔2023〕45号", "2023-11-16", "2023-11-20")
    assert gbk["issuer"] == "绿水县人民政府办公室"
    govcn = load_document(copy(tmp_path, "govcn_policy.html")).meta  # no info line: 发布日期 of the table
    assert (govcn["published"], govcn["date"], govcn["doc_number"]) == ("2019-04-16", "2019-03-29", "国办发〔2019〕5号")


def test_web_page_document_gets_published_and_the_pages_wenhao(tmp_path: Path) -> None:
    parsed = parse_document(copy(tmp_path, "trs_notice.html"), {})
    m = parsed.meta
    assert (m.published, m.date, m.doc_number) == ("2024-03-08", "2024-03-05", "青卫老龄〔2024〕7号")
    assert m.title == "青山市医养结合服务能力提升行动方案"
    sections = {c.section for c in parsed.clauses}
    assert {"一、", "二、（一）", "二、（二）", "四、"} <= sections
    rows = [c for c in parsed.clauses if c.kind == "table_row"]
    assert any(r.columns.get("2025年") == "12" for r in rows)
    assert not any("浏览次数" in c.text or "发布时间" in c.text for c in parsed.clauses)


def test_gbk_xxgk_page_reads_articles_as_clauses(tmp_path: Path) -> None:
    parsed = parse_document(copy(tmp_path, "xxgk_gbk.html"), {})
    assert parsed.meta.published == "2023-11-20"
    assert parsed.meta.doc_number == "绿政办发〔2023〕45号"
    articles = [c.section for c in parsed.clauses if c.section.startswith("第")]
    assert articles[:5] == ["第一条", "第二条", "第三条", "第四条", "第五条"]


def test_old_table_layout_site_keeps_title_breaks_and_signature(tmp_path: Path) -> None:
    doc = load_document(copy(tmp_path, "old_table_site.html"))
    lines = [ln for ln in doc.text.split("\n") if ln]
    assert lines[0] == "白云区民政局关于做好2024年养老机构医养结合工作的通知"
    assert lines[3].startswith("一、签约合作全覆盖。") and lines[-2:] == ["白云区民政局", "2024年4月1日"]
    assert doc.meta == {"published": "2024-04-02"}


def test_article_split_in_two_blocks_is_read_whole_and_sidebar_dropped(tmp_path: Path) -> None:
    sentence = "各单位要按照要求，认真做好医养结合工作，确保各项任务按期完成。"
    html = f"""<html><body><div class="side"><ul>{'<li><a href="#">养老服务政策解读之一</a></li>' * 8}</ul></div>
    <div class="wrap"><div class="part"><p>一、总体要求</p><p>{sentence * 2}</p></div>
    <div class="part"><p>二、保障措施</p><p>{sentence * 2}</p></div>
    <div class="bottom">上一篇：<a href="#">关于开展老年健康宣传周的通知</a></div></div></body></html>"""
    text = load_document(write(tmp_path, "split.html", html.encode())).text
    assert text.split("\n") == ["一、总体要求", sentence * 2, "二、保障措施", sentence * 2]


def test_short_notice_with_br_lines_keeps_title_and_signature(tmp_path: Path) -> None:
    html = """<html><head><title>关于公布第一批医养结合机构名单的公告</title></head><body>
    <ul class="menu"><li><a href="/">首页</a></li><li><a href="/a">政务公开</a></li></ul>
    <div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/a">通知公告</a></div>
    <div class="title">关于公布第一批医养结合机构名单的公告</div><div class="info">日期：2024-06-01　来源：县卫健局</div>
    <div id="zoom">经审核，现将第一批医养结合机构名单予以公布。<br>特此公告。<br>红河县卫生健康局<br>2024年5月30日</div>
    <div class="foot">主办单位：红河县卫生健康局　网站标识码：5325000001　滇ICP备10001234号</div></body></html>"""
    doc = load_document(write(tmp_path, "notice.htm", html.encode()))
    assert doc.text.split("\n") == [
        "关于公布第一批医养结合机构名单的公告", "经审核，现将第一批医养结合机构名单予以公布。", "特此公告。",
        "红河县卫生健康局", "2024年5月30日",
    ]  # fmt: skip
    assert doc.meta == {"published": "2024-06-01"}


def test_site_name_heading_is_not_taken_for_the_title(tmp_path: Path) -> None:
    body = "为进一步做好养老服务工作，提升服务质量，保障老年人合法权益，现就有关事项通知如下。"
    html = f"""<html><head><title>关于做好养老服务工作的通知-青山市民政局</title></head><body>
    <div class="brand"><h1>青山市民政局</h1></div><div class="wz"><h2 class="sub">关于做好养老服务工作的通知</h2>
    <div class="text"><p>各区民政局：</p><p>{body}</p>
    <p>一、加强养老机构安全管理，落实消防、食品等安全责任，定期开展隐患排查整治。</p></div></div></body></html>"""
    lines = load_document(write(tmp_path, "t.html", html.encode())).text.split("\n")
    assert lines[:3] == ["关于做好养老服务工作的通知", "各区民政局：", body]


def test_body_table_of_documents_is_not_taken_for_the_attribute_table(tmp_path: Path) -> None:
    sentence = "现将本年度出台的养老服务政策文件目录公布如下，请各单位认真学习并抓好贯彻落实。"
    html = f"""<html><body><div class="content"><p>{sentence}</p><p>{sentence}</p>
    <table><tr><td>序号</td><td>文件名称</td><td>文号</td><td>发布日期</td></tr>
    <tr><td>1</td><td>某县养老服务补贴办法</td><td>某民发〔2024〕2号</td><td>2024-02-01</td></tr></table></div></body></html>"""
    doc = load_document(write(tmp_path, "list.html", html.encode()))
    assert "\t某民发〔2024〕2号" in doc.text.split("\n") and "doc_number" not in doc.meta


def test_container_metadata_fills_only_what_the_text_lacks() -> None:
    from ingest.metadata import extract_metadata

    page = {"title": "关于印发某县医养结合实施方案的通知", "doc_number": "某卫发[2024]3 号", "date": "2024年3月5日",
            "issuer": "某县卫生健康局"}  # fmt: skip
    bare = extract_metadata("a.html", "一、工作目标\n到2025年建成1家医养结合机构。", container=page)
    assert (bare.title, bare.wrapper_title) == ("某县医养结合实施方案", "关于印发某县医养结合实施方案的通知")
    assert (bare.doc_number, bare.date, bare.issuers) == ("某卫发〔2024〕3号", "2024-03-05", ("某县卫生健康局",))
    own = "某县民政局\n某民发〔2023〕9号\n关于养老服务的通知\n某县民政局\n2023年2月1日\n一、目标"
    m = extract_metadata("b.html", own, container=page)
    assert (m.title, m.doc_number, m.date, m.issuers) == ("关于养老服务的通知", "某民发〔2023〕9号", "2023-02-01", ("某县民政局",))


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("【字体：大 中 小】", True), ("打印本页 关闭窗口", True), ("浏览次数：1286", True),
        ("发布时间：2024-03-08 16:20 来源：市卫健委", True), ("网站标识码：3503000012 闽ICP备12345678号", True),
        ("日期：2024-06-01　来源：县卫健局", True), ("由市民政局主办的培训班每年举办一次。", False),
        ("时间：2024年5月10日上午9时", False), ("日期：2024年5月10日", False), ("一、工作目标", False),
    ],
)  # fmt: skip
def test_furniture_lines_are_site_lines_only(line: str, furniture: bool) -> None:
    assert is_furniture_line(line) is furniture


# ------------------------------------------------------------------ OFD


def test_ofd_notice_reads_paragraphs_table_rows_and_pages(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "notice.ofd", notice_ofd()))
    assert (doc.media_type, doc.encoding, doc.paragraphed) == ("application/ofd", "ofd", True)
    lines = doc.text.split("\n")
    assert lines[1] == "关于印发青山市医养结合示范创建工作方案的通知"  # two printed lines, one title
    assert "到2025年底，全市建成医养结合示范机构12家，每个县（市、区）至少1家，护理型床位占比达到60%。" in lines
    at = lines.index("\t医养结合机构（家）")
    assert lines[at - 1 : at + 3] == ["\t1", "\t医养结合机构（家）", "\t12", ""]
    assert "— 1 —" not in doc.text and "— 2 —" not in doc.text  # page numbers are furniture
    assert len(doc.page_starts) == 2 and doc.page_of(doc.text.index("三、保障措施")) == 2
    assert len(doc.boxes) == len(doc.text)
    box = doc.boxes[doc.text.index("一、工作目标")]
    assert box is not None and box.page == 1 and box.x0 == pytest.approx(LEFT * PT_PER_MM, abs=0.5)


def test_ofd_document_metadata_sections_and_pages(tmp_path: Path) -> None:
    parsed = parse_document(write(tmp_path, "notice.ofd", notice_ofd()), {})
    m = parsed.meta
    assert (m.title, m.doc_number, m.date) == ("青山市医养结合示范创建工作方案", "青卫老龄〔2024〕9号", "2024-05-18")
    by_section = {c.section: c for c in parsed.clauses if c.kind != "table_row"}
    assert {"一、", "二、（一）", "二、（二）", "三、"} <= set(by_section)
    assert "市卫生健康委牵头" in by_section["二、（一）"].text
    assert by_section["一、"].pages == (1,) and by_section["三、"].pages == (2,)
    rows = [c for c in parsed.clauses if c.kind == "table_row"]
    assert [r.columns.get("2025年") for r in rows] == ["12", "60"]


def test_ofd_producer_shapes_ctm_template_per_char_codes_page_blocks_composites(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "shaped.ofd", shaped_ofd()))
    # the template's running header and the "- 1 -" page numbers are furniture; the PageBlock's text is read
    page = ["本县户籍老年人均可申请。", "补贴标准每人每月一百元。"]
    assert doc.text.split("\n") == ["第一章 补贴对象", *page, "第二章 补贴对象", *page, "绿水县民政局"]  # composite
    heading = doc.boxes[0]  # Size 1 scaled 6x by the CTM, at Boundary origin 30 mm, baseline 46 mm
    assert heading is not None
    assert heading.x0 == pytest.approx(30 * PT_PER_MM, abs=0.1)
    assert heading.x1 - heading.x0 == pytest.approx(6 * PT_PER_MM, abs=0.1)
    assert heading.bottom == pytest.approx((46 + 0.14 * 6) * PT_PER_MM, abs=0.1)
    assert doc.meta == {"title": "绿水县养老服务补贴办法", "issuer": "绿水县民政局", "created": "2023-12-01"}


def test_ofd_without_a_printed_title_takes_docinfo_title_cleaned_of_the_file_name(tmp_path: Path) -> None:
    from fixtures.formats.ofdwriter import OfdDocument

    doc = OfdDocument(title="Microsoft Word - 关于印发某县养老服务方案的通知.docx", author="某县民政局",
                      creation_date="2024-01-01", custom_datas={"发文字号": "某民发[2024]1号"})  # fmt: skip
    page = doc.add_page()
    page.add_text(28, 40, "一、总体要求", font="黑体")
    page.add_text(28, 50, "到2025年，全县养老机构全部与医疗机构签约。")
    m = parse_document(write(tmp_path, "plan.ofd", doc.to_bytes()), {}).meta
    assert (m.title, m.doc_number, m.issuers) == ("某县养老服务方案", "某民发〔2024〕1号", ("某县民政局",))


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.4 not a zip at all", "OFD 文件已损坏或格式不对（不是 OFD 压缩包）"),
        (notice_ofd()[:900], "OFD 文件已损坏或格式不对（不是 OFD 压缩包）"),
        (_zip({"Doc_0/Document.xml": "<Document/>"}), "OFD 文件已损坏或格式不对（缺少 OFD.xml）"),
        (_zip({"OFD.xml": "<OFD><DocBody><DocRoot>Doc_0/Document.xml"}), "OFD 文件已损坏或格式不对（XML 无法解析）"),
    ],
    ids=["not-zip", "truncated", "no-ofd-xml", "bad-xml"],
)
def test_broken_ofd_is_refused_with_a_clear_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(LoadError) as err:
        load_document(write(tmp_path, "bad.ofd", data))
    assert err.value.reason == reason


def test_ofd_scanned_page_among_text_pages_is_named_in_the_notes(tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(notice_ofd())) as src:
        members = {name: src.read(name).decode() for name in src.namelist()}
    members["Doc_0/Pages/Page_1/Content.xml"] = (  # page 2 becomes a scanned image
        '<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content>'
        '<ofd:Layer ID="900"><ofd:ImageObject ID="901" ResourceID="1" Boundary="0 0 210 297" CTM="210 0 0 297 0 0"/>'
        "</ofd:Layer></ofd:Content></ofd:Page>"
    )
    doc = load_document(write(tmp_path, "mixed.ofd", _zip(members)))
    assert doc.notes == ("第2页没有文字（可能是扫描页），该页未导入，需要 OCR",)
    assert "一、工作目标" in doc.text and "三、保障措施" not in doc.text


def test_ofd_without_text_says_it_needs_ocr(tmp_path: Path) -> None:
    from fixtures.formats.ofdwriter import OfdDocument

    doc = OfdDocument(title="扫描件", author="某县民政局", creation_date="2024-01-01")
    doc.add_page().add_line(20, 20, 190, 20)
    with pytest.raises(LoadError, match="没有文字"):
        load_document(write(tmp_path, "scan.ofd", doc.to_bytes()))


# ------------------------------------------------------------------ the format corpus

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "docs"


def test_format_corpus_web_page_reads_as_its_document() -> None:
    parsed = parse_document(FORMATS / "wuxing_yiyang_jigou_banshi_zhinan.html", {})
    m = parsed.meta
    assert (m.title, m.doc_number) == ("吴兴区医养结合机构设立办事指南", "吴卫健〔2024〕29号")
    assert (m.date, m.published) == ("2024-07-22", "2024-07-25")
    assert [c.section for c in parsed.clauses if c.kind != "table_row"][1:4] == ["一、", "二、", "三、"]
    assert not any(w in c.text for c in parsed.clauses for w in SITE_WORDS)
    rows = [c for c in parsed.clauses if c.kind == "table_row"]
    assert len(rows) == 8 and rows[0].columns["办理方式"] == "备案"


def test_format_corpus_ofd_reads_sections_tables_pages_and_issuers() -> None:
    parsed = parse_document(FORMATS / "luan_yiyang_shifan_chuangjian_2025_2027.ofd", {})
    m = parsed.meta
    assert (m.doc_number, m.date, m.issuers) == ("六卫老龄〔2025〕6号", "2025-03-20", ("六安市卫生健康委员会", "六安市民政局"))
    by_section = {c.section: c for c in parsed.clauses if c.kind != "table_row"}
    assert {"一、", "二、（一）1.", "二、（三）2.", "三、"} <= set(by_section)
    assert by_section["一、"].pages == (1,) and by_section["三、"].pages == (2,)
    tasks = [c for c in parsed.clauses if c.kind == "table_row" and "工作任务" in c.columns]
    assert len(tasks) == 5 and tasks[-1].pages == (3,) and tasks[-1].columns["完成时限"] == "每年11月底前"


# ------------------------------------------------------------------ round trip


def test_ingest_web_page_and_ofd_then_docs_shows_publication_date(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cli import app

    corpus = tmp_path / "docs"
    corpus.mkdir()
    copy(corpus, "trs_notice.html")
    write(corpus, "notice.ofd", notice_ofd())
    runner = CliRunner()
    args = ["--data-dir", str(tmp_path / "d"), "--backend", "fake"]
    out = runner.invoke(app, [*args, "ingest", str(corpus)])
    assert out.exit_code == 0 and "2 份文件" in out.output, out.output
    table = runner.invoke(app, [*args, "docs"], env={"COLUMNS": "250"})
    assert "发布时间" in table.output and "2024-03-08" in table.output
    rows = {r["source"]: r for r in json.loads(runner.invoke(app, [*args, "docs", "--json"]).output)}
    assert rows["trs_notice.html"]["published"] == "2024-03-08"
    assert rows["notice.ofd"]["doc_number"] == "青卫老龄〔2024〕9号" and rows["notice.ofd"]["published"] == ""
    show = runner.invoke(app, [*args, "show", "notice.ofd", "二、（一）"])
    assert show.exit_code == 0 and "市卫生健康委牵头" in show.output


def test_ofd_scanned_page_among_text_pages_is_read_by_ocr(tmp_path: Path) -> None:
    """An electronic notice with a scanned attachment page: the page image is read by OCR in its place."""
    from eval.scanpages import ScanText, scan_page

    with zipfile.ZipFile(io.BytesIO(notice_ofd())) as src:
        members: dict[str, str | bytes] = {name: src.read(name).decode() for name in src.namelist()}
    members["Doc_0/Pages/Page_1/Content.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content>'
        '<ofd:Layer ID="900"><ofd:ImageObject ID="901" ResourceID="77" Boundary="0 0 210 297" CTM="210 0 0 297 0 0"/>'
        "</ofd:Layer></ofd:Content></ofd:Page>"
    )
    members["Doc_0/Document.xml"] = str(members["Doc_0/Document.xml"]).replace(
        "</ofd:CommonData>", "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes></ofd:CommonData>")
    members["Doc_0/DocumentRes.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="http://www.ofdspec.org/2016" BaseLoc="Res">'
        '<ofd:MultiMedias><ofd:MultiMedia ID="77" Type="Image" Format="PNG"><ofd:MediaFile>scan.png</ofd:MediaFile>'
        "</ofd:MultiMedia></ofd:MultiMedias></ofd:Res>"
    )
    image = scan_page([ScanText("附件", size_pt=16), ScanText("各乡镇卫生院于每季度末报送医养结合工作进展。", indent=2)],
                      skew_deg=0.4, noise=6, seed=4).image
    png = io.BytesIO()
    image.save(png, format="PNG")
    members["Doc_0/Res/scan.png"] = png.getvalue()
    doc = load_document(write(tmp_path, "scanned_attachment.ofd", _zip(members)))
    assert "一、工作目标" in doc.text and "每季度末报送医养结合工作进展" in doc.text.replace("\n", "")
    assert doc.notes == ("第2页是扫描图片，已用 OCR 识别",)
    assert doc.page_of(doc.text.index("每季度末")) == 2


def test_web_table_cells_spanning_rows_and_columns_stay_under_their_headers(tmp_path: Path) -> None:
    page = """<html><head><meta charset="utf-8"></head><body><h1>关于开展2026年度医养结合补贴申报工作的通知</h1>
    <div id="zoom"><p>一、补贴标准。各类补贴按下表执行，山区乡镇标准适当提高，具体如下。</p><table border="1">
    <tr><th rowspan="2">补贴类别</th><th rowspan="2">补贴项目</th><th colspan="2">补贴标准</th><th rowspan="2">复核部门</th></tr>
    <tr><th>一般地区</th><th>山区乡镇</th></tr>
    <tr><td rowspan="2">建设类</td><td>新增护理型床位建设补助</td><td>每张8000元</td><td>每张10000元</td><td>市民政局</td></tr>
    <tr><td>内设医疗机构建设补助</td><td colspan="2">一次性5万元</td><td>市卫生健康局</td></tr>
    <tr><td>运营类</td><td>收住失能老年人运营补贴</td><td>每人每月300元</td><td>每人每月360元</td><td>市民政局</td></tr>
    </table><p>二、申报时间。2026年9月20日至10月31日。</p></div></body></html>"""
    parsed = parse_document(write(tmp_path, "subsidy.html", page.encode()), {})
    rows = {r.columns.get("补贴项目"): r.columns for r in parsed.clauses if r.kind == "table_row"}
    assert rows["新增护理型床位建设补助"]["补贴标准·山区乡镇"] == "每张10000元"
    shared = rows["内设医疗机构建设补助"]
    assert shared["补贴标准·一般地区"] == shared["补贴标准·山区乡镇"] == "一次性5万元"  # one cell over both
    assert shared["补贴类别"] == "建设类" and shared["复核部门"] == "市卫生健康局"  # the group cell carried down
    assert rows["收住失能老年人运营补贴"]["补贴类别"] == "运营类"


def test_numbers_drawn_in_svg_graphics_and_dl_lists_are_read_after_their_caption(tmp_path: Path) -> None:
    page = """<html><body><h1>图解丨《平江县支持医养结合发展若干措施》</h1><div class="article">
    <h3>一、发展目标</h3><figure><svg viewBox="0 0 300 120"><text x="150" y="20">发展目标</text>
    <text x="95" y="40">2026年</text><text x="225" y="40">2027年</text><text x="150" y="60">养老机构护理型床位占比</text>
    <text x="95" y="80">55%</text><text x="225" y="80">60%</text></svg><figcaption>到2026年底和2027年底分别实现左图所列目标。</figcaption></figure>
    <h3>二、怎么申请</h3><dl><dt>受理部门</dt><dd>县民政局</dd><dt>问：公办机构能申请吗？</dt><dd>答：不能。</dd></dl>
    <p>各乡镇要按照本措施要求，认真组织申报，县民政局负责审核，县财政局负责拨付资金，确保资金及时足额到位。</p>
    </div></body></html>"""
    lines = load_document(write(tmp_path, "tujie.html", page.encode())).text.split("\n")
    chart = "发展目标；2026年 2027年；养老机构护理型床位占比：2026年 55%，2027年 60%。"  # the values named by their heads
    assert chart in lines and lines.index(chart) == lines.index("到2026年底和2027年底分别实现左图所列目标。") + 1
    assert "受理部门：县民政局" in lines and "问：公办机构能申请吗？" in lines and "答：不能。" in lines
    parsed = parse_document(write(tmp_path, "tujie2.html", page.encode()), {})
    goal = next(c for c in parsed.clauses if "护理型床位占比：2026年" in c.text)
    assert goal.section == "一、" and "受理部门" not in goal.text  # a page of blocks: one paragraph per block


def test_a_heading_tag_starts_its_own_section_in_a_page_reflowed_for_its_line_breaks(tmp_path: Path) -> None:
    body = "<br>".join(["一、支持措施", "各项措施按照以下分工落实，具体标准见各项说明，由各责任部门负责解释和",
                        "组织实施，申报材料报送县民政局"])
    page = (f"<html><body><h1>关于印发平江县支持医养结合发展若干措施的通知</h1><div id='zoom'><p>{body}</p>"
            "<h3>措施01　新建机构给补助</h3><p>责任部门：县民政局牵头<br>补助标准：每张床位6000元</p>"
            "<h3>措施02　评上示范给奖励</h3><p>责任部门：县卫生健康局<br>奖励标准：省级20万元</p></div></body></html>")
    loaded = load_document(write(tmp_path, "cuoshi.html", page.encode()))
    assert not loaded.paragraphed  # <br> ends most lines: the text is reflowed
    sections = {c.section: c.text for c in parse_document(write(tmp_path, "cuoshi.html", page.encode()), {}).clauses}
    first = next(t for s, t in sections.items() if "措施01" in s)
    assert "每张床位6000元" in first and "措施02" not in first
    assert any("措施02" in s and "省级20万元" in t for s, t in sections.items())


def test_a_dl_of_the_article_gives_the_metadata_and_stays_in_the_text(tmp_path: Path) -> None:
    page = """<html><body><h1>图解丨《平江县支持医养结合发展若干措施》</h1><div class="article"><h2>一、文件速览</h2>
    <dl><dt>发文机关</dt><dd>平江县人民政府办公室</dd><dt>文号</dt><dd>平政办发〔2026〕3号</dd><dt>成文日期</dt>
    <dd>2026年3月18日</dd><dt>施行日期</dt><dd>2026年4月1日</dd><dt>有效期</dt><dd>2年（至2028年3月31日）</dd></dl>
    <h2>二、主要内容</h2><p>对新建医养结合机构按每张床位6000元给予一次性建设补助，由县民政局负责审核，县财政局负责拨付。</p>
    </div></body></html>"""
    doc = load_document(write(tmp_path, "tujie.html", page.encode()))
    assert doc.meta["doc_number"] == "平政办发〔2026〕3号" and doc.meta["issuer"] == "平江县人民政府办公室"
    assert "有效期：2年（至2028年3月31日）" in doc.text.split("\n")
