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
        XCTAssertTrue(r.stderr.contains("error: \(path):38:1: expected a month as YYYY-MM (years 1900-2100) in column \"period\", found \"2024-1\" (row rejected)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("error: \(path):39:5: expected a number in column \"value\", found \"abc\" (row rejected)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("detect: \(path): series, 38 rows read, 36 accepted, 2 rejected, 0 duplicates replaced"), r.stderr)
        XCTAssertTrue(r.stdout.contains("2022-09,430100,C,payroll_headcount,"))
    }

    /// The reader `ingest` and `run` use: a `group` column (blank = ALL) is carried to the
    /// output, a value with a space around it is rejected as `ingest` rejects it, a later
    /// duplicate replaces the earlier row, and a gzip copy gives the same output.
    func testGroupColumnDuplicatesAndGzipAsIngestReadsThem() throws {
        let lines = seriesCSV().split(separator: "\n").map { $0.replacingOccurrences(of: ",payroll_headcount,", with: ",jobs,") }
        var text = lines[0] + ",group\n" + lines.dropFirst().map { $0 + ",youth\n" }.joined()
        text += "2021-01,430100,C,jobs,1000.3,youth\n2023-12,430100,C,jobs, 7,youth\n"
        let path = try write(text)
        let r = try runJobSentry(["detect", "--input", path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout.split(separator: "\n").first, "period,region_code,sector,group,signal,value,expected,z,kind")
        XCTAssertTrue(r.stdout.contains("2022-09,430100,C,youth,jobs,"), r.stdout)
        XCTAssertTrue(r.stderr.contains("warning: \(path):38:0: duplicate row for series 430100/C/youth/jobs, period 2021-01; it replaces line 2 (the later row wins)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("error: \(path):39:5: expected a number in column \"value\", found \" 7\" (row rejected)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("detect: 1 series, 36 months, 0 skipped"), r.stderr)
        let gz = path + ".gz"
        let zip = Process()
        zip.executableURL = URL(fileURLWithPath: "/bin/sh")
        zip.arguments = ["-c", "gzip -c '\(path)' > '\(gz)'"]
        try zip.run(); zip.waitUntilExit()
        let z = try runJobSentry(["detect", "--input", gz])
        XCTAssertEqual(z.status, 0, z.stderr)
        XCTAssertEqual(z.stdout, r.stdout)
        XCTAssertTrue(z.stderr.contains("; read as gzip"), z.stderr)
    }

    func testMissingColumnAndEmptyFileExit65WithLocation() throws {
        let noValue = try write("period,region_code,sector,signal\n2024-01,430100,C,x\n", "novalue.csv")
        var r = try runJobSentry(["detect", "--input", noValue])
        XCTAssertEqual(r.status, 65)
        XCTAssertEqual(r.stderr, "error: \(noValue):1:0: missing required column \"value\" for kind series; the header has period,region_code,sector,signal; expected period,region_code,sector,signal,value,group\n")
        let empty = try write("", "empty.csv")
        r = try runJobSentry(["detect", "--input", empty])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.hasPrefix("error: \(empty):1:0: empty file;"), r.stderr)
        let rejected = try write("period,region_code,sector,signal,value\n2024-1,430100,C,x,1\n", "rejected.csv")
        r = try runJobSentry(["detect", "--input", rejected])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.hasPrefix("error: \(rejected):2:1: expected a month"), r.stderr)
        XCTAssertTrue(r.stderr.hasSuffix("error: \(rejected):1:0: no valid row (all 1 rejected); expected at least one row of period,region_code,sector,signal,value[,group]\n"), r.stderr)
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
