#!/usr/bin/env python3
"""Article extraction beside trafilatura and htmldate, scored the way the
public benchmarks score it (../shared/tools/extraction_score.py).

    bench/extraction.py [--runs 3] [--out bench/EXTRACTION.md]

Pages and ground truth: ../shared/data/extraction/ (Zyte article-extraction
benchmark, trafilatura's and htmldate's evaluation sets; 1,610 pages). The
pages are unpacked once into a temporary folder so every tool reads the same
files from the page cache. tracuu runs as one batch process
(`tracuu extract --jsonl`, both cores); the peers run in-process in the
scorer, as their authors' benchmarks run them (one core: they have no batch
mode). Each tool runs --runs times; quality is identical run to run, speed is
the median. Installs trafilatura and htmldate from PyPI when missing.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))
DATA = os.path.join(SHARED, "data", "extraction")
SCORER = os.path.join(SHARED, "tools", "extraction_score.py")
TRUTH = [os.path.join(DATA, name) for name in ("truth-zyte.jsonl", "truth-trafilatura.jsonl", "truth-htmldate.jsonl")]


def ensure_peers():
    try:
        import htmldate  # noqa: F401
        import trafilatura  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "trafilatura", "htmldate", "lxml_html_clean"], check=True)


def score(pages, name, source, workdir):
    """One scorer run; returns its JSON report."""
    out = os.path.join(workdir, f"{name}.json")
    command = [sys.executable, SCORER, "--truth", *TRUTH, "--pages", pages, "--name", name, "--json", out, "--bootstrap", "0"]
    command += source
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out) as f:
        return json.load(f)


def metric(report, path):
    value = report
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


ROWS = [
    ("Zyte body F1 (4-gram shingles)", ("sets", "zyte", "body", "f1"), 3),
    ("Zyte body precision / recall", (("sets", "zyte", "body", "precision"), ("sets", "zyte", "body", "recall")), 3),
    ("trafilatura snippets F1", ("sets", "trafilatura", "snippets", "f1"), 3),
    ("snippets precision / recall", (("sets", "trafilatura", "snippets", "precision"), ("sets", "trafilatura", "snippets", "recall")), 3),
    ("title exact / normalised (845)", (("sets", "trafilatura", "title", "exact"), ("sets", "trafilatura", "title", "normalized")), 3),
    ("date accuracy, htmldate bbaw (800)", ("sets", "htmldate-bbaw", "date", "accuracy"), 3),
    ("date accuracy, htmldate mediacloud (195)", ("sets", "htmldate-mediacloud", "date", "accuracy"), 3),
    ("date accuracy, trafilatura set (728)", ("sets", "trafilatura", "date", "accuracy"), 3),
]


def cell(report, path, digits):
    if report is None:
        return "–"
    if isinstance(path[0], tuple):
        values = [metric(report, p) for p in path]
        return " / ".join("–" if v is None else f"{v:.{digits}f}" for v in values)
    value = metric(report, path)
    return "–" if value is None else f"{value:.{digits}f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "tracuu"))
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "EXTRACTION.md"))
    parser.add_argument("--no-peers", action="store_true", help="score tracuu alone")
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "tracuu"], cwd=ROOT, check=True)
    if not args.no_peers:
        ensure_peers()

    workdir = tempfile.mkdtemp(prefix="tracuu-extraction-")
    try:
        with tarfile.open(os.path.join(DATA, "pages.tar.gz")) as tar:
            tar.extractall(workdir, filter="data") if hasattr(tarfile, "data_filter") else tar.extractall(workdir)
        pages = os.path.join(workdir, "pages")
        tools = [("tracuu", ["--cmd", f"{args.binary} extract --jsonl"])]
        if not args.no_peers:
            tools += [("trafilatura", ["--tool", "trafilatura"]), ("htmldate", ["--tool", "htmldate"])]
        reports, speeds, cpu_speeds = {}, {}, {}
        for name, source in tools:
            runs = []
            for run in range(args.runs):
                started = time.time()
                report = score(pages, name, source, workdir)
                runs.append(report)
                print(f"{name} run {run + 1}: {report['pages_per_s']:.1f} pages/s ({time.time() - started:.0f} s)", file=sys.stderr)
            reports[name] = runs[-1]
            speeds[name] = statistics.median(r["pages_per_s"] for r in runs)
            cpu_speeds[name] = statistics.median(r.get("pages_per_cpu_s") or 0 for r in runs)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    names = [name for name, _ in tools]
    header = "| | " + " | ".join(names) + " |"
    lines = [header, "| --- " * (len(names) + 1) + "|"]
    for label, path, digits in ROWS:
        lines.append(f"| {label} | " + " | ".join(cell(reports[n], path, digits) for n in names) + " |")
    lines.append("| pages/s (median of %d runs) | " % args.runs + " | ".join(f"{speeds[n]:.1f}" for n in names) + " |")
    lines.append("| pages per CPU-second | " + " | ".join(f"{cpu_speeds[n]:.1f}" for n in names) + " |")
    if "trafilatura" in speeds:
        lines.append(f"| tracuu pages/s ÷ trafilatura's | {speeds['tracuu'] / speeds['trafilatura']:.1f}× | | |")
    versions = ", ".join(f"{n} {reports[n].get('version') or ''}".strip() for n in names)
    machine = f"{os.cpu_count()} cores"
    text = (
        f"# Article extraction beside the peers\n\n"
        f"Written by `bench/extraction.py` on {time.strftime('%Y-%m-%d %H:%M')} ({machine}; {versions}).\n"
        f"1,610 pages of `../shared/data/extraction/`, scored by `../shared/tools/extraction_score.py`.\n"
        f"tracuu runs as one `extract --jsonl` process on both cores; the peers in-process on one.\n\n"
        + "\n".join(lines)
        + "\n"
    )
    with open(args.out, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
