"""Search figures: latency per keystroke, top-5 quality on misspelled clients, homonyms, memory.

    python bench/bench_search.py                 # builds a synthetic 1M-client DB in a temp dir
    python bench/bench_search.py --db demo.db    # an existing Relance DB (e.g. the demo's)
    python bench/bench_search.py --clients 200000 --keep /tmp/bench.db

Not a test: prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from store.db import connect, write
from store.duplicates import compare_clients
from store.search import find_clients
from store.search_index import rebuild_search_index

COMMON_LAST = (
    "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel "
    "Lefèvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine "
    "Rousseau Vincent Muller Lefebvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier "
    "François Legrand Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu "
    "Gautier Masson Marchand Duval Denis Dumont Marie Lemaire Noël Meyer Dufour Meunier Brun "
    "Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard Roche "
    "Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud "
    "Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoît Rey Leclerc Payet Rolland Leclercq "
    "Guillaume Lecomte Lopez Jean Dupuy Guillot Hubert Berger Carpentier Sanchez Dupuis Moulin "
    "Louis Deschamps Huet Vasseur Perez Boucher Fleury Royer Klein Jacquet Adam Paris Poirier "
    "Marty Aubry Guyot Carré Charles Renault Charpentier Ménard Maillard Baron Bertin Bailly "
    "Hervé Schneider Fernandez Le Gall Collet Léger Bouvier Julien Prévost Millet Perrot Daniel "
    "Le Roux Cousin Germain Breton Besson Langlois Rémy Le Goff Pelletier Lévêque Perrier "
    "Leblanc Barré Lebrun Marchal Weber Mallet Hamon Boulanger Jacob Monnier Michaud Rodriguez "
    "Guichard Gillet Étienne Grondin Poulain Tessier Chevallier Collin Chauvin Da Silva Bouchet "
    "Gay Lemaître Bénard Maréchal Humbert Reynaud Antoine Hoarau Perret Barthélémy Cordier "
    "Pichon Lejeune Gilbert Lamy Delaunay Pasquier Carlier Laporte"
).replace("Le Gall", "Le_Gall").replace("Le Roux", "Le_Roux").replace(
    "Le Goff", "Le_Goff").replace("Da Silva", "Da_Silva").split()
PARTICLED = ("de La Fontaine", "d'Artagnan", "de Villiers", "du Pont", "de Montaigne",
             "des Granges", "de Saint-Exupéry", "Le Fèvre-Dupont", "N'Diaye", "O'Connor")
_FIRST_NAMES = (
    "Jean Marie Michel Philippe Nathalie Isabelle Alain Sylvie Catherine Patrick Nicolas "
    "Christophe Françoise Pierre Christine Monique Sophie Stéphane Valérie Sandrine Frédéric "
    "Laurent Éric David Céline Julien Véronique Olivier Thierry Pascal Sébastien Jacques Anne "
    "Daniel Bernard Martine Aurélie Émilie Camille Léa Chloé Manon Inès Lucas Hugo Louis Gabriel "
    "Raphaël Arthur Jules Maël Noé Zoé Anaïs Mathilde Hélène Agnès Joël Gaëlle Benoît Jérôme "
    "Jean-Pierre Jean-Luc Marie-Claire Anne-Sophie Jean-François Marie-Christine Loïc Yannick "
    "Maëlys Océane Clément Théo Mathis Enzo Nathan Thomas Romain Antoine Maxime Alexandre "
    "Guillaume Vincent Mickaël Fabrice Hervé Gérard Josiane Ginette Odette Yvette Régis Cédric"
)
FIRST = _FIRST_NAMES.split()
CITIES = (("Paris", "75011"), ("Lyon", "69003"), ("Marseille", "13008"), ("Toulouse", "31000"),
          ("Nantes", "44000"), ("Rennes", "35000"), ("Brest", "29200"), ("Reims", "51100"),
          ("Lille", "59000"), ("Bordeaux", "33000"), ("Nice", "06000"), ("Dijon", "21000"),
          ("Angers", "49000"), ("Tours", "37000"), ("Metz", "57000"), ("Caen", "14000"))
SYLLABLES = ("ber", "mar", "tin", "lau", "ro", "ché", "dal", "gnon", "vil", "mont", "cour",
             "bois", "lan", "ger", "rit", "pel", "quin", "neau", "vet", "fort", "gui", "zan",
             "bou", "lé", "ssac", "tier", "mi", "chaud", "pre", "val", "ron", "del")

_COMMON_WEIGHTS = list(accumulate(1 / (rank + 10) for rank in range(len(COMMON_LAST))))
LABEL_COUNT = 1000
TYPED_QUERIES = 300


@dataclass(frozen=True, slots=True)
class Labelled:
    """A query as a user would type it, and the client it means."""

    query: str
    client_id: int
    how: str


def _surname(rng: random.Random) -> str:
    if rng.random() < 0.55:  # common names, Zipf-like: the first ones more frequent
        return rng.choices(COMMON_LAST, cum_weights=_COMMON_WEIGHTS)[0].replace("_", " ")
    if rng.random() < 0.01:
        return rng.choice(PARTICLED)
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
    return word.capitalize()


def _phone(rng: random.Random) -> str:
    digits = f"0{rng.choice('67')}{rng.randrange(10**8):08d}"
    return " ".join(digits[i:i + 2] for i in range(0, 10, 2))


def _plate(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPQRSTVWXYZ"
    return (f"{rng.choice(letters)}{rng.choice(letters)}-{rng.randrange(1000):03d}-"
            f"{rng.choice(letters)}{rng.choice(letters)}")


def _client_rows(count: int, rng: random.Random) -> Iterator[tuple[object, ...]]:
    for n in range(1, count + 1):
        city, postcode = rng.choice(CITIES)
        yield (n, f"DMS{n:07d}" if rng.random() < 0.6 else None, _surname(rng),
               rng.choice(FIRST), rng.randrange(1940, 2005) if rng.random() < 0.7 else None,
               _phone(rng), f"c{n}@exemple.fr" if rng.random() < 0.5 else "", postcode, city)


def build_synthetic(path: Path, count: int, seed: int = 7) -> None:
    """A Relance DB with ``count`` French-looking clients, 0.6 vehicle each, index rebuilt."""
    rng = random.Random(seed)
    conn = connect(path)
    started = time.perf_counter()
    with write(conn):
        rows = list(_client_rows(count, rng))
        conn.executemany(
            "INSERT INTO clients(id, external_id, last_name, first_name, birth_year, phone,"
            " email, postcode, city) VALUES (?,?,?,?,?,?,?,?,?)",
            rows,
        )
        conn.executemany(
            "INSERT INTO vehicles(client_id, plate, make, model) VALUES (?, ?, 'Renault', 'Clio')",
            [(n, _plate(rng)) for n in range(1, count + 1) if rng.random() < 0.6],
        )
    inserted = time.perf_counter()
    rebuild_search_index(conn)
    print(f"built {count} clients in {inserted - started:.1f} s,"
          f" index rebuilt in {time.perf_counter() - inserted:.1f} s")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _strip_accents(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


_PHONETIC_SWAPS = (("ph", "f"), ("f", "ph"), ("ll", "l"), ("l", "ll"), ("eau", "o"),
                   ("au", "o"), ("ai", "è"), ("y", "i"), ("i", "y"), ("tt", "t"), ("t", "tt"),
                   ("c", "k"), ("qu", "k"), ("ss", "s"), ("nn", "n"), ("mm", "m"),
                   ("er", "é"), ("é", "er"), ("d", "t"), ("ct", "t"), ("bv", "v"), ("v", "bv"))


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    at = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("swap", "drop", "double", "replace"))
    if kind == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2:]
    if kind == "drop":
        return word[:at] + word[at + 1:]
    if kind == "double":
        return word[:at] + word[at] + word[at:]
    return word[:at] + rng.choice("aeioursnt") + word[at + 1:]


def _phonetic_variant(word: str, rng: random.Random) -> str:
    swaps = [(a, b) for a, b in _PHONETIC_SWAPS if a in word.lower()]
    if not swaps:
        return _strip_accents(word)
    a, b = rng.choice(swaps)
    return word.lower().replace(a, b, 1)


MUTATIONS: dict[str, Callable[[str, str, random.Random], str]] = {
    "exact": lambda last, first, rng: f"{last} {first}",
    "lower_no_accents": lambda last, first, rng: _strip_accents(f"{last} {first}").lower(),
    "swapped": lambda last, first, rng: f"{first} {last}",
    "typo_last": lambda last, first, rng: f"{_typo(last, rng)} {first}",
    "typo_first": lambda last, first, rng: f"{last} {_typo(first, rng)}",
    "phonetic_last": lambda last, first, rng: f"{_phonetic_variant(last, rng)} {first}",
    "phonetic_first": lambda last, first, rng: f"{first} {_phonetic_variant(last, rng)}",
    "hyphens_particles": lambda last, first, rng: (
        f"{last.replace('-', ' ').replace(chr(39), ' ')} {first.replace('-', ' ')}"),
}


def labelled_queries(conn: sqlite3.Connection, rng: random.Random) -> list[Labelled]:
    """Misspelled, swapped and accent-dropped names of sampled clients, each with its client."""
    top = conn.execute("SELECT max(id) FROM clients").fetchone()[0]
    out: list[Labelled] = []
    kinds = list(MUTATIONS)
    while len(out) < LABEL_COUNT:
        row = conn.execute(
            "SELECT id, last_name, first_name FROM clients WHERE id = ? AND last_name <> ''"
            " AND merged_into IS NULL AND anonymized_at IS NULL", (rng.randrange(1, top + 1),)
        ).fetchone()
        if row is None:
            continue
        kind = kinds[len(out) % len(kinds)]
        out.append(Labelled(MUTATIONS[kind](row[1], row[2], rng), row[0], kind))
    return out


def namesakes(conn: sqlite3.Connection, client_id: int) -> set[int]:
    """The clients with exactly the same folded name (which no name query can tell apart)."""
    row = conn.execute("SELECT last_key, first_key FROM client_keys WHERE client_id = ?",
                       (client_id,)).fetchone()
    return {r[0] for r in conn.execute(
        "SELECT client_id FROM client_keys WHERE last_key = ? AND first_key = ?", row).fetchall()}


def quality(conn: sqlite3.Connection, labelled: list[Labelled]) -> dict[str, object]:
    """Share of queries whose client is in the top 5 (strictly, and up to exact namesakes)."""
    strict = tolerant = 0
    by_kind: dict[str, list[int]] = {}
    misses: list[str] = []
    for item in labelled:
        top5 = [hit.client_id for hit in find_clients(conn, item.query, limit=5)]
        hit = item.client_id in top5
        same = namesakes(conn, item.client_id)
        ok = hit or (len(same) > 5 and bool(same & set(top5)))
        strict += hit
        tolerant += ok
        by_kind.setdefault(item.how, []).append(int(ok))
        if not ok and len(misses) < 10:
            misses.append(f"{item.how}: {item.query!r}")
    return {
        "queries": len(labelled),
        "top5_strict": round(100 * strict / len(labelled), 2),
        "top5_namesakes_equal": round(100 * tolerant / len(labelled), 2),
        "by_kind": {k: round(100 * sum(v) / len(v), 1) for k, v in sorted(by_kind.items())},
        "misses": misses,
    }


def latency(conn: sqlite3.Connection, labelled: list[Labelled],
            rng: random.Random) -> dict[str, float]:
    """Milliseconds per keystroke while typing names, phones and plates char by char."""
    queries = [item.query for item in rng.sample(labelled, min(TYPED_QUERIES, len(labelled)))]
    for (phone, plate) in conn.execute(
        "SELECT c.phone, v.plate FROM clients c JOIN vehicles v ON v.client_id = c.id"
        " WHERE c.id % 997 = 0 LIMIT 60"
    ).fetchall():
        queries += [phone, plate.lower().replace("-", "")]
    timings: list[float] = []
    for query in queries:
        for end in range(1, len(query) + 1):
            started = time.perf_counter()
            find_clients(conn, query[:end], limit=10)
            timings.append(1000 * (time.perf_counter() - started))
    timings.sort()
    return {
        "keystrokes": len(timings),
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(0.95 * len(timings))], 2),
        "p99_ms": round(timings[int(0.99 * len(timings))], 2),
        "max_ms": round(timings[-1], 2),
    }


def homonym_check(conn: sqlite3.Connection, rng: random.Random) -> dict[str, object]:
    """Same-named clients with different birth years: how many the duplicate verdict calls one
    person (it should be none)."""
    rows = conn.execute(
        "SELECT a.client_id, b.client_id FROM client_keys a JOIN client_keys b"
        " ON a.last_key = b.last_key AND a.first_key = b.first_key AND a.client_id < b.client_id"
        " AND a.birth_year IS NOT NULL AND b.birth_year IS NOT NULL"
        " AND a.birth_year <> b.birth_year WHERE a.client_id % 101 = 0 LIMIT 500"
    ).fetchall()
    wrong = 0
    for a, b in rows:
        verdict = compare_clients(conn, a, b)
        wrong += (not verdict.homonym) and verdict.score >= 70
    return {"homonym_pairs": len(rows), "reported_as_duplicate": wrong}


def demo_label_check(conn: sqlite3.Connection) -> dict[str, object] | None:
    """On the demo database: its labelled near-duplicates found (top 5 when searching the copy's
    name; scored as duplicates) and its homonyms not called one person."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'demo_labels'").fetchone() is None:
        return None
    figures: dict[str, object] = {}
    for kind in ("duplicate", "homonym"):
        pairs = conn.execute(
            "SELECT client_id, other_id FROM demo_labels WHERE kind = ? LIMIT 1000", (kind,)
        ).fetchall()
        in_top5 = namesake_in_top5 = as_duplicate = 0
        for original, copy in pairs:
            row = conn.execute("SELECT last_name, first_name FROM clients WHERE id = ?",
                               (copy,)).fetchone()
            top5 = [h.client_id for h in find_clients(conn, f"{row[0]} {row[1]}", limit=5)]
            in_top5 += original in top5
            # as in quality(): past 5 exact namesakes, no name query can tell them apart
            same = namesakes(conn, original)
            namesake_in_top5 += original in top5 or (len(same) > 5 and bool(same & set(top5)))
            verdict = compare_clients(conn, original, copy)
            as_duplicate += (not verdict.homonym) and verdict.score >= 70
        figures[kind] = {"pairs": len(pairs), "original_in_top5": in_top5,
                         "original_or_namesake_in_top5": namesake_in_top5,
                         "scored_as_duplicate": as_duplicate}
    return figures


