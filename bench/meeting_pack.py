"""Export benchmark: chart images cold and warm (PNG county map, PNG bar chart, SVG county map) and the 会议材料 deck.

Run: `.venv/bin/python -m bench.meeting_pack [--runs 3] [--deck-runs 2] [--out DIR]`. It builds its own
demo warehouse in a temp folder. Cold: the export browser is closed before the image, so the time
includes starting chromium; warm: the same browser, already running. The deck is built with a warm
browser (and once cold, first); --out keeps the deck and one image of each kind for a look.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

TMP = Path(tempfile.mkdtemp(prefix="hubei-bench-"))
os.environ.update(HUBEI_VAR_DIR=str(TMP), HUBEI_WAREHOUSE=str(TMP / "warehouse.duckdb"), HUBEI_RAW_DIR=str(TMP / "raw"))

import io  # noqa: E402

import pandas as pd  # noqa: E402
from pptx import Presentation  # noqa: E402

import queries  # noqa: E402  (settings must see the environment above)
from data.warehouse import build  # noqa: E402
from ui.figures import charts, maps  # noqa: E402
from ui.files import figure_export, meeting_pack  # noqa: E402
from ui.style import labels  # noqa: E402

ALL = dict(prefecture=None, metro_circle=None, county_type=None, in_scope_only=False)
MAP_SIZE = dict(width=meeting_pack.MAP_PX[0], height=meeting_pack.MAP_PX[1])  # the deck's map image


def figures(as_of) -> dict:
    """The 稳步增长 page's county map and the overview's target bars, as the pages build them."""
    area = meeting_pack.AREAS[0]
    content = meeting_pack.area_content(area, as_of, ALL)
    county_map = maps.choropleth(content.frame, meeting_pack.map_spec(content.indicator, content.period_text,
                                                                      True, area.layers))
    targets = queries.run("common/target_progress", area=None, as_of=as_of)
    targets["status_text"] = [labels.target_status(t) for _, t in targets.iterrows()]
    bars = charts.target_bullets(targets, period_text=labels.period_label(as_of), demo=True)
    return {"PNG county map": lambda: figure_export.to_png(county_map, **MAP_SIZE, scale=meeting_pack.MAP_SCALE),
            "PNG bar chart": lambda: figure_export.to_png(bars, width=1000, scale=2),
            "SVG county map": lambda: figure_export.to_svg(county_map, **MAP_SIZE)}


def timed(fn) -> tuple[float, bytes]:
    started = time.perf_counter()
    out = fn()
    return time.perf_counter() - started, out


def _spread(values: list[float]) -> str:
    return (f"median {statistics.median(values):.2f} s over {len(values)} runs "
            f"(min {min(values):.2f}, max {max(values):.2f})")


def image_figures(as_of, runs: int, out: Path | None) -> None:
    for name, render in figures(as_of).items():
        cold = []
        for _ in range(runs):
            figure_export.stop()
            cold.append(timed(render)[0])
        warm = [timed(render) for _ in range(runs)]
        size = len(warm[-1][1])
        print(f"{name} · cold (browser started for it): {_spread(cold)}")
        print(f"{name} · warm (browser running): {_spread([s for s, _ in warm])}; {size / 1024:.0f} KiB")
        if out:
            (out / f"{name.replace(' ', '_')}.{name[:3].lower()}").write_bytes(warm[-1][1])


def deck_figures(as_of, runs: int, out: Path | None) -> None:
    figure_export.stop()
    seconds, deck = timed(lambda: meeting_pack.build_deck(as_of, ALL))
    print(f"deck · cold (browser started by the first map): {seconds:.2f} s")
    warm = [timed(lambda: meeting_pack.build_deck(as_of, ALL))[0] for _ in range(runs)]
    slides = len(Presentation(io.BytesIO(deck)).slides)
    print(f"deck · warm: {_spread(warm)}; {len(deck) / 1024:.0f} KiB, {slides} slides")
    if out:
        (out / "会议材料.pptx").write_bytes(deck)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--deck-runs", type=int, default=2)
    parser.add_argument("--out", type=Path, help="keep the deck and one image of each kind here")
    args = parser.parse_args()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    try:
        seconds, _ = timed(lambda: build.build(TMP / "warehouse.duckdb"))
        print(f"warehouse build (demo): {seconds:.2f} s")
        as_of = pd.Timestamp(queries.run("common/months")["period"].max()).date()
        image_figures(as_of, args.runs, args.out)
        deck_figures(as_of, args.deck_runs, args.out)
    finally:
        figure_export.stop()
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    main()
