"""Issue 18, items 1–2: a prefecture-limited editor rolls back only their own batches and changes nothing province-wide.

Checked twice: on the page (what is offered, AppTest) and in the write functions themselves (what
a forged widget value or the command line would reach), on a private copy of the demo warehouse.
"""

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import queries
import settings
from data.accounts import users
from data.actor import Actor
from data.importer.templates import TEMPLATES
from data.warehouse import assessment, load, snapshots
from tests.app.test_access import sign_in
from tests.app.test_app import APP, all_text

HUANGSHI, WUHAN = "420200", "420100"
LIMITED = Actor("黄石编辑", "editor", HUANGSHI)


@pytest.fixture
def limited(private_warehouse, tmp_path, monkeypatch):
    """A 黄石-limited editor and a province-wide one; one batch of 大冶市 (黄石) figures on top of the demo."""
    monkeypatch.setattr(settings, "USERS_PATH", tmp_path / "users.json")
    monkeypatch.setattr(settings, "AUDIT_PATH", tmp_path / "audit.jsonl")
    users.add_user("黄石编辑", "correct-horse-1", "editor", HUANGSHI)
    users.add_user("全省编辑", "correct-horse-2", "editor")
    return load.load(daye_file(tmp_path), loaded_by="全省编辑").batch_id


def daye_file(folder: Path, name: str = "daye.csv") -> Path:
    """One figure of 大冶市 (黄石), as a county values file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    row = "420281,大冶市,output_yi,,2025年6月,12.5,亿元,最终"
    path.write_text(",".join(TEMPLATES["county_values"].headers) + "\n" + row + "\n", encoding="utf-8-sig")
    return path


def demo_batch() -> int:
    batches = queries.run("data/batches")
    return int(batches.loc[batches["outcome"] == "loaded", "batch_id"].min())


def data_page(name: str, password: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/data.py")
    at.run()
    sign_in(at, name, password)
    assert not at.exception, at.exception
    return at


def test_a_limited_editor_is_offered_only_their_prefectures_batches(limited):
    at = data_page("黄石编辑", "correct-horse-1")
    assert at.selectbox(key="rollback_batch").options == [f"{limited} · daye.csv"]
    assert "只能由全省编辑回滚" in all_text(at)


def test_a_province_wide_editor_is_offered_every_batch(limited):
    at = data_page("全省编辑", "correct-horse-2")
    assert len(at.selectbox(key="rollback_batch").options) > 1


def test_rollback_refuses_a_batch_outside_the_prefecture(limited):
    with pytest.raises(load.LoadRefused, match="本市州以外"):
        load.rollback(demo_batch(), by=LIMITED)
    with pytest.raises(load.LoadRefused, match="本市州以外"):
        load.rollback(limited, by=Actor("武汉编辑", "editor", WUHAN))
    assert load.rollback(limited, by=LIMITED) == "county_values"


def test_rollback_refuses_a_viewer(limited):
    with pytest.raises(load.LoadRefused, match="编辑"):
        load.rollback(limited, by=Actor("viewer1", "viewer"))


def test_the_command_line_refuses_too(limited, capsys):
    assert load.main(["--rollback", str(demo_batch()), "--by", "黄石编辑", "--prefecture", HUANGSHI]) == 2
    assert "本市州以外" in capsys.readouterr().err
    assert load.main(["--rollback", str(limited), "--by", "黄石编辑", "--prefecture", HUANGSHI]) == 0


def test_a_limited_editor_cannot_save_rules_or_snapshots(limited):
    rules = assessment.default_rules()
    rules.loc[0, "weight"] += 1
    rules.loc[1, "weight"] -= 1
    with pytest.raises(assessment.RulesRefused, match="全省编辑或管理员"):
        assessment.save_version(rules, note="黄石改规则", by=LIMITED)
    with pytest.raises(snapshots.SnapshotRefused, match="全省编辑或管理员"):
        snapshots.save("黄石快照", date(2025, 6, 1), by=LIMITED)
    with pytest.raises(snapshots.SnapshotRefused, match="编辑"):
        snapshots.save("访客快照", date(2025, 6, 1), by=Actor("访客", "viewer"))
    assert queries.run("snapshot/snapshots").empty
    assert assessment.save_version(rules, note="全省调整", by=Actor("全省编辑", "editor")) == 2


def test_a_limited_editor_is_not_offered_the_snapshot_or_rules_forms(limited):
    at = data_page("黄石编辑", "correct-horse-1")
    assert not [b for b in at.button if b.label == "保存快照"] and "仅全省编辑或管理员可保存" in all_text(at)
    at.switch_page("app_pages/assess.py")
    at.run()
    assert not at.exception and not [b for b in at.button if b.label == "保存为新版本"]
