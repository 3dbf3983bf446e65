#!/usr/bin/env bash
# The 5-city annual over-time chart of PM2.5 from a 10M-row table in PostgreSQL (the server
# computes the annual means: aggregation pushed down) against the same chart from the same rows
# in a CSV file, whole processes: time (hyperfine medians, measured in one run) and bytes
# transferred (what the server sent, counted by a proxy between citydash and the server; for the
# file, its size).
#
# Needs hyperfine, python3 and PostgreSQL's binaries (apt-get install postgresql hyperfine).
# ROWS (default 10,000,000) rows are generated with ../shared/bench/gen_tidy.py into BENCH_DIR
# (default target/bench-db) unless BENCH_CSV names such a file. The server: CITYDASH_BENCH_PG (a
# URI of a database to create the table in) when given, else a throwaway one started here as
# .ci/run starts it (as the postgres user when run as root), stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/citydash"
rows="${ROWS:-10000000}"
dir="${BENCH_DIR:-target/bench-db}"
mkdir -p "$dir"
csv="${BENCH_CSV:-$dir/tidy_$rows.csv}"
[ -f "$csv" ] || python3 ../shared/bench/gen_tidy.py "$rows" "$csv"

pgdir=""
stop() {
  [ -n "${proxy_pid:-}" ] && kill "$proxy_pid" 2>/dev/null || true
  if [ -n "$pgdir" ]; then
    as_pg "'$pgbin/pg_ctl' -D '$pgdir/data' -m immediate stop" >/dev/null 2>&1 || true
    rm -rf "$pgdir"
  fi
}
trap stop EXIT
as_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }
if [ -z "${CITYDASH_BENCH_PG:-}" ]; then
  pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  pgdir="$(mktemp -d /tmp/citydash-bench-pg.XXXXXX)"
  port=$((55000 + $$ % 1000))
  [ "$(id -u)" -eq 0 ] && chown postgres "$pgdir"
  as_pg "'$pgbin/initdb' -D '$pgdir/data' -A trust -U citydash" >/dev/null
  as_pg "'$pgbin/pg_ctl' -D '$pgdir/data' -l '$pgdir/log' -w -o '-p $port -k $pgdir \
    -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=1GB' start" >/dev/null
  "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U citydash citydash
  CITYDASH_BENCH_PG="postgresql://citydash@127.0.0.1:$port/citydash"
fi
table="bench_tidy_$rows"
psql "$CITYDASH_BENCH_PG" -q -v ON_ERROR_STOP=1 <<SQL
DROP TABLE IF EXISTS $table;
CREATE TABLE $table (city text, country text, indicator text, date date,
                     value double precision, unit text);
\copy $table FROM '$csv' (FORMAT csv, HEADER)
CREATE INDEX ON $table (indicator, city, date);
CREATE INDEX ON $table (city);
ANALYZE $table;
SQL

cities="Astana,Almaty,Tashkent,Baku,Xi\\'an"
chart="--view over-time --indicator pm25 --cities $cities --force"
out="$(mktemp -d)"
cache="$out/cache"
db="$CITYDASH_BENCH_PG?table=$table"
hyperfine --warmup 1 --runs "${RUNS:-10}" --export-json "$out/t.json" \
  --prepare "rm -rf $cache" \
  -n db "env CITYDASH_CACHE_DIR=$cache $bin export --db '$db' $chart --out $out/db.png" \
  -n csv "env CITYDASH_CACHE_DIR=$cache $bin export --data $csv $chart --out $out/csv.png" \
  >/dev/null

# Bytes the server sent, through a counting proxy on another port.
python3 - "$CITYDASH_BENCH_PG" "$out/proxy" <<'PY' &
import socket, sys, threading, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
listen = socket.socket(); listen.bind(("127.0.0.1", 0)); listen.listen(4)
open(sys.argv[2] + ".port", "w").write(str(listen.getsockname()[1]))
sent = [0]
def pump(a, b, count):
    while data := a.recv(1 << 16):
        if count: sent[0] += len(data); open(sys.argv[2] + ".bytes", "w").write(str(sent[0]))
        b.sendall(data)
    b.shutdown(socket.SHUT_WR)
while True:
    c, _ = listen.accept()
    s = socket.create_connection((u.hostname, u.port or 5432))
    threading.Thread(target=pump, args=(c, s, False), daemon=True).start()
    threading.Thread(target=pump, args=(s, c, True), daemon=True).start()
PY
proxy_pid=$!
while [ ! -f "$out/proxy.port" ]; do sleep 0.1; done
proxied="$(python3 -c "
import sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
print(u._replace(netloc=u.netloc.replace(f'{u.hostname}:{u.port}', f'127.0.0.1:$(cat "$out/proxy.port")')).geturl())
" "$CITYDASH_BENCH_PG")"
"$bin" export --db "$proxied?table=$table" $chart --out "$out/p.png" 2>"$out/p.log"
sleep 0.2
python3 - "$out" "$csv" <<'PY'
import json, os, sys
d, csv = sys.argv[1], sys.argv[2]
t = {x["command"]: x["median"] for x in json.load(open(f"{d}/t.json"))["results"]}
sent = int(open(f"{d}/proxy.bytes").read())
size = os.path.getsize(csv)
print(f"5-city annual over-time chart: PostgreSQL (server's means) {t['db']*1e3:.0f} ms, "
      f"CSV {t['csv']*1e3:.0f} ms, ratio {t['db']/t['csv']:.2f}")
print(f"bytes: the server sent {sent:,} bytes; the CSV file is {size:,} bytes "
      f"({size/sent:,.0f}× more)")
PY
cat "$out/p.log" >&2
rm -rf "$out"
