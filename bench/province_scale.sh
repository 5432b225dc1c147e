#!/usr/bin/env bash
# Every benchmark at province scale (issue 19, docs/benchmarks.md "Province scale"), one after
# another on one database, each step's JSON (or its time) written to $OUT. Nothing else should run
# on the machine meanwhile: the steps are CPU-bound and time each other's neighbours otherwise.
#
#   CIC_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cic_scale CIC_REDIS_URL=redis://127.0.0.1:6379/5 \
#     bench/province_scale.sh [--count 8500000] [--skip-seed] [--out DIR]
#
# Steps: seed (`cic seed demo` into an empty database, then `cic seed customers --count N` over
# every demo bank), integrity rules (bench/rules_evaluate.py: every archive, then single
# archives), business data (`cic simulate warehouse` then `cic warehouse import`, every bank; the
# import rates each bank afterwards), the quarterly rating (`cic rating run`), search and detail
# (bench/customers_api.py), the report centre (bench/reports.py --synthetic) and segment models
# (bench/segment_models.py). A step that fails is recorded and the next one runs.
set -uo pipefail
cd "$(dirname "$0")/.."

COUNT=8500000
SEED=1
OUT=/tmp/cic-province-scale
DAY=$(date +%F)  # after the demo's deliveries (an older date is refused: DATE_SUPERSEDED)
while [ $# -gt 0 ]; do
  case "$1" in
    --count) COUNT="$2"; shift 2 ;;
    --skip-seed) SEED=0; shift ;;
    --out) OUT="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
: "${CIC_DATABASE_URL:?set CIC_DATABASE_URL to the database to fill (created and migrated here if empty)}"
: "${CIC_REDIS_URL:?set CIC_REDIS_URL}"
export CIC_LOG_LEVEL="${CIC_LOG_LEVEL:-WARNING}"
mkdir -p "$OUT"
UV="${UV:-python3 -m uv}"

step() {  # step NAME COMMAND...: runs it, keeps its output, appends {"step", "seconds", "rc"} to steps.jsonl
  local name="$1"; shift
  echo "== $name: $*" >&2
  local started rc
  started=$(date +%s.%N)
  "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"
  rc=$?
  printf '{"step": "%s", "seconds": %.1f, "rc": %d, "finished": "%s"}\n' "$name" \
    "$(echo "$(date +%s.%N) - $started" | bc)" "$rc" "$(date -u +%FT%TZ)" | tee -a "$OUT/steps.jsonl" >&2
}

if [ "$SEED" = 1 ]; then
  step migrate $UV run cic migrate
  step seed_demo $UV run cic seed demo
  step seed_customers $UV run cic seed customers --count "$COUNT"
fi
step rules $UV run python bench/rules_evaluate.py --samples 500
step simulate_warehouse $UV run cic simulate warehouse --date "$DAY" --out "$OUT/feeds"
step warehouse_import $UV run cic warehouse import "$OUT/feeds" --date "$DAY"
step rating_run $UV run cic rating run --quarter 2099Q4  # a quarter of its own: every archive rated
step customers_api $UV run python bench/customers_api.py --requests 2000
step reports $UV run python bench/reports.py --synthetic
step segment_models $UV run python bench/segment_models.py --models 50
rm -rf "$OUT/feeds"
echo "done: $OUT/steps.jsonl and each step's .out" >&2
