"""The 问答 tab: the answer streamed as it is laid out, sources under it, 👍/👎 with a comment, export.

An answer appears lead first, then item by item (or row by row for a table), and last with its
numbered sources; each ``[n]`` opens the cited clause in the document view. Ratings go to
:class:`web.feedback.FeedbackStore` in the data dir; the conversation downloads as Markdown or .docx.

Example:
    >>> with gr.Blocks() as blocks:                      # doctest: +SKIP
    ...     chat_tab(holder, max_chars=500)
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from web.answer_view import answer_view
from web.chat_markdown import markdown_frames, render
from web.escape import md_text
from web.export import conversation_docx, conversation_markdown
from web.feedback import FeedbackStore
from web.tab_parts import ALL

FRAME_PAUSE = 0.03  # seconds between streamed frames: fast enough to read as it grows
THINKING = "正在检索已收录文件…"
EXAMPLES = [
    ("谁负责", "涪陵区加强医养结合信息化支撑由哪些部门负责？"),
    ("部门职责", "涪陵区区民政局牵头哪些任务？"),
    ("指标目标", "巫溪县2027年安宁疗护床位目标是多少？"),
    ("完成时限", "武鸣区社区养老服务信息平台和人口健康信息平台什么时候完成对接？"),
    ("办理程序", "想在涪陵的养老院里开个护理站，是审批还是备案？"),
    ("地区对比", "涪陵区和四川省分别要求65岁以上老年人健康管理率达到多少？"),
    ("范围之外", "上海市养老机构内设医务室有什么补贴？"),
]
CHAT_CSS = """
#chat .yy-mark{font-size:.8em;vertical-align:super;text-decoration:none;margin-left:1px;color:#1f5fa8}
#chat .yy-cite{display:inline-block;margin-top:.2em} #chat .yy-page{color:#666;margin-left:.4em}
#chat .yy-copy{margin-left:.6em;padding:0 8px;border:1px solid #bbb;border-radius:6px;font-size:.8em;cursor:pointer;background:#fafafa}
#chat .yy-copy.done{border-color:#3a8f3a;color:#3a8f3a}
#chat details.yy-more>summary{cursor:pointer;color:#1f5fa8;font-weight:600}
#chat blockquote{margin:.2em 0 .6em 0;color:#444}
"""
# Copies the formal citation string next to the clicked button; delegated, so streamed messages work.
COPY_SCRIPT = """<script>
document.addEventListener("click", (e) => {
  const b = e.target.closest && e.target.closest(".yy-copy");
  if (!b) return;
  const label = b.closest(".yy-cite").querySelector(".yy-label").textContent.trim();
  const done = () => { b.classList.add("done"); b.textContent = "已复制"; b.dataset.copied = label; };
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(label).then(done, done);
  else { const t = document.createElement("textarea"); t.value = label; document.body.appendChild(t);
         t.select(); document.execCommand("copy"); t.remove(); done(); }
});
</script>"""


def export_files(turns: list[dict[str, Any]]) -> tuple[str, str]:
    """The conversation written as .md and .docx in a temporary folder; returns both paths."""
    folder = Path(tempfile.gettempdir()) / "yiyang-export"
    folder.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    conversation = {"turns": [{"question": t["question"], "answer": t["answer"]} for t in turns]}
    md, docx = folder / f"对话记录-{stamp}.md", folder / f"对话记录-{stamp}.docx"
    md.write_text(conversation_markdown(conversation), encoding="utf-8")
    docx.write_bytes(conversation_docx(conversation))
    return str(md), str(docx)


def chat_turn(holder: Any, max_chars: int, message: str, chat: list, history: list, turns: list,
              region: str) -> Iterator[tuple]:
    """Answer ``message``: stream the answer's Markdown frame by frame, then remember the turn."""
    message = (message or "").strip()
    keep = (gr.skip(), gr.skip())
    if not message:
        yield (gr.skip(), chat, history, turns, *keep)
        return
    chat = list(chat) + [{"role": "user", "content": md_text(message)}]
    if len(message) > max_chars:
        chat.append({"role": "assistant", "content": f"问题太长了（{len(message)} 字）。请精简到 {max_chars} 字以内再问。"})
        yield (message, chat, history, turns, *keep)
        return
    chat.append({"role": "assistant", "content": THINKING})
    yield ("", chat, history, turns, *keep)
    a = holder.current.ask(message, history=history, region=None if region in (None, "", ALL) else region)
    batch = a.to_batch_dict()
    view = answer_view(batch)
    for frame in markdown_frames(view):
        chat[-1] = {"role": "assistant", "content": frame}
        yield ("", chat, history, turns, *keep)
        time.sleep(FRAME_PAUSE)
    chat[-1] = {"role": "assistant", "content": render(view)}
    turns = list(turns) + [{"index": len(chat) - 1, "question": message, "answer": batch}]
    history = (list(history) + [{"role": "user", "content": message}, {"role": "assistant", "content": a.text}])[-20:]
    md, docx = export_files(turns)
    yield ("", chat, history, turns, gr.update(value=md, interactive=True), gr.update(value=docx, interactive=True))


