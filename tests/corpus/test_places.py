"""The national table of divisions: names found leftmost-longest, short forms, and short forms that
are ordinary words left alone by the tokenizer."""

from __future__ import annotations

from corpus.places import Gazetteer, short_form
from corpus.tokenize import PolicyTokenizer


def test_a_county_whose_name_holds_another_is_read_whole() -> None:
    g = Gazetteer.load()
    assert [(m.text, m.place.level) for m in g.mentions("临澧县县医保局牵头的工作")] == [("临澧县", "county")]
    assert [m.text for m in g.mentions("江苏省南通市如皋市")] == ["江苏省", "南通市", "如皋市"]


def test_divisions_know_their_parent_and_short_form() -> None:
    g = Gazetteer.load()
    county = g.get("点军区")
    assert county and county.level == "county" and county.parent == "宜昌市"
    assert g.get("平凉") == g.get("平凉市") and g.get("平凉市").parent == "甘肃省"
    assert short_form("澧县") == "澧县" and short_form("内蒙古自治区") == "内蒙古"


def test_tokenizer_takes_short_forms_that_are_words_of_their_own() -> None:
    tok = PolicyTokenizer(extra_terms=["安宁疗护", "护理型床位"])
    assert tok.division_names("点军今年护理型床位占比目标是多少？") == ["点军"]
    assert tok.division_names("平凉建设补助和运营补贴谁牵头落实？") == ["平凉"]
    assert tok.division_names("合肥的方案") == ["合肥"]  # jieba tags it a noun
    # 安宁 (安宁市) inside 安宁疗护, 公安 (公安县), 资源 (资源县), 合作 (合作市): words, not places
    assert tok.division_names("安宁疗护床位由公安部门和民政部门合作，资源共享") == []


def test_a_county_of_a_municipality_has_the_municipality_as_parent() -> None:
    g = Gazetteer.load()
    assert g.get("涪陵区").parent == "重庆市" and g.get("巫溪县").parent == "重庆市"
    assert g.get("市辖区") is None and [m.text for m in g.mentions("市辖区")] == []


def test_an_autonomous_county_is_named_without_its_peoples() -> None:
    g = Gazetteer.load()
    assert short_form("麻阳苗族自治县") == "麻阳" and short_form("彭水苗族土家族自治县") == "彭水"
    assert [(m.text, m.place.name) for m in g.mentions("麻阳县和麻阳")] == [
        ("麻阳县", "麻阳苗族自治县"), ("麻阳", "麻阳苗族自治县")]