_MEMORY_PROBE = """
import json, sys
import textual.app  # the app's own weight, as when the screen runs
from store.db import connect
from store.search import find_clients
conn = connect(sys.argv[1])
for q in json.loads(sys.argv[2]):
    for end in range(1, len(q) + 1):
        find_clients(conn, q[:end], limit=10)
# VmHWM, not ru_maxrss: the latter keeps the forked parent's peak across exec
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0]
print(int(hwm.split()[1]) // 1024)
"""


def memory_mb(path: Path, labelled: list[Labelled]) -> int:
    """Peak resident memory (MB) of a fresh process importing Textual and searching."""
    queries = json.dumps([item.query for item in labelled[:200]])
    out = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(path), queries], check=True,
        capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent,
    )
    return int(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--db", type=Path, help="an existing Relance database to measure")
    parser.add_argument("--clients", type=int, default=1_000_000,
                        help="size of the synthetic database built without --db")
    parser.add_argument("--keep", type=Path, help="where to build (and keep) the synthetic DB")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        path: Path = args.db or args.keep or Path(tmp) / "bench.db"
        if args.db is None and not path.exists():
            build_synthetic(path, args.clients)
        conn = connect(path)
        clients = conn.execute("SELECT count(*) FROM clients").fetchone()[0]
        labelled = labelled_queries(conn, rng)
        find_clients(conn, "warm up")
        figures: dict[str, object] = {"db": str(path), "clients": clients}
        figures["latency"] = latency(conn, labelled, rng)
        figures["quality"] = quality(conn, labelled)
        figures["homonyms"] = homonym_check(conn, rng)
        figures["demo_labels"] = demo_label_check(conn)
        figures["memory_peak_mb"] = memory_mb(path, labelled)
        conn.close()
    print(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
