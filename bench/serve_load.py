#!/usr/bin/env python3
"""Load test of `tracuu serve` on the large corpus, with wrk on loopback.

    python3 bench/serve_load.py [--duration 15] [--runs 3] [--connections 16] [--markdown bench/SERVE.md]

Builds tracuu (release) and an index of ../shared/data's news corpora
(vntc_news + dantri_unc, 86,785 articles; kept in bench/out/serve-index,
`--rebuild` to redo), starts `tracuu serve` on a free port, and drives it
with wrk at 16 connections for `--duration` seconds per run:

  healthz  GET /healthz: the HTTP floor (routing, headers, one stat)
  api      GET /api/search?q=… over bench/queries.tsv (one-word, multi-word,
           phrase, OR and date-filtered queries in turn)
  page     GET /?q=… over the same queries: the whole HTML page with the
           histogram of matches per month
  api, 1 connection   the API one request at a time: what a lone user waits

and, as the peer a script would otherwise use, whole `tracuu search
--format json` processes over the same queries, two at a time (one per
core). Prints the medians over `--runs` of requests/s and p50/p99 latency,
the errors wrk counted (non-2xx answers, socket errors, timeouts), and the
ratio of the server's throughput to the processes'. Exits 1 on any error.
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(os.path.dirname(ROOT), "shared", "data")


def ensure_wrk():
    if shutil.which("wrk"):
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print("bench: installing wrk", file=sys.stderr)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "wrk"], check=False,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    if not shutil.which("wrk"):
        subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "wrk"], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def queries():
    rows = []
    with open(os.path.join(ROOT, "bench", "queries.tsv"), encoding="utf-8") as file:
        for line in file:
            if line.startswith("#") or not line.strip():
                continue
            kind, text = line.rstrip("\n").split("\t", 1)
            rows.append((kind, text))
    # Interleave the classes so every stretch of a run has each of them.
    by_kind = {}
    for kind, text in rows:
        by_kind.setdefault(kind, []).append(text)
    mixed = []
    for index in range(max(len(v) for v in by_kind.values())):
        for kind in sorted(by_kind):
            if index < len(by_kind[kind]):
                mixed.append(by_kind[kind][index])
    return mixed


def start_server(binary, index, log_level):
    server = subprocess.Popen([binary, "serve", "--index", index, "--port", "0", "--log-level", log_level],
                              stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        line = server.stderr.readline()
        match = re.search(r"at (http://\S+?)/ ", line or "")
        if match:
            # Keep draining stderr (request logs) so the server never blocks on a full pipe.
            sink = open(os.devnull, "w")
            subprocess.Popen(["cat"], stdin=server.stderr, stdout=sink)
            return server, match.group(1)
        if server.poll() is not None:
            break
    raise SystemExit("bench: the server did not start")


def wrk(base, paths, connections, duration, workdir):
    script = os.path.join(workdir, "paths.lua")
    with open(script, "w", encoding="utf-8") as file:
        file.write("local paths = {\n")
        for path in paths:
            file.write("  %s,\n" % lua_string(path))
        # `done` prints a marker: wrk runs on without a script that failed to load.
        file.write("}\nlocal i = math.random(#paths)\n"
                   "request = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n"
                   "done = function(summary, latency, requests)\n  io.write(\"paths: \" .. #paths .. \"\\n\")\nend\n")
    output = subprocess.run(
        ["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", "%ds" % duration, "--timeout", "10s", "--latency",
         "-s", script, base], check=True, capture_output=True, text=True).stdout
    if "paths: %d" % len(paths) not in output:
        raise SystemExit("bench: wrk did not run the request script:\n" + output)
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for label in ("50", "99"):
        value, unit = re.search(r"\s%s%%\s+([\d.]+)(us|ms|s)" % label, output).groups()
        result["p" + label] = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = 0
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if match:
        errors += int(match.group(1))
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if match:
        errors += sum(int(group) for group in match.groups())
    result["errors"] = errors
    result["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    return result


def lua_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cli_peer(binary, index, texts, rounds):
    """Whole `tracuu search` processes, two at a time: processes/s and per-process ms."""
    def one(text):
        started = time.perf_counter()
        done = subprocess.run([binary, "search", text, "--index", index, "--format", "json", "--limit", "10"],
                              capture_output=True)
        if done.returncode != 0:
            raise SystemExit("bench: tracuu search %r failed: %s" % (text, done.stderr.decode()[-300:]))
        return (time.perf_counter() - started) * 1000
    rates, latencies = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            times = list(pool.map(one, texts))
        rates.append(len(texts) / (time.perf_counter() - started))
        latencies += times
    latencies.sort()
    return {"rps": statistics.median(rates), "p50": statistics.median(latencies),
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], "errors": 0}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the benchmark index")
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args()
    ensure_wrk()
    for product in ["tracuu", "tracuu-serve"]:  # `tracuu serve` execs tracuu-serve
        subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", product], cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL)
    binary = os.path.join(ROOT, ".build", "release", "tracuu")
    index = os.path.join(ROOT, "bench", "out", "serve-index")
    corpora = [os.path.join(DATA, "vntc_news.jsonl.gz"), os.path.join(DATA, "dantri_unc.jsonl.gz")]
    if args.rebuild or not os.path.isdir(index):
        print("bench: indexing %s" % ", ".join(map(os.path.basename, corpora)), file=sys.stderr)
        subprocess.run([binary, "index", *corpora, "--index", index, "--rebuild"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    texts = queries()
    documents = subprocess.run([binary, "stats", "--index", index, "--format", "json"], capture_output=True,
                               text=True, check=True).stdout
    documents = int(re.search(r'"documents":(\d+)', documents).group(1))
    workdir = tempfile.mkdtemp(prefix="tracuu-load-")
    encode = lambda text: urllib.parse.quote_plus(text)
    targets = [
        ("healthz", ["/healthz"]),
        ("api", ["/api/search?q=%s&limit=10" % encode(text) for text in texts]),
        ("page", ["/?q=%s" % encode(text) for text in texts]),
    ]
    results = {}
    try:
        for log_level in ("warning", "info"):
            server, base = start_server(binary, index, log_level)
            try:
                # Warm up: map the index, fill the searcher pool.
                for path in targets[1][1]:
                    urllib.request.urlopen(base + path).read()
                plan = [(name, paths, args.connections) for name, paths in targets]
                plan.append(("api, 1 connection", targets[1][1], 1))
                for name, paths, connections in plan:
                    if log_level == "info" and name != "api":
                        continue
                    key = name if log_level == "warning" else "api, request log on"
                    runs = [wrk(base, paths, connections, args.duration, workdir) for _ in range(args.runs)]
                    results[key] = {
                        "rps": statistics.median(r["rps"] for r in runs),
                        "p50": statistics.median(r["p50"] for r in runs),
                        "p99": statistics.median(r["p99"] for r in runs),
                        "errors": sum(r["errors"] for r in runs),
                        "requests": sum(r["requests"] for r in runs),
                    }
                    print("bench: %-22s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d" % (
                        key, results[key]["rps"], results[key]["p50"], results[key]["p99"], results[key]["errors"]),
                        file=sys.stderr)
            finally:
                server.terminate()
                server.wait(timeout=10)
        results["cli"] = cli_peer(binary, index, texts, args.runs)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    cli = results["cli"]["rps"]
    lines = [
        "# tracuu serve under load",
        "",
        "%d articles (vntc_news + dantri_unc); wrk, %d connections (unless said), 2 threads, %d s per run; medians of %d runs; "
        "%d queries of bench/queries.tsv in turn (one-word, multi-word, phrase, OR, date-filtered). "
        "The peer: whole `tracuu search --format json` processes, two at a time (2 cores)." % (
            documents, args.connections, args.duration, args.runs, len(texts)),
        "",
        "| target | requests/s | p50 ms | p99 ms | errors | vs. CLI processes |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key in ("healthz", "api", "api, request log on", "page", "api, 1 connection", "cli"):
        row = results[key]
        label = "`tracuu search` processes" if key == "cli" else key
        lines.append("| %s | %.0f | %.2f | %.2f | %d | %.1f× |" % (
            label, row["rps"], row["p50"], row["p99"], row["errors"], row["rps"] / cli))
    table = "\n".join(lines) + "\n"
    print(table)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as file:
            file.write(table)
    sys.exit(1 if any(row["errors"] for row in results.values()) else 0)


if __name__ == "__main__":
    main()
