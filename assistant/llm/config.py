"""Settings of the optional LLM writer, read from ``YIYANG_LLM_*`` in one place.

The writer is off unless both ``YIYANG_LLM_BASE_URL`` and ``YIYANG_LLM_MODEL`` are set; then
answers found in the documents are rewritten by that OpenAI-compatible endpoint and checked by
the guard before they are shown.

Example:
    >>> cfg = LLMConfig.from_env({"YIYANG_LLM_BASE_URL": "http://127.0.0.1:11434/v1",
    ...                           "YIYANG_LLM_MODEL": "qwen2.5:7b", "YIYANG_LLM_API_KEY": "sk-1"})
    >>> cfg.model, cfg.timeout
    ('qwen2.5:7b', 30.0)
    >>> "sk-1" in repr(cfg)
    False
    >>> LLMConfig.from_env({}) is None
    True
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

ENV_VARS = ("YIYANG_LLM_BASE_URL", "YIYANG_LLM_MODEL", "YIYANG_LLM_API_KEY", "YIYANG_LLM_TIMEOUT")


@dataclass(frozen=True, kw_only=True)
class LLMConfig:
    """Which OpenAI-compatible endpoint writes answers, and how long it may take."""

    base_url: str = field(metadata={"doc": "OpenAI-compatible base URL ending in /v1 (YIYANG_LLM_BASE_URL)"})
    model: str = field(metadata={"doc": "model id at that endpoint (YIYANG_LLM_MODEL)"})
    # repr=False: the key must never reach logs, tracebacks or API output through a repr.
    api_key: str = field(default="", repr=False, metadata={"doc": "secret; only from YIYANG_LLM_API_KEY"})
    timeout: float = field(default=30.0, metadata={"doc": "seconds for the whole model call (YIYANG_LLM_TIMEOUT)"})
    max_tokens: int = field(default=800, metadata={"doc": "upper bound on the written answer"})
    temperature: float = field(default=0.0, metadata={"doc": "0: the same evidence gives the same answer"})

    def __post_init__(self) -> None:
        if not self.base_url.startswith(("http://", "https://")):
            raise ValueError(f"YIYANG_LLM_BASE_URL={self.base_url!r} must start with http:// or https://")
        if not self.model.strip():
            raise ValueError("YIYANG_LLM_MODEL must name the model to use")
        if not self.timeout > 0:
            raise ValueError(f"YIYANG_LLM_TIMEOUT={self.timeout} must be a positive number of seconds")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "LLMConfig | None":
        """The writer's settings, or None when no endpoint is configured (extractive answers only).

        Raises:
            ValueError: only one of base URL and model is set, or a value is malformed. The key's
                value is never part of the message.
        """
        env = os.environ if env is None else env
        base_url = env.get("YIYANG_LLM_BASE_URL", "").strip()
        model = env.get("YIYANG_LLM_MODEL", "").strip()
        if not base_url and not model:
            return None
        if not base_url or not model:
            missing = "YIYANG_LLM_MODEL" if base_url else "YIYANG_LLM_BASE_URL"
            raise ValueError(f"LLM mode needs both YIYANG_LLM_BASE_URL and YIYANG_LLM_MODEL; {missing} is not set")
        kw: dict[str, object] = {"base_url": base_url.rstrip("/"), "model": model,
                                 "api_key": env.get("YIYANG_LLM_API_KEY", "").strip()}
        if env.get("YIYANG_LLM_TIMEOUT", "").strip():
            try:
                kw["timeout"] = float(env["YIYANG_LLM_TIMEOUT"])
            except ValueError:
                raise ValueError(f"YIYANG_LLM_TIMEOUT={env['YIYANG_LLM_TIMEOUT']!r} is not a number of seconds") from None
        return cls(**kw)  # type: ignore[arg-type]
