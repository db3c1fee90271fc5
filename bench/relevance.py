#!/usr/bin/env python3
"""Retrieval quality of tracuu on the Vietnamese test collections, beside
BM25 baselines run in the same script.

For each collection it indexes the corpus with tracuu and with each peer,
runs every query and prints nDCG@10 and MRR@10 (binary judgments):

  vmds        VietnameseMDS: 628 dated news articles, 199 queries (the human
              names of event clusters), every article of a cluster relevant.
  vmds+vntc   the same queries and judgments with VNTC articles added as
              distractors (--distractors, default 20,000), which makes the
              collection harder; a few distractors may be relevant but are
              unjudged (see shared/data/README.md).
  xquad       XQuAD Vietnamese: 240 passages, 1,190 questions, one relevant
              passage each (translated Wikipedia, not news).

tracuu runs with its default ranking (TF-IDF, consecutive query words also
scored as a compound word when they stand together), without the
compound-word handling (--no-compound), on an index built with syllable
pairs (index --pairs: compound words score with their own idf), and with
BM25. The peers are SQLite FTS5 (bm25, unicode61 remove_diacritics 2) and
tantivy from PyPI (BM25, lowercase + ASCII folding), both queried with the
OR of the query's words, the usual way BM25 baselines are run.

With --per-query FILE it also writes each query's figures as TSV
(collection, system, qid, nDCG@10, RR@10, query), so two runs (two
binaries, two settings) can be compared query by query with a join.

Usage: bench/relevance.py [--tracuu PATH] [--collections vmds,vmds+vntc,xquad]
                          [--distractors N] [--data DIR] [--per-query FILE]
"""

import argparse
import gzip
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORD = re.compile(r"\w+", re.UNICODE)


def read_jsonl(path, limit=None):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            if limit is not None and index >= limit:
                return
            if line.strip():
                yield json.loads(line)


def read_queries(path):
    queries = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            qid, _, text = line.rstrip("\n").partition("\t")
            if text:
                queries.append((qid, text))
    return queries


def read_qrels(path):
    qrels = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) == 4 and int(parts[3]) > 0:
                qrels.setdefault(parts[0], set()).add(parts[2])
    return qrels


def per_query(run, qrels, depth=10):
    """nDCG@depth and reciprocal rank@depth of each judged query (a query
    with no results scores 0)."""
    scores = {}
    for qid, relevant in qrels.items():
        ranked = run.get(qid, [])[:depth]
        dcg = sum(1.0 / math.log2(rank + 2) for rank, doc in enumerate(ranked) if doc in relevant)
        ideal = sum(1.0 / math.log2(rank + 2) for rank in range(min(len(relevant), depth)))
        first = next((rank for rank, doc in enumerate(ranked) if doc in relevant), None)
        scores[qid] = (dcg / ideal if ideal else 0.0, 1.0 / (first + 1) if first is not None else 0.0)
    return scores


def metrics(run, qrels, depth=10):
    """Mean nDCG@depth and MRR@depth over the judged queries."""
    scores = per_query(run, qrels, depth).values()
    count = len(qrels)
    return sum(s[0] for s in scores) / count, sum(s[1] for s in scores) / count


# --- tracuu ---------------------------------------------------------------


def tracuu_runs(binary, corpus_path, queries, workdir, configs):
    """configs: (name, index flags, search flags); one index per set of index flags."""
    indexes = {}
    for _name, index_flags, _extra in configs:
        key = tuple(index_flags)
        if key in indexes:
            continue
        index = os.path.join(workdir, f"tracuu-index-{len(indexes)}")
        subprocess.run([binary, "index", corpus_path, "--index", index, "--rebuild"] + index_flags, check=True,
                       stdout=subprocess.DEVNULL)
        indexes[key] = index
    query_file = os.path.join(workdir, "queries.tsv")
    with open(query_file, "w", encoding="utf-8") as handle:
        for qid, text in queries:
            # Quotes and parentheses in the raw query would be operators.
            clean = text.replace('"', " ").replace("“", " ").replace("”", " ").replace("(", " ").replace(")", " ")
            handle.write(f"{qid}\t{clean}\n")
    results = {}
    for name, index_flags, extra in configs:
        index = indexes[tuple(index_flags)]
        output = subprocess.run(
            [binary, "search", "--queries", query_file, "--index", index, "--format", "trec", "--limit", "10"]
            + extra, check=False, capture_output=True, text=True).stdout
        run = {}
        for line in output.splitlines():
            qid, _, doc, _rank, _score, _tag = line.split()
            run.setdefault(qid, []).append(doc)
        results[name] = run
    return results


# --- SQLite FTS5 -----------------------------------------------------------


def fts5_run(documents, queries, workdir):
    connection = sqlite3.connect(os.path.join(workdir, "fts5.db"))
    connection.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, tokenize='unicode61 remove_diacritics 2')")
    connection.executemany("INSERT INTO docs VALUES (?, ?, ?)",
                           ((d["id"], d.get("title") or "", d.get("body") or "") for d in documents))
    connection.commit()
    run = {}
    for qid, text in queries:
        words = WORD.findall(text)
        if not words:
            continue
        match = " OR ".join('"' + word + '"' for word in words)
        rows = connection.execute(
            "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10", (match,)).fetchall()
        run[qid] = [row[0] for row in rows]
    connection.close()
    return run


