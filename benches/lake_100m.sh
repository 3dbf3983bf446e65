#!/usr/bin/env bash
# 100M rows as a hive-style partitioned Parquet folder (indicator=…/year=…, generated here in
# ../shared/bench/gen_tidy.py's layout by benches/common/gen_lake.py; not committed): the
# 5-city PM2.5 over-time export (PNG) from the folder, whole process — wall time and peak
# memory (the target: under 2 GB) — against a Python polars lazy scan of the same folder with
# the same filters and a matplotlib figure, measured in the same run.
#
# Needs python3 with polars, numpy and matplotlib, and GNU time (/usr/bin/time).
# ROWS (default 100,000,000), LAKE (default target/bench-lake/lake_$ROWS), RUNS (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/citydash"
rows="${ROWS:-100000000}"
lake="${LAKE:-target/bench-lake/lake_$rows}"
runs="${RUNS:-3}"
[ -d "$lake" ] || python3 benches/common/gen_lake.py "$rows" "$lake"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cities="Astana,Almaty,Tashkent,Baku,Xi'an"

cat > "$out/baseline.py" <<'PY'
import sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import polars as pl
lake, cities, png = sys.argv[1], sys.argv[2].split(","), sys.argv[3]
means = (pl.scan_parquet(f"{lake}/**/*.parquet", hive_partitioning=True)
         .filter((pl.col("indicator") == "pm25") & pl.col("city").is_in(cities))
         .group_by("city", pl.col("date").dt.year().alias("year"))
         .agg(pl.col("value").mean())
         .sort("city", "year")
         .collect())
fig, ax = plt.subplots(figsize=(16, 9), dpi=100)
for city in cities:
    s = means.filter(pl.col("city") == city)
    ax.plot(s["year"], s["value"], marker="o", label=city)
ax.set_title("PM2.5 annual mean")
ax.legend()
fig.savefig(png)
PY

# One measured run: prints "seconds peak_kb".
measure() { /usr/bin/time -f "%e %M" -o "$out/t" "$@" >/dev/null 2>&1; cat "$out/t"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
: > "$out/cd"; : > "$out/py"
for _ in $(seq "$runs"); do
  measure env CITYDASH_NO_CACHE=1 "$bin" export --data "$lake" --view over-time --indicator pm25 \
    --cities "$cities" --force --out "$out/citydash.png" >> "$out/cd"
  measure python3 "$out/baseline.py" "$lake" "$cities" "$out/polars.png" >> "$out/py"
done
cd_t=$(cut -d' ' -f1 "$out/cd" | median); cd_m=$(cut -d' ' -f2 "$out/cd" | sort -n | tail -1)
py_t=$(cut -d' ' -f1 "$out/py" | median); py_m=$(cut -d' ' -f2 "$out/py" | sort -n | tail -1)
count=$(python3 -c "import polars as pl, sys; print(pl.scan_parquet(sys.argv[1] + '/**/*.parquet').select(pl.len()).collect().item())" "$lake")
echo "rows: $count in $(find "$lake" -name '*.parquet' | wc -l) files ($(du -sh "$lake" | cut -f1))"
echo "citydash export:      median ${cd_t} s, peak $((cd_m / 1024)) MB (target: under 2048 MB)"
echo "polars lazy + mpl:    median ${py_t} s, peak $((py_m / 1024)) MB"
awk -v a="$cd_t" -v b="$py_t" 'BEGIN {printf "ratio (citydash / polars): %.2f\n", a / b}'
