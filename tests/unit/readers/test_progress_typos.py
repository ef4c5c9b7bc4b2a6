"""A completion cell with a letter typed into its number is unparseable, not a text (SPEC §4.5)."""

from __future__ import annotations

import pytest

from flows.readers.progress import completion


@pytest.mark.parametrize("raw", ["48o9", "2l0", "O310"])
def test_a_number_with_a_letter_typed_into_it_is_an_error(raw: str) -> None:
    value, error = completion(raw, "户")
    assert value is None and error is not None and raw in error


@pytest.mark.parametrize(
    ("raw", "value"),
    [("完成7336人，完成率83.4%", 7336), ("1,260（超额完成）", 1260), ("PCR实验室已完成", 1)],
)
def test_texts_still_give_their_figure(raw: str, value: float) -> None:
    assert completion(raw, "人") == (value, None)
