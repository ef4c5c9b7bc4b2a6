"""RegionResolver: names in titles and row labels resolve through the register of divisions."""

from __future__ import annotations

import pytest

from flows.readers.regions import default_resolver, resolver_with


@pytest.mark.parametrize(
    ("name", "within", "code"),
    [
        ("荷塘区", None, "430202"),
        ("株洲市荷塘区", None, "430202"),
        ("湖南省株洲市荷塘区", None, "430202"),
        ("株洲市", None, "430200"),
        ("醴陵市", None, "430281"),
        ("攸县", "430200", "430223"),
        ("芦淞", "430200", "430203"),  # short name inside the title's city
        ("鼓楼区", None, None),  # four cities have one
        ("鼓楼区", "350100", "350102"),  # 福州市鼓楼区
        ("高新区", "430200", None),  # not in the register: unmapped
        ("430202", None, "430202"),
    ],
)
def test_resolve_row_labels(name: str, within: str | None, code: str | None) -> None:
    assert default_resolver().resolve(name, within) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("株洲市2022年1-10月各县市区主要经济指标", "430200"),
        ("荷塘区2022年1-9月主要经济指标（合成测试数据）", "430202"),
        ("株洲市荷塘区2022年国民经济和社会发展统计公报", "430202"),
        ("福州市鼓楼区2022年主要经济指标", "350102"),
        ("鼓楼区2022年主要经济指标", None),
        ("hetang_430202_202203", "430202"),
        ("2022年1-3月主要经济指标", None),
    ],
)
def test_region_named_in_a_title(text: str, code: str | None) -> None:
    assert default_resolver().in_text(text) == code


def test_near_tells_repeated_names_apart_and_extra_names_win() -> None:
    assert default_resolver().in_text("鼓楼区2022年主要经济指标", near="320100") == "320106"
    assert resolver_with({"示范区": "430299"}).in_text("示范区2022年3月") == "430299"
