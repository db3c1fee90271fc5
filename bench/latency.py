#!/usr/bin/env python3
"""Query latency: tracuu beside tantivy and SQLite FTS5, same queries, same run.

The corpus is every article in ../shared/data with text: VNTC news (84,132,
undated), Dân trí (2,653, dated 2019-2021) and VietnameseMDS (628, dated
2012-2013), so date filters select real dates. Each engine indexes it with
positions and accent-insensitive matching:

  tracuu   its defaults (TF-IDF, tiers of diacritic matching, compound words)
  tantivy  PyPI tantivy, title and body with positions, simple tokenizer +
           lowercase + ASCII folding, the date as an indexed i64 (YYYYMMDD)
  FTS5     Python's sqlite3, fts5(title, body, tokenize='unicode61
           remove_diacritics 2'), the date in a plain column

The queries are bench/queries.tsv (classes one, multi, phrase, or, date),
written in tracuu's syntax and translated for the peers: multi-word queries
require every word in the peers, phrases are phrases, OR is OR, and a
date: term becomes a range on the date field. Every engine returns its top
10 ids by its own ranking. tracuu runs each query as a user's would run:
names also search their aliases ("ASEAN" the name it stands for), and a
query of more than four parts ("quan hệ Việt Nam Trung Quốc": five, the
name one part) is ranked over the articles holding any part, with the
total and the partial total both exact, which is more work than the
peers' conjunction.

Two measurements:

  batch   the index opened once, each query timed alone: tracuu's own
          took_us from `search --queries --format jsonl --no-snippets`;
          the peers timed in Python around parse + search + reading the 10
          ids (a few microseconds of Python included). --runs rounds; each
          query's median, then p50/p95/p99 over the class.
  cli     a whole process per query: `tracuu search Q --limit 10` (snippets
          included, as a user runs it), beside the sqlite3 command-line
          shell when installed (`apt install sqlite3`). tantivy has no
          command line of its own here; its Python one-shot is shown for
          reference (interpreter start-up dominates).

Usage: bench/latency.py [--tracuu PATH] [--data DIR] [--runs N]
                        [--workdir DIR] [--json OUT]
A --workdir keeps the three indexes between runs (rebuilt when missing).
"""

import argparse
import gzip
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORD = re.compile(r"\w+", re.UNICODE)
DATE = re.compile(r"\s*date:(\S+)\s*")
CLASSES = ["one", "multi", "phrase", "or", "date"]


# --- corpus and queries ------------------------------------------------------


def corpus_files(data):
    return [os.path.join(data, "vntc_news.jsonl.gz"), os.path.join(data, "dantri_unc.jsonl.gz"),
            os.path.join(data, "vmds/corpus.jsonl.gz")]


def documents(data):
    for path in corpus_files(data):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    yield record["id"], record.get("title") or "", record.get("body") or "", record.get("date")


def read_queries(path):
    queries = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            kind, _, text = line.rstrip("\n").partition("\t")
            queries.append((f"{kind}{len(queries) + 1:03d}", kind, text))
    return queries


def period_bounds(text):
    """First and last day (YYYYMMDD ints) of a YYYY, YYYY-MM or YYYY-MM-DD period."""
    parts = [int(p) for p in text.split("-")]
    year = parts[0]
    month_first, month_last = (parts[1], parts[1]) if len(parts) > 1 else (1, 12)
    day_first = parts[2] if len(parts) > 2 else 1
    day_last = parts[2] if len(parts) > 2 else 31  # no month has more; only used as a bound
    return year * 10000 + month_first * 100 + day_first, year * 10000 + month_last * 100 + day_last


def split_date(text):
    """The query without its date: term, and (low, high) YYYYMMDD bounds or None."""
    match = DATE.search(text)
    if not match:
        return text, None
    low, high = 0, 99991231
    value = match.group(1)
    if ".." in value:
        start, end = value.split("..")
        if start:
            low = period_bounds(start)[0]
        if end:
            high = period_bounds(end)[1]
    else:
        low, high = period_bounds(value)
    return (text[:match.start()] + " " + text[match.end():]).strip(), (low, high)


def groups(text):
    """OR groups of words: "dau tu OR thuong mai" -> [["dau", "tu"], ["thuong", "mai"]]."""
    return [WORD.findall(part) for part in text.split(" OR ")]


