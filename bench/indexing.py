#!/usr/bin/env python3
"""Indexing benchmark: tracuu beside tantivy on the same corpus, same run.

Prints, for each system, medians over --runs:

  throughput     articles/s and MB/s of article text (title + body, UTF-8)
  peak RSS       of the indexing process, on the corpus and on 4 copies of it
                 (distinct ids, so every copy is indexed), to show whether
                 memory stays flat as the corpus grows
  index size     on disk, stored text included, as a fraction of the text
  add 100        seconds to add 100 new articles to the full index and
                 commit (tracuu: a whole `tracuu index` process)

tantivy (PyPI `tantivy`) is configured as the issue asks: positions on for
title and body, both stored (its document store), the same 256 MB writer
heap as tracuu's default --memory and two indexing threads. It tokenizes
with its simple tokenizer + lowercase + ASCII folding (no Vietnamese
normalization, which tracuu does). Two tantivy timings are given: reading
and parsing the gzipped JSONL in Python as tracuu does in Swift ("stream"),
and with the documents already parsed in memory ("preloaded": only
tantivy's own work; its RSS then includes the corpus, so it is not
reported). Ratios are taken against the faster of the two.

Usage: bench/indexing.py [--tracuu PATH] [--corpus FILE.jsonl.gz]
                         [--runs N] [--no-4x] [--memory 256MB]
"""

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def text_bytes(path):
    """Articles and UTF-8 bytes of title + body, as both systems index them."""
    articles = total = 0
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            total += len((record.get("title") or "").encode()) + len((record.get("body") or "").encode())
            articles += 1
    return articles, total


# Peak RSS comes from wait4's ru_maxrss, which on Linux also counts the
# memory of the process that forked the child (its high-water mark carries
# over fork and exec). This script holds a corpus in memory at times, so
# children are started from a small launcher process whose own footprint
# (about 10 MB) is below anything measured here.
LAUNCHER = r"""
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
sys.stderr.write("%d %d\n" % (os.waitstatus_to_exitcode(status), usage.ru_maxrss))
"""


def measured(command, env=None):
    """Runs a command to completion; returns (seconds, peak RSS MB, stdout text)."""
    started = time.time()
    process = subprocess.run([sys.executable, "-c", LAUNCHER] + command, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env)
    seconds = time.time() - started
    code, maxrss = (int(x) for x in process.stderr.decode().split()[-2:])
    if code != 0:
        raise SystemExit(f"{command[0]} failed ({code}): {' '.join(command)}")
    return seconds, maxrss / 1024, process.stdout.decode()


def folder_bytes(path):
    return sum(os.path.getsize(os.path.join(path, name)) for name in os.listdir(path)
               if os.path.isfile(os.path.join(path, name)) and name != "LOCK")


def write_copies(source, target, copies):
    """A gzipped JSONL with `copies` copies of every record, ids made distinct."""
    with gzip.open(target, "wt", encoding="utf-8", compresslevel=1) as out:
        for copy in range(copies):
            with gzip.open(source, "rt", encoding="utf-8") as handle:
                for line in handle:
                    record = json.loads(line)
                    record["id"] = f"{record['id']}~{copy}"
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_new_articles(source, target, count):
    """`count` articles not in the index: the first records under new ids."""
    with gzip.open(source, "rt", encoding="utf-8") as handle, open(target, "w", encoding="utf-8") as out:
        for number, line in enumerate(handle):
            if number == count:
                break
            record = json.loads(line)
            record["id"] = f"{record['id']}~new"
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


# --- tantivy, run in a child process so its RSS is its own ------------------

