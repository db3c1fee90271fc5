#!/usr/bin/env python3
"""tracuu beside its peers, in one run: indexing and queries at 1x, 2x, 4x.

The corpus is every article of ../shared/data with text (VNTC news, Dân
trí, VietnameseMDS: 87,413 articles, about 257 MB of title and body text;
the last two are dated, so date filters select real dates), repeated under
new ids for the larger scales. Each engine indexes it in a child process,
with positions and diacritics folded for matching:

  tracuu   `tracuu index` with its defaults (both cores, --memory 256MB)
  tantivy  PyPI tantivy: title and body with positions and stored, the date
           an indexed i64; 256 MB writer heap, two threads
  fts5     SQLite FTS5 through Python's sqlite3 (unicode61
           remove_diacritics 2; the date a plain column)
  xapian   Debian's python3-xapian, when it is installed: text folded in
           Python, positions on, the date in a value slot

Then the same queries (bench/queries.tsv: one-word, multi-word, phrase, OR
and date-filtered) run against each index with it open: tracuu through
`search --queries --format jsonl --no-snippets` (each query's own took_us),
the peers timed around their query call and reading the 10 ids (tracuu
expands names to their aliases, and ranks a query of more than four parts
over the articles with any part: see bench/latency.py). At 1x,
tracuu and the sqlite3 shell (when installed) also run each query as a whole
process.

Figures: indexing seconds (median of --index-runs: at every scale for
tracuu and tantivy, at 1x for FTS5, one run for Xapian and for FTS5
above 1x; the engines' runs interleaved round by round, and each
round's tracuu : peer ratio listed under the table), articles/s, MB/s of
text, peak RSS, index size; query p50/p95/p99 per class
(each query's median over --runs rounds, then percentiles over the class).
The last column is tracuu against the best peer on that row, as "times
better" (above 1: tracuu ahead). Below the table, tracuu's batch time per
class split into the phases `search --profile` reports (resolve, plan,
count, walk, hits...): where the gap to a peer lies. Above that, tracuu's
p50 per class with names taken as typed (`--no-aliases`, as the peers
take them), its queries run in the same rounds on the same index: what
the alias expansion costs, a one-word query being most often a name.

Usage: bench/compare.py [--scales 1,2,4] [--runs 15] [--index-runs 3]
                        [--engines tracuu,tantivy,fts5,xapian]
                        [--markdown FILE] [--json FILE] [--workdir DIR]
"""

import argparse
import datetime
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import engines  # noqa: E402
from indexing import measured  # noqa: E402
from latency import CLASSES, WORD, corpus_files, fts5_query, fts5_sql, groups, iso_bounds, percentiles, read_queries, split_date, timed  # noqa: E402

SYSTEM_PYTHON = "/usr/bin/python3"


# --- corpus ------------------------------------------------------------------


def write_corpus(data, scale, path):
    """The corpus `scale` times (ids suffixed from the second copy on); returns (articles, text bytes)."""
    lines = []
    text = 0
    for source in corpus_files(data):
        with gzip.open(source, "rt", encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                record = json.loads(line)
                text += len((record.get("title") or "").encode()) + len((record.get("body") or "").encode())
                # The id first, so copies only rewrite the line's start.
                lines.append(json.dumps({k: record.get(k) for k in ("id", "title", "body", "date")},
                                        ensure_ascii=False))
    with open(path, "w", encoding="utf-8") as out:
        for copy in range(scale):
            for line in lines:
                if copy:
                    end = line.index('"', 8)  # {"id": "…"
                    line = f"{line[:end]}~{copy}{line[end:]}"
                out.write(line + "\n")
    return len(lines) * scale, text * scale


def query_specs(queries):
    specs = []
    for qid, kind, text in queries:
        words_text, bounds = split_date(text)
        specs.append({"qid": qid, "kind": kind, "words": WORD.findall(words_text),
                      "groups": groups(words_text) if kind == "or" else [WORD.findall(words_text)],
                      "phrase": kind == "phrase", "dates": list(bounds) if bounds else None})
    return specs


# --- engines -------------------------------------------------------------------


def xapian_available():
    if not os.path.exists(SYSTEM_PYTHON):
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import xapian"], capture_output=True).returncode == 0


def interpreter(engine):
    return SYSTEM_PYTHON if engine == "xapian" else sys.executable


def folder_bytes(path):
    total = 0
    for base, _dirs, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(base, name)) for name in files if name != "LOCK")
    return total


