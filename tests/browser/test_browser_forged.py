"""Issue 18 item 7: widget state forged on the websocket, in chromium against a real server.

A 黄石-limited editor's browser chooses the one batch it is offered and clicks 回滚; on the way to
the server the message is rewritten (playwright's route_web_socket, protobuf BackMsg) so the rollback
picker names another prefecture's batch. Streamlit resets a value that is not among the options,
and the rollback checks the prefecture itself: either way nothing outside 黄石 is rolled back.
"""

import re

import duckdb
import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg

from data.accounts import users
from data.warehouse import load
from tests.app.test_write_limits import daye_file
from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, serve, var_env
from tests.browser.test_browser_data import choose
from tests.private import publish_copy


@pytest.fixture(scope="module")
def limited_server(tmp_path_factory, warehouse):
    var = tmp_path_factory.mktemp("forged")
    env = {**var_env(var), "HUBEI_USERS": str(var / "users.json")}
    mp = pytest.MonkeyPatch()
    for name, value in (("VAR_DIR", var), ("WAREHOUSE_PATH", var / "warehouse.duckdb"), ("RAW_DIR", var / "raw"),
                        ("USERS_PATH", var / "users.json"), ("AUDIT_PATH", var / "audit.jsonl")):
        mp.setattr(f"settings.{name}", value)
    publish_copy(warehouse, var)
    users.add_user("黄石编辑", "correct-horse-1", "editor", "420200")
    batch = load.load(daye_file(var / "in"), loaded_by="黄石编辑", prefecture="420200").batch_id
    try:
        with serve(env=env) as url:
            yield url, var, batch
    finally:
        mp.undo()


def outcomes(var) -> dict[int, str]:
    con = duckdb.connect(str(var / "warehouse.duckdb"), read_only=True)
    try:
        return dict(con.execute("select batch_id, outcome from batch").fetchall())
    finally:
        con.close()


def outside_label(var) -> str:
    """The rollback picker's label of the demo's villages batch: every prefecture, and nothing depends on it."""
    con = duckdb.connect(str(var / "warehouse.duckdb"), read_only=True)
    try:
        batch, name = con.execute("select batch_id, file_name from batch where dataset = 'villages'").fetchall()[0]
    finally:
        con.close()
    return f"{batch} · {name}"


def forging(ws, forged: dict) -> None:
    """Pass messages both ways; while forged["on"], rewrite the rollback picker's value in reruns."""
    server = ws.connect_to_server()

    def to_server(message):
        if forged["on"] and isinstance(message, bytes):
            back = BackMsg()
            back.ParseFromString(message)
            for widget in back.rerun_script.widget_states.widgets:
                if widget.id.endswith("rollback_batch"):
                    widget.string_value = forged["value"]
                    forged["sent"] += 1
            message = back.SerializeToString()
        server.send(message)

    ws.on_message(to_server)
    server.on_message(ws.send)


def test_a_forged_rollback_choice_on_the_websocket_rolls_back_nothing(limited_server, artifacts):
    from playwright.sync_api import sync_playwright

    url, var, own_batch = limited_server
    forged = {"on": False, "sent": 0, "value": outside_label(var)}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN").new_page()
        page.route_web_socket(re.compile(r"_stcore/stream"), lambda ws: forging(ws, forged))
        page.goto(url + "/data")
        page.get_by_text("登录（编辑与管理）").click()
        page.get_by_label("用户名").fill("黄石编辑")
        page.get_by_label("密码").fill("correct-horse-1")
        page.get_by_role("button", name="登录", exact=True).click()
        page.get_by_text("已登录：黄石编辑").wait_for(timeout=60_000)
        page.get_by_text("回滚批次").wait_for(timeout=60_000)
        choose(page, "回滚批次", f"{own_batch} · daye.csv")
        page.get_by_role("button", name="回滚").wait_for(state="visible")
        page.wait_for_timeout(1500)
        forged["on"] = True
        page.get_by_role("button", name="回滚").click()
        page.wait_for_timeout(4000)
        page.screenshot(path=str(artifacts / "screenshots" / "forged_rollback_1366.png"))
        errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').all_inner_texts()
        browser.close()
    assert forged["sent"] >= 1
    assert set(outcomes(var).values()) == {"loaded"}, errors  # neither the outside batch nor their own
    assert not any("Traceback" in e or "Error" in e for e in errors)
