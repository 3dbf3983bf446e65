#!/usr/bin/env python3
"""Paired, interleaved whole-process timings: each round runs every command once, in turn
(after an optional `--prepare` command before each run; every other round in reverse order,
and the rounds made even in number),
so that both sides of a ratio see the same machine — a slow minute on a shared 2-core VM slows both, not one. Prints, as JSON,
each command's median wall time and the median over rounds of each command's time over the
first command's time in the same round.

Usage: paired.py [--runs N] [--warmup N] [--prepare CMD] -n NAME CMD [-n NAME CMD ...]
Commands are split as a shell would (`shlex`) and run without a shell, so no shell's start is
timed; `env` sets variables. Their stdout and stderr are discarded. A command that fails stops the benchmark with its exit status and stderr.
"""
import json
import shlex
import statistics
import subprocess
import sys
import time


def parse(argv):
    opts = {"runs": 15, "warmup": 1, "prepare": None, "commands": []}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("--runs", "--warmup"):
            opts[a[2:]] = int(argv[i + 1])
            i += 2
        elif a == "--prepare":
            opts["prepare"] = argv[i + 1]
            i += 2
        elif a == "-n":
            opts["commands"].append((argv[i + 1], argv[i + 2]))
            i += 3
        else:
            sys.exit(f"paired.py: unexpected argument {a!r}")
    if not opts["commands"]:
        sys.exit("paired.py: no command given (-n NAME CMD)")
    return opts


def run(cmd):
    start = time.perf_counter()
    p = subprocess.run(shlex.split(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode(errors="replace"))
        sys.exit(f"paired.py: {cmd!r} failed with status {p.returncode}")
    return elapsed


def main():
    o = parse(sys.argv[1:])
    # An even number of measured rounds: each order counted as often as the other.
    o["runs"] += o["runs"] % 2
    times = {name: [] for name, _ in o["commands"]}
    for r in range(o["warmup"] + o["runs"]):
        # Every other round runs the commands in reverse order, so that neither side always
        # follows the other (a run after one that freed a gigabyte starts on a busier kernel).
        order = o["commands"] if (r - o["warmup"]) % 2 == 0 else o["commands"][::-1]
        for name, cmd in order:
            if o["prepare"]:
                subprocess.run(["sh", "-c", o["prepare"]], check=True)
            t = run(cmd)
            if r >= o["warmup"]:
                times[name].append(t)
    first = o["commands"][0][0]
    out = {}
    for name, ts in times.items():
        ratios = [t / b for t, b in zip(ts, times[first])]
        out[name] = {
            "median": statistics.median(ts),
            "ratio_to_first": statistics.median(ratios),
            "times": ts,
        }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