TANTIVY_CHILD = r'''
import gzip, json, os, sys, time, tantivy
mode, corpus, out, heap = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def schema():
    b = tantivy.SchemaBuilder()
    b.add_text_field("id", stored=True, tokenizer_name="raw")
    b.add_text_field("title", stored=True, tokenizer_name="vi", index_option="position")
    b.add_text_field("body", stored=True, tokenizer_name="vi", index_option="position")
    return b.build()
analyzer = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build())
def records():
    with gzip.open(corpus, "rt", encoding="utf-8") if corpus.endswith(".gz") else open(corpus, encoding="utf-8") as h:
        for line in h:
            d = json.loads(line)
            yield d["id"], d.get("title") or "", d.get("body") or ""
os.makedirs(out, exist_ok=True)
if mode == "add":
    index = tantivy.Index.open(out)
else:
    index = tantivy.Index(schema(), path=out)
index.register_tokenizer("vi", analyzer)
docs = list(records()) if mode == "preloaded" else None
started = time.time()
writer = index.writer(heap_size=heap, num_threads=2)
for i, t, b in (docs if docs is not None else records()):
    writer.add_document(tantivy.Document(id=i, title=t, body=b))
writer.commit()
writer.wait_merging_threads()
print(json.dumps({"seconds": time.time() - started}))
'''


def tantivy_available():
    try:
        import tantivy  # noqa: F401
        return True
    except ImportError:
        return False


def tantivy_index(mode, corpus, out, heap):
    seconds, rss, stdout = measured([sys.executable, "-c", TANTIVY_CHILD, mode, corpus, out, str(heap)])
    inner = json.loads(stdout.strip().splitlines()[-1])["seconds"]
    return seconds, inner, rss


