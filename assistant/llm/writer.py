"""The optional LLM step after the extractive answer: the model writes, the guard decides.

``AnswerWriter.write(question, answer)`` sends the evidence of a found answer to an
OpenAI-compatible endpoint through LangChain's ``ChatOpenAI``, checks the reply with
:func:`assistant.llm.guard.check_answer`, and returns either the model's text (citations
unchanged: ``[n]`` is ``answer.citations[n-1]``) or the extractive answer with a flag saying why
not. Refusals (``found: false``) are never sent. ``answer.llm`` records what happened::

    {"mode": "llm" | "extractive", "model": "...", "passed": True | False | None,
     "reasons": [...], "cited": [1, 2], "latency_ms": 812.0}

Example:
    >>> writer = AnswerWriter(LLMConfig(base_url="http://127.0.0.1:8000/v1", model="m"))  # doctest: +SKIP
    >>> writer.write("谁负责？", answer).llm["passed"]                                       # doctest: +SKIP
    True
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from typing import Any

from assistant.llm.config import LLMConfig
from assistant.llm.guard import check_answer
from assistant.llm.prompt import build_messages, sources_of
from assistant.types import Answer

log = logging.getLogger(__name__)

# Reasoning models (Qwen3, DeepSeek-R1) put their thinking first; it is not the answer.
_THINKING = re.compile(r"<think>.*?</think>", re.S)


def chat_model(config: LLMConfig) -> Any:
    """LangChain ``ChatOpenAI`` for the endpoint: one attempt, bounded by ``config.timeout``."""
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as exc:  # pinned in the project's dependencies; say what to install if absent
        raise ImportError("LLM mode needs langchain-openai: pip install 'langchain-openai==1.7.4'") from exc
    # Local servers (Ollama, vLLM, llama.cpp) accept any key; ChatOpenAI insists on one.
    return ChatOpenAI(base_url=config.base_url, model=config.model, api_key=config.api_key or "not-needed",
                      timeout=config.timeout, max_retries=0, temperature=config.temperature,
                      max_tokens=config.max_tokens)


class AnswerWriter:
    """Rewrites found answers with a model and keeps only what the guard accepts.

    Args:
        config: endpoint, model, key and time-out.
        model: a LangChain chat model to use instead of ``ChatOpenAI`` (tests, other providers).
    """

    def __init__(self, config: LLMConfig, model: Any | None = None) -> None:
        self.config = config
        self.model = model if model is not None else chat_model(config)

    def write(self, question: str, answer: Answer) -> Answer:
        """The model's answer if it passes the guard, else ``answer`` flagged (see the module docstring)."""
        record: dict[str, Any] = {"mode": "extractive", "model": self.config.model, "passed": None, "reasons": []}
        if not answer.found or not answer.citations:
            answer.llm = {**record, "reasons": ["not_sent: the documents do not answer"]}
            return answer
        sources = sources_of(answer)
        t0 = time.perf_counter()
        try:
            reply = self.model.invoke(build_messages(question, answer, sources))
            text = _THINKING.sub("", str(reply.text)).strip()
        except Exception as exc:  # noqa: BLE001 - any failure of the endpoint falls back to the extractive answer
            flag, reason = describe_failure(exc)
            log.warning("LLM answer not used: %s", reason)
            return self._fallback(answer, flag, {**record, "passed": False, "reasons": [reason]}, t0)
        result = check_answer(text, sources, answer.text, answer.kind)
        record.update(passed=result.passed, reasons=list(result.reasons), cited=list(result.cited))
        if not result.passed:
            log.info("LLM answer rejected by the guard: %s", "; ".join(result.reasons))
            return self._fallback(answer, "llm_rejected", record, t0)
        record.update(mode="llm", latency_ms=round((time.perf_counter() - t0) * 1000, 1))
        return dataclasses.replace(answer, text=text, llm=record)

    @staticmethod
    def _fallback(answer: Answer, flag: str, record: dict[str, Any], t0: float) -> Answer:
        record["latency_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        return dataclasses.replace(answer, flags=[*answer.flags, flag], llm=record)


def describe_failure(exc: BaseException) -> tuple[str, str]:
    """(flag, reason) for a failed model call. Only the error's type and HTTP status are kept:
    an endpoint's error text may echo request headers, and so the key."""
    import openai

    if isinstance(exc, (openai.APITimeoutError, TimeoutError)) or "Timeout" in type(exc).__name__:
        return "llm_timeout", "timeout"
    status = getattr(exc, "status_code", None)
    return "llm_error", f"error: {type(exc).__name__}" + (f" (HTTP {status})" if status else "")
