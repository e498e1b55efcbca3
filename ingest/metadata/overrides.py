"""Corrections to read metadata from ``corpus/metadata_overrides.yaml``, keyed by file name or sha256."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from corpus.normalize import normalize_doc_number
from corpus.schema import DocumentMeta

_OVERRIDABLE = {f.name for f in dataclasses.fields(DocumentMeta)} - {"source", "sha256"}


def load_overrides(path: Path) -> dict[str, dict[str, Any]]:
    """Read the overrides file: ``{file name or sha256: {field: value}}``.

    A missing or empty file means no overrides.

    Raises:
        ValueError: a key that is not a DocumentMeta field, or a bad ``status``.

    Example:
        >>> load_overrides(Path("corpus/metadata_overrides.yaml"))
        {}
    """
    import yaml

    path = Path(path)
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of file name or sha256 to fields")
    out: dict[str, dict[str, Any]] = {}
    for key, fields_ in data.items():
        if not isinstance(fields_, dict):
            raise ValueError(f"{path}: {key}: expected a mapping of fields, got {fields_!r}")
        unknown = set(fields_) - _OVERRIDABLE
        if unknown:
            raise ValueError(f"{path}: {key}: unknown field(s) {sorted(unknown)}; allowed: {sorted(_OVERRIDABLE)}")
        if fields_.get("status", "正式") not in ("正式", "征求意见稿"):
            raise ValueError(f"{path}: {key}: status={fields_['status']!r} is not one of 正式, 征求意见稿")
        out[str(key)] = {k: _override_value(k, v) for k, v in fields_.items()}
    return out


def _override_value(field: str, value: Any) -> Any:
    if field == "issuers":
        return tuple(str(v) for v in (value or ()))
    if isinstance(value, (dt.date, dt.datetime)):  # YAML reads an unquoted 2024-01-12 as a date
        return value.isoformat()[:10]
    value = "" if value is None else str(value)
    return normalize_doc_number(value) if field == "doc_number" else value


def apply_overrides(meta: DocumentMeta, overrides: dict[str, dict[str, Any]]) -> DocumentMeta:
    """Replace the fields listed for this document (by file name, then by sha256).

    Example:
        >>> m = DocumentMeta(source="a.txt", title="方案")
        >>> apply_overrides(m, {"a.txt": {"date": "2024-01-12"}}).date
        '2024-01-12'
    """
    changes: dict[str, Any] = {}
    for key in (meta.source, meta.sha256):
        if key and key in overrides:
            changes.update(overrides[key])
    return dataclasses.replace(meta, **changes) if changes else meta
