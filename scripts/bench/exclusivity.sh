#!/bin/sh
# Cost of Swift's runtime exclusivity checks on the ingest path (BENCHMARKS.md,
# "Exclusivity checks without unsafeFlags").
#
#   scripts/bench/exclusivity.sh PAYROLL.csv [WORK]
#
# Builds three release copies of Codes + TabularIO + Ingest from this checkout under WORK
# (default /tmp/exclbench) with a one-line driver running Ingestor.run (collectRows, as the
# store ingests): "none" (checks on: attributes stripped, no flag), "flag"
# (-enforce-exclusivity=unchecked, attributes stripped) and "attr" (the sources as they are,
# with @exclusivity(unchecked) on the hot stored properties). Then runs the three
# interleaved, three rounds, printing wall, user and system seconds and peak RSS.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FILE=$1
WORK=${2:-/tmp/exclbench}
for V in none flag attr; do
  D=$WORK/$V
  rm -rf "$D"; mkdir -p "$D/Sources/ingestbench"
  for m in Codes CZlib TabularIO Ingest; do cp -r "$ROOT/Sources/$m" "$D/Sources/"; done
  if [ "$V" != attr ]; then
    find "$D/Sources/TabularIO" "$D/Sources/Ingest" -name '*.swift' -exec sed -i 's/@exclusivity(unchecked) //' {} +
  fi
  FLAG=""
  [ "$V" = flag ] && FLAG=', .unsafeFlags(["-enforce-exclusivity=unchecked"])'
  cat >"$D/Package.swift" <<P
// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "exclbench", targets: [
  .target(name: "Codes", swiftSettings: [.swiftLanguageMode(.v6)]),
  .systemLibrary(name: "CZlib"),
  .target(name: "TabularIO", dependencies: ["CZlib"], swiftSettings: [.swiftLanguageMode(.v6)$FLAG]),
  .target(name: "Ingest", dependencies: ["Codes", "TabularIO"], swiftSettings: [.swiftLanguageMode(.v6)$FLAG]),
  .executableTarget(name: "ingestbench", dependencies: ["Ingest"]),
])
P
  cat >"$D/Sources/ingestbench/main.swift" <<'M'
import Ingest
let r = try Ingestor.run(path: CommandLine.arguments[1], options: IngestOptions(kind: nil, collectRows: true))
print("\(r.rowsRead) rows, \(r.accepted) accepted, \(r.table.count) cells")
M
  (cd "$D" && swift build -c release --product ingestbench 2>&1 | tail -1)
done
for round in 1 2 3; do
  for V in none flag attr; do
    /usr/bin/time -f "$V: %e s wall, %U s user, %S s sys, %M KB peak" "$WORK/$V/.build/release/ingestbench" "$FILE"
  done
done
