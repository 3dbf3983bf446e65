#!/usr/bin/env bash
# Whole-process benchmark of one `citydash export` against the polars + matplotlib script that
# does the same job (../shared/bench/baseline_polars.py): load the 1,000,000-row file, yearly
# mean PM2.5 for five cities, a 1600×900 line chart with the WHO guideline, saved as PNG.
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
hyperfine --warmup 1 --runs "${RUNS:-10}" --export-json "$out/result.json" \
  -n citydash "env -u DISPLAY $rel export --data $data --view over-time --indicator pm25 --cities Astana,Almaty,Tashkent,Baku,Xi\\'an --out $out/citydash.png --force" \
  -n python "python3 $baseline $data $out/python.png"
python3 - "$out/result.json" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
print(f"median citydash {r['citydash']*1e3:.0f} ms, python {r['python']*1e3:.0f} ms, "
      f"ratio {r['citydash']/r['python']:.2f} (target ≤ 0.25)")
PY