def tantivy_query(kind, text):
    text, bounds = split_date(text)
    if kind == "phrase":
        query = '"' + " ".join(WORD.findall(text)) + '"'
    elif kind == "or":
        query = " ".join("(" + " ".join("+" + w for w in group) + ")" for group in groups(text))
    else:
        query = " ".join("+" + w for w in WORD.findall(text))
    if bounds:
        query = f"({query}) AND date:[{bounds[0]} TO {bounds[1]}]"
    return query


def fts5_query(kind, text):
    text, bounds = split_date(text)
    if kind == "phrase":
        match = '"' + " ".join(WORD.findall(text)) + '"'
    elif kind == "or":
        match = " OR ".join("(" + " ".join('"' + w + '"' for w in group) + ")" for group in groups(text))
    else:
        match = " ".join('"' + w + '"' for w in WORD.findall(text))
    return match, bounds


def fts5_sql(bounds):
    where = " AND date BETWEEN ? AND ?" if bounds else ""
    return f"SELECT id FROM docs WHERE docs MATCH ?{where} ORDER BY rank LIMIT 10"


def iso_bounds(bounds):
    low, high = bounds
    return (f"{low // 10000:04d}-{low // 100 % 100:02d}-{low % 100:02d}",
            f"{high // 10000:04d}-{high // 100 % 100:02d}-{high % 100:02d}")


# --- indexes -------------------------------------------------------------------


def build_tracuu(binary, data, path):
    if os.path.isdir(path) and any(name.startswith("commit_") for name in os.listdir(path)):
        return
    subprocess.run([binary, "index", *corpus_files(data), "--index", path, "--rebuild"], check=True,
                   stdout=subprocess.DEVNULL)


def tantivy_index(path, data):
    import tantivy
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=False, tokenizer_name="vi", index_option="position")
    builder.add_text_field("body", stored=False, tokenizer_name="vi", index_option="position")
    builder.add_integer_field("date", indexed=True, fast=True)
    schema = builder.build()
    analyzer = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build())
    exists = os.path.isdir(path) and os.path.exists(os.path.join(path, "meta.json"))
    if not exists:
        os.makedirs(path, exist_ok=True)
    index = tantivy.Index(schema, path=path)
    index.register_tokenizer("vi", analyzer)
    if not exists:
        writer = index.writer(heap_size=256 << 20, num_threads=2)
        for doc_id, title, body, date in documents(data):
            fields = {"id": doc_id, "title": title, "body": body}
            fields["date"] = int(date.replace("-", "")) if date else 0
            writer.add_document(tantivy.Document(**fields))
        writer.commit()
        writer.wait_merging_threads()
    index.reload()
    return index


def fts5_connection(path, data):
    exists = os.path.exists(path)
    connection = sqlite3.connect(path)
    if not exists:
        connection.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, date UNINDEXED, "
                           "tokenize='unicode61 remove_diacritics 2')")
        connection.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", documents(data))
        connection.commit()
    return connection


# --- measuring -----------------------------------------------------------------


def tracuu_batch(binary, index, queries, workdir):
    path = os.path.join(workdir, "queries.tsv")
    with open(path, "w", encoding="utf-8") as out:
        for qid, _kind, text in queries:
            out.write(f"{qid}\t{text}\n")
    output = subprocess.run([binary, "search", "--queries", path, "--format", "jsonl", "--no-snippets",
                             "--limit", "10", "--index", index], check=True, capture_output=True, text=True).stdout
    return {row["qid"]: row["took_us"] / 1000 for row in map(json.loads, output.splitlines())}


def tantivy_batch(index, queries):
    searcher = index.searcher()
    times = {}
    for qid, kind, text in queries:
        started = time.perf_counter()
        query = index.parse_query(tantivy_query(kind, text), ["title", "body"])
        hits = searcher.search(query, 10).hits
        [searcher.doc(address)["id"][0] for _score, address in hits]
        times[qid] = (time.perf_counter() - started) * 1000
    return times


def fts5_batch(connection, queries):
    times = {}
    for qid, kind, text in queries:
        match, bounds = fts5_query(kind, text)
        started = time.perf_counter()
        arguments = (match, *iso_bounds(bounds)) if bounds else (match,)
        connection.execute(fts5_sql(bounds), arguments).fetchall()
        times[qid] = (time.perf_counter() - started) * 1000
    return times


def timed(command):
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - started) * 1000


TANTIVY_ONE_SHOT = r'''
import sys, tantivy
b = tantivy.SchemaBuilder()
index = tantivy.Index.open(sys.argv[1])
index.register_tokenizer("vi", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build())
searcher = index.searcher()
hits = searcher.search(index.parse_query(sys.argv[2], ["title", "body"]), 10).hits
print([searcher.doc(a)["id"][0] for _s, a in hits])
'''


