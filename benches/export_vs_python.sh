#!/usr/bin/env bash
# Whole-process benchmark of one `citydash export` against the polars + matplotlib script that
# does the same job (../shared/bench/baseline_polars.py): load the 1,000,000-row file, yearly
# mean PM2.5 for five cities, a 1600×900 line chart with the WHO guideline, saved as PNG —
# cold (empty dataset cache) and warm (after a `check` filled it). The python side is timed
# in the cold run.
# Needs hyperfine (apt-get install hyperfine) and `pip install polars matplotlib`.
# Usage: benches/export_vs_python.sh [DATA.csv] [BASELINE.py]
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-/tmp/tidy_1m.csv}"
baseline="${2:-../shared/bench/baseline_polars.py}"
[ -f "$data" ] || python3 ../shared/bench/gen_tidy.py 1000000 "$data"
cargo build --release --quiet
rel="${CARGO_TARGET_DIR:-target}/release/citydash"
out="$(mktemp -d)"
cache="$out/cache"
job="export --data $data --view over-time --indicator pm25 --cities Astana,Almaty,Tashkent,Baku,Xi\\'an --force"
# Cold: an empty dataset cache (a filtered export reads the file and leaves the cache empty);
# warm: after a `check` of the file has filled it.
hyperfine --warmup 1 --runs "${RUNS:-10}" --export-json "$out/cold.json" \
  --prepare "rm -rf $cache" -n citydash_cold "env -u DISPLAY CITYDASH_CACHE_DIR=$cache $rel $job --out $out/cold.png" \
  --prepare "true" -n python "python3 $baseline $data $out/python.png"
env CITYDASH_CACHE_DIR="$cache" "$rel" check "$data" >/dev/null
hyperfine --warmup 1 --runs "${RUNS:-10}" --export-json "$out/warm.json" \
  -n citydash_warm "env -u DISPLAY CITYDASH_CACHE_DIR=$cache $rel $job --out $out/warm.png"
python3 - "$out/cold.json" "$out/warm.json" <<'PY'
import json, sys
r = {x["command"]: x["median"] for f in sys.argv[1:] for x in json.load(open(f))["results"]}
py = r["python"]
print(f"median python {py*1e3:.0f} ms; citydash cold {r['citydash_cold']*1e3:.0f} ms, "
      f"ratio {r['citydash_cold']/py:.2f} (1M rows: target ≤ 0.25; 10M rows: ≤ 0.5); "
      f"warm {r['citydash_warm']*1e3:.0f} ms, ratio {r['citydash_warm']/py:.2f} (10M rows: ≤ 0.1)")
PY
rm -rf "$out"
