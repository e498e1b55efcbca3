"""What the index raises when it cannot serve: no usable build, or no dense search right now."""

from __future__ import annotations

class IndexUnavailable(RuntimeError):
    """The index is missing, unreadable or was built by another embedding model."""


class DenseUnavailable(IndexUnavailable):
    """Dense search cannot run now (Chroma server unreachable, vector store unreadable).

    Raised only by :meth:`Index.dense_search`; keyword search and the facts store still work,
    so a retriever can catch it and answer from keywords alone, marked degraded. The next
    dense search tries to reconnect.
    """
