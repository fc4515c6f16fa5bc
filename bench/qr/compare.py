#!/usr/bin/env python3
"""Runs Twofold, zbarimg and ZXing-C++ on the corpus, one process per image,
and writes a markdown table of what each read, its false positives and its
time per image.

    python3 compare.py CORPUS_DIR TWOFOLD_BIN OUT.md [--ablations]

A positive image counts as decoded when every expected payload was read; any
payload that is not expected (on a negative image, any payload at all) is a
false positive. Times are wall-clock per process (`time.perf_counter` around
`subprocess.run`), so start-up is included, as a person feels it.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    ms = (time.perf_counter() - t0) * 1e3
    payloads = [line for line in p.stdout.splitlines() if line.strip()]
    return payloads, ms, p.stderr


def twofold(bin_path, strategy="full"):
    def go(path):
        payloads, ms, err = run([bin_path, "qr", "--timings", "--strategy", strategy, path])
        extra = {}
        for line in err.splitlines():
            if line.startswith("timing\t"):
                for part in line.split("\t")[2:]:
                    k, _, v = part.partition("=")
                    extra[k] = v
        return payloads, ms, extra
    return go


def zbar(path):
    payloads, ms, _ = run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", path])
    return payloads, ms, {}


def zxing(python):
    def go(path):
        payloads, ms, err = run([python, os.path.join(HERE, "zxing_one.py"), path])
        extra = {}
        for part in err.split():
            k, _, v = part.partition("=")
            if k in ("inner_ms", "import_ms"):
                extra[k] = v
        return payloads, ms, extra
    return go


def pct(values, q):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("twofold")
    ap.add_argument("out")
    ap.add_argument("--ablations", action="store_true", help="also run Twofold's first pass alone and rqrr alone")
    a = ap.parse_args()
    manifest = json.load(open(os.path.join(a.corpus, "manifest.json")))
    tools = {"twofold": twofold(a.twofold), "zbarimg": zbar, "zxing-cpp": zxing(sys.executable)}
    if a.ablations:
        tools["twofold first pass"] = twofold(a.twofold, "fast")
        tools["rqrr alone"] = twofold(a.twofold, "rqrr")
    rows = []
    for i, item in enumerate(manifest):
        path = os.path.join(a.corpus, item["file"])
        row = {"file": item["file"], "category": item["category"], "expected": item["expected"]}
        for name, tool in tools.items():
            payloads, ms, extra = tool(path)
            expected = set(item["expected"])
            row[name] = {
                "ok": bool(expected) and expected <= set(payloads),
                "wrong": len([p for p in payloads if p not in expected]),
                "ms": ms,
                **extra,
            }
        rows.append(row)
        print(f"\r{i + 1}/{len(manifest)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    json.dump(rows, open(os.path.splitext(a.out)[0] + ".json", "w"), indent=1)

    names = list(tools)
    cats = []
    for r in rows:
        if r["category"] not in cats:
            cats.append(r["category"])
    out = []
    out.append(f"Corpus: {len(rows)} images ({sum(1 for r in rows if r['expected'])} with codes, "
               f"{sum(1 for r in rows if not r['expected'])} without), made by `bench/qr/make_corpus.py`.\n")
    out.append("Images fully decoded (every code in the image read), by category:\n")
    out.append("| category | images | " + " | ".join(names) + " |")
    out.append("|---|---:|" + "---:|" * len(names))
    totals = {n: 0 for n in names}
    positives = [r for r in rows if r["expected"]]
    for c in cats:
        cr = [r for r in rows if r["category"] == c and r["expected"]]
        if not cr:
            continue
        counts = {n: sum(r[n]["ok"] for r in cr) for n in names}
        best_peer = max(counts["zbarimg"], counts["zxing-cpp"])
        cells = []
        for n in names:
            totals[n] += counts[n]
            cell = f"{counts[n]}"
            if n == "twofold" and counts[n] < best_peer:
                cell += " ⚠"
            cells.append(cell)
        out.append(f"| {c} | {len(cr)} | " + " | ".join(cells) + " |")
    out.append(f"| **all** | {len(positives)} | " + " | ".join(
        f"**{totals[n]}** ({100 * totals[n] / max(1, len(positives)):.1f}%)" for n in names) + " |")
    out.append("")
    negatives = [r for r in rows if not r["expected"]]
    out.append("False positives and time per image (one process per image, wall clock, ms):\n")
    out.append("| tool | false positives (negatives / wrong payloads on positives) | median ms | p95 ms | median ms, images with a code | median ms, images without |")
    out.append("|---|---|---:|---:|---:|---:|")
    for n in names:
        fp_neg = sum(1 for r in negatives if r[n]["wrong"])
        fp_pos = sum(r[n]["wrong"] for r in positives)
        all_ms = [r[n]["ms"] for r in rows]
        out.append(f"| {n} | {fp_neg} of {len(negatives)} / {fp_pos} | {statistics.median(all_ms):.1f} | {pct(all_ms, 0.95):.1f} | "
                   f"{statistics.median([r[n]['ms'] for r in positives]):.1f} | "
                   f"{statistics.median([r[n]['ms'] for r in negatives]) if negatives else float('nan'):.1f} |")
    out.append("")
    load = [float(r["twofold"]["load_ms"]) for r in rows if "load_ms" in r["twofold"]]
    search = [float(r["twofold"]["search_ms"]) for r in rows if "search_ms" in r["twofold"]]
    inner = [float(r["zxing-cpp"]["inner_ms"]) for r in rows if "inner_ms" in r["zxing-cpp"]]
    out.append("Inside the process (ms): median / p95\n")
    out.append(f"- Twofold, decoding the image file to pixels (the floor): {statistics.median(load):.1f} / {pct(load, 0.95):.1f}")
    out.append(f"- Twofold, searching for codes: {statistics.median(search):.1f} / {pct(search, 0.95):.1f}"
               f" (images without a code: {statistics.median([float(r['twofold']['search_ms']) for r in negatives]) if negatives else 0:.1f}"
               f" / {pct([float(r['twofold']['search_ms']) for r in negatives], 0.95):.1f})")
    if inner:
        out.append(f"- ZXing-C++, PIL open + read_barcodes (excluding Python start-up): {statistics.median(inner):.1f} / {pct(inner, 0.95):.1f}")
    rungs = {}
    for r in positives:
        for by in filter(None, r["twofold"].get("found_by", "").split(",")):
            rungs[by] = rungs.get(by, 0) + 1
    out.append("- Twofold, codes by the step that read them: " + ", ".join(f"{k} {v}" for k, v in sorted(rungs.items(), key=lambda kv: -kv[1])))
    misses = [r["file"] for r in positives if not r["twofold"]["ok"]]
    out.append(f"- Twofold misses: {', '.join(misses) if misses else 'none'}")
    peer_only = [r["file"] for r in positives if not r["twofold"]["ok"] and (r["zbarimg"]["ok"] or r["zxing-cpp"]["ok"])]
    out.append(f"- Read by a peer but not by Twofold: {', '.join(peer_only) if peer_only else 'none'}")
    text = "\n".join(out) + "\n"
    open(a.out, "w").write(text)
    print(text)


if __name__ == "__main__":
    main()