def build(engine, tracuu, corpus, index):
    """(seconds, peak RSS MB) of building `index` from `corpus`."""
    shutil.rmtree(index, ignore_errors=True)
    if engine == "tracuu":
        seconds, rss, _ = measured([tracuu, "index", corpus, "--index", index, "--format", "json"])
        return seconds, rss
    script = getattr(engines, engine.upper())
    seconds, rss, _ = measured([interpreter(engine), "-c", script, "index", corpus, index])
    return seconds, rss


def query_round(engine, tracuu, index, specs, queries, workdir, phases=None):
    """{qid: ms} of one pass over the queries, the index opened once; for
    tracuu, each query's phases (`--profile`, µs) are appended to
    `phases[qid][phase]`."""
    if engine in ("tracuu", AS_TYPED):
        path = os.path.join(workdir, "queries.tsv")
        with open(path, "w", encoding="utf-8") as out:
            out.writelines(f"{qid}\t{text}\n" for qid, _kind, text in queries)
        output = subprocess.run([tracuu, "search", "--queries", path, "--format", "jsonl", "--no-snippets",
                                 "--profile", "--limit", "10", "--index", index]
                                + (["--no-aliases"] if engine == AS_TYPED else []),
                                check=True, capture_output=True, text=True).stdout
        rows = [json.loads(line) for line in output.splitlines()]
        if phases is not None and engine == "tracuu":
            for row in rows:
                for name, value in row.get("profile", {}).items():
                    if name.endswith("_us"):
                        phases.setdefault(row["qid"], {}).setdefault(name[:-3], []).append(value)
        return {row["qid"]: row["took_us"] / 1000 for row in rows}
    path = os.path.join(workdir, "queries.json")
    with open(path, "w") as out:
        json.dump(specs, out)
    script = getattr(engines, engine.upper())
    output = subprocess.run([interpreter(engine), "-c", script, "query", index, path, "1"],
                            check=True, capture_output=True, text=True).stdout
    return {qid: values[0] for qid, values in json.loads(output.splitlines()[-1]).items()}


# tracuu with names taken as typed (`--no-aliases`), as the peers take
# them: "Campuchia" alone, not also "Cam-pu-chia". Its queries run beside
# tracuu's own on the same index; the report sets the two side by side.
AS_TYPED = "tracuu --no-aliases"


def query_times(engines_paths, tracuu, specs, queries, rounds, workdir, phases=None):
    """{engine: {qid: median ms}} over `rounds` rounds, each round running
    every engine in turn (as the indexing runs do): a busy spell on the
    shared machine then slows one round of every engine, not every round
    of one. Running one engine's rounds back to back once made tracuu's
    one-word p50 read 2.5 ms in a run where it measured 1.6 ms alone."""
    samples = {engine: {} for engine in engines_paths}
    for _ in range(rounds):
        for engine, index in engines_paths.items():
            for qid, ms in query_round(engine, tracuu, index, specs, queries, workdir, phases).items():
                samples[engine].setdefault(qid, []).append(ms)
    return {engine: {qid: statistics.median(v) for qid, v in found.items()} for engine, found in samples.items()}


def cli_times(tracuu, indexes, queries, runs):
    """{name: {qid: median ms}} of whole processes, the programs taking
    turns query by query."""
    commands = {}
    for qid, _kind, text in queries:
        commands.setdefault("tracuu", {})[qid] = [tracuu, "search", text, "--limit", "10", "--index", indexes["tracuu"]]
    if "fts5" in indexes and shutil.which("sqlite3"):
        database = os.path.join(indexes["fts5"], "fts5.db")
        for qid, kind, text in queries:
            match, bounds = fts5_query(kind, text)
            sql = fts5_sql(bounds).replace("?", "'" + match.replace("'", "''") + "'", 1)
            if bounds:
                sql = sql.replace("?", str(bounds[0]), 1).replace("?", str(bounds[1]), 1)
            commands.setdefault("sqlite3 shell", {})[qid] = ["sqlite3", database, sql]
    samples = {name: {} for name in commands}
    for qid, _kind, _text in queries:
        for _ in range(runs):
            for name, by_query in commands.items():
                samples[name].setdefault(qid, []).append(timed(by_query[qid]))
    return {name: {qid: statistics.median(v) for qid, v in found.items()} for name, found in samples.items()}


# --- report --------------------------------------------------------------------


