"""The dashboard: token and Host guards, the report, search, and corrections that change the analysis."""
from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from homeward import demo, pipeline
from homeward.report.data import contract_json
from homeward.store.db import connect
from homeward.web.app import create_app

PORT = 8765
TOKEN = "t0ken-for-tests"
BASE = f"http://127.0.0.1:{PORT}"


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    demo.run(tmp_path / "demo.db", tmp_path / "report.html")
    return tmp_path / "demo.db"


@pytest.fixture()
def client(db: Path) -> TestClient:
    return TestClient(create_app(db, token=TOKEN, port=PORT), base_url=BASE)


def _json(db: Path) -> dict:
    conn = connect(db)
    try:
        return contract_json(*pipeline.analyse(conn))
    finally:
        conn.close()


def test_refused_without_token(client: TestClient) -> None:
    assert client.get("/").status_code == 403
    assert client.get("/api/analysis").status_code == 403
    assert client.get("/api/analysis?token=wrong").status_code == 403
    assert client.get("/api/analysis", headers={"X-Homeward-Token": "wrong"}).status_code == 403
    assert client.post("/api/journal", json={"text": "x"}).status_code == 403


def test_refused_with_wrong_host(client: TestClient) -> None:
    assert client.get(f"/?token={TOKEN}", headers={"Host": f"evil.example:{PORT}"}).status_code == 403
    assert client.get(f"/?token={TOKEN}", headers={"Host": "127.0.0.1:1"}).status_code == 403
    assert client.get(f"/?token={TOKEN}", headers={"Host": f"localhost:{PORT}"}).status_code == 200


def test_page_and_analysis_with_token(client: TestClient, db: Path) -> None:
    page = client.get(f"/?token={TOKEN}")
    assert page.status_code == 200 and "<html" in page.text and "hw-labels" in page.text
    assert 'src="http' not in page.text and 'href="http' not in page.text  # nothing fetched from the internet
    data = client.get("/api/analysis", headers={"X-Homeward-Token": TOKEN}).json()
    expected = _json(db)
    assert data["homecoming"] == expected["homecoming"] and data["guidance"] == expected["guidance"]


def test_post_needs_header_token(client: TestClient) -> None:
    r = client.post(f"/api/journal?token={TOKEN}", json={"text": "x"})
    assert r.status_code == 403  # the query token is not enough for a change: CSRF
    r = client.post("/api/journal", json={"text": "x"}, headers={"X-Homeward-Token": TOKEN, "Origin": "http://evil.example"})
    assert r.status_code == 403


def test_search(client: TestClient) -> None:
    h = {"X-Homeward-Token": TOKEN}
    everything = client.get("/api/messages", headers=h).json()
    assert everything["total"] > 100 and len(everything["messages"]) == 50
    found = client.get("/api/messages?q=coming home", headers=h).json()
    assert 0 < found["total"] < everything["total"]
    assert all("coming home" in m["text"].lower() for m in found["messages"])
    assert any(m["labels"] for m in found["messages"])
    page2 = client.get("/api/messages?offset=50", headers=h).json()
    assert page2["messages"][0]["id"] != everything["messages"][0]["id"]


def test_label_correction_changes_the_analysis(client: TestClient, db: Path) -> None:
    h = {"X-Homeward-Token": TOKEN}
    before = _json(db)["homecoming"]
    assert before["first_raised_by"] == "user"
    early = client.get("/api/messages", headers=h).json()["messages"]
    target = next(m for m in early if m["sender"] == "partner" and "homecoming" not in m["labels"])
    r = client.post("/api/label", json={"message_id": target["id"], "label": "homecoming", "present": True}, headers=h)
    assert r.status_code == 200, r.text
    after = client.get("/api/analysis", headers=h).json()["homecoming"]
    assert after["first_raised_by"] == "partner"
    assert after["date"] == target["ts"][:10]


def test_errors_are_json_400(client: TestClient) -> None:
    h = {"X-Homeward-Token": TOKEN}
    r = client.post("/api/label", json={"message_id": "nope", "label": "homecoming", "present": True}, headers=h)
    assert r.status_code == 400 and "no message" in r.json()["error"]
    r = client.post("/api/label", json={"message_id": "x", "label": "not-a-label"}, headers=h)
    assert r.status_code == 400 and "error" in r.json()
    r = client.post("/api/journal", json={"kind": "party"}, headers=h)
    assert r.status_code == 400 and "--kind" in r.json()["error"]


def test_experiments(client: TestClient) -> None:
    h = {"X-Homeward-Token": TOKEN}
    r = client.post("/api/experiments", json={"name": "lighter messages", "start": "2025-09-01"}, headers=h)
    assert r.status_code == 200
    eid = r.json()["id"]
    assert client.post(f"/api/experiments/{eid}/end", json={"end": "2025-10-01"}, headers=h).status_code == 200
    names = [e["name"] for e in client.get("/api/analysis", headers=h).json()["experiments"]]
    assert "lighter messages" in names
    assert client.post("/api/experiments/9999/end", json={}, headers=h).status_code == 400
