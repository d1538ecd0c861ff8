"""Identifiers and names of demo records: 统一社会信用代码, company, project and place names."""

from __future__ import annotations

import numpy as np

# GB 32100-2015: the code alphabet (no I, O, S, V, Z) and the weights of its check character.
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [3 ** i % 31 for i in range(17)]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]  # GB 11714 organisation-code check

TRADE_CHARS = list("华鑫宏泰盛达恒瑞丰祥兴隆安康润晟博远锦宇航天新源德信诚和嘉正通成利福旺鼎汇金钰凯峰海江楚荆汉"
                   "明光辉永昌众联创美佳科睿智益腾飞龙凤双力强")
INDUSTRY_WORDS = {
    "C13": ("粮油", "食品", "农业科技", "饲料", "米业"), "C14": ("食品", "调味品", "乳业", "生物食品"),
    "C15": ("酒业", "茶业", "饮品"), "C16": ("卷烟材料",), "C17": ("纺织", "非织造布", "纱业"),
    "C18": ("服饰", "服装", "制衣"), "C19": ("鞋业", "皮革"), "C20": ("木业", "竹木"),
    "C21": ("家具", "家居"), "C22": ("纸业", "包装"), "C23": ("印务", "彩印"), "C24": ("文体用品", "工艺品"),
    "C25": ("石化", "能源"), "C26": ("化工", "化学", "磷化", "新材料"), "C27": ("药业", "制药", "生物医药"),
    "C28": ("化纤", "纤维"), "C29": ("塑业", "橡胶", "塑胶"), "C30": ("建材", "水泥", "玻璃", "陶瓷"),
    "C31": ("钢铁", "特钢", "钢材"), "C32": ("铜业", "铝业", "有色金属"), "C33": ("金属制品", "五金", "钢构"),
    "C34": ("机械", "重工", "阀门", "泵业"), "C35": ("装备", "智能装备", "专用设备"),
    "C36": ("汽车零部件", "汽车部件", "专用汽车", "汽配"), "C37": ("船舶", "航空科技", "轨道装备"),
    "C38": ("电气", "电机", "电器", "新能源"), "C39": ("光电", "电子", "光通信", "半导体"),
    "C40": ("仪器仪表", "测控"), "C41": ("实业",), "C42": ("再生资源", "环保科技"), "C43": ("机电工程",),
}
PRODUCTS = {
    "C13": ("粮油精深加工", "预制菜", "饲料"), "C14": ("休闲食品", "调味品"), "C15": ("富硒茶", "白酒酿造"),
    "C17": ("医用非织造布", "高端纺纱"), "C18": ("品牌服装", "智能制衣"),
    "C26": ("磷酸铁锂", "精细磷化工", "电子化学品"), "C27": ("原料药", "生物制剂"),
    "C30": ("新型墙材", "光伏玻璃"), "C31": ("高端特钢", "钢材深加工"),
    "C32": ("高端铜箔", "铝合金型材"), "C34": ("智能泵阀", "数控机床"), "C35": ("智能装备", "工程机械"),
    "C36": ("新能源汽车零部件", "专用车", "汽车电子"), "C38": ("储能电池", "电机"),
    "C39": ("光模块", "显示面板", "集成电路"),
}
# Two-character place names of the Jianghan plain and its hills: a word, then a landform (黄岗, 石桥, 柳畈).
PLACE_WORDS = list("新石白黄金龙马刘王张李陈周高胡何朱罗宋谢桂花枫竹松兴和平安丰乐福寿长永双三五")
PLACE_FORMS = list("杨柳桥塘湾岗坪畈冲岭港河湖山林田庄铺店集坡垸台岩口")
PROJECT_FORMS = ("{p}生产线建设项目", "年产{q}万吨{p}项目", "{p}技改扩能项目", "{p}智能制造基地项目", "{p}产业园项目")
COMPANY_FORMS = ("有限公司", "有限公司", "科技有限公司", "股份有限公司")


def _alnum(ch: str) -> int:
    return int(ch) if ch.isdigit() else ord(ch) - 55  # A = 10 … Z = 35


def org_code(rng: np.random.Generator) -> str:
    """A 9-character organisation code with its GB 11714 check character."""
    body = [USCC_CHARS[i] for i in rng.integers(0, 31, 8)]
    c = 11 - sum(w * _alnum(ch) for w, ch in zip(ORG_WEIGHTS, body)) % 11
    return "".join(body) + ("X" if c == 10 else "0" if c == 11 else str(c))


def uscc(adcode: str, rng: np.random.Generator) -> str:
    """An 18-character 统一社会信用代码 of a company (91) registered in adcode, with a valid check character."""
    head = "91" + adcode + org_code(rng)
    total = sum(w * USCC_CHARS.index(ch) for w, ch in zip(USCC_WEIGHTS, head))
    return head + USCC_CHARS[(31 - total % 31) % 31]


def uscc_codes(adcodes, rng: np.random.Generator) -> list[str]:
    """A unique credit code per entry of adcodes."""
    seen: set[str] = set()
    out = []
    for adcode in adcodes:
        code = uscc(adcode, rng)
        while code in seen:
            code = uscc(adcode, rng)
        seen.add(code)
        out.append(code)
    return out


def company_names(prefixes, industry_codes, rng: np.random.Generator, big=None) -> list[str]:
    """Unique names 湖北<字号><行业词>有限公司: prefix per entry, trade name from two characters, word by industry."""
    seen: set[str] = set()
    out = []
    big = big if big is not None else [False] * len(prefixes)
    for prefix, industry, is_big in zip(prefixes, industry_codes, big):
        words = INDUSTRY_WORDS.get(industry, ("实业",))
        form = "集团有限公司" if is_big else COMPANY_FORMS[rng.integers(len(COMPANY_FORMS))]
        name = ""
        while not name or name in seen:
            trade = "".join(rng.choice(TRADE_CHARS, 2, replace=False))
            name = f"{prefix}{trade}{words[rng.integers(len(words))]}{form}"
        seen.add(name)
        out.append(name)
    return out


def project_names(places, industry_codes, rng: np.random.Generator) -> list[str]:
    """Plausible growth-point project names: <county><product><form>."""
    out = []
    for place, industry in zip(places, industry_codes):
        products = PRODUCTS.get(industry) or tuple(w + "产品" for w in INDUSTRY_WORDS.get(industry, ("工业",)))
        form = PROJECT_FORMS[rng.integers(len(PROJECT_FORMS))]
        product = products[rng.integers(len(products))]
        out.append(place + form.format(p=product, q=int(rng.choice([1, 2, 3, 5, 10, 20, 30]))))
    return out


def place_names(n: int, rng: np.random.Generator) -> list[str]:
    """n distinct two-character place names (黄岗, 石桥 …): candidates drawn in bulk, repeats dropped."""
    if n > len(PLACE_WORDS) * len(PLACE_FORMS):
        raise ValueError(f"{n} places need more name characters than the demo has")
    names: list[str] = []
    while len(names) < n:
        words = np.array(PLACE_WORDS)[rng.integers(len(PLACE_WORDS), size=2 * n)]
        forms = np.array(PLACE_FORMS)[rng.integers(len(PLACE_FORMS), size=2 * n)]
        names = list(dict.fromkeys(names + [a + b for a, b in zip(words, forms)]))
    return names[:n]
