"""DropReadError messages and pickling."""

from __future__ import annotations

import pickle

import pytest

from flows.readers import DropReadError


@pytest.mark.parametrize(
    ("row", "column", "text"),
    [
        (3, "1-3月", "a.csv: row 3, column '1-3月': bad"),
        (3, None, "a.csv: row 3: bad"),
        (None, "period", "a.csv: column 'period': bad"),
        (None, None, "a.csv: bad"),
    ],
)
def test_message_omits_unknown_parts(row: int | None, column: str | None, text: str) -> None:
    error = DropReadError("a.csv", row, column, "bad")
    assert str(error) == text
    assert isinstance(error, ValueError)


def test_survives_pickling() -> None:
    error = pickle.loads(pickle.dumps(DropReadError("a.csv", 3, "period", "bad")))
    assert (error.file, error.row, error.column, error.message) == ("a.csv", 3, "period", "bad")
    assert str(error) == "a.csv: row 3, column 'period': bad"
