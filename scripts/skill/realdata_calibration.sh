#!/usr/bin/env bash
# Forecast calibration on a real series (BENCHMARKS.md, "Forecast calibration"): US unemployed
# persons 1967-2015 (../shared/realdata or datasets/, ggplot2 `economics`, SA, thousands),
# with the surveyed_rate_forecast rule pointed at it, replayed 1972-01 … 2015-04. Prints the
# coverage of the 90% intervals at h = 1, 2, 3 and keeps everything under $OUT
# (default /tmp/jobsentry-realcal).
#
#   scripts/skill/realdata_calibration.sh [path/to/ggplot2_economics_us_unemployed_1967_2015.csv]
#
# Uses the release binary (swift build -c release --product jobsentry), or $JOBSENTRY.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${JOBSENTRY:-$root/.build/release/jobsentry}
out=${OUT:-/tmp/jobsentry-realcal}
csv=${1:-$root/../shared/realdata/ggplot2_economics_us_unemployed_1967_2015.csv}
[ -x "$bin" ] || { echo "realdata_calibration.sh: no $bin; run: swift build -c release --product jobsentry" >&2; exit 66; }
[ -f "$csv" ] || { echo "realdata_calibration.sh: no $csv" >&2; exit 66; }
rm -rf "$out"; mkdir -p "$out"
"$bin" init "$out/ws" >/dev/null
cp "$csv" "$out/ws/inbox/"
# The forecast rule watches unemployed_persons, with a ceiling it never reaches (coverage does
# not depend on the ceiling).
python3 - "$out/ws/jobsentry.yaml" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
i = s.index("- id: surveyed_rate_forecast")
j = s.index("signals:", i); k = s.index("\n", j); s = s[:j] + "signals: [unemployed_persons]" + s[k:]
j = s.index("ceiling:", i); k = s.index("\n", j); s = s[:j] + "ceiling: 20000" + s[k:]
open(p, "w").write(s)
PY
"$bin" run --workspace "$out/ws" --as-of 2015-04 >"$out/run.log" 2>&1
"$bin" backtest --workspace "$out/ws" --from 1972-01 --to 2015-04 --quiet --out "$out/timeline.csv"
