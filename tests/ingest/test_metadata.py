"""Metadata read from the documents themselves: the five seeds, and invented ones to show it generalizes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.schema import DocumentMeta
from ingest.metadata import apply_overrides, extract_metadata, load_overrides

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus" / "documents"

FUJIAN_ISSUERS = (
    "福建省卫生健康委员会", "福建省发展和改革委员会", "福建省教育厅", "福建省民政厅", "福建省财政厅",
    "福建省人力资源和社会保障厅", "福建省自然资源厅", "福建省住房和城乡建设厅", "福建省应急管理厅",
    "福建省市场监督管理局", "福建省医疗保障局",
)  # fmt: skip
WUXI_ISSUERS = (
    "巫溪县卫生健康委员会", "巫溪县经济和信息化委员会", "巫溪县民政局", "巫溪县财政局",
    "巫溪县人力资源和社会保障局", "巫溪县医疗保障局",
)  # fmt: skip

SEEDS = {
    "000_ae185cc4bb8e5259.txt": dict(
        title="深入推进医养结合发展的实施方案",
        wrapper_title="关于印发《深入推进医养结合发展的实施方案》的通知",
        doc_number="", issuers=(), date="", jurisdiction="涪陵区", level="区县", period="", status="正式",
    ),
    "001_ff560c0e0dbd6b7e.txt": dict(
        title="南宁市武鸣区推进医疗卫生和养老服务相结合工作实施方案",
        wrapper_title="关于印发南宁市武鸣区推进医疗卫生和养老服务相结合工作实施方案的通知",
        doc_number="南武政办〔2017〕153号", issuers=("南宁市武鸣区人民政府办公室",), date="2017-10-13",
        jurisdiction="南宁市武鸣区", level="区县", period="", status="正式",
    ),
    "002_eed4c881353c92d0.txt": dict(
        title="巫溪县提升医养结合和老年健康服务能力行动方案（2023—2027年）",
        wrapper_title="关于印发《巫溪县提升医养结合和老年健康服务能力行动方案（2023—2027年）》的通知",
        doc_number="", issuers=WUXI_ISSUERS, date="2024-01-12", jurisdiction="巫溪县", level="区县",
        period="2023—2027", status="正式",
    ),
    "003_efb1033aae774365.txt": dict(
        title="四川省医疗卫生与养老相结合发展规划（2017—2025年）（征求意见稿）",
        wrapper_title="关于《四川省医疗卫生与养老相结合发展规划（2017—2025年）（征求意见稿）》公开征求意见的通知",
        doc_number="", issuers=("四川省卫生和计划生育委员会",), date="", jurisdiction="四川省", level="省",
        period="2017—2025", status="征求意见稿",
    ),
    "004_2bc7bae2e3a5e661.txt": dict(
        title="关于进一步推进医养结合发展的实施方案",
        wrapper_title="福建省卫生健康委员会等十一部门印发《关于进一步推进医养结合发展的实施方案》的通知",
        doc_number="闽卫老龄〔2022〕135号", issuers=FUJIAN_ISSUERS, date="2022-12-12", jurisdiction="福建省",
        level="省", period="", status="正式",
    ),
}  # fmt: skip


def _raw(text: str) -> str:
    return text


def _reflowed(text: str) -> str:
    layout = pytest.importorskip("ingest.layout")
    return layout.reflow(text).text


@pytest.mark.parametrize("prepare", [_raw, _reflowed], ids=["raw", "reflowed"])
@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_metadata_is_read_from_the_text(name: str, prepare) -> None:
    text = prepare((CORPUS / name).read_text(encoding="utf-8"))
    meta = extract_metadata(name, text, sha256="abc")
    expected = SEEDS[name]
    got = {field: getattr(meta, field) for field in expected}
    assert got == expected
    assert (meta.source, meta.sha256) == (name, "abc")


def test_cited_doc_numbers_are_not_the_documents_own() -> None:
    text = (CORPUS / "000_ae185cc4bb8e5259.txt").read_text(encoding="utf-8")
    assert "国卫老龄发〔2019〕60 号" in text and "渝卫发〔2020〕34 号" in text
    assert extract_metadata("000.txt", text).doc_number == ""


def test_draft_deadline_is_not_a_signing_date() -> None:
    text = (CORPUS / "003_efb1033aae774365.txt").read_text(encoding="utf-8")
    meta = extract_metadata("003.txt", text)
    assert "2017年10月30日前反馈" in text and meta.date == "" and meta.is_draft


def test_title_broken_over_lines_is_joined() -> None:
    text = (
        "南宁市武鸣区人民政府办公室\n\n关于印发南宁市武鸣区推进医疗卫生和养老\n\n"
        "服务相结合工作实施方案的通知\n\n各镇人民政府:\n经研究同意,现印发给你们。\n\n一、总体要求\n"
    )
    meta = extract_metadata("web.txt", text)
    assert meta.title == "南宁市武鸣区推进医疗卫生和养老服务相结合工作实施方案"
    assert meta.issuers == ("南宁市武鸣区人民政府办公室",)


# --------------------------------------------------------------- invented documents

AUTONOMOUS_COUNTY = """彭水苗族土家族自治县卫生健康委员会
彭 水 苗 族 土 家 族 自 治 县 民 政 局
文件

