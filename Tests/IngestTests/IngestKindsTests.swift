import Foundation
import Ingest
import TabularIO
import TestSupport
import XCTest

/// Every kind of input with good files (the samples of DESIGN.md).
final class IngestKindsTests: XCTestCase {
    private func run(_ name: String, kind: SignalKind? = nil) throws -> IngestReport {
        try Ingestor.run(path: resource(name), options: IngestOptions(kind: kind))
    }

    private func assertClean(_ r: IngestReport, rows: Int, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.rowsRead, rows, file: file, line: line)
        XCTAssertEqual(r.accepted, rows, file: file, line: line)
        XCTAssertEqual(r.rejected, [], file: file, line: line)
        XCTAssertEqual(r.duplicates, [], file: file, line: line)
        XCTAssertEqual(r.ignoredColumns, [], file: file, line: line)
    }

    func testKindIsDetectedFromEveryHeader() throws {
        let expected: [(String, SignalKind)] = [
            ("payroll.csv", .payroll), ("insurance.csv", .insurance), ("claims.csv", .claims),
            ("transport.csv", .transport), ("survey.csv", .survey), ("enterprises.csv", .enterprises),
        ]
        for (f, k) in expected { XCTAssertEqual(try run(f).kind, k, f) }
        XCTAssertEqual(SignalKind.detect(header: ["period", "region_code", "sector", "signal", "value"]), .series)
    }

    func testPayrollSumsPerCell() throws {
        let r = try run("payroll.csv")
        assertClean(r, rows: 15)
        let text = try csvText(r.table)
        // 430104 M: two enterprises, 28 + 41 staff, 333185 + 360202 yuan.
        XCTAssertTrue(text.contains("\n2016-01,430104,M,2,69,693387,0\n"), text)
        XCTAssertTrue(text.hasPrefix("period,region_code,sector,enterprises,headcount,wages_cny,late_payers\n"))
    }

    func testGzipEqualsPlain() throws {
        let plain = try run("payroll.csv"), gz = try run("payroll.csv.gz")
        XCTAssertTrue(gz.compressed)
        XCTAssertEqual(try csvText(plain.table), try csvText(gz.table))
    }

    func testInsuranceSeparationRateIsARatioOfSums() throws {
        let r = try run("insurance.csv")
        assertClean(r, rows: 15)
        let rolled = r.table.rolledUp()
        let text = try csvText(rolled)
        // Province, all sectors: separated 14 of insured 603 (sums of the sample rows).
        let line = text.split(separator: "\n").first { $0.hasPrefix("2016-01,430000,ALL,") }!
        let f = line.split(separator: ",", omittingEmptySubsequences: false)
        let insured = Double(f[4])!, separated = Double(f[6])!
        XCTAssertEqual(insured, 603)
        XCTAssertEqual(separated, 14)
        XCTAssertEqual(Double(f[8])!, separated / insured)
    }

    func testClaimsBlankSectorIsAllAndGroupsKept() throws {
        let r = try run("claims.csv")
        assertClean(r, rows: 15)
        let text = try csvText(r.table.rolledUp())
        XCTAssertTrue(text.contains("\n2016-01,430104,ALL,migrant_worker,7,49\n"), text)
        // City 430100 = 430102 + 430104 + 430111 for each group.
        XCTAssertTrue(text.contains("\n2016-01,430100,ALL,migrant_worker,8,56\n"), text)
    }

    func testTransportDailyToMonthly() throws {
        let r = try run("transport.csv")
        assertClean(r, rows: 15)
        let text = try csvText(r.table.rolledUp())
        XCTAssertTrue(text.contains("\n2016-01,430102,1,34806,28047,,0,,,,\n"), text)
        // 430100 = 430102 + 430111 + 430121 + 430181 departures (430104 is blank).
        XCTAssertTrue(text.contains("\n2016-01,430100,5,111770,93614,"), text)
    }

    func testSurveyPublishedProvinceIsKeptNotResummed() throws {
        let r = try run("survey.csv")
        assertClean(r, rows: 15)
        let text = try csvText(r.table.rolledUp())
        XCTAssertTrue(text.contains("\n2016-01,430000,ALL,4.4,12.6,2.8,13134,52549,43372,\(52549.0 / 43372.0)\n"), text)
    }

    func testEnterpriseRegistryInBothEncodings() throws {
        let utf8 = try run("enterprises.csv"), gb = try run("enterprises.gb18030.csv")
        assertClean(utf8, rows: 15)
        assertClean(gb, rows: 15)
        XCTAssertEqual(gb.encoding, .gb18030)
        XCTAssertEqual(utf8.registry.map(\.name), gb.registry.map(\.name))
        XCTAssertEqual(gb.registry.first?.name, "长沙芙蓉区泰鑫房地产开发有限责任公司")
        XCTAssertEqual(gb.registry.first?.enterpriseID, "914301020524899606")
    }

    func testGenericSeriesKeepsTextIds() throws {
        let p = try writeFile("period,region_code,sector,signal,value,group\n2025-01,CN-43,ALL,price_index,101.5,\n2025-02,CN-43,ALL,price_index,,\n")
        let r = try Ingestor.run(path: p)
        XCTAssertEqual(r.kind, .series)
        XCTAssertEqual(try csvText(r.table), "period,region_code,sector,group,signal,value\n2025-01,CN-43,ALL,ALL,price_index,101.5\n2025-02,CN-43,ALL,ALL,price_index,\n")
    }

    func testAggregateEqualsDuckDBGroupByCellForCell() throws {
        // Reference: scripts/reference/payroll_duckdb.py (DuckDB 2.0.1, GROUP BY period,
        // region_code, sector). Integers, so equality is exact.
        let r = try Ingestor.run(path: resource("payroll-small.csv"))
        XCTAssertEqual(r.rejected.count, 0)
        let expected = try String(contentsOfFile: resource("payroll-small.duckdb.csv"), encoding: .utf8)
        XCTAssertEqual(try csvText(r.table), expected)
    }
}
