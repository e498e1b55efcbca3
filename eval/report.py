"""Write a Markdown report (and a hand-drawn SVG bar chart) comparing systems on one gold set.

The first report passed is the system under test; its failures are listed one per line.
Every other report (the baselines) shows up in the overall and per-category tables, so the
gap is always visible.

Example:
    >>> path = write_report([yiyang, bm25, dense], Path("eval/reports"))   # doctest: +SKIP
    >>> path.name
    'report.md'
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from eval.metrics import MAX_ANSWER_CHARS, Report, Summary
from eval.runner import write_jsonl

# (label, attribute, is a rate) in the order the tables show them.
COLUMNS = (
    ("strict acc", "strict_accuracy", True),
    ("refusal acc", "refusal_accuracy", True),
    ("clause R@5", "clause_recall_at_5", True),
    ("evidence R@5", "evidence_recall_at_5", True),
    ("cite doc acc", "citation_doc_accuracy", True),
    ("cite precision", "citation_precision", True),
    ("p50 ms", "latency_p50_ms", False),
    ("p95 ms", "latency_p95_ms", False),
)
CHART_METRICS = COLUMNS[:5]
COLORS = ("#2b6cb0", "#dd6b20", "#718096", "#38a169", "#805ad5")
SNIPPET = 80


def _fmt(value: float | None, rate: bool) -> str:
    if value is None:
        return "–"
    if rate:
        return f"{value * 100:.1f}%"
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"  # sub-10 ms baselines would all read "0"


def _table(header: str, rows: Sequence[tuple[str, Summary]]) -> list[str]:
    lines = [f"| {header} | n | " + " | ".join(c[0] for c in COLUMNS) + " |",
             "|---|---:|" + "---:|" * len(COLUMNS)]
    for label, s in rows:
        cells = " | ".join(_fmt(getattr(s, attr), rate) for _, attr, rate in COLUMNS)
        lines.append(f"| {label} | {s.n} | {cells} |")
    return lines


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def failure_lines(report: Report, limit: int | None = None) -> list[str]:
    """Markdown bullet lines: question, expected, got (first 80 chars) and why it failed."""
    lines = []
    for item, row, score in report.failures()[:limit]:
        got = _cell((row or {}).get("answer") or "")
        got = got[:SNIPPET] + ("…" if len(got) > SNIPPET else "")
        found = (row or {}).get("found")
        lines.append(
            f"- **{item['id']}** [{score.category}] {_cell(item['question'])}  \n"
            f"  expected: {_cell(item.get('answer') or '')} · got (found={found}): {got or '∅'}  \n"
            f"  why: {score.reason}"
        )
    return lines


def render_markdown(reports: Sequence[Report], chart_file: str = "chart.svg",
                    sources: Sequence[str] = ()) -> str:
    """The report text: overall table, per-category tables, per-tag table, failures of the first system."""
    if not reports:
        raise ValueError("render_markdown needs at least one report")
    main = reports[0]
    out = [f"# yiyang evaluation: {', '.join(r.system for r in reports)}", ""]
    if sources:
        out += ["Gold sets: " + ", ".join(f"`{s}`" for s in sources) + f" ({main.overall.n} items).", ""]
    out += [
        f"Strict accuracy: every `must` group present, answer ≤ {MAX_ANSWER_CHARS} chars, found=true "
        "(unanswerable: found=false). Clause R@5: all evidence strings in the top-5 contexts. "
        "Matching is NFKC + whitespace-insensitive.", "",
        "## Overall", "", *_table("system", [(r.system, r.overall) for r in reports]), "",
        f"![metrics by system]({chart_file})", "", "## By category", "",
    ]
    for cat in main.by_category:
        rows = [(r.system, r.by_category[cat]) for r in reports if cat in r.by_category]
        out += [f"### {cat}", "", *_table("system", rows), ""]
    if main.by_tag:
        out += ["## By tag", ""]
        rows = [(f"{tag} · {r.system}", r.by_tag[tag]) for tag in main.by_tag for r in reports if tag in r.by_tag]
        out += [*_table("tag · system", rows), ""]
    fails = main.failures()
    out += [f"## Failures of {main.system} ({len(fails)} of {main.overall.n})", ""]
    out += failure_lines(main) or ["None."]
    for other in reports[1:]:
        out += ["", f"{other.system}: {len(other.failures())} failures (rows in `{other.system}.out.jsonl`)."]
    return "\n".join(out) + "\n"


def render_svg(reports: Sequence[Report]) -> str:
    """A grouped bar chart (one group per metric, one bar per system), 0-100 %."""
    width, height, left, top, bottom = 640, 300, 40, 30, 60
    plot_h = height - top - bottom
    group_w = (width - left - 10) / len(CHART_METRICS)
    bar_w = min(24.0, (group_w - 16) / max(1, len(reports)))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="11">', '<rect width="100%" height="100%" fill="white"/>']
    for pct in (0, 25, 50, 75, 100):
        y = top + plot_h * (1 - pct / 100)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#e2e8f0"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{pct}%</text>')
    for g, (label, attr, _) in enumerate(CHART_METRICS):
        x0 = left + g * group_w + 8
        for i, r in enumerate(reports):
            value = getattr(r.overall, attr) or 0.0
            h = plot_h * value
            x = x0 + i * bar_w
            parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 2:.1f}" '
                         f'height="{h:.1f}" fill="{COLORS[i % len(COLORS)]}">'
                         f'<title>{escape(r.system)} {escape(label)}: {value * 100:.1f}%</title></rect>')
        parts.append(f'<text x="{x0 + len(reports) * bar_w / 2:.1f}" y="{top + plot_h + 16}" '
                     f'text-anchor="middle">{escape(label)}</text>')
    for i, r in enumerate(reports):
        x = left + i * 110
        parts.append(f'<rect x="{x}" y="{height - 22}" width="12" height="12" fill="{COLORS[i % len(COLORS)]}"/>')
        parts.append(f'<text x="{x + 16}" y="{height - 12}">{escape(r.system)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def write_report(reports: Sequence[Report], out_dir: Path | str, sources: Sequence[str] = ()) -> Path:
    """Write ``report.md``, ``chart.svg`` and one ``<system>.out.jsonl`` per system; return the .md path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "chart.svg").write_text(render_svg(reports), encoding="utf-8")
    for r in reports:
        write_jsonl(out_dir / f"{r.system}.out.jsonl", r.rows)
    md = out_dir / "report.md"
    md.write_text(render_markdown(reports, "chart.svg", sources), encoding="utf-8")
    return md
