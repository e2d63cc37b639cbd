import Foundation
import TestSupport
import XCTest

/// `aggregate` and `merge` through the real executable.
final class AggregateCommandTests: XCTestCase {
    private var samples: URL { repositoryRoot.appendingPathComponent("Tests/IngestTests/Resources") }

    func testAggregateMatchesDuckDBReference() throws {
        let out = try temporaryDirectory(self).appendingPathComponent("agg.csv").path
        let r = try runJobSentry(["aggregate", "--kind", "payroll", samples.appendingPathComponent("payroll-small.csv").path, "--out", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8),
                       try String(contentsOf: samples.appendingPathComponent("payroll-small.duckdb.csv"), encoding: .utf8))
    }

    func testShardThenMergeEqualsSingleRun() throws {
        let dir = try temporaryDirectory(self)
        let text = try String(contentsOf: samples.appendingPathComponent("payroll-small.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        var partials: [String] = []
        for k in 0..<3 {
            let shard = dir.appendingPathComponent("shard\(k).csv").path
            let rows = lines.enumerated().filter { $0.offset % 3 == k }.map(\.element)
            try ([header] + rows).joined(separator: "\n").appending("\n").write(toFile: shard, atomically: true, encoding: .utf8)
            // Standard input to standard output, as Spark's RDD.pipe and Hadoop Streaming run it.
            let r = try runJobSentry(["aggregate", "--kind", "payroll", "-", "--out", "-"], stdin: try String(contentsOfFile: shard, encoding: .utf8))
            XCTAssertEqual(r.status, 0, r.stderr)
            let part = dir.appendingPathComponent("part\(k).csv").path
            try r.stdout.write(toFile: part, atomically: true, encoding: .utf8)
            partials.append(part)
        }
        let merged = try runJobSentry(["merge"] + partials + ["--out", "-", "--rollup"])
        XCTAssertEqual(merged.status, 0, merged.stderr)
        let single = try runJobSentry(["aggregate", samples.appendingPathComponent("payroll-small.csv").path, "--out", "-", "--rollup"])
        XCTAssertEqual(single.status, 0, single.stderr)
        XCTAssertEqual(merged.stdout, single.stdout)
        XCTAssertTrue(single.stdout.contains("\n2025-01,430000,ALL,"))
        // Concatenated partials on standard input merge the same way.
        let cat = try partials.map { try String(contentsOfFile: $0, encoding: .utf8) }.joined()
        let piped = try runJobSentry(["merge", "-", "--out", "-", "--rollup"], stdin: cat)
        XCTAssertEqual(piped.stdout, single.stdout)
    }

    func testRejectedRowsQuarantineAndStrict() throws {
        let dir = try temporaryDirectory(self)
        let input = dir.appendingPathComponent("p.csv").path
        try """
            period,enterprise_id,region_code,sector,headcount,wages_cny,days_late
            2016-01,914301020524899606,430102,K,88,649464,
            2016-01,91430102383031970T,430102,C,-3,364531,

            """.write(toFile: input, atomically: true, encoding: .utf8)
        let q = dir.appendingPathComponent("q.csv").path
        let ok = try runJobSentry(["aggregate", input, "--quarantine", q, "--out", "-"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertTrue(ok.stderr.contains("error: \(input):3:5: expected a non-negative integer in column \"headcount\", found \"-3\" (row rejected)"), ok.stderr)
        XCTAssertTrue(ok.stderr.contains("aggregate: \(input): payroll, 2 rows read, 1 accepted, 1 rejected, 0 duplicates replaced"), ok.stderr)
        XCTAssertEqual(ok.stdout, "period,region_code,sector,enterprises,headcount,wages_cny,late_payers\n2016-01,430102,K,1,88,649464,0\n")
        XCTAssertTrue(try String(contentsOfFile: q, encoding: .utf8).hasPrefix("line,column,reason,period,"))
        let strict = try runJobSentry(["aggregate", input, "--strict", "--out", dir.appendingPathComponent("o.csv").path])
        XCTAssertEqual(strict.status, 65, strict.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("o.csv").path))
    }

    func testMissingFileAndUnknownPartial() throws {
        let r = try runJobSentry(["aggregate", "/nonexistent/p.csv", "--out", "-"])
        XCTAssertEqual(r.status, 66)
        XCTAssertTrue(r.stderr.contains("error: /nonexistent/p.csv: No such file or directory"), r.stderr)
        let m = try runJobSentry(["merge", "-", "--out", "-"], stdin: "a,b\n1,2\n")
        XCTAssertEqual(m.status, 65)
        XCTAssertTrue(m.stderr.contains("-:1:0: not an aggregate written by `jobsentry aggregate`"), m.stderr)
    }
}
