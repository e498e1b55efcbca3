"""Optional LLM mode: a model writes the answer from the evidence, a guard checks every claim.

``config`` (``YIYANG_LLM_*``), ``prompt`` (numbered sources and the rules), ``writer`` (the
``ChatOpenAI`` call and the fallback), ``guard`` (the checks), ``normalize`` (numbers, dates and
文号 written one way). Off unless ``YIYANG_LLM_BASE_URL`` and ``YIYANG_LLM_MODEL`` are set.
"""

from __future__ import annotations

from assistant.llm.config import LLMConfig

__all__ = ["LLMConfig"]
