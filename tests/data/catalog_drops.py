"""Two regions and two years in one warehouse: the synthetic test catalogs and their drops.

`catalog_folder(dest)` lays out a catalog folder as an office would keep it: the bundled Hetang
2022 catalog beside the SYNTHETIC test catalogs of tests/data/catalogs/ (Hetang 2023, Tianyuan
2022); the shared indicators come from the bundled indicators.yaml. `write_drops(inbox, which)`
writes long-layout drops (invented figures) of one wave: "2022" (Hetang 2022 only), "others"
(Hetang 2023, Tianyuan 2022, and Hetang 2024, a year without a catalog).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from expectations.catalog import BUNDLED_CATALOG

CATALOGS = Path(__file__).parent / "catalogs"
HEADER = "region_code,indicator,period,value,unit"

DROPS: dict[str, dict[str, list[str]]] = {
    "2022": {
        "hetang_2022-06.csv": ["430202,gdp_growth,2022-Q2,7.0,%", "430202,new_urban_jobs,2022-06,4000,人"],
    },
    "others": {
        "hetang_2023-06.csv": ["430202,gdp_growth,2023-Q2,7.0,%", "430202,new_urban_jobs,2023-06,3000,人"],
        "tianyuan_2022-06.csv": ["430211,gdp_growth,2022-Q2,5.0,%", "430211,new_urban_jobs,2022-06,5000,人"],
        "hetang_2024-03.csv": ["430202,gdp_growth,2024-Q1,5.0,%"],
    },
}  # fmt: skip


def catalog_folder(dest: Path) -> Path:
    """A folder with the bundled Hetang 2022 catalog and the synthetic test catalogs."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(BUNDLED_CATALOG, dest / BUNDLED_CATALOG.name)
    for path in sorted(CATALOGS.glob("*.yaml")):
        shutil.copy(path, dest / path.name)
    return dest


def write_drops(inbox: Path, which: str) -> list[str]:
    """Write the drops of one wave into the inbox; return their names."""
    for name, rows in DROPS[which].items():
        (inbox / name).write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return list(DROPS[which])
