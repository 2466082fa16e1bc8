"""Build ``rulesets/divisions/*.tsv`` from the published lists they are made of.

Run by hand when a new yearly list comes out (docs/divisions.md says how):

    python tools/build_divisions.py --yearly AREACODES/data --townships STREETS.csv

``--yearly`` is a folder of ``<year>.txt`` files, one per yearly list of the civil-affairs
ministry (民政部《中华人民共和国县以上行政区划代码》, each as at 31 December of its year),
one ``<code> <name>`` per line — the layout of the CC0 dataset yescallop/areacodes.
``--townships`` is the national statistics bureau's 统计用区划代码 at township level as
a CSV with ``code,name,areaCode`` columns (the layout of modood/Administrative-divisions-of-China).

The county table keeps one row per run of consecutive yearly lists in which a code carries
the same name, so that "which codes existed in year Y" is answered exactly as the lists say.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "rulesets" / "divisions"
#: The statistics bureau's 2023 edition counts divisions as at 30 June 2023.
TOWNSHIPS_AS_OF = "2023-06-30"
_LINE = re.compile(r"(\d{6})\s+(\S.*)")


def read_yearly(folder: Path) -> dict[int, dict[str, str]]:
    """Every ``<year>.txt`` of ``folder`` as {year: {code: name}}, years without gaps."""
    lists: dict[int, dict[str, str]] = {}
    for path in sorted(folder.glob("*.txt")):
        if not path.stem.isdigit():
            continue
        entries: dict[str, str] = {}
        for n, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            if not line.strip():
                continue
            match = _LINE.fullmatch(line.strip())
            if match is None:
                raise SystemExit(f"{path}:{n}: 不是“代码 名称”：{line!r}")
            entries[match[1]] = match[2].strip()
        lists[int(path.stem)] = entries
    years = sorted(lists)
    if not years or years != list(range(years[0], years[-1] + 1)):
        raise SystemExit(f"{folder}: 年度列表应逐年连续，实际为 {years}")
    return lists


def county_rows(lists: dict[int, dict[str, str]]) -> list[tuple[str, str, int, int | None]]:
    """(code, name, first year, last year or None while in the latest list), by code and year."""
    years = sorted(lists)
    last = years[-1]
    rows: list[tuple[str, str, int, int | None]] = []
    for code in sorted({c for entries in lists.values() for c in entries}):
        run: tuple[str, int] | None = None
        for year in years:
            name = lists[year].get(code)
            if run is not None and name != run[0]:
                rows.append((code, run[0], run[1], year - 1))
                run = None
            if name is not None and run is None:
                run = (name, year)
        if run is not None:
            rows.append((code, run[0], run[1], None))
    # A row ending in the latest list is still in use: it has no last year.
    return [(c, n, f, None if t == last else t) for c, n, f, t in rows]


def write_counties(rows: list[tuple[str, str, int, int | None]], first: int, last: int) -> Path:
    path = OUT / "counties.tsv"
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(
            f"#lists\t{first}\t{last}\n"
            f"# 县级以上行政区划代码（GB/T 2260），民政部 {first}–{last} 年逐年列表，各年截至当年12月31日。\n"
            "# 列：代码、名称、首见年份、末见年份（空=最新列表仍在用）。由 tools/build_divisions.py 生成，勿手改。\n"
        )
        for code, name, start, end in rows:
            out.write(f"{code}\t{name}\t{start}\t{'' if end is None else end}\n")
    return path


def write_townships(source: Path, counties: set[str]) -> tuple[Path, int, int]:
    """Townships under a county of the table; those under statistics-only areas are skipped."""
    kept = skipped = 0
    path = OUT / "townships.tsv"
    with (
        source.open(encoding="utf-8-sig", newline="") as src,
        path.open("w", encoding="utf-8", newline="\n") as out,
    ):
        out.write(
            f"#as_of\t{TOWNSHIPS_AS_OF}\n"
            "# 乡级（乡镇、街道）统计用区划代码，国家统计局2023年版（截至2023-06-30）。\n"
            "# 列：9位代码、名称。仅收录其区县为 GB/T 2260 代码者。由 tools/build_divisions.py 生成，勿手改。\n"
        )
        for row in sorted(csv.DictReader(src), key=lambda r: r["code"]):
            code, name, county = row["code"].strip(), row["name"].strip(), row["areaCode"].strip()
            if len(code) != 9 or not code.isdigit() or code[:6] != county:
                raise SystemExit(f"{source}: 乡级代码 {code!r} 与区县 {county!r} 不符")
            if county not in counties:
                skipped += 1
                continue
            out.write(f"{code}\t{name}\n")
            kept += 1
    return path, kept, skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--yearly", type=Path, required=True, help="folder of <year>.txt yearly lists")
    parser.add_argument("--townships", type=Path, help="township CSV (code,name,areaCode)")
    args = parser.parse_args(argv)
    lists = read_yearly(args.yearly)
    rows = county_rows(lists)
    first, last = min(lists), max(lists)
    print(f"{write_counties(rows, first, last)}: {len(rows)} 行（{first}–{last}）")
    if args.townships:
        path, kept, skipped = write_townships(args.townships, {r[0] for r in rows})
        print(f"{path}: {kept} 个乡级区划，跳过 {skipped} 个（其区县非 GB/T 2260 代码）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
