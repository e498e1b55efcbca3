"""Assistant settings, read from the environment in one place."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from assistant.llm.config import LLMConfig


@dataclass(frozen=True, kw_only=True)
class AssistantConfig:
    """How the assistant retrieves and answers."""

    top_k: int = field(default=10, metadata={"doc": "contexts returned with each answer"})
    candidates: int = field(default=40, metadata={"doc": "keyword and dense candidates before fusion"})
    use_dense: bool = field(default=True, metadata={"doc": "dense retrieval on (YIYANG_DENSE=0 for keyword only)"})
    min_relevance: float = field(
        default=0.30, metadata={"doc": "below this share of matched question words, the corpus does not answer"}
    )
    semantic_weight: float = field(
        default=0.15, metadata={"doc": "weight of a sentence's semantic closeness (0..1 among the candidates) in its score"}
    )
    semantic_accept: float = field(
        default=0.06, metadata={"doc": "a sentence this far above the candidates' median cosine may answer a paraphrase"}
    )
    semantic_lexical_floor: float = field(
        default=0.5, metadata={"doc": "with semantic support, the share of min_relevance the words must still reach"}
    )
    distinct_ratio: float = field(
        default=1.8, metadata={"doc": "a sentence of the top clause scoring this many times any other clause's best is specific"}
    )
    max_question_chars: int = field(default=500, metadata={"doc": "longer questions are refused politely"})
    today: dt.date = field(default_factory=dt.date.today, metadata={"doc": "for 目标年份已过 (YIYANG_TODAY=YYYY-MM-DD)"})
    llm: LLMConfig | None = field(
        default=None, metadata={"doc": "a model writes found answers, checked by the guard (YIYANG_LLM_*); None = extractive"}
    )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> "AssistantConfig":
        env = os.environ if env is None else env
        kw: dict[str, object] = {}
        if env.get("YIYANG_DENSE") in ("0", "false", "no"):
            kw["use_dense"] = False
        if env.get("YIYANG_TODAY"):
            kw["today"] = dt.date.fromisoformat(env["YIYANG_TODAY"])
        for name, var in (("semantic_weight", "YIYANG_SEMANTIC_WEIGHT"), ("semantic_accept", "YIYANG_SEMANTIC_ACCEPT")):
            if env.get(var):
                kw[name] = float(env[var])
        if env.get("YIYANG_TOP_K"):
            kw["top_k"] = int(env["YIYANG_TOP_K"])
        kw["llm"] = LLMConfig.from_env(env)
        kw.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**kw)  # type: ignore[arg-type]
