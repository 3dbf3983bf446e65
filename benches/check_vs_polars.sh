#!/usr/bin/env bash
# Whole-process benchmark of a cold `citydash check` (empty dataset cache, so the time includes
# writing the cache entry) against Python polars' `read_csv(path, try_parse_dates=True)` on the
# same file, in one run (medians of interleaved rounds), with citydash's peak memory and the
# load time of the warm open that follows (CITYDASH_TIMINGS). Issue targets on gen_tidy's 10M-row file:
# cold ≤ 1.0× polars, peak ≤ 1.2× the file, warm load ≤ 0.1 s.
# DROP_CACHES=1 (root only) empties the kernel's page cache before every run of both sides,
# so that both read the file from disk and the entry's pages need no reclaim.
# Needs `pip install polars`. Usage: benches/check_vs_polars.sh [DATA.csv]
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-/tmp/tidy10m.csv}"
[ -f "$data" ] || python3 ../shared/bench/gen_tidy.py 10000000 "$data"
cargo build --release --quiet
rel="${CARGO_TARGET_DIR:-target}/release/citydash"
out="$(mktemp -d)"
cache="$out/cache"
drop=""
[ "${DROP_CACHES:-0}" = 1 ] && drop="; sync; echo 3 > /proc/sys/vm/drop_caches"
printf 'import polars as pl, sys\npl.read_csv(sys.argv[1], try_parse_dates=True)\n' >"$out/read.py"
# Interleaved rounds (benches/paired.py): polars, then citydash, in every round, so that drift
# on a shared machine slows both alike; the ratio is the median of the rounds' ratios. Before
# every run the cache is emptied and `sync` writes out the last entry, so that no run pays for
# the write-back of the one before.
python3 benches/paired.py --warmup 1 --runs "${RUNS:-4}" \
  --prepare "rm -rf $cache; sync$drop" \
  -n polars_read_csv "python3 $out/read.py $data" \
  -n citydash_cold "env CITYDASH_CACHE_DIR=$cache $rel check $data" >"$out/cold.json"
rm -rf "$cache"
peak_kb=$(/usr/bin/time -f %M env CITYDASH_CACHE_DIR="$cache" "$rel" check "$data" 2>&1 >/dev/null | tail -1)
warm_ms=$(env CITYDASH_CACHE_DIR="$cache" CITYDASH_TIMINGS=1 "$rel" check "$data" 2>&1 >/dev/null |
  awk '/citydash timing: cache:/ { for (i = 1; i <= NF; i++) if ($(i + 1) == "ms,") s += $i } END { print s }')
python3 - "$out/cold.json" "$peak_kb" "$warm_ms" "$(stat -c %s "$data")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c, p = r["citydash_cold"], r["polars_read_csv"]
peak, size = int(sys.argv[2]) * 1024, int(sys.argv[4])
print(f"cold check {c['median']:.2f} s, polars read_csv {p['median']:.2f} s: "
      f"ratio {c['ratio_to_first']:.2f} (target ≤ 1.0)")
print(f"peak memory {peak / 1e6:.0f} MB = {peak / size:.2f}× the file (target ≤ 1.2)")
print(f"warm open: {float(sys.argv[3]):.0f} ms of load time (target ≤ 100)")
PY
rm -rf "$out"
