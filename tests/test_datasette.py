"""Datasette over the built base: metadata loads and canned queries answer over real HTTP (loopback)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from kb_helpers import ROOT, built_base

METADATA = ROOT / "knowledge_base" / "datasette" / "metadata.json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _, db, _ = built_base(tmp_path_factory.mktemp("datasette"), "policykb.db")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "serve", "--db", str(db), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"datasette did not start: {proc.stderr.read().decode()[-500:]}"
                    ) from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()  # `policykb serve` execs Datasette, so this stops the server itself
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    with pytest.raises(OSError):  # nothing left listening
        urllib.request.urlopen(base + "/-/versions.json", timeout=2)


def get(base: str, path: str, **params) -> object:
    url = f"{base}{path}?{urllib.parse.urlencode({**params, '_shape': 'array'})}"
    with urllib.request.urlopen(url, timeout=20) as r:
        return json.loads(r.read())


def test_canned_target_history(server):
    rows = get(server, "/policykb/target_history.json", category="国家级专精特新“小巨人”企业")
    assert [(r["document_id"], r["value"], r["year"]) for r in rows] == [
        ("tz-2019-58", 20, 2025),
        ("tz-2024-matrix-draft", 280, 2029),
    ]


def test_canned_search(server):
    rows = get(server, "/policykb/search.json", q="专精特新 奖励")
    assert any("100万元、35万元奖励" in r["text"] for r in rows)
    assert all("<mark>" in r["snippet"] for r in rows)
    rows = get(server, "/policykb/search.json", q="奖")  # one character: the chars column
    assert rows and all("奖" in r["text"] for r in rows)


def test_canned_awards_by_category(server):
    rows = get(server, "/policykb/awards_by_category.json")
    assert rows and all(r["awards"] >= 1 for r in rows)


def test_metadata_is_served(server):
    meta = json.loads(urllib.request.urlopen(server + "/-/metadata.json", timeout=10).read())
    assert "targets" in meta["databases"]["policykb"]["tables"]
    assert set(meta["databases"]["policykb"]["queries"]) >= {"awards_by_category", "target_history", "search"}
