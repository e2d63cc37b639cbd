#!/usr/bin/env bash
# Forecast calibration on a real series (BENCHMARKS.md, "Forecast calibration"): US unemployed
# persons 1967-2015 (../shared/realdata or datasets/, ggplot2 `economics`, SA, thousands),
# with the surveyed_rate_forecast rule pointed at it, replayed 1972-01 … 2015-04. Prints the
# coverage of the 90% intervals at h = 1, 2, 3 and keeps everything under $OUT
# (default /tmp/jobsentry-realcal). Another file and signal can be given, with the replay
# window (default: from five years after the file's first month to its last month).
#
#   scripts/skill/realdata_calibration.sh [CSV [SIGNAL [FROM TO]]]
#   scripts/skill/realdata_calibration.sh ../shared/realdata/wooldridge_traffic2_california_unemployment_rate_monthly_1981_1989.csv unemployment_rate_nsa
#
# Uses the release binary (swift build -c release --product jobsentry), or $JOBSENTRY.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${JOBSENTRY:-$root/.build/release/jobsentry}
out=${OUT:-/tmp/jobsentry-realcal}
csv=${1:-$root/../shared/realdata/ggplot2_economics_us_unemployed_1967_2015.csv}
signal=${2:-unemployed_persons}
first=$(awk -F, -v s="$signal" 'NR > 1 && $4 == s { print $1; exit }' "$csv")
last=$(awk -F, -v s="$signal" 'NR > 1 && $4 == s { p = $1 } END { print p }' "$csv")
[ -n "$first" ] || { echo "realdata_calibration.sh: no rows of signal $signal in $csv" >&2; exit 65; }
from=${3:-$(( ${first%-*} + 5 ))-${first#*-}}
to=${4:-$last}
[ -x "$bin" ] || { echo "realdata_calibration.sh: no $bin; run: swift build -c release --product jobsentry" >&2; exit 66; }
[ -f "$csv" ] || { echo "realdata_calibration.sh: no $csv" >&2; exit 66; }
rm -rf "$out"; mkdir -p "$out"
"$bin" init "$out/ws" >/dev/null 2>&1
cp "$csv" "$out/ws/inbox/"
# The forecast rule watches the signal, with a ceiling it never reaches (coverage does not
# depend on the ceiling).
python3 - "$out/ws/jobsentry.yaml" "$signal" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
i = s.index("- id: surveyed_rate_forecast")
j = s.index("signals:", i); k = s.index("\n", j); s = s[:j] + "signals: [%s]" % sys.argv[2] + s[k:]
j = s.index("ceiling:", i); k = s.index("\n", j); s = s[:j] + "ceiling: 1000000000" + s[k:]
open(p, "w").write(s)
PY
echo "$signal in $(basename "$csv"), replayed $from … $to"
"$bin" run --workspace "$out/ws" --as-of "$to" >"$out/run.log" 2>&1
"$bin" backtest --workspace "$out/ws" --from "$from" --to "$to" --quiet --out "$out/timeline.csv"