def parse_size(text):
    units = {"KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30}
    for unit, factor in units.items():
        if text.upper().endswith(unit):
            return int(float(text[:-2]) * factor)
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tracuu", default=os.path.join(ROOT, ".build/release/tracuu"))
    parser.add_argument("--corpus", default=os.path.join(os.path.dirname(ROOT), "shared/data/vntc_news.jsonl.gz"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--memory", default="256MB")
    parser.add_argument("--no-4x", action="store_true", help="skip the 4-copy corpus (saves a few minutes)")
    args = parser.parse_args()
    if not os.access(args.tracuu, os.X_OK):
        raise SystemExit(f"no tracuu binary at {args.tracuu}; build it: swift build -c release --product tracuu --static-swift-stdlib")
    heap = parse_size(args.memory)
    articles, total = text_bytes(args.corpus)
    mb = total / 1e6
    print(f"corpus: {args.corpus}: {articles} articles, {mb:.1f} MB of text; {args.runs} runs, medians; "
          f"{os.cpu_count()} cores")
    have_tantivy = tantivy_available()
    if not have_tantivy:
        print("tantivy not installed (pip install tantivy): tracuu alone")

    work = tempfile.mkdtemp(prefix="tracuu-bench-")
    try:
        results = {}
        # 1x, several runs.
        t_times, t_rss, t_size = [], [], []
        v_stream, v_pre, v_rss, v_size = [], [], [], []
        for run in range(args.runs):
            index = os.path.join(work, "tracuu")
            shutil.rmtree(index, ignore_errors=True)
            seconds, rss, out = measured([args.tracuu, "index", args.corpus, "--index", index, "--memory", args.memory,
                                          "--format", "json"])
            report = json.loads(out)
            assert report["documents"] == articles, report
            t_times.append(seconds)
            t_rss.append(rss)
            t_size.append(folder_bytes(index))
            print(f"  run {run + 1}: tracuu {seconds:.2f} s, {rss:.0f} MB RSS, {report['segments']} segments, "
                  f"{report['merges']} merges", flush=True)
            if have_tantivy:
                target = os.path.join(work, "tantivy")
                shutil.rmtree(target, ignore_errors=True)
                seconds, _inner, rss = tantivy_index("stream", args.corpus, target, heap)
                v_stream.append(seconds)
                v_rss.append(rss)
                v_size.append(folder_bytes(target))
                shutil.rmtree(target, ignore_errors=True)
                _outer, inner, _rss = tantivy_index("preloaded", args.corpus, target, heap)
                v_pre.append(inner)
                print(f"  run {run + 1}: tantivy {v_stream[-1]:.2f} s streaming, {inner:.2f} s preloaded, "
                      f"{rss:.0f} MB RSS", flush=True)

        # Adding 100 articles to the full index.
        new = os.path.join(work, "new100.jsonl")
        write_new_articles(args.corpus, new, 100)
        add_t, add_v = [], []
        for _ in range(args.runs):
            index = os.path.join(work, "tracuu")
            copy = os.path.join(work, "tracuu-add")
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(index, copy)
            seconds, _, out = measured([args.tracuu, "index", new, "--index", copy, "--format", "json"])
            assert json.loads(out)["added"] == 100
            add_t.append(seconds)
            if have_tantivy:
                target = os.path.join(work, "tantivy")
                copy = os.path.join(work, "tantivy-add")
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(target, copy)
                seconds, _inner, _ = tantivy_index("add", new, copy, heap)
                add_v.append(seconds)

        # 4x: peak RSS as the corpus grows (one run each).
        rss4_t = rss4_v = None
        if not args.no_4x:
            four = os.path.join(work, "corpus4x.jsonl.gz")
            write_copies(args.corpus, four, 4)
            index = os.path.join(work, "tracuu4")
            seconds4, rss4_t, out = measured([args.tracuu, "index", four, "--index", index, "--memory", args.memory,
                                              "--format", "json"])
            report = json.loads(out)
            assert report["documents"] == 4 * articles, report
            print(f"  4x: tracuu {seconds4:.2f} s, {rss4_t:.0f} MB RSS, {report['segments']} segments, "
                  f"{report['merges']} merges, {folder_bytes(index) / 1e6:.0f} MB", flush=True)
            shutil.rmtree(index, ignore_errors=True)
            if have_tantivy:
                target = os.path.join(work, "tantivy4")
                seconds4v, _inner, rss4_v = tantivy_index("stream", four, target, heap)
                print(f"  4x: tantivy {seconds4v:.2f} s, {rss4_v:.0f} MB RSS", flush=True)
                shutil.rmtree(target, ignore_errors=True)

        med = statistics.median
        print()
        print(f"{'':<26} {'tracuu':>12} {'tantivy':>12} {'ratio':>8}")

        def row(label, ours, theirs, fmt, better_low):
            if theirs is None:
                print(f"{label:<26} {fmt.format(ours):>12} {'—':>12}")
                return
            ratio = (theirs / ours) if better_low else (ours / theirs)
            print(f"{label:<26} {fmt.format(ours):>12} {fmt.format(theirs):>12} {ratio:>7.2f}×")

        t_sec = med(t_times)
        v_best = min(med(v_stream), med(v_pre)) if have_tantivy else None
        row("seconds (1x)", t_sec, v_best, "{:.2f}", True)
        row("articles/s", articles / t_sec, articles / v_best if v_best else None, "{:.0f}", False)
        row("MB/s of text", mb / t_sec, mb / v_best if v_best else None, "{:.1f}", False)
        if have_tantivy:
            print(f"{'  (tantivy streaming)':<26} {'':>12} {mb / med(v_stream):>12.1f}")
            print(f"{'  (tantivy preloaded)':<26} {'':>12} {mb / med(v_pre):>12.1f}")
        row("peak RSS MB (1x)", med(t_rss), med(v_rss) if have_tantivy else None, "{:.0f}", True)
        if rss4_t is not None:
            row("peak RSS MB (4x)", rss4_t, rss4_v, "{:.0f}", True)
        row("index MB", med(t_size) / 1e6, med(v_size) / 1e6 if have_tantivy else None, "{:.1f}", True)
        row("index / text", med(t_size) / total, med(v_size) / total if have_tantivy else None, "{:.3f}", True)
        row("add 100 articles, s", med(add_t), med(add_v) if have_tantivy else None, "{:.2f}", True)
        print("ratio: how many times better tracuu is (above 1: tracuu ahead)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
