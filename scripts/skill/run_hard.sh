#!/usr/bin/env bash
# Skill on the hard profile (BENCHMARKS.md, "Skill on the hard profile").
#
# For each seed: generate --profile hard, init a workspace, copy the six inputs to its inbox,
# run, then backtest from two years after the data start to its end against truth.csv.
# Prints each seed's table and keeps everything under $OUT (default /tmp/jobsentry-hard).
#
#   scripts/skill/run_hard.sh                      # demo scale, seeds 1 2 3
#   scripts/skill/run_hard.sh --scale province 1   # province scale, seed 1 (the backtest is long)
#   FROM=2025-01 TO=2025-12 scripts/skill/run_hard.sh --scale province 1   # a shorter backtest window
#
# Uses the release binary (swift build -c release --product jobsentry), or $JOBSENTRY.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/scripts/skill/score_seed.sh"
bin=${JOBSENTRY:-$root/.build/release/jobsentry}
out=${OUT:-/tmp/jobsentry-hard}
scale=demo
if [ "${1:-}" = "--scale" ]; then scale=$2; shift 2; fi
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3)
case $scale in
  demo) from=2023-01; to=2025-12 ;;
  province) from=2018-01; to=2025-12 ;;
  *) echo "run_hard.sh: --scale demo or province" >&2; exit 64 ;;
esac
from=${FROM:-$from}; to=${TO:-$to}
[ -x "$bin" ] || { echo "run_hard.sh: no $bin; run: swift build -c release --product jobsentry" >&2; exit 66; }
echo "commit $(git -C "$root" rev-parse --short HEAD), $scale scale, seeds ${seeds[*]}, backtest $from … $to"
for seed in "${seeds[@]}"; do
  d=$out/$scale-$seed
  rm -rf "$d"; mkdir -p "$d"
  "$bin" generate --out "$d/data" --seed "$seed" --scale "$scale" --profile hard 2>"$d/generate.log"
  score_seed "$bin" "$d" "$from" "$to"
  echo
  echo "== seed $seed ($seconds s backtest) =="
  cat "$d/skill.txt"
done
