"""The monthly briefing (通报) on the annual targets, written as .docx, .xlsx or .pdf (SPEC §7).

`compose.compose(snapshot, …)` fills the model from the published marts; `write_briefings`
writes the latest one of every catalog region beside the snapshot (the nightly run does).

The caller fills a `Briefing` from the marts; `write_briefing` picks the writer by the file's
suffix and replaces the file atomically, so a reader (the dashboard's download) never sees half
a document.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from briefing.compose import NothingToBrief, compose
from briefing.excel import write_xlsx
from briefing.model import Briefing, ChartPoint, ChartSeries, LaggingRow, ScoreRow
from briefing.pdf import write_pdf
from briefing.word import write_docx
from warehouse.connection import reading

__all__ = [
    "Briefing",
    "ChartPoint",
    "ChartSeries",
    "LaggingRow",
    "ScoreRow",
    "WRITERS",
    "briefing_path",
    "compose",
    "write_briefing",
    "write_briefings",
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


def briefing_path(folder: Path, briefing: Briefing, suffix: str) -> Path:
    """Where the nightly run keeps a briefing: `<folder>/<region>_<period><suffix>`."""
    return Path(folder) / f"{briefing.region_code}_{briefing.period}{suffix}"


def write_briefings(
    snapshot: Path, folder: Path, suffixes: list[str], regions: list[str] | None = None
) -> list[Path]:
    """The latest briefing of each of `regions` (default: every region with targets), in each
    format, beside the snapshot. The nightly run names its catalogs' regions: a warehouse that
    holds a province's or the nation's targets still briefs only the offices it serves."""
    if regions is None:
        with reading(snapshot) as con:
            regions = [
                r
                for (r,) in con.execute(
                    "select distinct region_code from mart.targets order by 1"
                ).fetchall()
            ]
    seen = _fingerprints(folder)
    written = []
    for region in regions:
        try:
            briefing = compose(snapshot, region=region)
        except NothingToBrief:
            continue
        fingerprint = hashlib.sha256(repr(briefing).encode()).hexdigest()
        for suffix in suffixes:
            out = briefing_path(folder, briefing, suffix)
            if not (out.exists() and seen.get(out.name) == fingerprint):
                write_briefing(briefing, out)  # a night that changed nothing rewrites nothing
                seen[out.name] = fingerprint
            written.append(out)
    if written:
        _save_fingerprints(folder, seen)
    return written


def _fingerprint_file(folder: Path) -> Path:
    """What each briefing file was written from (a hash of its Briefing): beside the folder, so
    the folder holds only briefings."""
    folder = Path(folder)
    return folder.with_name(folder.name + ".fingerprints.json")


def _fingerprints(folder: Path) -> dict[str, str]:
    try:
        loaded = json.loads(_fingerprint_file(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: every briefing is written again
    return loaded if isinstance(loaded, dict) else {}


def _save_fingerprints(folder: Path, fingerprints: dict[str, str]) -> None:
    path = _fingerprint_file(folder)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(fingerprints, sort_keys=True, indent=1), encoding="utf-8")
    os.replace(temporary, path)
