"""A WeChat 公众号 article saved as a page: the body hidden until a script shows it, every paragraph
in nested <section>s and cut into <span>s mid-word, a table inside a section, 往期推荐 and comments
around it, the publication time in the page's own element."""

from __future__ import annotations

from pathlib import Path

from ingest.loaders import load_document

PARA = "到2027年，全县医养结合机构不少于9家，养老机构护理型床位占比达到60%以上。（县卫健委牵头，县民政局配合）"


def _spans(text: str, cut: int = 7) -> str:
    return "".join(f"<span style='font-size:15px'>{text[i:i + cut]}</span>" for i in range(0, len(text), cut))


def _para(text: str, depth: int) -> str:
    inner = f"<section style='line-height:1.75'>{_spans(text)}</section>"
    return "<section style='margin:0'>" * (depth - 1) + inner + "</section>" * (depth - 1)


def page() -> str:
    body = "".join(_para(PARA.replace("9家", f"{n}家"), depth) for n, depth in ((9, 1), (7, 3), (5, 2)))
    heading = "<section style='background-color: rgb(30,136,229)'><strong>01</strong>&nbsp;|&nbsp;" \
              + _spans("总体目标", 2) + "</section>"
    table = ("<section style='overflow-x:auto'><table><tr><td><section><span>指标</span></section></td>"
             "<td><section><span>2027年</span></section></td></tr><tr><td><section>"
             + _spans("医养结合机构数量", 3) + "</section></td><td><section><span>不少于9家</span>"
             "</section></td></tr></table></section>")
    recommended = "<section><span>往期推荐</span></section>" + "".join(
        f"<section><a href='#'>{t}</a></section>" for t in ("抚州市第二批医养结合示范机构名单公布", "宜黄县启动老年人免费体检"))
    return f"""<html><head><meta charset="utf-8"><title>重磅｜方案印发</title></head>
    <body><div id="js_article"><h1 id="activity-name">重磅｜宜黄县推进医养结合高质量发展实施方案印发</h1>
    <div id="meta_content"><span id="copyright_logo">原创</span> <a id="js_name">宜黄卫健</a>
    <em id="publish_time">2025-04-18 17:32</em></div>
    <div class="rich_media_content" id="js_content" style="visibility: hidden;">{heading}{body}{table}
    <section><span>—— END ——</span></section>{recommended}
    <section><span>长按识别二维码　关注宜黄卫健</span></section></div>
    <div id="js_view_source">阅读原文</div>
    <ul id="js_cmt_list" class="discuss_list"><li class="comment_item">签约合作由县民政局牵头，感谢解答！</li></ul>
    </div><script>document.getElementById('js_content').style.visibility='visible';</script></body></html>"""


def test_a_wechat_article_is_read_as_its_paragraphs_without_the_chrome(tmp_path: Path) -> None:
    path = tmp_path / "wechat.html"
    path.write_text(page(), encoding="utf-8")
    doc = load_document(path)
    lines = [ln.strip() for ln in doc.text.split("\n") if ln.strip()]
    assert "01 | 总体目标" in lines
    assert [ln for ln in lines if ln.startswith("到2027年")] == [
        PARA, PARA.replace("9家", "7家"), PARA.replace("9家", "5家")]  # spans joined, wrappers of any depth
    assert "医养结合机构数量" in lines and "不少于9家" in lines  # the table, its cells whole
    for chrome in ("END", "往期推荐", "示范机构名单", "二维码", "阅读原文", "感谢解答", "原创"):
        assert not any(chrome in ln for ln in lines), chrome
    assert doc.meta["published"] == "2025-04-18"


def test_boxed_numbered_headings_hold_their_paragraphs(tmp_path: Path) -> None:
    from ingest.pipeline import parse_document

    path = tmp_path / "wechat.html"
    path.write_text(page(), encoding="utf-8")
    clauses = parse_document(path, {}).clauses
    under = [c for c in clauses if c.section.startswith("01 |") and "到2027年" in c.text]
    assert under and all("01 | 总体目标" in c.headings[0] for c in under)


def test_unnumbered_headings_of_a_guide_hold_their_panels(tmp_path: Path) -> None:
    """A 政务服务网 guide: tab panels under <h3> headings without numbers (基本信息, 申请材料), all but the
    first hidden; each heading is a section holding its panel."""
    from ingest.pipeline import parse_document

    panel = "<div class='tab-pane' style='display:none'><h3 class='pane-title'>{}</h3><p>{}</p></div>"
    html = ("<html><body><div class='sx-title'>养老机构内部设置医务室备案办事指南</div><div class='tabs'>"
            + panel.replace(" style='display:none'", "").format("基本信息", "办理地点：松阳县行政服务中心二楼卫健综合窗口，工作日受理。")
            + panel.format("申请材料", "申请人须提交备案表、登记证书复印件和医务人员执业证书，均为一份。")
            + panel.format("收费标准", "备案办理不收费，备案凭证寄递费由县财政统一支付，申请人无需承担。")
            + "</div></body></html>")
    path = tmp_path / "guide.html"
    path.write_text(html, encoding="utf-8")
    clauses = parse_document(path, {}).clauses
    fee = next(c for c in clauses if "不收费" in c.text)
    assert fee.section.startswith("收费标准") and fee.headings[0] == "收费标准"
    assert any(c.section.startswith("申请材料") and "执业证书" in c.text for c in clauses)
