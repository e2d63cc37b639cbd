import Foundation
import TestSupport
import XCTest

/// Every kind good and the bad-input suite of issue 3 through `jobsentry ingest`: each case
/// gets a clear message with file, line and column, and the good rows are stored.
final class IngestBadInputCLITests: XCTestCase {
    private var samples: URL { repositoryRoot.appendingPathComponent("Tests/IngestTests/Resources") }
    private let header = "period,enterprise_id,region_code,sector,headcount,wages_cny,days_late\n"
    private let good = "2016-01,914301020524899606,430102,K,88,649464,\n"

    func testEveryKindIngestsWithoutARejectedRow() throws {
        let store = try temporaryDirectory(self).appendingPathComponent("s.sqlite").path
        let kinds = ["payroll": "payroll.csv", "insurance": "insurance.csv", "claims": "claims.csv",
                     "transport": "transport.csv", "survey": "survey.csv", "enterprises": "enterprises.gb18030.csv"]
        for (kind, file) in kinds.sorted(by: { $0.key < $1.key }) {
            let r = try runJobSentry(["ingest", "--store", store, samples.appendingPathComponent(file).path])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stderr.contains(": \(kind)"), r.stderr)
            XCTAssertTrue(r.stderr.contains("15 rows read, 15 accepted, 0 rejected"), r.stderr)
        }
        let series = try temporaryDirectory(self).appendingPathComponent("series.csv").path
        try "period,region_code,sector,signal,value\n2016-01,430100,ALL,price_index,101.2\n".write(toFile: series, atomically: true, encoding: .utf8)
        let r = try runJobSentry(["ingest", "--store", store, "--kind", "series", series])
        XCTAssertTrue(r.stderr.contains("series, 1 rows read, 1 accepted, 0 rejected"), r.stderr)
    }

    func testBadInputSuite() throws {
        let dir = try temporaryDirectory(self)
        var bigLine = "2016-01,91430102383031970T,430102,C,"
        bigLine += String(repeating: "7", count: 1_100_000) + ",1,\n"
        let gz = try Data(contentsOf: samples.appendingPathComponent("payroll.csv.gz"))
        // (name, bytes, expected exit status, expected text on stderr)
        let cases: [(String, Data, Int32, String)] = [
            ("truncated.csv", Data((header + good + "2016-01,91430102383031970T,4301").utf8), 0,
             "truncated.csv:3:0: expected 7 fields as in the header, found 3"),
            ("truncated.csv.gz", gz.prefix(gz.count - 12), 65, "gzip data ends early after"),
            ("header.csv", Data("period,enterprise,region_code,sector,headcount,wages_cny\n".utf8), 65,
             "cannot tell the kind of file from its header"),
            ("quoting.csv", Data((header + good + "2016-01,\"91430102383031970T,430102,C,7,1,\n").utf8), 0,
             "quoting.csv:3:2: unterminated quoted field"),
            ("region.csv", Data((header + good + "2016-01,91430102383031970T,430002X,C,7,1,\n").utf8), 0,
             "region.csv:3:3: expected a 6-digit administrative division code"),
            ("check.csv", Data((header + good + "2016-01,91430102383031970U,430102,C,7,1,\n").utf8), 0,
             "check.csv:3:2: invalid Unified Social Credit Code in column \"enterprise_id\" (GB 32100-2015): check character should be \"T\", found \"U\""),
            ("negative.csv", Data((header + good + "2016-01,91430102383031970T,430102,C,-7,1,\n").utf8), 0,
             "negative.csv:3:5: expected a non-negative integer in column \"headcount\", found \"-7\""),
            ("dups.csv", Data((header + good + "2016-01,914301020524899606,430102,K,80,600000,\n").utf8), 0,
             "dups.csv:3:0: duplicate row for enterprise 914301020524899606, period 2016-01; it replaces line 2 (the later row wins)"),
            ("empty.csv", Data(), 65, "empty.csv:1:0: empty file; expected a header row"),
            ("binary.csv", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]), 65,
             "is a NUL byte and the text is neither UTF-8, UTF-16 nor GB18030; this is a binary file, not CSV text"),
            ("long.csv", Data((header + good + bigLine).utf8), 0, "long.csv:3:0: line is longer than 1048576 bytes"),
        ]
        for (name, bytes, status, text) in cases {
            let path = dir.appendingPathComponent(name).path
            try bytes.write(to: URL(fileURLWithPath: path))
            let store = dir.appendingPathComponent("\(name).sqlite").path
            let r = try runJobSentry(["ingest", "--store", store, path])
            XCTAssertEqual(r.status, status, "\(name): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(text), "\(name): \(r.stderr)")
            if status == 0 {
                // The valid row of the file is stored.
                let p = try runJobSentry(["panel", "export", "--store", store, "--out", "-"])
                XCTAssertTrue(p.stdout.contains("2016-01,430102,K,ALL,payroll_enterprises,1\n"), "\(name): \(p.stdout)")
            }
        }
    }

    func testForcedEncoding() throws {
        let store = try temporaryDirectory(self).appendingPathComponent("s.sqlite").path
        let f = samples.appendingPathComponent("enterprises.gb18030.csv").path
        let r = try runJobSentry(["ingest", "--store", store, "--encoding", "gb18030", "--kind", "enterprises", f])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("enterprises, 15 rows read, 15 accepted, 0 rejected, 0 duplicates replaced; stored as vintage 1; read as GB18030"), r.stderr)
        let bad = try runJobSentry(["ingest", "--store", store, "--encoding", "latin1", f])
        XCTAssertEqual(bad.status, 64)
    }
}