def _rating(liked: Any) -> str | None:
    if liked in (True, "Like"):
        return "up"
    if liked in (False, "Dislike"):
        return "down"
    return None


def chat_tab(holder: Any, max_chars: int, regions: list[str]) -> None:
    """The chat, its feedback row and its export buttons, over ``holder``'s Assistant."""
    with gr.Row():
        region = gr.Dropdown(regions, value=ALL, label="地区", scale=1, elem_id="region")
        gr.Markdown("只依据已收录文件作答；[1] [2] 标出每句话所依据的条款，点开即在原文中高亮。", elem_classes="yy-meta")
    # no message copy buttons: they would copy the Markdown source; 复制引用 and the exports cover copying
    chatbot = gr.Chatbot(label="对话", height=560, latex_delimiters=[], elem_id="chat", buttons=[],
                         feedback_options=("Like", "Dislike"),
                         placeholder="问一个医养结合政策问题，例如：某项任务由哪些部门负责、某个指标的目标值、办事流程。")
    history, turns, rated = gr.State([]), gr.State([]), gr.State({})
    with gr.Row(visible=False, elem_id="feedback-row") as feedback_row:
        comment = gr.Textbox(placeholder="可选：哪里不对、缺了什么？", show_label=False, scale=6, elem_id="feedback-comment")
        send_comment = gr.Button("提交说明", scale=1, elem_id="feedback-send")
    feedback_note = gr.Markdown(elem_id="feedback-status", elem_classes="yy-meta")
    with gr.Row():
        box = gr.Textbox(placeholder=f"输入问题（{max_chars} 字以内），回车发送", show_label=False, scale=6,
                         max_lines=4, elem_id="question")
        send = gr.Button("发送", variant="primary", scale=1, elem_id="send")
        clear = gr.Button("清空对话", scale=1)
    with gr.Row():
        export_md = gr.DownloadButton("导出 Markdown", size="sm", interactive=False, elem_id="export-md")
        export_docx = gr.DownloadButton("导出 Word", size="sm", interactive=False, elem_id="export-docx")
    gr.Examples([[q] for _, q in EXAMPLES], inputs=[box], label="示例问题（点击填入）",
                example_labels=[f"{k}：{q}" for k, q in EXAMPLES])

    def turn(message: str, chat: list, hist: list, done: list, reg: str) -> Iterator[tuple]:
        yield from chat_turn(holder, max_chars, message, chat, hist, done, reg)

    gr.on([box.submit, send.click], turn, [box, chatbot, history, turns, region],
          [box, chatbot, history, turns, export_md, export_docx], api_visibility="private")
    clear.click(lambda: ([], [], [], {}, gr.update(visible=False), ""), None,
                [chatbot, history, turns, rated, feedback_row, feedback_note], api_visibility="private")

    chatbot.clear(lambda: ([], [], {}, gr.update(visible=False), ""), None,
                  [history, turns, rated, feedback_row, feedback_note], api_visibility="private")

    def store() -> FeedbackStore:
        return FeedbackStore.in_data_dir(holder.current.index.cfg.data_dir)

    def like(done: list, ids: dict, evt: gr.LikeData) -> tuple:
        index = evt.index if isinstance(evt.index, int) else evt.index[0]
        row = next((t for t in done if t["index"] == index), None)
        rating = _rating(evt.liked)
        if row is None or rating is None:
            return ids, gr.skip(), gr.skip(), gr.skip()
        ids = dict(ids)
        if index in ids:
            store().set_rating(ids[index], rating)
        else:
            ids[index] = store().add(row["question"], row["answer"], rating)
        ids["last"] = ids[index]
        note = "已记录：👍 有帮助。" if rating == "up" else "已记录：👎 没帮上忙。"
        return ids, gr.update(visible=True), note + "可在下方补充说明（可选）。", ""

    chatbot.like(like, [turns, rated], [rated, feedback_row, feedback_note, comment], api_visibility="private")

    def add_comment(text: str, ids: dict) -> tuple:
        if "last" not in ids or not (text or "").strip():
            return gr.skip(), gr.skip(), gr.skip()
        store().set_comment(ids["last"], text)
        return "", gr.update(visible=False), "已记录说明，谢谢。"

    gr.on([send_comment.click, comment.submit], add_comment, [comment, rated], [comment, feedback_row, feedback_note],
          api_visibility="private")
