#!/usr/bin/env python3
"""Writes BENCHMARKS.md (on stdout) from what scripts/bench.sh measured: criterion's estimates
(target/criterion/**/new/), the one-shot timings and the desktop's figures
(target/bench-results/*.json). Every figure beside its target and, where there is one, its
limit measured in the same run. Standard library only."""

import argparse
import datetime
import glob
import json
import math
import os
import platform

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CRITERION = os.path.join(ROOT, "target", "criterion")
RESULTS = os.path.join(ROOT, "target", "bench-results")


def criterion_medians():
    """full_id -> median in seconds."""
    found = {}
    for bench in glob.glob(os.path.join(CRITERION, "**", "new", "benchmark.json"), recursive=True):
        folder = os.path.dirname(bench)
        with open(bench) as f:
            meta = json.load(f)
        with open(os.path.join(folder, "estimates.json")) as f:
            estimates = json.load(f)
        found[meta["full_id"]] = estimates["median"]["point_estimate"] / 1e9
    return found


def load(name):
    path = os.path.join(RESULTS, name)
    if not os.path.exists(path):
        raise SystemExit(f"benchmarks.py: {path} is missing: run scripts/bench.sh")
    with open(path) as f:
        return json.load(f)


def ms(seconds):
    return f"{seconds * 1e3:,.1f} ms".replace(",", " ")


def verdict(ok):
    return "met" if ok else "**missed**"


