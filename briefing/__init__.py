"""The monthly briefing (通报) on the annual targets, written as .docx, .xlsx or .pdf (SPEC §7).

The caller fills a `Briefing` from the marts; `write_briefing` picks the writer by the file's
suffix and replaces the file atomically, so a reader (the dashboard's download) never sees half
a document.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from briefing.excel import write_xlsx
from briefing.model import Briefing, ChartPoint, ChartSeries, LaggingRow, ScoreRow
from briefing.pdf import write_pdf
from briefing.word import write_docx

__all__ = [
    "Briefing",
    "ChartPoint",
    "ChartSeries",
    "LaggingRow",
    "ScoreRow",
    "WRITERS",
    "write_briefing",
]

WRITERS: dict[str, Callable[[Briefing, Path], None]] = {
    ".docx": write_docx,
    ".xlsx": write_xlsx,
    ".pdf": write_pdf,
}


def write_briefing(briefing: Briefing, out: Path) -> Path:
    """Write the briefing to `out` in the format its suffix names (any case); returns `out`."""
    out = Path(out)
    writer = WRITERS.get(out.suffix.lower())
    if writer is None:
        raise ValueError(
            f"通报文件“{out.name}”的格式无法识别，请使用 .docx、.xlsx 或 .pdf；"
            f"briefing file {out.name!r}: the format must be .docx, .xlsx or .pdf"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{out.stem}.", suffix=out.suffix, dir=out.parent
    )
    os.close(descriptor)
    try:
        writer(briefing, Path(temporary))
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return out
