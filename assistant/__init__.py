"""Question -> understanding -> retrieval -> answer with citations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.core import Assistant
    from assistant.types import Answer

__all__ = ["Answer", "Assistant"]


def __getattr__(name: str) -> Any:  # keep `import assistant` cheap; load the model stack on use
    if name == "Assistant":
        from assistant.core import Assistant

        return Assistant
    if name == "Answer":
        from assistant.types import Answer

        return Answer
    raise AttributeError(name)