def machine():
    cores = os.cpu_count()
    mem_kib = 0
    model = platform.processor() or "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{cores} cores ({model}), {mem_kib / 1024 / 1024:.1f} GiB of memory, {platform.system()} {platform.release()}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, required=True, help="the run's own duration")
    args = parser.parse_args()
    m = criterion_medians()

    def get(full_id):
        if full_id not in m:
            raise SystemExit(f"benchmarks.py: no result for {full_id!r}; found {sorted(m)}")
        return m[full_id]

    lines = []
    out = lines.append
    today = datetime.date.today().strftime("%d/%m/%Y")
    out("# Benchmarks")
    out("")
    out(f"Measured on {today} on {machine()}, by `bash scripts/bench.sh` "
        f"(the run itself took {args.seconds // 60} min {args.seconds % 60} s, builds and the cached "
        "archive aside). Medians: criterion's (10 samples) for the operations, of 3 runs for "
        "the one-shot timings, of 5 for the desktop. Regenerate with the same command; this file "
        "is written by `scripts/benchmarks.py`.")
    out("")

    # The targets of issue 17, on the large archive.
    enc = [f for f in [
        "insert: save a colloquio durably",
        "indexed read: search as she types",
        "indexed read: open a person page",
        "report query: a year's activity rows",
        "report query: the ledger of a contract year",
    ]]
    ratios = []
    for f in enc:
        e = get(f"workload on the encrypted database/{f}")
        p = get(f"workload on the plain database/{f}")
        ratios.append((f, e, p, e / p))
    overall = math.exp(sum(math.log(r[3]) for r in ratios) / len(ratios))
    search = get("search as she types (one query)")
    page = get("open a person page")
    save = get("save a colloquio durably (with its time and a referral)")
    report = get("yearly activity report: rows, figures and suppression") + get(
        "yearly activity report: PDF from the figures")
    imports = [k for k in m if k.startswith("import of ") and k.endswith("/import: every row written in one transaction")]
    if not imports:
        raise SystemExit("benchmarks.py: no import result")
    import_id = imports[0]
    import_s = m[import_id]
    import_rows = import_id.split("/")[0].removeprefix("import of ").removesuffix(" rows")
    desktop = load("desktop.json")
    start_ratio = desktop["startup_ms"] / desktop["hello_startup_ms"]
    mem_ratio = desktop["rss_kib_after_yearly_report"] / desktop["hello_rss_kib"]

    out("## Targets (large archive)")
    out("")
    out("| figure | measured | target | limit (same run) | ratio | |")
    out("|---|---|---|---|---|---|")
    out(f"| encrypted vs plain SQLite, same workload (geometric mean of 5) | {overall:.2f}× | ≤ 1,3× | plain SQLite | {overall:.2f} | {verdict(overall <= 1.3)} |")
    out(f"| search as she types (one query) | {ms(search)} | ≤ 16 ms | | | {verdict(search <= 0.016)} |")
    out(f"| open a person page (the 200 longest) | {ms(page)} | ≤ 10 ms | | | {verdict(page <= 0.010)} |")
    out(f"| save a colloquio durably | {ms(save)} | ≤ 10 ms | | | {verdict(save <= 0.010)} |")
    out(f"| yearly activity report, figures + PDF | {ms(report)} | ≤ 300 ms | | | {verdict(report <= 0.300)} |")
    out(f"| import {import_rows} rows | {import_s:.2f} s | ≤ 5 s | | | {verdict(import_s <= 5.0)} |")
    out(f"| start to unlock screen interactive | {desktop['startup_ms']} ms | ≤ 1,2× hello-world | {desktop['hello_startup_ms']} ms | {start_ratio:.2f} | {verdict(start_ratio <= 1.2)} |")
    out(f"| resident memory after the yearly report | {desktop['rss_kib_after_yearly_report'] / 1024:.0f} MiB | ≤ 1,3× hello-world | {desktop['hello_rss_kib'] / 1024:.0f} MiB | {mem_ratio:.2f} | {verdict(mem_ratio <= 1.3)} |")
    out("")
    if "hello_html_startup_ms" in desktop:
        html_start = desktop["startup_ms"] / desktop["hello_html_startup_ms"]
        html_mem = desktop["rss_kib_after_yearly_report"] / desktop["hello_html_rss_kib"]
        out("The hello-world is built like the app: a Leptos page in wasm32 (see below). Against the "
            "same window with its field in plain HTML, no WebAssembly, in the same runs "
            f"({desktop['hello_html_startup_ms']} ms, {desktop['hello_html_rss_kib'] / 1024:.0f} MiB), "
            f"the ratios are {html_start:.2f} for the start-up and {html_mem:.2f} for the memory.")
        out("")

    out("## Encryption's cost, operation by operation")
    out("")
    out("The same archive exported unencrypted (`Archive::plain_twin_for_bench`, feature `bench`), "
        "opened with every setting but the key, the same code on both, in one run.")
    out("")
    out("| operation | SQLCipher | plain SQLite | ratio |")
    out("|---|---|---|---|")
    for f, e, p, r in ratios:
        out(f"| {f} | {ms(e)} | {ms(p)} | {r:.2f} |")
    out("")

    out("## Every other figure")
    out("")
    out("| figure | median |")
    out("|---|---|")
    skip = {"search as she types (one query)", "open a person page",
            "save a colloquio durably (with its time and a referral)", import_id}
    for full_id in sorted(m):
        if full_id in skip or full_id.startswith("workload on the "):
            continue
        value = m[full_id]
        shown = f"{value:.2f} s" if value >= 1 else ms(value)
        out(f"| {full_id} | {shown} |")
    gen = load("generate.json")
    out(f"| generate the large archive (one-shot, median of 3: {', '.join(f'{s:.0f}' for s in gen['seconds'])} s) | {gen['median_s']:.1f} s |")
    out(f"| desktop: resident memory at the unlock screen | {desktop['rss_kib_unlock_screen'] / 1024:.0f} MiB |")
    out(f"| desktop: resident memory after unlock (dashboard) | {desktop['rss_kib_after_unlock'] / 1024:.0f} MiB |")
    if "hello_html_startup_ms" in desktop:
        out(f"| hello-world with its field in plain HTML, no WebAssembly: start-up | {desktop['hello_html_startup_ms']} ms |")
        out(f"| hello-world with its field in plain HTML, no WebAssembly: resident memory | {desktop['hello_html_rss_kib'] / 1024:.0f} MiB |")
    out("")
    out(f"Desktop figures: {desktop['archive']}; WebDriver's own start-up is inside every start-up "
        "time. The hello-world, the floor of this stack, is built like the app: `benches/hello` "
        "(a Tauri window, the same Tauri and WebKitGTK, release profile) serving "
        "`benches/hello-ui` (one field drawn by Leptos, compiled to wasm32 with the app's "
        "profile `wasm-release`). The same window with its field in plain HTML is measured in "
        "the same runs, for reference.")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
