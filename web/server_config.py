"""How ``yiyang serve`` listens and who may use it: one frozen config read from ``YIYANG_*`` in one place.

Example:
    >>> cfg = ServerConfig.from_env({"YIYANG_AUTH": "ann:pw1,bob:pw2"})
    >>> [u for u, _ in cfg.auth]
    ['ann', 'bob']
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_QUESTION_CHARS = 500


def _credentials(var: str, text: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in filter(None, (p.strip() for p in text.split(","))):
        user, sep, password = item.partition(":")
        if not sep or not user or not password:
            # Never echo the value: it holds passwords.
            raise ValueError(f"{var} must be user:password pairs separated by commas (a pair is malformed)")
        pairs.append((user, password))
    return tuple(pairs)


@dataclass(frozen=True, kw_only=True)
class ServerConfig:
    """How ``yiyang serve`` listens and who may use it (secrets come only from the environment)."""

    host: str = field(default="127.0.0.1", metadata={"doc": "bind address; 0.0.0.0 exposes the app (YIYANG_HOST)"})
    port: int = field(default=7860, metadata={"doc": "port (YIYANG_PORT)"})
    auth: tuple[tuple[str, str], ...] = field(
        default=(), repr=False, metadata={"doc": "login for the whole app, user:password[,user:password] (YIYANG_AUTH)"}
    )
    admin: tuple[str, str] | None = field(
        default=None, repr=False, metadata={"doc": "who may upload documents, user:password; unset = upload off (YIYANG_ADMIN)"}
    )
    upload_dir: Path | None = field(
        default=None, metadata={"doc": "where uploads are saved before ingest; default the corpus folder (YIYANG_UPLOAD_DIR)"}
    )
    max_question_chars: int = field(default=MAX_QUESTION_CHARS, metadata={"doc": "longer questions are refused"})
    concurrency: int = field(default=4, metadata={"doc": "answers computed at once, chat and API each (YIYANG_CONCURRENCY)"})

    def __post_init__(self) -> None:
        if not 0 < self.port < 65536:
            raise ValueError(f"YIYANG_PORT={self.port} is not a port number (1-65535)")
        if self.concurrency < 1:
            raise ValueError(f"YIYANG_CONCURRENCY={self.concurrency} must be at least 1")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> "ServerConfig":
        """Build from ``YIYANG_*`` variables; keyword overrides win (e.g. from CLI flags)."""
        env = os.environ if env is None else env
        kw: dict[str, Any] = {}
        if env.get("YIYANG_HOST"):
            kw["host"] = env["YIYANG_HOST"]
        for var, key in (("YIYANG_PORT", "port"), ("YIYANG_CONCURRENCY", "concurrency")):
            if env.get(var):
                try:
                    kw[key] = int(env[var])
                except ValueError:
                    raise ValueError(f"{var}={env[var]!r} is not a whole number") from None
        if env.get("YIYANG_AUTH"):
            kw["auth"] = _credentials("YIYANG_AUTH", env["YIYANG_AUTH"])
        if env.get("YIYANG_ADMIN"):
            admin = _credentials("YIYANG_ADMIN", env["YIYANG_ADMIN"])
            if len(admin) != 1:
                raise ValueError("YIYANG_ADMIN must be one user:password pair")
            kw["admin"] = admin[0]
        if env.get("YIYANG_UPLOAD_DIR"):
            kw["upload_dir"] = Path(env["YIYANG_UPLOAD_DIR"])
        kw.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**kw)

    @property
    def upload_folder(self) -> Path:
        """Where uploads are saved: ``upload_dir`` or the corpus folder that ``yiyang ingest`` reads."""
        from ingest.pipeline import DEFAULT_CORPUS

        return self.upload_dir or DEFAULT_CORPUS

    def is_user(self, user: str, password: str) -> bool:
        return any(_same(user, u) & _same(password, p) for u, p in self.auth)

    def is_admin(self, user: str, password: str) -> bool:
        return self.admin is not None and _same(user, self.admin[0]) & _same(password, self.admin[1])


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
