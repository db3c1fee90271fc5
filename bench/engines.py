"""The peers of bench/compare.py, each driven in a child process.

Every engine is a small script run as `python ENGINE_SCRIPT MODE ...`:

  index CORPUS.jsonl[.gz] INDEX_DIR     build the index; print {"seconds"}
  query INDEX_DIR QUERIES.json ROUNDS   run every query ROUNDS times with
                                        the index open; print {qid: [ms, ...]}

so its peak RSS is its own (measured with wait4 from a small launcher, see
indexing.py) and an engine that needs another interpreter (Xapian comes
from Debian's python3-xapian, for /usr/bin/python3) runs under it.

All engines index the same records (id, title, body, date), fold
diacritics for matching (Vietnamese users type without tones), keep
positions, and return their top 10 ids. QUERIES.json is a list of
{"qid", "kind", "words", "groups", "phrase", "dates"}: the words already
split, OR groups, and the date bounds as YYYYMMDD integers or null; each
engine writes them in its own query language.
"""

COMMON = r'''
import gzip, json, os, sys, time, unicodedata

def records(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                d = json.loads(line)
                yield d["id"], d.get("title") or "", d.get("body") or "", d.get("date")

def day_number(date):
    return int(date.replace("-", "")) if date else 0

def _fold_table():
    table = {0x0111: "d", 0x0110: "d"}
    for code in list(range(0x00C0, 0x0250)) + list(range(0x1E00, 0x1F00)):
        base = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        if base != chr(code):
            table[code] = base.lower()
    for code in range(0x0300, 0x0370):  # combining marks of decomposed text
        table[code] = None
    return table

FOLD = _fold_table()

def fold(text):
    """Lowercase, marks removed, đ as d: what a user typing without tones means."""
    return text.lower().translate(FOLD)

def run_queries(queries, rounds, one):
    times = {q["qid"]: [] for q in queries}
    for _ in range(rounds):
        for q in queries:
            started = time.perf_counter()
            one(q)
            times[q["qid"]].append((time.perf_counter() - started) * 1000)
    print(json.dumps(times))
'''

TANTIVY = COMMON + r'''
import tantivy

def analyzer():
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build())

def open_index(path, create):
    b = tantivy.SchemaBuilder()
    b.add_text_field("id", stored=True, tokenizer_name="raw")
    b.add_text_field("title", stored=True, tokenizer_name="vi", index_option="position")
    b.add_text_field("body", stored=True, tokenizer_name="vi", index_option="position")
    b.add_integer_field("date", indexed=True, fast=True, stored=True)
    if create:
        os.makedirs(path, exist_ok=True)
        index = tantivy.Index(b.build(), path=path)
    else:
        index = tantivy.Index.open(path)
    index.register_tokenizer("vi", analyzer())
    return index

def text(q):
    if q["phrase"]:
        query = '"' + " ".join(q["words"]) + '"'
    elif len(q["groups"]) > 1:
        query = " ".join("(" + " ".join("+" + w for w in g) + ")" for g in q["groups"])
    else:
        query = " ".join("+" + w for w in q["words"])
    if q["dates"]:
        query = f"({query}) AND date:[{q['dates'][0]} TO {q['dates'][1]}]"
    return query

mode = sys.argv[1]
if mode == "index":
    started = time.time()
    index = open_index(sys.argv[3], True)
    writer = index.writer(heap_size=256 << 20, num_threads=2)
    for i, t, body, date in records(sys.argv[2]):
        writer.add_document(tantivy.Document(id=i, title=t, body=body, date=day_number(date)))
    writer.commit()
    writer.wait_merging_threads()
    print(json.dumps({"seconds": time.time() - started}))
else:
    index = open_index(sys.argv[2], False)
    index.reload()
    searcher = index.searcher()
    queries = json.load(open(sys.argv[3]))
    def one(q):
        hits = searcher.search(index.parse_query(text(q), ["title", "body"]), 10).hits
        [searcher.doc(a)["id"][0] for _s, a in hits]
    run_queries(queries, int(sys.argv[4]), one)
'''

FTS5 = COMMON + r'''
import sqlite3

def match(q):
    quoted = lambda words: " ".join('"' + w + '"' for w in words)
    if q["phrase"]:
        return '"' + " ".join(q["words"]) + '"'
    if len(q["groups"]) > 1:
        return " OR ".join("(" + quoted(g) + ")" for g in q["groups"])
    return quoted(q["words"])

mode = sys.argv[1]
if mode == "index":
    started = time.time()
    os.makedirs(sys.argv[3], exist_ok=True)
    db = sqlite3.connect(os.path.join(sys.argv[3], "fts5.db"))
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, date UNINDEXED, "
               "tokenize='unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)",
                   ((i, t, b, day_number(d)) for i, t, b, d in records(sys.argv[2])))
    db.commit()
    db.close()
    print(json.dumps({"seconds": time.time() - started}))
else:
    db = sqlite3.connect(os.path.join(sys.argv[2], "fts5.db"))
    queries = json.load(open(sys.argv[3]))
    def one(q):
        if q["dates"]:
            db.execute("SELECT id FROM docs WHERE docs MATCH ? AND date BETWEEN ? AND ? ORDER BY rank LIMIT 10",
                       (match(q), q["dates"][0], q["dates"][1])).fetchall()
        else:
            db.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10", (match(q),)).fetchall()
    run_queries(queries, int(sys.argv[4]), one)
'''

XAPIAN = COMMON + r'''
import xapian

def parsed(q, database):
    if q["phrase"]:
        query = xapian.Query(xapian.Query.OP_PHRASE, [fold(w) for w in q["words"]])
    else:
        groups = [xapian.Query(xapian.Query.OP_AND, [fold(w) for w in g]) for g in q["groups"]]
        query = groups[0] if len(groups) == 1 else xapian.Query(xapian.Query.OP_OR, groups)
    if q["dates"]:
        low, high = (f"{q['dates'][0]:08d}", f"{q['dates'][1]:08d}")
        query = xapian.Query(xapian.Query.OP_FILTER, query,
                             xapian.Query(xapian.Query.OP_VALUE_RANGE, 0, low, high))
    return query

mode = sys.argv[1]
if mode == "index":
    started = time.time()
    database = xapian.WritableDatabase(sys.argv[3], xapian.DB_CREATE_OR_OVERWRITE)
    generator = xapian.TermGenerator()
    for number, (i, t, b, d) in enumerate(records(sys.argv[2])):
        document = xapian.Document()
        generator.set_document(document)
        generator.index_text(fold(t))
        generator.increase_termpos()
        generator.index_text(fold(b))
        document.add_value(0, f"{day_number(d):08d}")
        document.set_data(i)
        database.add_document(document)
    database.commit()
    database.close()
    print(json.dumps({"seconds": time.time() - started}))
else:
    database = xapian.Database(sys.argv[2])
    enquire = xapian.Enquire(database)
    queries = json.load(open(sys.argv[3]))
    def one(q):
        enquire.set_query(parsed(q, database))
        [m.document.get_data() for m in enquire.get_mset(0, 10)]
    run_queries(queries, int(sys.argv[4]), one)
'''
