#!/bin/sh
# Layering check: every module imports only modules on a lower floor.
# The floors are defined once, in ARCHITECTURE.md's table between the floors:begin and
# floors:end markers; each import line in Sources/<Module>/**/*.swift is checked against it.
# Fails (exit 1) when a module imports one on its own or a later floor, when a directory in
# Sources/ is not in the table, or when a module other than the executable imports
# ArgumentParser. Run by `make test` before the build.
set -eu
cd "$(dirname "$0")/.."

floors=$(mktemp)
trap 'rm -f "$floors"' EXIT
# "floor module" pairs from the table rows "| N | A, B, C |".
sed -n '/<!-- floors:begin -->/,/<!-- floors:end -->/p' ARCHITECTURE.md |
  awk -F'|' '$2 ~ /^ *[0-9]+ *$/ { n = $2 + 0; k = split($3, m, ","); for (i = 1; i <= k; i++) { gsub(/ /, "", m[i]); if (m[i] != "") print n, m[i] } }' >"$floors"
[ -s "$floors" ] || { echo "check-layering: no floor table in ARCHITECTURE.md" >&2; exit 1; }

failures=0
modules=0
for dir in Sources/*/; do
  module=$(basename "$dir")
  modules=$((modules + 1))
  floor=$(awk -v m="$module" '$2 == m { print $1 }' "$floors")
  if [ -z "$floor" ]; then
    echo "check-layering: Sources/$module is not in ARCHITECTURE.md's floor table" >&2
    failures=$((failures + 1))
    continue
  fi
  # file:line:module for each import (attributes and `import struct X.Y` forms included).
  imports=$(grep -rnE '^[[:space:]]*(@[A-Za-z_]+([(][^)]*[)])?[[:space:]]+)*import[[:space:]]' "$dir" --include='*.swift' |
    sed -E 's/^([^:]+:[0-9]+):.*import[[:space:]]+((typealias|struct|class|enum|protocol|let|var|func)[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*).*/\1 \4/' || true)
  [ -n "$imports" ] || continue
  while read -r where imported; do
    if [ "$imported" = ArgumentParser ] && [ "$module" != jobsentry ]; then
      echo "$where: $module imports ArgumentParser; only the jobsentry executable parses command lines" >&2
      failures=$((failures + 1))
      continue
    fi
    target=$(awk -v m="$imported" '$2 == m { print $1 }' "$floors")
    [ -n "$target" ] || continue   # a module outside the package (Foundation, GRDB, …)
    if [ "$target" -ge "$floor" ]; then
      echo "$where: $module (floor $floor) imports $imported (floor $target); a module imports only lower floors (ARCHITECTURE.md)" >&2
      failures=$((failures + 1))
    fi
  done <<IMPORTS
$imports
IMPORTS
done

if [ "$failures" -gt 0 ]; then
  echo "check-layering: $failures violation(s)" >&2
  exit 1
fi
echo "check-layering: $modules modules, every import on a lower floor"
