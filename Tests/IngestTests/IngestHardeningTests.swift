import Codes
import Foundation
import Ingest
import TabularIO
import TestSupport
import XCTest

/// Issue 15: inputs that must not take over the workspace or be read as something else.
final class IngestHardeningTests: XCTestCase {
    private func payroll(_ rows: [String]) -> String {
        ([payrollHeader] + rows).joined(separator: "\n") + "\n"
    }

    func testRowsAfterTheLatestAcceptedMonthAreRejectedWithTheReason() throws {
        let p = try writeFile(payroll([payrollRow(period: "2025-12", n: 1), payrollRow(period: "2026-01", n: 2),
                                       payrollRow(period: "2099-01", n: 3)]))
        let r = try Ingestor.run(path: p, options: IngestOptions(latestPeriod: Period("2026-01")))
        XCTAssertEqual(r.accepted, 2)
        XCTAssertEqual(r.rejected.map(\.description), [
            "\(p):4:1: expected a month no later than 2026-01 (the current month plus the tolerance for early files) in column \"period\", found \"2099-01\"",
        ])
        XCTAssertEqual(r.rejected[0].fields[0], "2099-01")
        // Without a limit (the library default) the same row is a valid month.
        XCTAssertEqual(try Ingestor.run(path: p).accepted, 3)
    }

    func testFutureDatesInDailyAndSeriesFiles() throws {
        let t = try writeFile("date,region_code,rail_departures\n2025-12-31,430100,5\n2026-02-01,430100,6\n", "t.csv")
        let rt = try Ingestor.run(path: t, options: IngestOptions(latestPeriod: Period("2026-01")))
        XCTAssertEqual(rt.rejected.map(\.description), [
            "\(t):3:1: expected a month no later than 2026-01 (the current month plus the tolerance for early files) in column \"date\", found \"2026-02-01\"",
        ])
        let s = try writeFile("period,region_code,sector,signal,value\n2026-01,US,ALL,x,1\n2030-01,US,ALL,x,2\n", "s.csv")
        let rs = try Ingestor.run(path: s, options: IngestOptions(latestPeriod: Period("2026-01")))
        XCTAssertEqual(rs.accepted, 1)
        XCTAssertEqual(rs.rejected.first?.line, 3)
    }

    func testLatestAcceptedIsThisMonthInChinaPlusTheTolerance() {
        // 2026-01-31 20:00 UTC is already 1 February in China.
        let lateJanuaryUTC = Date(timeIntervalSince1970: 1_769_889_600)
        XCTAssertEqual(IngestOptions.latestAccepted(today: lateJanuaryUTC, toleranceMonths: 1), Period("2026-03"))
        XCTAssertEqual(IngestOptions.latestAccepted(today: lateJanuaryUTC, toleranceMonths: 0), Period("2026-02"))
    }

    func testKindThatDisagreesWithTheHeaderIsRefusedWithAHint() throws {
        let p = try writeFile(payroll([payrollRow(n: 1)]))
        XCTAssertThrowsError(try Ingestor.run(path: p, options: IngestOptions(kind: .survey))) { e in
            XCTAssertEqual("\(e)", "\(p):1:0: --kind survey does not match the header \(payrollHeader), which has the columns of payroll; expected period,region_code,group,surveyed_unemployment_rate,youth_unemployment_rate,registered_unemployment_rate,new_urban_jobs,job_vacancies,job_seekers; drop --kind to detect it, or pass --kind payroll")
        }
        // The right kind, given or detected, reads it.
        XCTAssertEqual(try Ingestor.run(path: p, options: IngestOptions(kind: .payroll)).accepted, 1)
        // A survey header with no measure at all is not a survey.
        let q = try writeFile("period,region_code\n2025-01,430100\n", "q.csv")
        XCTAssertThrowsError(try Ingestor.run(path: q, options: IngestOptions(kind: .survey))) { e in
            XCTAssertTrue("\(e)".contains("which has none of the measure columns of survey"), "\(e)")
        }
    }

    func testDuplicatedHeaderColumnNamesBothPositions() throws {
        let p = try writeFile("period,enterprise_id,region_code,sector,headcount,wages_cny,Headcount\n")
        XCTAssertThrowsError(try Ingestor.run(path: p)) { e in
            XCTAssertEqual("\(e)", "\(p):1:7: column \"headcount\" appears twice in the header, at columns 5 and 7; expected each column once")
        }
    }

    func testAMissingFileAndASymlinkLoopAreUnreadableNotBadData() throws {
        let dir = try temporaryDirectory(self)
        let loop = dir.appendingPathComponent("loop.csv").path
        XCTAssertEqual(symlink(loop, loop), 0)
        for p in [loop, dir.appendingPathComponent("absent.csv").path, dir.path] {
            XCTAssertThrowsError(try Ingestor.run(path: p)) { e in
                XCTAssertTrue((e as? IngestError)?.isUnreadable == true, "\(e)")
            }
        }
        let empty = try writeFile("")
        XCTAssertThrowsError(try Ingestor.run(path: empty)) { e in XCTAssertFalse((e as? IngestError)?.isUnreadable ?? true) }
    }
}

/// Issue 15: what is readable is kept.
final class IngestReadableTests: XCTestCase {
    private let rows = (1...20).map { payrollRow(n: $0) }

    func testNULBytesRejectOnlyTheirLinesWithLineAndColumn() throws {
        var text = ([payrollHeader] + rows).joined(separator: "\n") + "\n"
        text = text.replacingOccurrences(of: payrollRow(n: 4), with: payrollRow(n: 4).replacingOccurrences(of: ",C,", with: ",C\u{0},"))
        text = text.replacingOccurrences(of: payrollRow(n: 9), with: "\u{0}" + payrollRow(n: 9))
        let p = try writeFile(text)
        let r = try Ingestor.run(path: p)
        XCTAssertEqual(r.rowsRead, 20)
        XCTAssertEqual(r.accepted, 18)
        XCTAssertEqual(r.rejected.map(\.line), [5, 10])
        XCTAssertEqual(r.rejected.map(\.column), [4, 1])
        XCTAssertTrue(r.rejected[0].description.hasPrefix("\(p):5:4: NUL byte in input"), r.rejected[0].description)
    }

    func testUTF16WithAndWithoutAByteOrderMarkIsDecoded() throws {
        let text = ([payrollHeader] + rows).joined(separator: "\r\n") + "\r\n"
        let cases: [(String, [UInt8], TextEncoding)] = [
            ("le-bom.csv", [0xFF, 0xFE] + Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, .utf16le),
            ("be-bom.csv", [0xFE, 0xFF] + Array(text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }, .utf16be),
            ("le.csv", Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, .utf16le),
            ("be.csv", Array(text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }, .utf16be),
        ]
        let reference = try csvText(try Ingestor.run(path: try writeFile(text, "utf8.csv")).table)
        for (name, bytes, encoding) in cases {
            let r = try Ingestor.run(path: try writeFile(bytes, name))
            XCTAssertEqual(r.encoding, encoding, name)
            XCTAssertEqual(r.accepted, 20, name)
            XCTAssertEqual(r.header.first, "period", "\(name): the byte-order mark is not part of the first column")
            XCTAssertEqual(try csvText(r.table), reference, name)
        }
        XCTAssertEqual(TextEncoding(name: "UTF-16LE"), .utf16le)
    }
}
