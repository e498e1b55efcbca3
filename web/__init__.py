"""The web side of yiyang: the local server, its routes and tabs, and how answers are shown.

``server.build_app`` puts together the JSON API (``api``, ``access``, ``uploads``,
``server_config``), the document view (``document_page``, ``page_image``), conversation export
(``export``, ``export_api``), the OpenAI-compatible ``/v1`` for the chat clients people already run
(``openai_api``, ``openai_config``, ``openai_render``) and the Gradio tabs (``blocks`` and its
``*_tab`` modules). Answers are laid out once (``answer_view``) and rendered as chat Markdown
(``chat_markdown``) or terminal text (``plain_text``); ratings are kept by ``feedback``.
Imports point into ``assistant`` and ``corpus``, never back.
"""

from __future__ import annotations