def versions(engine_names, tracuu):
    found = {"tracuu": subprocess.run([tracuu, "--version"], capture_output=True, text=True).stdout.strip()
             .removeprefix("tracuu ")}
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True)
    found["swift"] = (swift.stdout or swift.stderr).splitlines()[0] if swift.returncode == 0 else "?"
    if "tantivy" in engine_names:
        found["tantivy"] = subprocess.run([sys.executable, "-c", "import importlib.metadata as m; print(m.version('tantivy'))"],
                                          capture_output=True, text=True).stdout.strip()
    if "fts5" in engine_names:
        import sqlite3
        found["sqlite"] = sqlite3.sqlite_version
    if "xapian" in engine_names:
        found["xapian"] = subprocess.run([SYSTEM_PYTHON, "-c", "import xapian; print(xapian.version_string())"],
                                         capture_output=True, text=True).stdout.strip()
    return found


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as handle:
            model = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / (1 << 30)
    return f"{os.cpu_count()} cores ({model}), {memory:.0f} GiB, {platform.platform()}"


def round_ratios(results, scales):
    """Indexing speed, tracuu : each peer, round by round (the rounds of a
    scale ran interleaved), with the median: the figure least moved by
    the machine's busy spells."""
    lines = []
    for scale in scales:
        rounds = results[str(scale)].get("index_rounds", {})
        ours = rounds.get("tracuu", [])
        for peer, theirs in rounds.items():
            if peer == "tracuu" or len(theirs) < 2 or len(ours) < 2:
                continue
            pairs = [t / o for o, t in zip(ours, theirs)]
            lines.append(f"- {scale}×, tracuu : {peer}, round by round: "
                         + ", ".join(f"{p:.2f}×" for p in pairs) + f" (median {statistics.median(pairs):.2f}×)")
    if not lines:
        return ""
    return "Indexing speed in each round (the engines' runs interleaved):\n\n" + "\n".join(lines)


def class_phases(phases, queries):
    """{class: {phase: µs}}: each query's median per phase over the rounds,
    then the class median (so a row's phases need not add up to its p50)."""
    kinds = {qid: kind for qid, kind, _ in queries}
    result = {}
    for kind in CLASSES:
        rows = [p for qid, p in phases.items() if kinds.get(qid) == kind]
        if rows:
            result[kind] = {name: statistics.median(statistics.median(row[name]) for row in rows)
                            for name in rows[0]}
    return result


def class_percentiles(times, queries):
    """{class: {"p50", "p95", "p99"}} of per-query times, "all" included."""
    kinds = {qid: kind for qid, kind, _ in queries}
    found = {}
    for kind in CLASSES + ["all"]:
        p50, p95, p99 = percentiles([t for qid, t in times.items() if kind == "all" or kinds[qid] == kind])
        found[kind] = {"p50": p50, "p95": p95, "p99": p99}
    return found


