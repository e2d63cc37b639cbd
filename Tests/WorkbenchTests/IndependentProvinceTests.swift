import Foundation
import GroundTruth
import TestSupport
import XCTest

/// `scripts/skill/independent_province.py`, the province written without reading our generator
/// (BENCHMARKS.md, "An independent province"): a small seed is accepted whole by `ingest
/// --strict`, its truth file reads with the scorer's reader and holds every event type and quiet
/// cause it claims, and the same seed gives the same bytes.
final class IndependentProvinceTests: XCTestCase {
    private let inputs = ["payroll.csv.gz", "insurance.csv.gz", "claims.csv.gz", "transport.csv.gz", "survey.csv", "enterprises.csv"]

    private func generate(_ dir: URL, seed: Int) throws {
        let script = repositoryRoot.appendingPathComponent("scripts/skill/independent_province.py").path
        let r = try runProcess("/usr/bin/env", ["python3", script, "--out", dir.path, "--seed", "\(seed)",
                                                "--enterprises", "1500", "--from", "2021-01", "--to", "2025-12"])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testSmallSeedIngestsWithoutARejectAndItsTruthReads() throws {
        guard (try? runProcess("/usr/bin/env", ["python3", "-c", "import numpy"]))?.status == 0 else {
            throw XCTSkip("python3 with numpy is not installed")
        }
        let dir = try temporaryDirectory(self)
        let data = dir.appendingPathComponent("data")
        try generate(data, seed: 5)
        let files = inputs.map { data.appendingPathComponent($0).path }
        let r = try runJobSentry(["ingest", "--strict", "--store", dir.appendingPathComponent("s.sqlite").path] + files)
        XCTAssertEqual(r.status, 0, r.stderr)
        for f in files {
            let line = r.stderr.split(separator: "\n").first { $0.contains("\(f): ") }
            XCTAssertNotNil(line, "no summary for \(f): \(r.stderr)")
            XCTAssertTrue(line?.contains(" 0 rejected") ?? false, String(line ?? ""))
        }

        let truth = try TruthEvent.read(path: data.appendingPathComponent("truth.csv").path)
        let types = Set(truth.map(\.type.rawValue))
        for t in ["province_shock", "gradual_deterioration", "mass_layoff", "wage_arrears", "migrant_outflow_shortfall",
                  "data_break", "none"] {
            XCTAssertTrue(types.contains(t), "no \(t) row in truth.csv: \(types.sorted())")
        }
        let causes = Set(truth.compactMap(\.cause))
        // Every cause the generator was written for; payroll non-response (`nonresponse`) joined
        // the scorer's causes after it (the hard profile writes it) and is not one of its cases.
        XCTAssertEqual(causes, Set(QuietCause.allCases).subtracting([.nonresponse]), "quiet causes in truth.csv")
        // Every firm outlier twice (headcount x10 and /10, wages x100, insured x10), two counties'
        // claims, one day of a county's rail departures, one city's surveyed rate.
        let outliers = truth.filter { $0.cause == .outlier }
        XCTAssertEqual(Dictionary(grouping: outliers, by: \.signal).mapValues(\.count),
                       ["headcount": 4, "wages_cny": 2, "insured": 2, "new_claims": 2, "rail_departures": 1,
                        "surveyed_unemployment_rate": 1])
        XCTAssertTrue(truth.allSatisfy { $0.region.description.hasPrefix("51") }, "a region outside Sichuan")

        // Deterministic by seed: a second run writes the same bytes.
        let again = dir.appendingPathComponent("again")
        try generate(again, seed: 5)
        for f in inputs + ["truth.csv"] {
            XCTAssertEqual(try Data(contentsOf: data.appendingPathComponent(f)), try Data(contentsOf: again.appendingPathComponent(f)), f)
        }
    }
}
