"""How questions name the collected jurisdictions."""

from __future__ import annotations

from assistant.understanding import region_aliases


def test_a_question_names_an_autonomous_county_as_people_say_it() -> None:
    assert region_aliases("麻阳苗族自治县") == ["麻阳苗族自治县", "麻阳县", "麻阳"]
    assert region_aliases("南宁市武鸣区") == ["南宁市武鸣区", "武鸣区", "武鸣"] and region_aliases("澧县") == ["澧县"]
