import Codes
import Foundation
import Ingest
import TabularIO
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
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("agg-\(UUID().uuidString).csv").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let writer = try CSVWriter(path: path)
    try t.write(to: writer)
    try writer.close()
    return try String(contentsOfFile: path, encoding: .utf8)
}

/// A payroll row with a valid credit code built from `n`.
func payrollRow(period: String = "2025-03", n: Int, region: String = "430102", sector: String = "C",
                headcount: Int = 10, wages: Int = 50000, daysLate: String = "") -> String {
    "\(period),\(creditCode(n)),\(region),\(sector),\(headcount),\(wages),\(daysLate)"
}

/// The n-th valid Unified Social Credit Code of a made-up series (region 430102).
func creditCode(_ n: Int) -> String {
    let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    var tail = ""
    var v = n
    for _ in 0..<9 { tail = String(alphabet[v % 31]) + tail; v /= 31 }
    return CreditCode.withCheckCharacter("91430102" + tail).text
}

let payrollHeader = "period,enterprise_id,region_code,sector,headcount,wages_cny,days_late"
