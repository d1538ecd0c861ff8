"""Leading industries of the demo counties (GB/T 4754-2017 divisions) and industry draws for firms and projects."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .base import YEARS, Inputs

# The named clusters of the plan, by prefecture: (first choices for rank 1, second choices).
PREFECTURE_CLUSTERS = {
    "420100": (("C39", "C36"), ("C36", "C39", "C38", "C35")),  # 武汉: 光电子信息, 汽车
    "420200": (("C31", "C32"), ("C32", "C31", "C33", "C30")),  # 黄石: 冶金
    "420300": (("C36",), ("C34", "C33", "C13")),  # 十堰: 商用车
    "420500": (("C26",), ("C27", "C13", "C15")),  # 宜昌: 磷化工, 医药
    "420600": (("C36",), ("C13", "C38", "C34")),  # 襄阳: 汽车, 高端装备
    "420700": (("C31", "C39"), ("C39", "C40", "C27")),  # 鄂州: 钢铁, 光电
    "420800": (("C26",), ("C13", "C42", "C30")),  # 荆门: 磷化工, 循环
    "420900": (("C13", "C26"), ("C26", "C38", "C17")),  # 孝感: 食品, 应城盐化
    "421000": (("C13", "C38"), ("C17", "C26", "C38")),  # 荆州: 农产品加工, 家电
    "421100": (("C27", "C13"), ("C13", "C30", "C34")),  # 黄冈: 医药 (蕲艾), 食品
    "421200": (("C30", "C38"), ("C13", "C22", "C38")),  # 咸宁: 建材, 电气
    "421300": (("C36",), ("C13", "C35")),  # 随州: 专用汽车, 香菇
    "422800": (("C15", "C13"), ("C13", "C27", "C15")),  # 恩施: 茶, 富硒食品
    "429004": (("C17",), ("C18",)),  # 仙桃: 非织造布
    "429005": (("C18", "C17"), ("C17", "C26")),  # 潜江: 服装, 石化
    "429006": (("C18", "C17"), ("C17", "C13")),  # 天门: 纺织服装
    "429021": (("C15",), ("C13",)),  # 神农架: 饮用水, 山货
}
# Counties whose industry differs from their prefecture's cluster.
COUNTY_INDUSTRIES = {
    "青山区": ("C31", "C26"), "东西湖区": ("C14", "C39"), "大冶市": ("C32", "C31"),
    "应城市": ("C26", "C13"), "汉川市": ("C17", "C38"), "钟祥市": ("C13", "C26"),
    "武穴市": ("C26", "C27"), "蕲春县": ("C27", "C13"), "猇亭区": ("C26", "C38"),
}
ELSEWHERE = ("C13", "C14", "C30", "C27", "C33", "C38", "C34")
# Relative frequency of divisions among honoured firms and projects outside a county's own clusters.
INDUSTRY_WEIGHTS = {
    "C13": 8, "C14": 4, "C15": 3, "C17": 3, "C18": 2, "C22": 2, "C26": 7, "C27": 5, "C29": 4,
    "C30": 6, "C31": 2, "C32": 2, "C33": 5, "C34": 7, "C35": 6, "C36": 8, "C37": 2, "C38": 6,
    "C39": 7, "C40": 3, "C42": 2,
}


def _ranks(reg: pd.Series, rng: np.random.Generator) -> tuple[str, str | None]:
    """Rank 1 and rank 2 industries of one county for the first year."""
    fixed = COUNTY_INDUSTRIES.get(reg["name"])
    if fixed:
        return fixed
    first, second = PREFECTURE_CLUSTERS.get(reg["prefecture_code"], (ELSEWHERE[:3], ELSEWHERE))
    top = str(rng.choice(first))
    options = [c for c in second if c != top] or [c for c in ELSEWHERE if c != top]
    # One county in six names only one leading industry.
    return top, (str(rng.choice(options)) if rng.random() > 1 / 6 else None)


def leading_industries(inputs: Inputs, rng: np.random.Generator) -> pd.DataFrame:
    """Rows adcode/year/rank/industry_code, 1–2 per county per year; rank 2 changes now and then."""
    rows = []
    for code, reg in inputs.regions.iterrows():
        top, second = _ranks(reg, rng)
        for year in YEARS:
            if year > YEARS[0] and second and rng.random() < 0.08:
                second = str(rng.choice([c for c in ELSEWHERE if c != top]))
            rows += [(code, year, 1, top)] + ([(code, year, 2, second)] if second else [])
    out = pd.DataFrame(rows, columns=["adcode", "year", "rank", "industry_code"])
    return out[out["industry_code"].isin(inputs.industries)].reset_index(drop=True)


def draw_industries(inputs: Inputs, leading: pd.DataFrame, adcodes, rng: np.random.Generator,
                    own_share: float = 0.6) -> np.ndarray:
    """An industry per entry of adcodes: one of its county's latest leading industries with own_share, else any."""
    latest = leading[leading["year"] == leading["year"].max()]
    own = latest.groupby("adcode")["industry_code"].agg(list).to_dict()
    codes = list(inputs.industries)
    weights = np.array([INDUSTRY_WEIGHTS.get(c, 1) for c in codes], dtype=float)
    general = rng.choice(codes, size=len(adcodes), p=weights / weights.sum())
    pick_own = rng.random(len(adcodes)) < own_share
    first = rng.random(len(adcodes)) < 0.65  # rank 1 is the bigger of the two
    out = []
    for code, gen, use_own, use_first in zip(adcodes, general, pick_own, first):
        mine = own.get(code, [])
        out.append(mine[0 if use_first or len(mine) == 1 else 1] if use_own and mine else str(gen))
    return np.array(out, dtype=object)
