import Foundation
import TestSupport
import XCTest

/// `detect --model robust|plain` and its `kind` column, through the real executable.
final class DetectModelTests: XCTestCase {
    private func write(_ text: String) throws -> String {
        let p = try temporaryDirectory(self).appendingPathComponent("in.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }

    /// Three series of 60 months, seasonal + trend + deterministic pseudo-noise (amplitude ~1):
    /// `a` has spikes at 2021-07 (−25) and 2023-02 (+30), `b` a level shift of −12 from
    /// 2022-09, `c` is clean.
    private func panelCSV() -> String {
        var s = "period,region_code,sector,signal,value\n"
        let season: [Double] = [0, -20, 5, 8, 3, 1, -2, 4, 6, 2, -1, 9]
        for (name, seed) in [("a", 1.0), ("b", 2.0), ("c", 3.0)] {
            for t in 0..<60 {
                var v = 500 + 0.5 * Double(t) + season[t % 12] + sin(Double(t) * 2.3 + seed) + 0.6 * cos(Double(t) * 5.1 * seed)
                if name == "a" && t == 18 { v -= 25 }
                if name == "a" && t == 37 { v += 30 }
                if name == "b" && t >= 32 { v -= 12 }
                s += "\(2020 + t / 12)-\(String(format: "%02d", t % 12 + 1)),430100,C,\(name),\(v)\n"
            }
        }
        return s
    }

    func testRobustModelFlagsSpikesAndTheLevelShiftWithItsStartMonth() throws {
        let r = try runJobSentry(["detect", "--input", try write(panelCSV())])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = r.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(rows.first, ["period", "region_code", "sector", "signal", "value", "expected", "z", "kind"])
        let flags = rows.dropFirst().map { "\($0[3]) \($0[0]) \($0[7])" }
        XCTAssertEqual(Set(flags), ["a 2021-07 spike", "a 2023-02 spike", "b 2022-09 level_shift"], r.stdout)
        let shift = rows.first { $0[7] == "level_shift" }!
        XCTAssertLessThan(Double(shift[6])!, -5, "the z column holds the (negative) scan statistic")
        XCTAssertTrue(r.stderr.contains("detect: 3 series, 60 months, 0 skipped, 2 spikes (|z| > 3.5), 1 changes (model robust)"), r.stderr)
    }

    func testPlainModelReportsSpikesOnly() throws {
        let r = try runJobSentry(["detect", "--input", try write(panelCSV()), "--model", "plain"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let kinds = Set(r.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").last.map(String.init) ?? "" })
        XCTAssertEqual(kinds, ["spike"])
        XCTAssertTrue(r.stdout.contains("2021-07,430100,C,a,"), r.stdout)
        XCTAssertTrue(r.stderr.contains("(model plain)"), r.stderr)
    }

    func testUnknownModelIsAUsageError() throws {
        let r = try runJobSentry(["detect", "--input", "x.csv", "--model", "fancy"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("The value 'fancy' is invalid for '--model <model>'"), r.stderr)
    }

    /// `--model plain` expected values vs numpy `lstsq` on the same design (issue 2): with a
    /// threshold of 1e-9 every month is flagged, so the `expected` column holds every fitted
    /// value. 1e-9 relative; the CSV's six decimals on values above 1000 are well inside it.
    func testPlainModelExpectedValuesMatchNumpyLstsq() throws {
        let panel = try readReferenceCSV("scripts/reference/models/panel.csv")
        let ref = try readReferenceCSV("scripts/reference/models/plain_fitted.csv")
        var csv = "period,region_code,sector,signal,value\n"
        for s in 0..<4 {
            for (t, v) in panel["s\(s)"]!.enumerated() {
                csv += "\(2019 + t / 12)-\(String(format: "%02d", t % 12 + 1)),430100,C,s\(s),\(v)\n"
            }
        }
        let r = try runJobSentry(["detect", "--input", try write(csv), "--model", "plain", "--threshold", "1e-9"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = r.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        XCTAssertEqual(rows.count, 4 * 72)
        let expected = rows.map { Double($0[5])! }
        assertClose(expected, (0..<4).flatMap { ref["s\($0)"]! }, relativeTolerance: 1e-9)
    }

    func testForecastFileHasIntervalsAroundTheForecast() throws {
        let dir = try temporaryDirectory(self)
        let fc = dir.appendingPathComponent("forecast.csv").path
        let r = try runJobSentry(["detect", "--input", try write(panelCSV()), "--out", "/dev/null", "--forecast", "6", "--forecast-out", fc])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = try String(contentsOfFile: fc, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "period,region_code,sector,signal,horizon,forecast,lower,upper")
        XCTAssertEqual(lines.count, 1 + 3 * 6)
        XCTAssertTrue(lines[1].hasPrefix("2025-01,430100,C,a,1,"), String(lines[1]))
        for l in lines.dropFirst() {
            // forecast, lower, upper: PathForecast's 90% interval (the rule's; OneForecastPathTests).
            let f = l.split(separator: ",").suffix(3).map { Double($0)! }
            XCTAssertTrue(f[1] < f[0] && f[0] < f[2], String(l))
        }
        let bad = try runJobSentry(["detect", "--input", "x.csv", "--forecast", "6"])
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.stderr.contains("--forecast needs --forecast-out FILE for the forecast rows"), bad.stderr)
        let plain = try runJobSentry(["detect", "--input", "x.csv", "--forecast", "6", "--forecast-out", fc, "--model", "plain"])
        XCTAssertEqual(plain.status, 64)
        XCTAssertTrue(plain.stderr.contains("--forecast needs --model robust"), plain.stderr)
    }
}
