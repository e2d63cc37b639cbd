import Foundation
import TestSupport
import XCTest

/// What `generate` writes, `ingest` accepts whole; a corrupted copy is rejected row by row.
final class GenerateIngestTests: XCTestCase {
    private let inputs = ["payroll", "insurance", "claims", "transport", "survey", "enterprises"]

    private func generate(_ dir: URL, compress: String) throws {
        let r = try runJobSentry(["generate", "--out", dir.path, "--seed", "3", "--enterprises", "300",
                                  "--from", "2022-01", "--to", "2024-12", "--compress", compress])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testEveryGeneratedFileIsAcceptedWithoutARejectedRow() throws {
        let dir = try temporaryDirectory(self)
        let data = dir.appendingPathComponent("data")
        try generate(data, compress: "gzip")
        let files = inputs.map { k in
            data.appendingPathComponent(["payroll", "insurance", "claims", "transport"].contains(k) ? "\(k).csv.gz" : "\(k).csv").path
        }
        let r = try runJobSentry(["ingest", "--strict", "--store", dir.appendingPathComponent("s.sqlite").path] + files)
        XCTAssertEqual(r.status, 0, r.stderr)
        for (kind, f) in zip(inputs, files) {
            let line = r.stderr.split(separator: "\n").first { $0.contains("\(f): \(kind),") }
            XCTAssertNotNil(line, "no summary for \(f): \(r.stderr)")
            XCTAssertTrue(line?.contains(" 0 rejected") ?? false, String(line ?? ""))
        }
    }

    /// Flips one field on chosen rows of each kind; each must come back in quarantine with its
    /// line, column and the reason, and every other row must be accepted.
    func testCorruptedCopyIsRejectedRowByRowWithTheRightReasons() throws {
        let dir = try temporaryDirectory(self)
        let data = dir.appendingPathComponent("data")
        try generate(data, compress: "none")
        // (kind, line, column name, replacement, expected reason prefix)
        let flips: [(String, Int, String, String, String)] = [
            ("payroll", 2, "period", "2022-13", "expected a month as YYYY-MM"),
            ("payroll", 3, "headcount", "-4", "expected a non-negative integer in column \"headcount\""),
            ("payroll", 4, "enterprise_id", "CHECK", "invalid Unified Social Credit Code in column \"enterprise_id\""),
            ("payroll", 5, "region_code", "43010", "expected a 6-digit administrative division code"),
            ("payroll", 6, "sector", "Z", "expected a GB/T 4754 section letter A-T"),
            ("insurance", 7, "insured", "12.5", "expected a non-negative integer in column \"insured\""),
            ("claims", 8, "group", "retiree", "expected a key group"),
            ("transport", 9, "date", "2022-02-30", "expected a date as YYYY-MM-DD"),
            ("survey", 10, "surveyed_unemployment_rate", "105.0", "expected a percentage between 0 and 100"),
            ("enterprises", 11, "key_enterprise", "yes", "expected 0 or 1 in column \"key_enterprise\""),
        ]
        let store = dir.appendingPathComponent("s.sqlite").path
        for kind in inputs {
            let path = data.appendingPathComponent("\(kind).csv").path
            var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                .map(String.init)
            let header = lines[0].split(separator: ",").map(String.init)
            let mine = flips.filter { $0.0 == kind }
            for (_, line, column, value, _) in mine {
                var fields = lines[line - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                let c = header.firstIndex(of: column)!
                if value == "CHECK" {  // another valid alphabet character in place of the check character
                    let last = fields[c].last!
                    fields[c] = String(fields[c].dropLast()) + (last == "1" ? "2" : "1")
                } else {
                    fields[c] = value
                }
                lines[line - 1] = fields.joined(separator: ",")
            }
            let corrupt = dir.appendingPathComponent("\(kind)-corrupt.csv").path
            try lines.joined(separator: "\n").write(toFile: corrupt, atomically: true, encoding: .utf8)
            let rows = lines.count - 2  // header and the final empty line
            let r = try runJobSentry(["ingest", "--kind", kind, "--store", store, corrupt])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stderr.contains("\(rows) rows read, \(rows - mine.count) accepted, \(mine.count) rejected"), r.stderr)
            let qdir = store + ".quarantine"
            let qname = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: qdir)
                .first { $0.hasPrefix("\(kind)-corrupt.csv.") }, "no quarantine file for \(kind)")
            let q = try String(contentsOfFile: qdir + "/" + qname, encoding: .utf8).split(separator: "\n").map(String.init)
            XCTAssertEqual(q.first, "line,column,reason," + header.joined(separator: ","))
            XCTAssertEqual(q.count - 1, mine.count, q.joined(separator: "\n"))
            for ((_, line, column, _, reason), row) in zip(mine, q.dropFirst()) {
                let c = header.firstIndex(of: column)! + 1
                XCTAssertTrue(row.hasPrefix("\(line),\(c),"), "\(kind) line \(line): \(row)")
                // The quarantine is CSV: the reason is quoted, its quotes doubled.
                let quoted = reason.replacingOccurrences(of: "\"", with: "\"\"")
                XCTAssertTrue(row.contains(quoted), "\(kind) line \(line): expected \(reason) in \(row)")
            }
        }
    }
}
