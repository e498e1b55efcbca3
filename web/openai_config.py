"""Who may call the OpenAI-compatible API, read from ``YIYANG_API_KEYS`` in one place.

Example:
    >>> cfg = OpenAIAPIConfig.from_env({"YIYANG_API_KEYS": "sk-a, sk-b"})
    >>> len(cfg.api_keys), "sk-a" in repr(cfg)
    (2, False)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

MODEL_ID = "yiyang"  # what GET /v1/models lists and clients put in "model"


@dataclass(frozen=True, kw_only=True)
class OpenAIAPIConfig:
    """The ``/v1`` API's settings (secrets only from the environment, never in a repr)."""

    api_keys: tuple[str, ...] = field(
        default=(), repr=False,
        metadata={"doc": "keys accepted as Authorization: Bearer <key>, comma-separated (YIYANG_API_KEYS); empty = open"},
    )

    def __post_init__(self) -> None:
        if any(not k or any(ch.isspace() for ch in k) for k in self.api_keys):
            # never echo the value: it is a secret
            raise ValueError("YIYANG_API_KEYS must be keys separated by commas, none empty or with spaces inside")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "OpenAIAPIConfig":
        env = os.environ if env is None else env
        keys = tuple(k.strip() for k in env.get("YIYANG_API_KEYS", "").split(",") if k.strip())
        return cls(api_keys=keys)
