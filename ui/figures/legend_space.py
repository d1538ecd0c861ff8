"""Room for a map's legend under the plot, so the source footer goes below it and never across it.

Plotly draws the horizontal legend under the plot and grows it downwards as it wraps, but it does not
move annotations: the footer sits a fixed number of pixels under the plot. So the map builders reserve
the rows the legend will take at the narrowest width a map is shown (a map beside its league table on a
1366 px screen) in the largest figure text of a display mode, by plotly.js's own layout rules
(src/components/legend/draw.js, computeLegendDimensions):
- no legend groups: one row when every entry fits, else a grid with the widest entry's width;
- with legend groups (the overlay layers): each group is a column of its title and entries, an
  ungrouped entry a group of its own, and the groups flow in rows.
Wider, the legend may take fewer rows than reserved: a little blank space, never an overlap.
Text widths are estimated (ui.style.labels.text_em), which errs on the wide side.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ui.style.labels import text_em

NARROWEST_PLOT_PX = 450  # the map in the 11:9 columns at 1366×768: 490 px wide, 470 of it plot area
TEXT_SCALE = 1.3  # 长者模式's figure text (ui.frame.modes); 演示模式 scales more but hides the sidebar: wider maps
FONT_PX = 12  # the maps' legend font
ROW_PX = 19  # one legend row at FONT_PX (measured in chromium)
PADDING_PX = 10  # above and below the rows
SYMBOL_PX = 42  # symbol and its gaps, before the text
ITEM_GAP_PX = 5


def legend_px(traces: Sequence, title: str | None = None) -> int:
    """Pixels at text scale 1 that the legend of these traces takes under the plot (ui.frame.modes scales them)."""
    entries = [t for t in traces if t.showlegend is not False and t.name]
    if not entries:
        return 0
    width, font = NARROWEST_PLOT_PX, FONT_PX * TEXT_SCALE
    grouped = any(t.legendgroup for t in entries)
    rows = _grouped_rows(entries, width, font) if grouped else _flat_rows(entries, width, font)
    return (rows + bool(title)) * ROW_PX + PADDING_PX


def _flat_rows(entries: Sequence, width: float, font: float) -> int:
    widths = [SYMBOL_PX + text_em(t.name) * font for t in entries]
    if sum(widths) + ITEM_GAP_PX * (len(widths) - 1) < width:
        return 1
    columns = max(1, math.floor((width + ITEM_GAP_PX) / (max(widths) + ITEM_GAP_PX)))
    return math.ceil(len(widths) / columns)


def _grouped_rows(entries: Sequence, width: float, font: float) -> int:
    groups: dict[object, list] = {}
    for index, trace in enumerate(entries):
        groups.setdefault(trace.legendgroup or ("single", index), []).append(trace)
    rows = row_rows = 0
    x = 0.0
    for members in groups.values():
        title = members[0].legendgrouptitle.text if members[0].legendgroup else None
        group_width = max([SYMBOL_PX + text_em(t.name) * font for t in members]
                          + ([text_em(title) * font] if title else []))
        group_rows = len(members) + bool(title)
        if x > 0 and x + group_width > width:
            rows += row_rows + 1  # plotly puts a group gap between rows of groups
            x, row_rows = 0.0, 0
        x += group_width + ITEM_GAP_PX
        row_rows = max(row_rows, group_rows)
    return rows + row_rows
