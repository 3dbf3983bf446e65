#!/usr/bin/env bash
# Whole-process benchmarks of PNG figures drawn by the CPU renderer, as ratios measured in one
# run (medians of interleaved rounds, and peak memory from /usr/bin/time):
#  1. a tiny chart (2 points) exported as PNG against the same export written as CSV
#     (target ≤ 1.6×, peak memory ≤ 60 MB);
#  2. a 3400×2400 figure at 2× (6800×4800 px) against the 1600×900 one (target ≤ 2×);
#  3. the same tiny PNG through wgpu (--renderer wgpu), for reference.
# Needs Python 3. Usage: benches/figures.sh
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
# Interleaved rounds (benches/paired.py): each round runs every command once, so that drift on
# a shared machine slows both sides of a ratio alike; the ratio is the median of the rounds'.
python3 benches/paired.py --warmup 2 --runs "${RUNS:-16}" \
  -n csv "$bin $common --out $out/t.csv" \
  -n png "$bin $common --out $out/t.png" >"$out/tiny.json"
# wgpu apart, so that neither side of the ratio above follows its heavier process.
python3 benches/paired.py --warmup 1 --runs 4 \
  -n png_wgpu "$bin $common --renderer wgpu --out $out/w.png" >"$out/wgpu.json"
python3 benches/paired.py --warmup 1 --runs "${RUNS:-10}" \
  -n fig_1600x900 "$bin $big --out $out/a.png" \
  -n fig_3400x2400_2x "$bin $big --width 3400 --height 2400 --scale 2 --out $out/b.png" >"$out/size.json"
peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
png_kb=$(peak "$rel" $common --out "$out/t.png")
csv_kb=$(peak "$rel" $common --out "$out/t.csv")
big_kb=$(peak "$rel" export --view over-time --indicator pm25 --cities Astana,Almaty --width 3400 --height 2400 --scale 2 --force --out "$out/b.png")
python3 - "$out" "$png_kb" "$csv_kb" "$big_kb" <<'PY'
import json, sys
d = sys.argv[1]
t = json.load(open(f"{d}/tiny.json")) | json.load(open(f"{d}/wgpu.json"))
s = json.load(open(f"{d}/size.json"))
ms = lambda r: r["median"] * 1e3
print(f"tiny chart: PNG {ms(t['png']):.0f} ms, CSV {ms(t['csv']):.0f} ms, "
      f"ratio {t['png']['ratio_to_first']:.2f} (target ≤ 1.6); wgpu PNG {ms(t['png_wgpu']):.0f} ms")
print(f"peak memory: PNG {int(sys.argv[2])/1024:.0f} MB (target ≤ 60), CSV {int(sys.argv[3])/1024:.0f} MB, "
      f"6800×4800 PNG {int(sys.argv[4])/1024:.0f} MB")
big = s["fig_3400x2400_2x"]
print(f"figure size: 1600×900 {ms(s['fig_1600x900']):.0f} ms, 3400×2400 at 2× "
      f"{ms(big):.0f} ms, ratio {big['ratio_to_first']:.2f} (target ≤ 2)")
PY
rm -rf "$out"