彭水卫健发[2023]56 号

关于印发彭水苗族土家族自治县安宁疗护
服务试点工作方案（2023—2025年）的通知

各乡镇人民政府、街道办事处，县级有关部门：
现将《彭水苗族土家族自治县安宁疗护服务试点工作方案（2023—2025年）》印发给你们，请认真贯彻执行。

彭水苗族土家族自治县卫生健康委员会　　　彭水苗族土家族自治县民政局
二〇二三年五月八日

彭水苗族土家族自治县安宁疗护服务试点工作方案（2023—2025年）
为贯彻落实《关于推进安宁疗护工作的通知》（渝卫发〔2020〕34号）精神，制定本方案。
一、工作目标
到2025年，全县建成安宁疗护病区2个。
"""

CITY_OPINION_SIGNED_AT_END = """绵阳市人民政府办公室关于加快发展医养结合服务的实施意见
绵府办发（2021）8号

各县（市、区）人民政府，市政府各部门：
为加快发展医养结合服务，提出如下意见。
一、总体要求
到2025年，全市养老机构全部与医疗机构签约。
二、保障措施
各县（市、区）要加强组织领导。

绵阳市人民政府办公室
2021年3月2日
"""

DISTRICT_NEVER_NAMED = """关于印发《推进医养结合服务的工作方案》的通知
大渡口新城区管委会，各街道办事处，区政府各部门：
经区政府同意，现印发给你们，请遵照执行。
一、目标
全区建成医养结合机构3个。区卫生健康委、大渡口银保监分局、大渡口红十字会按职责分工负责。
二、任务
区民政局、大渡口银保监分局负责。全区养老机构签约率100%。
"""


def test_autonomous_county_with_square_bracket_doc_number_and_chinese_numeral_date() -> None:
    meta = extract_metadata("pengshui.txt", AUTONOMOUS_COUNTY)
    assert meta.title == "彭水苗族土家族自治县安宁疗护服务试点工作方案（2023—2025年）"
    assert meta.wrapper_title == "关于印发彭水苗族土家族自治县安宁疗护服务试点工作方案（2023—2025年）的通知"
    assert meta.doc_number == "彭水卫健发〔2023〕56号"
    assert meta.issuers == ("彭水苗族土家族自治县卫生健康委员会", "彭水苗族土家族自治县民政局")
    assert (meta.date, meta.period, meta.status) == ("2023-05-08", "2023—2025", "正式")
    assert (meta.jurisdiction, meta.level) == ("彭水苗族土家族自治县", "区县")


def test_city_opinion_without_wrapper_signed_at_the_end() -> None:
    meta = extract_metadata("mianyang.txt", CITY_OPINION_SIGNED_AT_END)
    assert meta.title == "绵阳市人民政府办公室关于加快发展医养结合服务的实施意见"
    assert meta.wrapper_title == ""
    assert meta.doc_number == "绵府办发〔2021〕8号"
    assert meta.issuers == ("绵阳市人民政府办公室",)
    assert (meta.date, meta.jurisdiction, meta.level) == ("2021-03-02", "绵阳市", "市")


def test_district_that_never_names_itself_is_inferred_from_its_local_bodies() -> None:
    meta = extract_metadata("dadukou.txt", DISTRICT_NEVER_NAMED)
    assert meta.title == "推进医养结合服务的工作方案"
    assert (meta.jurisdiction, meta.level) == ("大渡口区", "区县")
    assert (meta.issuers, meta.date, meta.doc_number) == ((), "", "")


def test_text_without_any_recognizable_head_still_gets_a_title() -> None:
    meta = extract_metadata("notes_2024.txt", "随手记的几句话，没有标题。\n第二行。")
    assert meta.title and meta.status == "正式" and meta.jurisdiction == ""
    assert extract_metadata("empty.txt", "").title == "empty"


# --------------------------------------------------------------- overrides


def test_repository_overrides_file_loads_and_seeds_need_none() -> None:
    assert load_overrides(ROOT / "corpus" / "metadata_overrides.yaml") == {}


def test_overrides_by_file_name_and_by_sha256(tmp_path: Path) -> None:
    path = tmp_path / "overrides.yaml"
    path.write_text(
        "a.txt:\n  date: 2020-09-30\n  issuers: [重庆市涪陵区人民政府办公室]\n"
        "deadbeef:\n  doc_number: 涪陵府办发 [2020] 12 号\n  status: 正式\n",
        encoding="utf-8",
    )
    overrides = load_overrides(path)
    meta = DocumentMeta(source="a.txt", title="方案", sha256="deadbeef", status="征求意见稿")
    fixed = apply_overrides(meta, overrides)
    assert fixed.date == "2020-09-30"  # YAML's date object comes back as ISO text
    assert fixed.issuers == ("重庆市涪陵区人民政府办公室",)
    assert fixed.doc_number == "涪陵府办发〔2020〕12号"
    assert fixed.status == "正式" and fixed.title == "方案"
    other = DocumentMeta(source="b.txt", title="别的")
    assert apply_overrides(other, overrides) is other


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [("a.txt:\n  titel: 方案\n", "unknown field"), ("a.txt:\n  status: 草稿\n", "status"), ("- a\n", "mapping")],
)
def test_bad_overrides_fail_loudly(tmp_path: Path, yaml_text: str, message: str) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_overrides(path)


def test_missing_overrides_file_means_none(tmp_path: Path) -> None:
    assert load_overrides(tmp_path / "absent.yaml") == {}


_HEADISH = st.sampled_from(
    ["关于印发《", "》的通知", "关于", "通知", "〔2022〕", "号", "年", "月", "日", "二〇二二", "十二", "十",
     "福 建 省", "厅", "局", "委员会", "县", "区", "市", "省", "\n", "\n\n", "\t", "　", " ", "一、", "《", "》",
     "«", "»", "（征求意见稿）", "（2023—2027年）", "全区", "银保监分局", "印发", "，", "。"]
)  # fmt: skip


@given(st.lists(st.one_of(_HEADISH, st.text(max_size=5)), max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_extraction_never_raises(text: str) -> None:
    meta = extract_metadata("fuzz.txt", text)
    assert meta.status in ("正式", "征求意见稿") and meta.level in ("", "省", "市", "区县")


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("成文日期：2019年12月5日", "2019-12-05"),
        ("某县民政局　　２０２２年１２月１２日", "2022-12-12"),
        ("发布日期：2019年12月6日", ""),
        ("请于2017年10月30日前反馈", ""),
        ("某县民政局 2022年12月13日印发", ""),
        ("二〇二三年十月三十一日", "2023-10-31"),
    ],
)
def test_signing_date_forms(line: str, date: str) -> None:
    assert extract_metadata("d.txt", f"关于某县养老工作的通知\n{line}\n一、总则\n").date == date


def test_a_district_named_for_a_mountain_is_a_place() -> None:
    # 山区 alone is a mountain area (偏远山区), but 红山区, 南山区 are districts
    text = "赤峰市红山区卫生健康委员会\n赤峰市红山区民政局\n关于开展失能老年人上门服务补贴申领工作的通知\n各街道办事处：\n……\n"
    m = extract_metadata("hongshan.txt", text)
    assert m.jurisdiction == "赤峰市红山区" and m.level == "区县"


def test_a_guide_that_names_no_place_in_its_title_takes_the_county_its_text_names() -> None:
    from ingest.layout import reflow

    text = ("养老机构内部设置诊所、卫生所（室）、医务室、护理站备案办事指南\n基本信息\n"
            "办理地点：松阳县行政服务中心二楼卫健综合窗口。\n咨询电话：0578-8061234。\n"
            "备案后，松阳县卫生健康局自备案之日起30日内组织现场核查。\n")
    flowed = reflow(text)
    m = extract_metadata("guide.html", flowed.text)
    assert m.title == "养老机构内部设置诊所、卫生所（室）、医务室、护理站备案办事指南"
    assert (m.jurisdiction, m.level) == ("松阳县", "区县")
