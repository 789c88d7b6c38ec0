#!/usr/bin/env bash
# The measurements of BENCHMARKS.md: digihyte end to end and the I/O floor of the same job,
# one after the other, REPEAT times per set, with the phases and peak memory of each run.
#
#   crates/digihyte-bench/bench.sh BIN_DIR OUT_ROOT SET...
#
# BIN_DIR holds release builds of `digihyte` and `digihyte-bench`; OUT_ROOT is where the
# outputs go (a folder on disk, or /dev/shm to leave the disk out); each SET is a folder made
# by `digihyte-bench gen` (its national.toml is run) or the Python peer's set (run with
# pipelines/bench-peer.toml, which reads ../bench-data/peer). Prints one line per run.
#
# Before the timed runs of a set, one untimed run writes the charts it draws as data
# (DIGIHYTE_CHART_SPECS), so that the floor draws exactly the same charts.
set -euo pipefail
bin=$1
root=$2
shift 2
repeat=${REPEAT:-3}
repo=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$root"
printf '%-10s %-8s %3s %8s %8s %8s %8s %9s  |  %8s %8s %8s %8s %8s\n' set what run wall read transf render "rss MiB" "f.read" "f.write" "f.charts" "f.docs" floor
for set in "$@"; do
  name=$(basename "$set")
  if [ -f "$set/national.toml" ]; then pipeline="$set/national.toml"; else pipeline="$repo/pipelines/bench-peer.toml"; fi
  specs="$root/chart-specs-$name.json"
  rm -rf "$root/specs-run-$name"
  DIGIHYTE_CHART_SPECS="$specs" "$bin/digihyte" run "$pipeline" --out "$root/specs-run-$name" --run-date 2025-01-15 -q
  rm -rf "$root/specs-run-$name"
  for i in $(seq "$repeat"); do
    rm -rf "$root/run-$name" "$root/floor-$name"
    sync
    log=$( { /usr/bin/time -f 'WALL %e RSS %M' "$bin/digihyte" run "$pipeline" --out "$root/run-$name" --run-date 2025-01-15 -v; } 2>&1 )
    phase() { echo "$log" | sed -n "s/.*DEBUG $1: \([0-9.]*\) s.*/\1/p" | tail -1; }
    wall=$(echo "$log" | sed -n 's/.*WALL \([0-9.]*\).*/\1/p')
    rss=$(echo "$log" | sed -n 's/.*RSS \([0-9]*\).*/\1/p')
    sync
    floor=$("$bin/digihyte-bench" floor "$set" --out "$root/floor-$name" --like "$root/run-$name" --charts "$specs" 2>&1)
    fpart() { echo "$floor" | sed -n "s/^$1 *\([0-9.]*\) s.*/\1/p"; }
    printf '%-10s %-8s %3s %8s %8s %8s %8s %9s  |  %8s %8s %8s %8s %8s\n' "$name" digihyte "$i" "$wall" "$(phase read)" "$(phase transform)" "$(phase render)" \
      "$((rss / 1024))" "$(fpart read)" "$(fpart write)" "$(fpart charts)" "$(fpart docs)" "$(fpart floor)"
  done
  rm -rf "$root/run-$name" "$root/floor-$name" "$specs"
done