def percentiles(values):
    ordered = sorted(values)
    def at(q):
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]
    return at(0.5), at(0.95), at(0.99)


def median_per_query(rounds):
    return {qid: statistics.median(r[qid] for r in rounds) for qid in rounds[0]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tracuu", default=os.path.join(ROOT, ".build/release/tracuu"))
    parser.add_argument("--data", default=os.path.join(os.path.dirname(ROOT), "shared/data"))
    parser.add_argument("--queries", default=os.path.join(HERE, "queries.tsv"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cli-runs", type=int, default=3)
    parser.add_argument("--workdir")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    workdir = args.workdir or tempfile.mkdtemp(prefix="tracuu-latency-")
    os.makedirs(workdir, exist_ok=True)
    queries = read_queries(args.queries)
    kinds = {qid: kind for qid, kind, _ in queries}
    print(f"{len(queries)} queries; corpus: VNTC + Dân trí + VMDS; {args.runs} batch rounds, "
          f"{args.cli_runs} CLI runs per query; medians per query, then percentiles per class", flush=True)

    tracuu_index = os.path.join(workdir, "tracuu")
    build_tracuu(args.tracuu, args.data, tracuu_index)
    engines = {"tracuu": [tracuu_batch(args.tracuu, tracuu_index, queries, workdir) for _ in range(args.runs)]}
    try:
        import tantivy  # noqa: F401
        index = tantivy_index(os.path.join(workdir, "tantivy"), args.data)
        engines["tantivy"] = [tantivy_batch(index, queries) for _ in range(args.runs)]
    except ImportError:
        print("tantivy not installed (pip install tantivy): left out", flush=True)
    connection = fts5_connection(os.path.join(workdir, "fts5.db"), args.data)
    engines["fts5"] = [fts5_batch(connection, queries) for _ in range(args.runs)]

    cli = {"tracuu": {}}
    for qid, _kind, text in queries:
        cli["tracuu"][qid] = statistics.median(
            timed([args.tracuu, "search", text, "--limit", "10", "--index", tracuu_index]) for _ in range(args.cli_runs))
    if shutil.which("sqlite3"):
        cli["sqlite3"] = {}
        for qid, kind, text in queries:
            match, bounds = fts5_query(kind, text)
            sql = fts5_sql(bounds).replace("?", "'" + match.replace("'", "''") + "'", 1)
            if bounds:
                low, high = iso_bounds(bounds)
                sql = sql.replace("?", f"'{low}'", 1).replace("?", f"'{high}'", 1)
            cli["sqlite3"][qid] = statistics.median(
                timed(["sqlite3", os.path.join(workdir, "fts5.db"), sql]) for _ in range(args.cli_runs))
    if "tantivy" in engines:
        cli["tantivy (python)"] = {}
        for qid, kind, text in queries:
            cli["tantivy (python)"][qid] = timed(
                [sys.executable, "-c", TANTIVY_ONE_SHOT, os.path.join(workdir, "tantivy"), tantivy_query(kind, text)])

    batch = {name: median_per_query(rounds) for name, rounds in engines.items()}
    figures = {"batch": {}, "cli": {}}
    names = list(batch)
    print("\nbatch latency, ms (index open; p50 / p95 / p99 over each class's per-query medians)")
    print(f"{'class':8}" + "".join(f"{name:>24}" for name in names) + f"{'p50 ratio':>12}")
    for kind in CLASSES + ["all"]:
        row = f"{kind:8}"
        p50s = {}
        for name in names:
            values = [t for qid, t in batch[name].items() if kind == "all" or kinds[qid] == kind]
            p50, p95, p99 = percentiles(values)
            p50s[name] = p50
            figures["batch"].setdefault(kind, {})[name] = {"p50": p50, "p95": p95, "p99": p99}
            row += f"{p50:8.2f} {p95:7.2f} {p99:7.2f}"
        best_peer = min(v for n, v in p50s.items() if n != "tracuu") if len(p50s) > 1 else None
        row += f"{best_peer / p50s['tracuu']:11.2f}×" if best_peer else ""
        print(row)
    print("\nwhole process per query, ms (p50 / p95 / p99)")
    for name, times in cli.items():
        p50, p95, p99 = percentiles(list(times.values()))
        figures["cli"][name] = {"p50": p50, "p95": p95, "p99": p99}
        print(f"  {name:18} {p50:8.1f} {p95:8.1f} {p99:8.1f}")
    print("\nratio: best peer's p50 / tracuu's (above 1: tracuu faster)")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(figures, out, indent=1)
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
