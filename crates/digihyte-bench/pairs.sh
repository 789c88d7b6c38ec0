#!/usr/bin/env bash
# The run and its I/O floor in pairs of alternating order (run then floor, floor then run,
# …), to see whether the order of a pair biases bench.sh's ratio (BENCHMARKS.md, 2026-12-01).
#
#   crates/digihyte-bench/pairs.sh BIN_DIR OUT_ROOT SET [PAIRS]
#
# BIN_DIR holds release builds of `digihyte` and `digihyte-bench`; SET is a folder made by
# `digihyte-bench gen`. Prints per pair: the order, the run's wall, user and system seconds,
# the floor's seconds and the ratio.
set -euo pipefail
bin=$1
root=$2
set=$3
pairs=${4:-6}
mkdir -p "$root"
DIGIHYTE_CHART_SPECS="$root/specs.json" "$bin/digihyte" run "$set/national.toml" --out "$root/like" --run-date 2025-01-15 -q
one_run() {
  rm -rf "$root/run"; sync
  { /usr/bin/time -f '%e %U %S' "$bin/digihyte" run "$set/national.toml" --out "$root/run" --run-date 2025-01-15 -q; } 2>&1 | tail -1
}
one_floor() {
  rm -rf "$root/floor"; sync
  "$bin/digihyte-bench" floor "$set" --out "$root/floor" --like "$root/like" --charts "$root/specs.json" 2>&1 | sed -n 's/^floor *\([0-9.]*\) s.*/\1/p'
}
for i in $(seq "$pairs"); do
  if [ $((i % 2)) = 1 ]; then r=$(one_run); f=$(one_floor); order=run-first; else f=$(one_floor); r=$(one_run); order=floor-first; fi
  read -r wall user sys <<< "$r"
  echo "$order run $wall s (user $user, sys $sys) floor $f s ratio $(awk -v w="$wall" -v f="$f" 'BEGIN { printf "%.2f", w / f }')"
done
rm -rf "$root/run" "$root/floor" "$root/like" "$root/specs.json"
