"""``python -m ingest.clauses FILE...``: print the clause tree of each text file."""

from __future__ import annotations

from ingest.clauses import format_tree, parse_clauses

if __name__ == "__main__":  # python -m ingest.clauses corpus/documents/002_*.txt
    import sys
    from pathlib import Path

    from ingest.layout import reflow

    for arg in sys.argv[1:]:
        p = Path(arg)
        print(f"== {p.name}")
        print(format_tree(parse_clauses(p.name, p.stem, reflow(p.read_text(encoding="utf-8")))))
