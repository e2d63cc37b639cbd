import Foundation
import Ingest
import TabularIO
import TestSupport
import XCTest

/// The bad-input suite of issue 3: every case gets a clear message naming file, line and
/// column, and nothing valid is lost.
final class IngestBadInputTests: XCTestCase {
    private func payroll(_ rows: [String]) -> String {
        ([payrollHeader] + rows).joined(separator: "\n") + "\n"
    }

    private func assertIngestError(_ path: String, contains text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try Ingestor.run(path: path), file: file, line: line) { e in
            XCTAssertTrue("\(e)".contains(text), "\(e)", file: file, line: line)
        }
    }

    func testTruncatedFileRejectsOnlyTheCutRow() throws {
        let text = payroll([payrollRow(n: 1), payrollRow(n: 2)]) + "2025-03,\(creditCode(3)),4301"
        let p = try writeFile(text)
        let r = try Ingestor.run(path: p)
        XCTAssertEqual(r.rowsRead, 3)
        XCTAssertEqual(r.accepted, 2)
        XCTAssertEqual(r.rejected.map(\.description), ["\(p):4:0: expected 7 fields as in the header, found 3"])
        XCTAssertEqual(r.rejected[0].fields, ["2025-03", creditCode(3), "4301"])
    }

    func testTruncatedGzipKeepsTheCompleteRowsAndReportsTheBreak() throws {
        let full = try Data(contentsOf: URL(fileURLWithPath: resource("payroll.csv.gz")))
        let p = try writeFile(Array(full.prefix(full.count - 20)), "cut.csv.gz")
        let r = try Ingestor.run(path: p)
        XCTAssertGreaterThan(r.accepted, 0, "the rows before the break are kept")
        let t = try XCTUnwrap(r.truncation)
        XCTAssertTrue(t.hasPrefix("\(p):"), t)
        XCTAssertTrue(t.contains("gzip data ends early after"), t)
        XCTAssertTrue(t.hasSuffix("the complete rows before the break were kept, any after it are missing"), t)
        XCTAssertNil(try Ingestor.run(path: resource("payroll.csv.gz")).truncation)
    }

    func testWrongHeaderNamesTheMissingColumn() throws {
        let p = try writeFile("period,enterprise_id,region_code,sector,head_count,wages_cny\n")
        XCTAssertThrowsError(try Ingestor.run(path: p, options: IngestOptions(kind: .payroll))) { e in
            XCTAssertEqual("\(e)", "\(p):1:0: missing required column \"headcount\" for kind payroll; the header has period,enterprise_id,region_code,sector,head_count,wages_cny; expected period,enterprise_id,region_code,sector,headcount,wages_cny,days_late")
        }
        let q = try writeFile("foo,bar\n1,2\n", "q.csv")
        assertIngestError(q, contains: "cannot tell the kind of file from its header foo,bar")
    }

    func testColumnsInAnyOrderAndUnknownColumnsReportedOnce() throws {
        let p = try writeFile("\u{FEFF}sector,remark,headcount,period,wages_cny,region_code,enterprise_id\r\nC,x,10,2025-03,500,430102,\(creditCode(1))\r\nC,y,5,2025-03,100,430102,\(creditCode(2))\r\n")
        let r = try Ingestor.run(path: p)
        XCTAssertEqual(r.kind, .payroll)
        XCTAssertEqual(r.ignoredColumns, ["remark"])
        XCTAssertEqual(try csvText(r.table), "period,region_code,sector,enterprises,headcount,wages_cny,late_payers\n2025-03,430102,C,2,15,600,\n")
    }

    func testBadQuotingRejectsTheLineAndKeepsTheRest() throws {
        let p = try writeFile(payroll([
            payrollRow(n: 1),
            "2025-03,\(creditCode(2)),430102,C,1\"0,500,",
            "\"2025-03\"x,\(creditCode(3)),430102,C,10,500,",
            payrollRow(n: 4),
            "2025-03,\"\(creditCode(5)),430102,C,10,500,",
            payrollRow(n: 6),
        ]))
        let r = try Ingestor.run(path: p)
        XCTAssertEqual(r.rowsRead, 6)
        XCTAssertEqual(r.rejected.map(\.description), [
            "\(p):3:5: quote inside an unquoted field; quote the whole field and double inner quotes (RFC 4180)",
            "\(p):4:1: text after a closing quote; expected a comma or the end of the line",
            "\(p):6:2: unterminated quoted field (no closing quote before the end of the file)",
        ])
        // Rows 1, 4 and 6 are kept: the unclosed quote on line 6 does not swallow line 7.
        XCTAssertTrue(try csvText(r.table).contains("2025-03,430102,C,3,30,150000,"))
    }

    func testInvalidCodesAndCheckCharacters() throws {
        var bad = creditCode(7)
        bad.removeLast(); bad += bad.hasSuffix("0") ? "1" : "0"
        let p = try writeFile(payroll([
            payrollRow(period: "2025-13", n: 1),
            payrollRow(n: 2, region: "43010"),
            payrollRow(n: 3, sector: "Z"),
            "2025-03,\(bad),430102,C,10,500,",
            "2025-03,91430102MA5FHK410I,430102,C,10,500,",
            payrollRow(n: 8, sector: "36"),
        ]))
        let r = try Ingestor.run(path: p)
        let messages = r.rejected.map(\.description)
        XCTAssertEqual(messages.count, 5, "\(messages)")
        XCTAssertEqual(messages[0], "\(p):2:1: expected a month as YYYY-MM (years 1900-2100) in column \"period\", found \"2025-13\"")
        XCTAssertEqual(messages[1], "\(p):3:3: expected a 6-digit administrative division code (GB/T 2260) in column \"region_code\", found \"43010\"")
        XCTAssertEqual(messages[2], "\(p):4:4: expected a GB/T 4754 section letter A-T or a 2-digit division code in column \"sector\", found \"Z\"")
        XCTAssertTrue(messages[3].hasPrefix("\(p):5:2: invalid Unified Social Credit Code in column \"enterprise_id\" (GB 32100-2015): check character should be"), messages[3])
        XCTAssertTrue(messages[4].contains("character 18 \"I\" is not in the code alphabet"), messages[4])
        // Division 36 (motor vehicles) is section C.
        XCTAssertEqual(try csvText(r.table), "period,region_code,sector,enterprises,headcount,wages_cny,late_payers\n2025-03,430102,C,1,10,50000,0\n")
    }

    func testNegativeNumbers() throws {
        let p = try writeFile(payroll([payrollRow(n: 1, headcount: -3), "2025-03,\(creditCode(2)),430102,C,3,-500,", payrollRow(n: 3)]))
        let r = try Ingestor.run(path: p)
        XCTAssertEqual(r.rejected.map(\.description), [
            "\(p):2:5: expected a non-negative integer in column \"headcount\", found \"-3\"",
            "\(p):3:6: expected a non-negative amount in column \"wages_cny\", found \"-500\"",
        ])
        XCTAssertEqual(r.accepted, 1)
    }

    func testDuplicatesLaterWinsAndIsReportedInBothModes() throws {
        let p = try writeFile(payroll([
            payrollRow(n: 1, headcount: 10, wages: 100),
            payrollRow(n: 2, headcount: 20, wages: 200),
            payrollRow(n: 1, sector: "F", headcount: 11, wages: 110, daysLate: "40"),
        ]))
        for collect in [false, true] {
            let r = try Ingestor.run(path: p, options: IngestOptions(collectRows: collect))
            XCTAssertEqual(r.duplicates.map(\.description), [
                "\(p):4:0: duplicate row for enterprise \(creditCode(1)), period 2025-03; it replaces line 2 (the later row wins)",
            ])
            XCTAssertEqual(try csvText(r.table), """
                period,region_code,sector,enterprises,headcount,wages_cny,late_payers
                2025-03,430102,C,1,20,200,0
                2025-03,430102,F,1,11,110,1

                """)
            if collect {
                let c = try XCTUnwrap(r.enterpriseColumns)
                // By enterprise in order of first appearance; enterprise 1 keeps its later row.
                XCTAssertEqual((0..<c.keys.count).compactMap { c.row(slot: 0, ordinal: $0)?.m[0] }, [11, 20])
            }
        }
    }

    func testGB18030ForcedAndInvalid() throws {
        let r = try Ingestor.run(path: resource("enterprises.gb18030.csv"), options: IngestOptions(encoding: .gb18030))
        XCTAssertEqual(r.accepted, 15)
        // 0x81 0x20 is not a GB18030 character.
        let p = try writeFile(Array("enterprise_id,name,region_code,sector\n\(creditCode(1)),".utf8) + [0x81, 0x20] + Array(",430102,C\n".utf8))
        XCTAssertThrowsError(try Ingestor.run(path: p, options: IngestOptions(encoding: .gb18030))) { e in
            XCTAssertTrue("\(e)".contains("is not valid GB18030"), "\(e)")
        }
    }

    func testEmptyAndHeaderOnlyFiles() throws {
        assertIngestError(try writeFile(""), contains: ":1:0: empty file; expected a header row")
        let r = try Ingestor.run(path: try writeFile(payrollHeader + "\n", "h.csv"))
        XCTAssertEqual(r.rowsRead, 0)
        XCTAssertEqual(r.table.count, 0)
    }

    func testBinaryFileIsRefused() throws {
        var bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]
        var x: UInt32 = 12345
        for _ in 0..<4000 { x = x &* 1_103_515_245 &+ 12345; bytes.append(UInt8(truncatingIfNeeded: x >> 16)) }
        assertIngestError(try writeFile(bytes), contains: "is a NUL byte and the text is neither UTF-8, UTF-16 nor GB18030; this is a binary file, not CSV text")
    }

    func testLineLongerThanOneMegabyteIsRejectedAndTheRestKept() throws {
        let long = "2025-03,\(creditCode(2)),430102,C," + String(repeating: "9", count: 1_500_000) + ",500,"
        let p = try writeFile(payroll([payrollRow(n: 1), long, payrollRow(n: 3)]))
        let r = try Ingestor.run(path: p)
        XCTAssertEqual(r.rowsRead, 3)
        XCTAssertEqual(r.rejected.count, 1)
        XCTAssertEqual(r.rejected[0].line, 3)
        XCTAssertTrue(r.rejected[0].description.contains("line is longer than 1048576 bytes (1500042 bytes); the first 1024 are kept"), r.rejected[0].description)
        XCTAssertEqual(try csvText(r.table), "period,region_code,sector,enterprises,headcount,wages_cny,late_payers\n2025-03,430102,C,2,20,100000,0\n")
    }

    func testQuarantineKeepsOriginalFieldsLineAndReason() throws {
        let p = try writeFile(payroll([payrollRow(n: 1, headcount: -3), payrollRow(n: 2)]))
        let r = try Ingestor.run(path: p)
        let q = try temporaryDirectory(self).appendingPathComponent("q.csv").path
        try Quarantine.write(r.rejected, header: r.header, to: q)
        let expected = "line,column,reason,\(payrollHeader)\n"
            + "2,5,\"expected a non-negative integer in column \"\"headcount\"\", found \"\"-3\"\"\","
            + payrollRow(n: 1, headcount: -3) + "\n"
        XCTAssertEqual(try String(contentsOfFile: q, encoding: .utf8), expected)
    }
}
