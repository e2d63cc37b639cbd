# Sourced by run_hard.sh and run_independent.sh: one seed's workspace, ingest and backtest.
#
#   score_seed BIN DIR FROM TO
#
# DIR/data holds the generated inputs and truth.csv. Initialises DIR/ws, copies the six inputs
# to its inbox, runs (log in DIR/run.log), then backtests FROM..TO against the truth, with the
# timeline in DIR/timeline.csv, each false alert in DIR/false.csv and the skill table in
# DIR/skill.txt. Sets `seconds` to the
# backtest's wall time.
score_seed() {
  local bin=$1 d=$2 from=$3 to=$4 start
  "$bin" init "$d/ws" >/dev/null 2>&1
  cp "$d"/data/{payroll,insurance,claims,transport}.csv.gz "$d"/data/{survey,enterprises}.csv "$d/ws/inbox/"
  SOURCE_DATE_EPOCH=1767225600 "$bin" run --workspace "$d/ws" >"$d/run.log" 2>&1
  start=$(date +%s)
  "$bin" backtest --workspace "$d/ws" --from "$from" --to "$to" --truth "$d/data/truth.csv" \
    --out "$d/timeline.csv" --false-alerts "$d/false.csv" --quiet >"$d/skill.txt"
  seconds=$(( $(date +%s) - start ))
}
