"""The target paths (目标路径): one small chart per target, its unit in its title, its path never running down."""

import pandas as pd

from ui.figures import charts


def target_rows(target_id: str, label: str, unit: str, baseline: float, goal: float) -> pd.DataFrame:
    """A target's yearly values 2023–2025 as common/target_series gives them."""
    ends = [pd.Timestamp(y, 12, 1) for y in (2023, 2024, 2025)]
    return pd.DataFrame({"target_id": target_id, "label": label, "kind": "count_regions", "unit": unit,
                         "period": [e.replace(month=1) for e in ends], "period_end": ends,
                         "current_value": [baseline, baseline + 1, baseline + 1], "expected_value": baseline,
                         "baseline_value": baseline, "target_value": goal, "target_year": 2027, "on_track": True,
                         "is_demo": True})


def paths_of(fig) -> dict[str, list]:
    return {t.xaxis: list(t.y) for t in fig.data if t.name.startswith("达标路径")}


def test_a_target_met_at_the_baseline_has_a_flat_path_at_the_target_and_one_not_met_rises_from_the_baseline():
    series = pd.concat([target_rows("met", "有百亿级企业的重点县市", "个", 17, 1),
                        target_rows("open", "千亿工业强县", "个", 1, 2)])
    fig = charts.target_paths(series, title="目标路径", demo=True)
    assert paths_of(fig) == {"x": [1, 1], "x2": [1, 2]}


def test_each_small_chart_names_its_unit_in_its_title_not_on_a_turned_axis():
    series = pd.concat([target_rows("met", "有百亿级企业的重点县市", "个", 17, 1),
                        target_rows("bond", "园区专项债券", "亿元", 0, 200)])
    fig = charts.target_paths(series, title="目标路径", demo=True)
    titles = [a.text for a in fig.layout.annotations if a.text and "（" in a.text and "数据来源" not in a.text]
    assert titles == ["有百亿级企业的<br>重点县市（个）", "园区专项债券（亿元）"]
    assert not any(axis.title.text for axis in (fig.layout.yaxis, fig.layout.yaxis2))
    assert list(fig.layout.xaxis.ticktext) == ["2023", "2024", "2025", "2026", "2027"]


def test_a_long_title_takes_two_lines_of_about_equal_length_and_never_splits_5g():
    long_titles = (("有百亿级企业的重点县市", "个"), ("规上企业数字化转型全覆盖", "%"), ("行政村5G光纤全覆盖", "%"))
    for label, unit in long_titles:
        lines = charts._small_title(label, unit).split("<br>")
        assert "".join(lines) == f"{label}（{unit}）" and len(lines) == 2
        assert max(map(len, lines)) <= len(label) // 2 + 4, lines  # neither line runs on
        assert not lines[0].endswith("5"), lines
    assert charts._small_title("行政村5G全覆盖", "%") == "行政村5G全覆盖（%）"  # a short one keeps one line
    assert charts._small_title("ABCDEFGHIJKL", "%") == "ABCDEFGHIJKL<br>（%）"  # Latin only: nowhere to cut
