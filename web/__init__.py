"""yiyang seen from outside as a model: an OpenAI-compatible ``/v1`` API for the chat clients people
already run (Open WebUI, Cherry Studio, the ``openai`` package, LangChain's ``ChatOpenAI``).

``config`` (``YIYANG_API_KEYS``), ``render`` (answer text with ``[n]`` and a 来源 section, stream
pieces, token estimates), ``openai_api`` (the FastAPI router mounted by ``app.build_app``).
"""

from __future__ import annotations
