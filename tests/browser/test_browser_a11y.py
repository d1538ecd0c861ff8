"""Accessibility test: axe-core in chromium on every page in every display mode; no serious or critical violation.

axe-core is the npm package pinned in package.json (installed by `npm ci` in test.sh, read from
node_modules, never fetched at run time). Each page is fully drawn before axe runs: the script
run finished, no skeleton or stale element left, every Plotly chart drawn (and the county map on
map pages). Every result is written to test-artifacts/a11y/<page>-<mode>.json, with a screenshot
of what axe looked at.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.harness import PAGES, ROOT, Browser, screenshot
from tests.browser.test_browser import NO_COUNTY_MAP

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")

# Display modes and the query string that selects each; "default" is the page as it opens.
MODES = {"default": "", "present": "mode=present", "elder": "mode=elder"}

# Violations excused on one rule within one part of Streamlit's own frontend, each with its reason.
# A node is excused only when the rule matches and the offending element lies inside `within`.
NAV = '[data-testid="stSidebarNavItems"]'
EXCUSED: list[dict[str, str]] = [
    # Streamlit 1.67's sidebar navigation (st.navigation with sections) wraps each section's header and
    # <li>s in a <div> inside its <ul>: `ul > div > (header, li…)`. No option or theme changes that markup;
    # only drawing the navigation in the app (position="hidden" + st.page_link) would.
    {"rule": "list", "within": NAV},
    {"rule": "listitem", "within": NAV},
    # The label of a disabled widget: Streamlit draws it at 40 % of textColor (2.6:1 here, under 3:1 even with
    # black text) and marks it with a `disabled` attribute axe does not read. WCAG 1.4.3 sets no contrast
    # requirement for inactive user-interface components.
    {"rule": "color-contrast", "within": '[data-testid="stWidgetLabel"][disabled]'},
]

# Streamlit's script run is over, nothing is still loading or about to be replaced, every chart is drawn.
SETTLED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-testid="stSkeleton"], [data-stale="true"]')) return false;
    return [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .every(c => c.querySelector('.js-plotly-plot .main-svg'));
}"""

# axe over the whole document; violations split into kept and excused (rule + enclosing selector).
RUN_AXE = """async (excused) => {
    const result = await axe.run(document, {resultTypes: ['violations', 'incomplete'], elementRef: true});
    const isExcused = (rule, node) => excused.some(e => e.rule === rule && node.element
        && node.element.closest(e.within));
    const shape = (v, nodes) => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: nodes.map(n => ({target: n.target, html: n.html.slice(0, 300), summary: n.failureSummary}))});
    const kept = [], excusedOut = [];
    for (const v of result.violations) {
        const mine = v.nodes.filter(n => !isExcused(v.id, n));
        const theirs = v.nodes.filter(n => isExcused(v.id, n));
        if (mine.length) kept.push(shape(v, mine));
        if (theirs.length) excusedOut.push(shape(v, theirs));
    }
    // Checks axe could not decide (e.g. text over a chart): kept in the report, not failed on.
    const incomplete = result.incomplete.map(v => shape(v, v.nodes));
    return {version: axe.version, url: location.href, violations: kept, excused: excusedOut, incomplete};
}"""


# Plotly draws its text in SVG, which axe leaves "incomplete" (it cannot find the background). This checks
# that text against the figure's paper colour with WCAG's thresholds (4.5:1; 3:1 from 24 px, or 18.7 px bold).
# Not checked: the 演示数据 watermark (annotation named demo-watermark: a deliberately faint repeat of the
# visible badge), text inside bars (its background is the bar), and hover labels (drawn only on hover).
CHART_TEXT = """() => {
    const rgba = c => {  // "#1f5fa8", "#fff", "rgb(…)" or "rgba(…)"
        const hex = /^#([\\da-f]{3}|[\\da-f]{6})$/i.exec(c.trim());
        if (hex) return [...(hex[1].length === 3 ? hex[1].replace(/./g, '$&$&') : hex[1]).matchAll(/../g)]
            .map(h => parseInt(h[0], 16)).concat(1);
        const m = (c.match(/[\\d.]+/g) || []).map(Number);
        return m.length < 3 ? null : [m[0], m[1], m[2], m.length > 3 ? m[3] : 1];
    };
    const luminance = ([r, g, b]) => [r, g, b].map(v => v / 255)
        .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const failing = {};
    for (const plot of document.querySelectorAll('.js-plotly-plot')) {
        const full = plot._fullLayout || {};
        const paper = rgba(full.paper_bgcolor || 'rgb(255,255,255)');
        const watermarks = new Set((full.annotations || [])
            .map((a, i) => a.name === 'demo-watermark' ? String(i) : null));
        for (const el of plot.querySelectorAll('text')) {
            if (!el.textContent.trim() || el.closest('.hoverlayer')) continue;
            if (el.classList.contains('bartext-inside')) continue;
            const note = el.closest('.annotation');
            if (note && watermarks.has(note.getAttribute('data-index'))) continue;
            for (const part of el.querySelectorAll('tspan').length ? el.querySelectorAll('tspan') : [el]) {
                if (!part.textContent.trim()) continue;
                const style = getComputedStyle(part);
                const fill = rgba(style.fill);
                if (!fill) continue;
                let alpha = fill[3] * Number(style.fillOpacity || 1);
                for (let e = part; e && e !== plot; e = e.parentElement) {
                    alpha *= Number(getComputedStyle(e).opacity || 1);
                }
                const seen = fill.slice(0, 3).map((v, i) => alpha * v + (1 - alpha) * paper[i]);
                const [hi, lo] = [luminance(seen), luminance(paper)].sort((a, b) => b - a);
                const ratio = (hi + 0.05) / (lo + 0.05);
                const px = parseFloat(style.fontSize);
                const bold = Number(style.fontWeight) >= 700 || style.fontWeight === 'bold';
                const needed = px >= 24 || (bold && px >= 18.66) ? 3 : 4.5;
                if (ratio >= needed) continue;
                const key = `${style.fill} on ${full.paper_bgcolor}: ${ratio.toFixed(2)}:1 (needs ${needed}:1)`;
                (failing[key] = failing[key] || []).push(part.textContent.trim().slice(0, 24));
            }
        }
    }
    return Object.entries(failing)
        .map(([colours, texts]) => ({colours, count: texts.length, texts: texts.slice(0, 6)}));
}"""


