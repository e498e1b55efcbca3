"""``python -m eval [QA.jsonl ...] [--out DIR] [--system yiyang --system bm25 ...]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from eval.cli import DEFAULT_OUT, main
from eval.runner import SYSTEMS


def _parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m eval", description="Evaluate yiyang and the baselines.")
    p.add_argument("paths", nargs="*", type=Path, help="gold Q&A .jsonl files (default: dev + eval/qa/*)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"report folder (default {DEFAULT_OUT})")
    p.add_argument("--system", action="append", choices=SYSTEMS, dest="systems",
                   help="system to run; repeat for several (default: all)")
    return p.parse_args(argv)


if __name__ == "__main__":
    args = _parse()
    main(args.paths or None, args.out, args.systems or SYSTEMS)