def as_typed_table(results, scales):
    """tracuu's batch p50 per class with its names taken as typed, beside
    its own and tantivy's: how much of a class's time the alias expansion
    takes (a one-word query is most often a name)."""
    if not all("as_typed" in results[str(s)] and "tantivy" in results[str(s)]["query"] for s in scales):
        return ""
    lines = ["Names as the peers take them (`--no-aliases`: \"Campuchia\" alone, not also \"Cam-pu-chia\"), "
             "batch p50 ms, tracuu's default / as typed / tantivy (ratio of as typed to tantivy):", "",
             "| scale | " + " | ".join(CLASSES) + " |", "|" + " --- |" * (len(CLASSES) + 1)]
    for scale in scales:
        r = results[str(scale)]
        cells = []
        for kind in CLASSES:
            own, typed, peer = (r["query"]["tracuu"][kind]["p50"], r["as_typed"][kind]["p50"],
                                r["query"]["tantivy"][kind]["p50"])
            cells.append(f"{own:.2f} / {typed:.2f} / {peer:.2f} ({peer / typed:.2f}×)")
        lines.append(f"| {scale}× | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def phase_table(results, scales):
    """Where tracuu's batch time goes, per class and scale (`--profile`)."""
    names = ["parse", "resolve", "plan", "count", "walk", "fill", "hits"]
    lines = ["| scale, class | " + " | ".join(names) + " |", "|" + " --- |" * (len(names) + 1)]
    for scale in scales:
        for kind, values in results[str(scale)].get("phases", {}).items():
            lines.append(f"| {scale}× {kind} | " + " | ".join(f"{values.get(n, 0):.0f}" for n in names) + " |")
    if len(lines) == 2:
        return ""
    return ("Where tracuu's batch time goes (`search --profile`; µs, each query's median over the rounds, "
            "then the class median; see README, \"Where the time went\"):\n\n" + "\n".join(lines))


def ratio(values, engine_names, higher_is_better):
    """tracuu against the best peer, as times better."""
    peers = [values[name] for name in engine_names if name != "tracuu" and values.get(name)]
    if not peers or not values.get("tracuu"):
        return ""
    if higher_is_better:
        return f"{values['tracuu'] / max(peers):.2f}×"
    return f"{min(peers) / values['tracuu']:.2f}×"


def table(results, engine_names, scales):
    rows = []
    header = ["", *engine_names, "tracuu vs best peer"]
    for scale in scales:
        r = results[str(scale)]
        label = f"{scale}× ({r['articles']:,} articles, {r['text_mb']:.0f} MB)"
        rows.append([f"**{label}**", *[""] * (len(engine_names) + 1)])
        def add(name, key, fmt, higher):
            values = {e: r["index"][e][key] for e in engine_names if e in r["index"]}
            rows.append([name, *[fmt.format(values[e]) if e in values else "–" for e in engine_names],
                         ratio(values, engine_names, higher)])
        add("index: seconds", "seconds", "{:.1f}", False)
        add("index: articles/s", "articles_per_s", "{:,.0f}", True)
        add("index: MB/s of text", "mb_per_s", "{:.1f}", True)
        add("index: peak RSS, MB", "rss_mb", "{:.0f}", False)
        add("index: size, MB", "size_mb", "{:.1f}", False)
        # The "index size as a fraction of the raw text" (title and body bytes).
        fractions = {e: r["index"][e]["size_mb"] / r["text_mb"] for e in engine_names
                     if e in r["index"] and r["index"][e].get("size_mb")}
        rows.append(["index: size / text", *[f"{fractions[e]:.2f}" if e in fractions else "–" for e in engine_names],
                     ratio(fractions, engine_names, False)])
        for kind in CLASSES + ["all"]:
            values = {e: r["query"][e][kind]["p50"] for e in engine_names if e in r["query"]}
            cells = []
            for e in engine_names:
                if e not in r["query"]:
                    cells.append("–")
                    continue
                q = r["query"][e][kind]
                cells.append(f"{q['p50']:.2f} / {q['p95']:.2f} / {q['p99']:.2f}")
            rows.append([f"query {kind}: p50/p95/p99 ms", *cells, ratio(values, engine_names, False)])
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tracuu", default=os.path.join(ROOT, ".build/release/tracuu"))
    parser.add_argument("--data", default=os.path.join(os.path.dirname(ROOT), "shared/data"))
    parser.add_argument("--queries", default=os.path.join(HERE, "queries.tsv"))
    parser.add_argument("--scales", default="1,2,4")
    parser.add_argument("--runs", type=int, default=15, help="query rounds (medians)")
    parser.add_argument("--index-runs", type=int, default=3,
                        help="indexing runs (median): tracuu and tantivy at every scale, FTS5 at 1x")
    parser.add_argument("--cli-runs", type=int, default=3)
    parser.add_argument("--engines", default="tracuu,tantivy,fts5,xapian")
    parser.add_argument("--xapian-scales", default="1",
                        help="scales Xapian runs at (its indexing is driven from Python, minutes per copy)")
    parser.add_argument("--markdown", help="write the report here (e.g. BENCHMARKS.md)")
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--workdir")
    args = parser.parse_args()

    wanted = args.engines.split(",")
    engine_names = []
    for name in wanted:
        if name == "tantivy" and subprocess.run([sys.executable, "-c", "import tantivy"], capture_output=True).returncode:
            print("tantivy is not installed (pip install tantivy): left out", flush=True)
            continue
        if name == "xapian" and not xapian_available():
            print("xapian is not installed (apt install python3-xapian): left out", flush=True)
            continue
        engine_names.append(name)
    scales = [int(s) for s in args.scales.split(",")]
    workdir = args.workdir or tempfile.mkdtemp(prefix="tracuu-compare-")
    os.makedirs(workdir, exist_ok=True)
    queries = read_queries(args.queries)
    specs = query_specs(queries)
    results = {}
    started = datetime.datetime.now()
    for scale in scales:
        corpus = os.path.join(workdir, f"corpus-{scale}x.jsonl")
        articles, text = write_corpus(args.data, scale, corpus)
        entry = {"articles": articles, "text_mb": text / 1e6, "index": {}, "query": {}}
        indexes = {}
        taking = [e for e in engine_names if e != "xapian" or str(scale) in args.xapian_scales.split(",")]
        # Xapian's indexing is driven from Python (two minutes a copy): one
        # run. Above 1x, FTS5 too; tracuu and tantivy, whose ratio is a
        # target, keep their rounds at every scale: a single run each let
        # one busy spell swing the 4x ratio from 1.65x to 2x and more.
        runs = {e: args.index_runs if e in ("tracuu", "tantivy") or (scale == 1 and e != "xapian") else 1
                for e in taking}
        # Round by round, each engine in turn: a busy spell on the shared
        # machine then slows every engine's run of that round, not all the
        # runs of one engine, and each round gives a ratio of its own.
        paths = {e: os.path.join(workdir, f"{e}-{scale}x") for e in taking}
        builds = {e: [] for e in taking}
        for round_ in range(max(runs.values(), default=0)):
            for engine in taking:
                if round_ < runs[engine]:
                    builds[engine].append(build(engine, args.tracuu, corpus, paths[engine]))
        entry["index_rounds"] = {e: [b[0] for b in builds[e]] for e in taking}
        phases = {}
        queried = dict(paths)
        if "tracuu" in paths:
            queried[AS_TYPED] = paths["tracuu"]
        all_times = query_times(queried, args.tracuu, specs, queries, args.runs, workdir, phases)
        entry["phases"] = class_phases(phases, queries)
        if AS_TYPED in all_times:
            entry["as_typed"] = class_percentiles(all_times[AS_TYPED], queries)
        for engine in taking:
            index = paths[engine]
            seconds = statistics.median(b[0] for b in builds[engine])
            rss = statistics.median(b[1] for b in builds[engine])
            size = folder_bytes(index)
            entry["index"][engine] = {"seconds": seconds, "articles_per_s": articles / seconds,
                                      "mb_per_s": text / 1e6 / seconds, "rss_mb": rss, "size_mb": size / 1e6}
            entry["query"][engine] = class_percentiles(all_times[engine], queries)
            indexes[engine] = index
            print(f"{scale}x {engine}: indexed in {seconds:.1f} s, {rss:.0f} MB RSS, {size / 1e6:.1f} MB; "
                  f"query p50 {entry['query'][engine]['all']['p50']:.2f} ms", flush=True)
        if scale == 1:
            entry["cli"] = {name: dict(zip(("p50", "p95", "p99"), percentiles(list(t.values()))))
                            for name, t in cli_times(args.tracuu, indexes, queries, args.cli_runs).items()}
        results[str(scale)] = entry
        os.remove(corpus)
        for index in indexes.values():
            if scale != scales[-1] or not args.workdir:
                shutil.rmtree(index, ignore_errors=True)
    elapsed = (datetime.datetime.now() - started).total_seconds()

    report = table(results, engine_names, scales)
    rounds = round_ratios(results, scales)
    typed = as_typed_table(results, scales)
    if typed:
        report += "\n\n" + typed
    phase_report = phase_table(results, scales)
    cli = results[str(scales[0])].get("cli", {})
    cli_lines = [f"- {name}: p50 {v['p50']:.1f} ms, p95 {v['p95']:.1f} ms, p99 {v['p99']:.1f} ms" for name, v in cli.items()]
    info = versions(engine_names, args.tracuu)
    header = [f"Run {started:%Y-%m-%d %H:%M} on {machine()}; {elapsed / 60:.1f} min.",
              "Versions: " + ", ".join(f"{k} {v}" for k, v in info.items()) + ".",
              f"Query rounds: {args.runs} (each query's median); indexing runs: {args.index_runs} (median; tracuu and tantivy at every scale, FTS5 at 1×)."]
    print()
    print("\n".join(header))
    print()
    print(report)
    if rounds:
        print("\n" + rounds)
    if phase_report:
        print("\n" + phase_report)
    print("\nWhole process per query at 1× (snippets on for tracuu):")
    print("\n".join(cli_lines))
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as out:
            out.write(MARKDOWN_HEAD + "\n" + "\n".join(header) + "\n\n" + report + "\n\n"
                      + (rounds + "\n\n" if rounds else "")
                      + (phase_report + "\n\n" if phase_report else "")
                      + "Whole process per query at 1× (snippets on for tracuu):\n\n" + "\n".join(cli_lines) + "\n")
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"results": results, "versions": info, "machine": machine()}, out, indent=1)
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)


MARKDOWN_HEAD = """# Benchmarks

Written by `bench/run` (which calls `bench/compare.py`); see that script's
header for how each engine is configured and measured. The machine is
shared and noisy: compare the engines within one run (the last column),
not figures across runs.
"""


if __name__ == "__main__":
    main()
