"""yiyang as an OpenAI-compatible model, driven by real clients: the ``openai`` package (plain and
streaming) and LangChain's ``ChatOpenAI`` against the app server; API keys; OpenAI error shapes;
LLM mode seen through ``/v1`` with a scripted local endpoint."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from fake_openai import FakeOpenAI
from web.openai_config import OpenAIAPIConfig
from web.openai_api import openai_router
from web.access import install_error_handlers
from web.server_config import ServerConfig
from web.uploads import AssistantHolder

OWNER_Q = "涪陵区加强医养结合信息化支撑这项任务由哪些部门负责？"
TARGET_Q = "巫溪县2027年安宁疗护床位目标是多少？"
KEYS = ("sk-yiyang-test-one", "sk-yiyang-test-two")


@pytest.fixture(scope="module")
def client(server: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{server}/v1", api_key="unused-without-keys", max_retries=0, timeout=60)


def test_models_lists_yiyang(client: openai.OpenAI) -> None:
    assert [m.id for m in client.models.list()] == ["yiyang"]


def test_openai_client_gets_an_answer_with_markers_sources_and_citations(client: openai.OpenAI) -> None:
    resp = client.chat.completions.create(model="yiyang", messages=[
        {"role": "system", "content": "You are a helpful assistant."}, {"role": "user", "content": OWNER_Q}])
    text = resp.choices[0].message.content or ""
    assert "区大数据发展局" in text and "[1]" in text and "\n\n来源：\n[1] 《" in text
    citations = resp.model_extra["citations"]
    assert citations[0]["section"] == "二、（七）" and {"source", "title", "text", "quote", "label"} <= set(citations[0])
    assert resp.model == "yiyang" and resp.choices[0].finish_reason == "stop" and resp.usage.completion_tokens > 0
    assert resp.model_extra["yiyang"]["found"] is True


def test_openai_client_streams_the_same_answer_in_pieces(client: openai.OpenAI) -> None:
    plain = client.chat.completions.create(model="yiyang", messages=[{"role": "user", "content": TARGET_Q}])
    chunks = list(client.chat.completions.create(model="yiyang", messages=[{"role": "user", "content": TARGET_Q}],
                                                 stream=True, stream_options={"include_usage": True}))
    pieces = [c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content]
    assert len(pieces) > 3 and "".join(pieces) == plain.choices[0].message.content
    final = next(c for c in chunks if c.choices and c.choices[0].finish_reason == "stop")
    assert final.model_extra["citations"] == plain.model_extra["citations"]
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens > 0


def test_langchain_chatopenai_pointed_at_yiyang(server: str) -> None:
    from langchain_openai import ChatOpenAI

    model = ChatOpenAI(base_url=f"{server}/v1", api_key="unused", model="yiyang", max_retries=0, timeout=60)
    reply = model.invoke([("system", "你是一个助手"), ("human", TARGET_Q)])
    assert "20张" in reply.text and "[1]" in reply.text and "来源：" in reply.text and "《巫溪县" in reply.text
    streamed = list(model.stream([("human", TARGET_Q)]))
    assert len([c for c in streamed if c.text]) > 3 and "".join(c.text for c in streamed) == reply.text


def test_earlier_messages_are_the_history(client: openai.OpenAI) -> None:
    first = client.chat.completions.create(model="yiyang", messages=[{"role": "user", "content": TARGET_Q}])
    follow = client.chat.completions.create(model="yiyang", messages=[
        {"role": "user", "content": TARGET_Q}, {"role": "assistant", "content": first.choices[0].message.content},
        {"role": "user", "content": "那2025年呢？"}])
    assert "10张" in (follow.choices[0].message.content or "")
    assert "2025" in follow.model_extra["yiyang"]["resolved_question"]


def test_a_refusal_is_an_answer_without_citations(client: openai.OpenAI) -> None:
    resp = client.chat.completions.create(model="yiyang", messages=[{"role": "user", "content": "北京市养老床位补贴多少？"}])
    assert "未在已收录文件中找到" in (resp.choices[0].message.content or "") and resp.model_extra["citations"] == []


@pytest.mark.parametrize("body, status, needle", [
    ({"model": "gpt-4o", "messages": [{"role": "user", "content": "谁负责？"}]}, 404, "yiyang"),
    ({"model": "yiyang", "messages": [{"role": "system", "content": "hi"}]}, 400, "user"),
    ({"model": "yiyang", "messages": []}, 400, "messages"),
    ({"model": "yiyang", "messages": [{"role": "user", "content": "   "}]}, 400, "问题不能为空"),
])
def test_bad_requests_get_openai_style_errors(server: str, body: dict[str, Any], status: int, needle: str) -> None:
    r = httpx.post(f"{server}/v1/chat/completions", json=body, timeout=30)
    assert r.status_code == status
    err = r.json()["error"]
    assert needle in err["message"] and err["type"] == "invalid_request_error" and "param" in err


@pytest.fixture(scope="module")
def keyed(bot: Any) -> Iterator[TestClient]:
    """The whole app built with YIYANG_API_KEYS set."""
    from app import build_app

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("YIYANG_API_KEYS", ",".join(KEYS))
        app = build_app(bot, ServerConfig())
    yield TestClient(app)


def test_keys_are_required_when_set(keyed: TestClient) -> None:
    body = {"model": "yiyang", "messages": [{"role": "user", "content": OWNER_Q}]}
    for headers in ({}, {"Authorization": "Bearer sk-wrong-key-123"}, {"Authorization": f"Basic {KEYS[0]}"}):
        r = keyed.post("/v1/chat/completions", json=body, headers=headers)
        assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_api_key"
        assert "sk-wrong-key-123" not in r.text and KEYS[0] not in r.text
    assert keyed.get("/v1/models").status_code == 401
    ok = keyed.post("/v1/chat/completions", json=body, headers={"Authorization": f"Bearer {KEYS[1]}"})
    assert ok.status_code == 200 and "区大数据发展局" in ok.json()["choices"][0]["message"]["content"]


def test_openai_client_with_and_without_the_key(keyed: TestClient) -> None:
    def client(key: str) -> openai.OpenAI:
        return openai.OpenAI(base_url="http://testserver/v1", api_key=key, http_client=keyed, max_retries=0)

    with pytest.raises(openai.AuthenticationError):
        client("sk-not-a-key").models.list()
    stream = client(KEYS[0]).chat.completions.create(model="yiyang", stream=True,
                                                     messages=[{"role": "user", "content": TARGET_Q}])
    assert "20张" in "".join(c.choices[0].delta.content or "" for c in stream if c.choices)


def test_app_login_guards_v1_when_no_keys_are_set(bot: Any) -> None:
    cfg = ServerConfig(auth=(("ann", "pw1"),))
    app = FastAPI()
    app.include_router(openai_router(AssistantHolder(bot), cfg, OpenAIAPIConfig()))
    c = TestClient(app)
    assert c.get("/v1/models").status_code == 401
    basic = "Basic " + base64.b64encode(b"ann:pw1").decode()
    assert c.get("/v1/models", headers={"Authorization": basic}).status_code == 200


def test_stream_pieces_rejoin_and_history_drops_the_source_list() -> None:
    from web.openai_render import pieces, strip_sources

    text = "加强医养结合信息化支撑（二、（七））：由区卫生健康委、区民政局、区大数据发展局按职责分工负责；" * 3 + "安" * 60
    parts = list(pieces(text))
    assert "".join(parts) == text and len(parts) > 5 and max(map(len, parts)) <= 24
    assert strip_sources("由区民政局负责。[1]\n\n来源：\n[1] 《方案》 二、（七）：“……”") == "由区民政局负责。"


# -- LLM mode through /v1 ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def llm_v1(bot: Any) -> Iterator[tuple[TestClient, FakeOpenAI]]:
    from assistant.config import AssistantConfig
    from assistant.core import Assistant
    from assistant.llm.config import LLMConfig

    with FakeOpenAI() as fake:
        llm = LLMConfig(base_url=fake.url, model="fake-chat", api_key="sk-llm-secret-42", timeout=2)
        writer_bot = Assistant(bot.index, AssistantConfig(today=dt.date(2026, 11, 23), llm=llm))
        app = FastAPI()
        install_error_handlers(app)
        app.include_router(openai_router(AssistantHolder(writer_bot), ServerConfig(), OpenAIAPIConfig()))
        yield TestClient(app), fake


def test_llm_answer_and_guard_verdict_through_v1(bot: Any, llm_v1: tuple[TestClient, FakeOpenAI]) -> None:
    c, fake = llm_v1
    extractive = bot.ask(TARGET_Q)
    n = next(i for i, cit in enumerate(extractive.citations, 1) if "20张以上" in cit.clause.text)
    good = f"到2027年，全县安宁疗护床位20张以上[{n}]。"
    fake.script([good, "到2027年，全县安宁疗护床位50张[1]。"])
    body = {"model": "yiyang", "messages": [{"role": "user", "content": TARGET_Q}]}
    shown = c.post("/v1/chat/completions", json=body).json()
    assert shown["choices"][0]["message"]["content"].startswith(good + "\n\n来源：")
    assert shown["yiyang"]["llm"]["passed"] is True and shown["yiyang"]["llm"]["mode"] == "llm"
    rejected = c.post("/v1/chat/completions", json={**body, "stream": True})
    text = "".join(line for line in rejected.text.splitlines() if line.startswith("data: "))
    assert "50张" not in text and "number_not_in_sources: 50" in text and "模型答案未通过核对" in text
    assert "sk-llm-secret-42" not in shown.__repr__() + text
