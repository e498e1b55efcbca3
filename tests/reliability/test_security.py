"""Security over the app (``app.build_app``): admin-only upload, no path traversal, localhost by
default, markup shown as text, no password in any output."""

from __future__ import annotations

import base64
import inspect
import logging
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rel_support import SECRETS, assert_no_secret, copy_index, notice, open_bot

ADMIN_USER, ADMIN_PW = SECRETS["YIYANG_ADMIN"].split(":")
READER_USER, READER_PW = SECRETS["YIYANG_AUTH"].split(":")


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


@pytest.fixture(scope="module")
def client(seed_bot: Any) -> TestClient:
    from app import build_app
    from web.server_config import ServerConfig

    return TestClient(build_app(seed_bot, ServerConfig()))


@pytest.fixture
def admin_app(seed_index: Any, tmp_path: Path) -> tuple[TestClient, Path]:
    """An app over a copy of the seed index with admin upload on, saving into a temp folder."""
    from app import build_app
    from web.server_config import ServerConfig

    uploads = tmp_path / "uploads"
    bot = open_bot(copy_index(seed_index, tmp_path / "data"))
    cfg = ServerConfig.from_env({"YIYANG_ADMIN": SECRETS["YIYANG_ADMIN"], "YIYANG_UPLOAD_DIR": str(uploads)})
    return TestClient(build_app(bot, cfg)), uploads


def test_upload_is_off_without_an_admin_account(client: TestClient) -> None:
    r = client.post("/api/documents", files={"file": ("a.txt", b"x", "text/plain")})
    assert r.status_code == 403 and r.json()["error"] == "forbidden"


@pytest.mark.parametrize("who", ["nobody", "reader", "wrong-password"])
def test_upload_needs_the_admin_credentials(admin_app: tuple[TestClient, Path], who: str) -> None:
    client, uploads = admin_app
    headers = {"nobody": {}, "reader": basic(READER_USER, READER_PW), "wrong-password": basic(ADMIN_USER, "guess")}[who]
    r = client.post("/api/documents", files={"file": ("a.txt", notice("越权").encode(), "text/plain")}, headers=headers)
    assert r.status_code == 401
    assert not uploads.exists() or not any(uploads.iterdir())


def test_admin_upload_with_a_traversal_name_lands_inside_the_upload_folder(admin_app: tuple[TestClient, Path],
                                                                         caplog: pytest.LogCaptureFixture) -> None:
    client, uploads = admin_app
    with caplog.at_level(logging.DEBUG):
        r = client.post("/api/documents", headers=basic(ADMIN_USER, ADMIN_PW),
                        files={"file": ("../../etc/上传 文件.txt", notice("上传文件").encode(), "text/plain")})
    assert r.status_code == 201, r.text
    assert r.json()["documents"] == 6
    saved = [p.relative_to(uploads) for p in uploads.rglob("*") if p.is_file()]
    assert saved == [Path("上传_文件.txt")]
    assert_no_secret(r.text + caplog.text)


@pytest.mark.parametrize(
    "path",
    ["/doc/..%2F..%2Fetc%2Fpasswd", "/doc/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/doc/../../etc/passwd",
     "/doc/....//....//etc/passwd", "/api/clauses/..%2F..%2Fetc%2Fpasswd", "/doc/%00"],
)
def test_path_traversal_in_the_document_view_and_api_is_refused(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code in (400, 404), (path, r.status_code)
    assert "root:x:0:0" not in r.text


def test_document_view_serves_only_indexed_documents_by_name(client: TestClient, seed_bot: Any) -> None:
    source = next(iter(seed_bot.docs))
    assert client.get(f"/doc/{source}").status_code == 200
    assert client.get("/doc/pyproject.toml").status_code == 404  # a file in the repo, not in the index


def test_markup_in_questions_and_highlights_is_shown_as_text(client: TestClient, seed_bot: Any) -> None:
    from web.chat_markdown import answer_markdown

    r = client.post("/api/ask", json={"question": "<script>alert(1)</script>巫溪县安宁疗护床位"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert "<script" not in answer_markdown(seed_bot.ask("<script>alert(1)</script>巫溪县安宁疗护床位"))
    source = next(iter(seed_bot.docs))
    page = client.get(f"/doc/{source}", params={"q": "<script>alert(1)</script>", "clause": "\"><img src=x onerror=alert(1)>"})
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.text and "<img src=x" not in page.text


def test_the_app_binds_to_localhost_by_default() -> None:
    import app
    from web.server_config import ServerConfig

    assert ServerConfig().host == "127.0.0.1"
    assert ServerConfig.from_env({}).host == "127.0.0.1"
    assert inspect.signature(app.serve).parameters["host"].default == "127.0.0.1"


def test_credentials_never_appear_in_config_reprs_or_errors() -> None:
    from web.server_config import ServerConfig

    cfg = ServerConfig.from_env(SECRETS)
    assert_no_secret(repr(cfg) + str(cfg))
    with pytest.raises(ValueError) as err:
        ServerConfig.from_env({"YIYANG_AUTH": "reader:Sekr1t-reader-pw,brokenSekr1t-admin-pw"})
    assert_no_secret(str(err.value))


def test_failed_logins_do_not_log_the_password_tried(seed_bot: Any, caplog: pytest.LogCaptureFixture,
                                                     capsys: pytest.CaptureFixture) -> None:
    from app import build_app
    from web.server_config import ServerConfig

    client = TestClient(build_app(seed_bot, ServerConfig.from_env(SECRETS)))
    with caplog.at_level(logging.DEBUG):
        assert client.get("/api/documents").status_code == 401
        assert client.get("/api/documents", headers=basic(READER_USER, "Sekr1t-admin-pw")).status_code == 401
        ok = client.get("/api/documents", headers=basic(READER_USER, READER_PW))
    assert ok.status_code == 200
    out = capsys.readouterr()
    assert_no_secret(caplog.text + out.out + out.err + ok.text)
