#!/usr/bin/env bash
# Skill on the independent province (BENCHMARKS.md, "An independent province").
#
# For each seed: scripts/skill/independent_province.py writes the province (8,000 enterprises,
# 2016-01..2025-12 unless ENTERPRISES/FROM_DATA/TO_DATA say otherwise), a workspace is
# initialised, the six inputs go to its inbox, `run` ingests them (the rejects are counted from
# its log), then `backtest` replays FROM..TO (default 2019-01..2025-12) against truth.csv.
# Prints each seed's table and keeps everything under $OUT (default /tmp/jobsentry-independent).
#
#   scripts/skill/run_independent.sh            # seeds 1 2 3
#   OUT=/tmp/x scripts/skill/run_independent.sh 4
#
# Uses the release binary (swift build -c release --product jobsentry), or $JOBSENTRY.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/scripts/skill/score_seed.sh"
bin=${JOBSENTRY:-$root/.build/release/jobsentry}
out=${OUT:-/tmp/jobsentry-independent}
from=${FROM:-2019-01}; to=${TO:-2025-12}
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3)
[ -x "$bin" ] || { echo "run_independent.sh: no $bin; run: swift build -c release --product jobsentry" >&2; exit 66; }
echo "commit $(git -C "$root" rev-parse --short HEAD), independent province, seeds ${seeds[*]}, backtest $from … $to"
for seed in "${seeds[@]}"; do
  d=$out/$seed
  rm -rf "$d"; mkdir -p "$d"
  python3 "$root/scripts/skill/independent_province.py" --out "$d/data" --seed "$seed" \
    --enterprises "${ENTERPRISES:-8000}" --from "${FROM_DATA:-2016-01}" --to "${TO_DATA:-2025-12}"
  score_seed "$bin" "$d" "$from" "$to"
  echo
  echo "== seed $seed ($seconds s backtest; ingest: $(grep -o 'rejected[=: "]*[0-9]*' "$d/run.log" | grep -o '[0-9]*$' | awk '{s+=$1} END {print s+0}') rejected) =="
  cat "$d/skill.txt"
done