# --- tantivy ---------------------------------------------------------------


def tantivy_run(documents, queries, workdir):
    try:
        import tantivy
    except ImportError:
        return None
    analyzer = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build())
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=False, tokenizer_name="vi_folded")
    builder.add_text_field("body", stored=False, tokenizer_name="vi_folded")
    schema = builder.build()
    path = os.path.join(workdir, "tantivy")
    os.makedirs(path, exist_ok=True)
    index = tantivy.Index(schema, path=path)
    index.register_tokenizer("vi_folded", analyzer)
    writer = index.writer()
    for d in documents:
        writer.add_document(tantivy.Document(id=d["id"], title=d.get("title") or "", body=d.get("body") or ""))
    writer.commit()
    index.reload()
    searcher = index.searcher()
    run = {}
    for qid, text in queries:
        words = WORD.findall(text)
        if not words:
            continue
        query = index.parse_query(" ".join(words), ["title", "body"])
        hits = searcher.search(query, 10).hits
        run[qid] = [searcher.doc(address)["id"][0] for _score, address in hits]
    return run


# --- driver ----------------------------------------------------------------


def collection(name, data, distractors):
    if name == "vmds":
        return (list(read_jsonl(os.path.join(data, "vmds/corpus.jsonl.gz"))),
                read_queries(os.path.join(data, "vmds/queries.tsv")), read_qrels(os.path.join(data, "vmds/qrels.txt")))
    if name == "vmds+vntc":
        documents, queries, qrels = collection("vmds", data, distractors)
        documents += list(read_jsonl(os.path.join(data, "vntc_news.jsonl.gz"), limit=distractors))
        return documents, queries, qrels
    if name == "xquad":
        return (list(read_jsonl(os.path.join(data, "xquad_vi/corpus.jsonl.gz"))),
                read_queries(os.path.join(data, "xquad_vi/queries.tsv")),
                read_qrels(os.path.join(data, "xquad_vi/qrels.txt")))
    raise SystemExit(f"unknown collection {name}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tracuu", default=os.path.join(ROOT, ".build/release/tracuu"))
    parser.add_argument("--collections", default="vmds,vmds+vntc,xquad")
    parser.add_argument("--distractors", type=int, default=20000)
    parser.add_argument("--data", default=os.path.join(os.path.dirname(ROOT), "shared/data"))
    parser.add_argument("--per-query", metavar="FILE", help="also write each query's nDCG@10 and RR@10 here (TSV)")
    args = parser.parse_args()
    per_query_file = open(args.per_query, "w", encoding="utf-8") if args.per_query else None
    if not os.access(args.tracuu, os.X_OK):
        raise SystemExit(f"no tracuu binary at {args.tracuu}; build it: swift build -c release --product tracuu --static-swift-stdlib")

    configs = []
    configs += [
        ("tracuu tf-idf + adjacency (default)", [], []),
        ("tracuu tf-idf, no compound words", [], ["--no-compound"]),
        ("tracuu tf-idf + syllable pairs", ["--pairs"], []),
        ("tracuu bm25 + adjacency", [], ["--rank", "bm25"]),
        ("tracuu bm25 + syllable pairs", ["--pairs"], ["--rank", "bm25"]),
    ]
    print(f"{'collection':<12} {'system':<40} {'nDCG@10':>8} {'MRR@10':>8}")
    for name in args.collections.split(","):
        documents, queries, qrels = collection(name, args.data, args.distractors)
        label = f"{name} ({len(documents)} docs, {len(qrels)} queries)"
        print(label)
        with tempfile.TemporaryDirectory(prefix="tracuu-relevance-") as workdir:
            corpus_path = os.path.join(workdir, "corpus.jsonl")
            with open(corpus_path, "w", encoding="utf-8") as handle:
                for d in documents:
                    handle.write(json.dumps(d, ensure_ascii=False) + "\n")
            runs = tracuu_runs(args.tracuu, corpus_path, queries, workdir, configs)
            peers = [("SQLite FTS5 bm25 (OR)", fts5_run(documents, queries, workdir)),
                     ("tantivy bm25 (OR)", tantivy_run(documents, queries, workdir))]
            for system, run in list(runs.items()) + peers:
                if run is None:
                    print(f"{'':<12} {system:<40} {'(not installed)':>17}")
                    continue
                ndcg, mrr = metrics(run, qrels)
                print(f"{'':<12} {system:<40} {ndcg:8.4f} {mrr:8.4f}")
                if per_query_file:
                    texts = dict(queries)
                    for qid, (q_ndcg, q_rr) in per_query(run, qrels).items():
                        per_query_file.write(f"{name}\t{system}\t{qid}\t{q_ndcg:.4f}\t{q_rr:.4f}\t{texts.get(qid, '')}\n")
        sys.stdout.flush()
    if per_query_file:
        per_query_file.close()


if __name__ == "__main__":
    main()
