import Foundation
import TestSupport
import XCTest

/// `detect` through the real executable.
final class DetectCommandTests: XCTestCase {
    private func write(_ text: String, _ name: String = "in.csv") throws -> String {
        let p = try temporaryDirectory(self).appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }

    /// 36 months of trend + season with one spike the fit must flag.
    private func seriesCSV(extraRows: String = "") -> String {
        var s = "period,region_code,sector,signal,value\n"
        for t in 0..<36 {
            var v = 1000 + 2.0 * Double(t) + [0.0, 5, -3, 8, 2, 0, -6, 3, 4, -2, 1, 9][t % 12]
            v += [0.3, -0.2, 0.1, -0.4, 0.2][t % 5]
            if t == 20 { v -= 60 }
            s += "\(2021 + t / 12)-\(String(format: "%02d", t % 12 + 1)),430100,C,payroll_headcount,\(v)\n"
        }
        return s + extraRows
    }

    func testFlagsTheInjectedSpike() throws {
        let r = try runJobSentry(["detect", "--input", try write(seriesCSV())])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "period,region_code,sector,signal,value,expected,z,kind")
        XCTAssertTrue(lines.contains { $0.hasPrefix("2022-09,430100,C,payroll_headcount,") }, r.stdout)
        XCTAssertTrue(r.stderr.contains("detect: 1 series, 36 months, 0 skipped"), r.stderr)
    }

    func testBadRowsAreReportedAndGoodRowsKept() throws {
        let path = try write(seriesCSV(extraRows: "2024-1,430100,C,insured,5\n2024-01,430100,C,insured,abc\n"))
        let r = try runJobSentry(["detect", "--input", path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("\(path):38:1: expected a month as YYYY-MM in column \"period\", found \"2024-1\""), r.stderr)
        XCTAssertTrue(r.stderr.contains("\(path):39:5: expected a number in column \"value\", found \"abc\""), r.stderr)
        XCTAssertTrue(r.stdout.contains("2022-09,430100,C,payroll_headcount,"))
    }

    func testMissingColumnAndEmptyFileExit65WithLocation() throws {
        let noValue = try write("period,region_code,sector,signal\n2024-01,430100,C,x\n", "novalue.csv")
        var r = try runJobSentry(["detect", "--input", noValue])
        XCTAssertEqual(r.status, 65)
        XCTAssertEqual(r.stderr, "error: \(noValue):1:0: missing required column \"value\"; the header has period,region_code,sector,signal\n")
        let empty = try write("", "empty.csv")
        r = try runJobSentry(["detect", "--input", empty])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.hasPrefix("error: \(empty):1:0: empty file;"), r.stderr)
    }

    func testMissingInputExits66AndBadThresholdIsAUsageError() throws {
        var r = try runJobSentry(["detect", "--input", "/nonexistent/x.csv"])
        XCTAssertEqual(r.status, 66)
        XCTAssertEqual(r.stderr, "error: /nonexistent/x.csv: No such file or directory\n")
        r = try runJobSentry(["detect", "--input", "x.csv", "--threshold=-1"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("--threshold must be a positive number, got -1.0"), r.stderr)
    }

    func testShortSeriesAreReportedNotDropped() throws {
        let text = seriesCSV(extraRows: "2021-01,430200,C,insured,5\n2021-02,430200,C,insured,6\n")
        let r = try runJobSentry(["detect", "--input", try write(text)])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("warning: series 430200/C/ALL/insured skipped: only 2 observed months"), r.stderr)
    }

    func testHelpListsOnlyWorkingCommandsWithExamples() throws {
        let r = try runJobSentry(["--help"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("detect"))
        XCTAssertTrue(r.stdout.contains("Example:"))
        let d = try runJobSentry(["detect", "--help"])
        XCTAssertTrue(d.stdout.contains("jobsentry detect --input"), d.stdout)
        let v = try runJobSentry(["--version"])
        XCTAssertEqual(v.stdout, "jobsentry 0.1.0\n")
    }
}