def url_for(server: str, path: str, mode: str) -> str:
    query = MODES[mode]
    return server + path + (f"?{query}" if query else "")


def grow_to_content(page) -> None:
    """A viewport as tall as the page: Streamlit scrolls inside its main container, and axe cannot judge
    the contrast of text scrolled out of view (it reports it as incomplete instead)."""
    height = page.evaluate("""() => Math.max(...['stMain', 'stSidebarContent']
        .map(id => document.querySelector(`[data-testid="${id}"]`)?.scrollHeight || 0), window.innerHeight)""")
    page.set_viewport_size({"width": page.viewport_size["width"], "height": min(int(height) + 40, 8000)})
    page.wait_for_timeout(800)  # plotly re-lays out on resize
    page.wait_for_function(SETTLED, timeout=60_000, polling=250)


def wait_until_drawn(page, title: str, with_map: bool) -> None:
    """The page's title, the 演示数据 mark, the map when it has one, then a settled page twice, a second apart."""
    # Visible ones: 演示模式 hides the sidebar, whose navigation repeats every title.
    page.get_by_text(title, exact=True).filter(visible=True).first.wait_for(timeout=90_000)
    page.get_by_text("演示数据").filter(visible=True).first.wait_for(timeout=60_000)
    if with_map:
        page.locator("path.choroplethlocation").first.wait_for(timeout=60_000)
    page.wait_for_function(SETTLED, timeout=60_000, polling=250)
    page.wait_for_timeout(1000)  # a late rerun (URL sync, selection) would start within this
    page.wait_for_function(SETTLED, timeout=60_000, polling=250)


def describe(violations: list[dict], limit: int = 8) -> str:
    """Rule id, impact, help text and the offending selectors (with a snippet of their HTML), one block per rule."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} [{v['impact']}] {v['help']} — {len(v['nodes'])} element(s) ({v['helpUrl']})")
        for node in v["nodes"][:limit]:
            lines.append(f"    {' >> '.join(node['target'])}    {node['html'][:160]}")
        if len(v["nodes"]) > limit:
            lines.append(f"    … and {len(v['nodes']) - limit} more")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe_source() -> Path:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS.relative_to(ROOT)} is missing: run `npm ci` at the repository top (test.sh does)")
    return AXE_JS


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


# Every page as it opens; the two other modes on the pages that show every kind of element (map and
# league table, each chart type, forms and primary buttons): their CSS is the same on every page.
MODE_PAGES = ("/", "/growth", "/data")
CASES = [(path, title, "default") for path, title in PAGES] + [
    (path, title, mode) for mode in MODES if mode != "default" for path, title in PAGES if path in MODE_PAGES]


@pytest.mark.parametrize("path,title,mode", CASES)
def test_page_has_no_serious_accessibility_violation(server, browser, artifacts, axe_source, path, title, mode):
    name = f"{path.strip('/') or 'overview'}-{mode}"
    page, _ = browser.open(url_for(server, path, mode))
    try:
        wait_until_drawn(page, title, with_map=path not in NO_COUNTY_MAP)
        if MODES[mode]:  # axe looks at the mode asked for, not a view the app fell back to
            assert MODES[mode] in page.url, f"{path} dropped ?{MODES[mode]}: {page.url}"
        grow_to_content(page)
        shots = artifacts / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        screenshot(page, shots / f"a11y-{name}.png")
        page.add_script_tag(path=str(axe_source))
        result = page.evaluate(RUN_AXE, EXCUSED)
        result["chart_text"] = page.evaluate(CHART_TEXT)
    finally:
        page.close()
    report = artifacts / "a11y" / f"{name}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    failing = [v for v in result["violations"] if v["impact"] in FAILING_IMPACTS]
    chart_text = [f"chart-text-contrast [serious] {t['colours']} — {t['count']} text(s): {'、'.join(t['texts'])}"
                  for t in result["chart_text"]]
    assert not failing and not chart_text, "\n".join(
        [f"axe-core {result['version']} on {path} ({mode}):", *filter(None, [describe(failing)]), *chart_text])
