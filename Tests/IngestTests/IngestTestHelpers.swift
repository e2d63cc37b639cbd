import Foundation
import Ingest
import TestSupport
import XCTest

/// A committed sample input (copies of ../shared/samples plus the DuckDB reference files).
func resource(_ name: String) -> String {
    repositoryRoot.appendingPathComponent("Tests/IngestTests/Resources/\(name)").path
}

extension XCTestCase {
    /// Writes `bytes` to a fresh file and returns its path.
    func writeFile(_ bytes: [UInt8], _ name: String = "in.csv") throws -> String {
        let p = try temporaryDirectory(self).appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: p))
        return p
    }

    func writeFile(_ text: String, _ name: String = "in.csv") throws -> String {
        try writeFile(Array(text.utf8), name)
    }
}

/// The aggregate as CSV text, the way `jobsentry aggregate` writes it.
func csvText(_ t: AggregateTable) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("agg-\(UUID().uuidString).csv").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let w = try CSVWriterForTests(path: dir)
    try t.write(to: w.writer)
    try w.writer.close()
    return try String(contentsOfFile: dir, encoding: .utf8)
}

import TabularIO
struct CSVWriterForTests {
    let writer: CSVWriter
    init(path: String) throws { writer = try CSVWriter(path: path) }
}

/// A payroll row with a valid credit code built from `n`.
func payrollRow(period: String = "2025-03", n: Int, region: String = "430102", sector: String = "C",
                headcount: Int = 10, wages: Int = 50000, daysLate: String = "") -> String {
    "\(period),\(creditCode(n)),\(region),\(sector),\(headcount),\(wages),\(daysLate)"
}

/// The n-th valid Unified Social Credit Code of a made-up series.
func creditCode(_ n: Int, region: String = "430102") -> String {
    let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    var body = "91" + region
    var v = n
    var tail = ""
    for _ in 0..<9 { tail = String(alphabet[v % 31]) + tail; v /= 31 }
    body += tail
    return CodesHelper.complete(body)
}

import Codes
enum CodesHelper {
    static func complete(_ body: String) -> String { CreditCode.withCheckCharacter(body).text }
}

let payrollHeader = "period,enterprise_id,region_code,sector,headcount,wages_cny,days_late"
