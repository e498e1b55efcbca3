"""The web side of yiyang: the chat page's views and exports, and yiyang seen from outside as a model.

The OpenAI-compatible ``/v1`` API for the chat clients people already run (Open WebUI, Cherry
Studio, the ``openai`` package, LangChain's ``ChatOpenAI``) is ``openai_api`` (the router mounted
by ``app.build_app``), ``openai_config`` (``YIYANG_API_KEYS``) and ``openai_render`` (answer text
with ``[n]`` and a 来源 section, stream pieces, token estimates).
"""

from __future__ import annotations
