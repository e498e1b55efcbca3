"""Text patterns the metadata fields share: CJK runs, sentence punctuation, gaps, 文号 and dates."""

from __future__ import annotations

import re

_CJK = "\u4e00-\u9fff"
_SENTENCE_PUNCT = re.compile(r"[。，,；;：:！!？?]")
_GAP = re.compile(r"[\t\u3000]+\s*| {2,}")
_DOCNO = re.compile(
    rf"[{_CJK}]{{1,12}}\s*[〔\[［【(（﹝]\s*(?:19|20|１９|２０)[0-9０-９]{{2}}\s*[〕\]］】)）﹞]\s*[0-9０-９]{{1,4}}\s*号"
)
_NUM = "0-9〇零一二三四五六七八九十"
_DATE = re.compile(rf"([{_NUM}]{{4}})\s*年\s*([{_NUM}]{{1,3}})\s*月\s*([{_NUM}]{{1,3}})\s*日")
