#!/usr/bin/env bash
# Whole-process benchmarks of PNG figures drawn by the CPU renderer, as ratios measured in one
# run (hyperfine medians, and peak memory from /usr/bin/time):
#  1. a tiny chart (2 points) exported as PNG against the same export written as CSV
#     (target ≤ 1.6×, peak memory ≤ 60 MB);
#  2. a 3400×2400 figure at 2× (6800×4800 px) against the 1600×900 one (target ≤ 2×);
#  3. the same tiny PNG through wgpu (--renderer wgpu), for reference.
# Needs hyperfine (apt-get install hyperfine). Usage: benches/figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
rel="${CARGO_TARGET_DIR:-target}/release/citydash"
bin="env -u DISPLAY $rel"
out="$(mktemp -d)"
tiny="$out/tiny.csv"
printf 'city,year,pm25\nAstana,2020,30\nAlmaty,2021,25\n' >"$tiny"
common="export --data $tiny --view over-time --indicator pm25 --cities Astana,Almaty --force"
big="export --view over-time --indicator pm25 --cities Astana,Almaty,Tashkent,Baku,Xi\\'an --force"
hyperfine --warmup 2 --runs "${RUNS:-15}" --export-json "$out/tiny.json" \
  -n png "$bin $common --out $out/t.png" \
  -n csv "$bin $common --out $out/t.csv" \
  -n png_wgpu "$bin $common --renderer wgpu --out $out/w.png" >/dev/null
hyperfine --warmup 1 --runs "${RUNS:-10}" --export-json "$out/size.json" \
  -n fig_1600x900 "$bin $big --out $out/a.png" \
  -n fig_3400x2400_2x "$bin $big --width 3400 --height 2400 --scale 2 --out $out/b.png" >/dev/null
peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
png_kb=$(peak "$rel" $common --out "$out/t.png")
csv_kb=$(peak "$rel" $common --out "$out/t.csv")
big_kb=$(peak "$rel" export --view over-time --indicator pm25 --cities Astana,Almaty --width 3400 --height 2400 --scale 2 --force --out "$out/b.png")
python3 - "$out" "$png_kb" "$csv_kb" "$big_kb" <<'PY'
import json, sys
d = sys.argv[1]
t = {x["command"]: x["median"] for x in json.load(open(f"{d}/tiny.json"))["results"]}
s = {x["command"]: x["median"] for x in json.load(open(f"{d}/size.json"))["results"]}
print(f"tiny chart: PNG {t['png']*1e3:.0f} ms, CSV {t['csv']*1e3:.0f} ms, "
      f"ratio {t['png']/t['csv']:.2f} (target ≤ 1.6); wgpu PNG {t['png_wgpu']*1e3:.0f} ms")
print(f"peak memory: PNG {int(sys.argv[2])/1024:.0f} MB (target ≤ 60), CSV {int(sys.argv[3])/1024:.0f} MB, "
      f"6800×4800 PNG {int(sys.argv[4])/1024:.0f} MB")
print(f"figure size: 1600×900 {s['fig_1600x900']*1e3:.0f} ms, 3400×2400 at 2× "
      f"{s['fig_3400x2400_2x']*1e3:.0f} ms, ratio {s['fig_3400x2400_2x']/s['fig_1600x900']:.2f} (target ≤ 2)")
PY
rm -rf "$out"
