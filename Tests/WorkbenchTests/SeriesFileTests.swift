import Codes
import Foundation
import Ingest
import PanelData
import PanelStore
import TestSupport
import Workbench
import XCTest

/// `detect`'s input: a long-format file read by Ingest's `series` reader and laid out as the
/// panel `run` builds from the same file in the store.
final class SeriesFileTests: XCTestCase {
    private func write(_ text: String, _ name: String = "series.csv") throws -> String {
        let path = try temporaryDirectory(self).appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Same months, same series in the same order, same values to the bit (NaN where missing).
    private func assertSamePanel(_ a: Panel, _ b: Panel, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.start, b.start, file: file, line: line)
        XCTAssertEqual(a.periodCount, b.periodCount, file: file, line: line)
        XCTAssertEqual(a.keys, b.keys, file: file, line: line)
        XCTAssertEqual(a.values.map(\.bitPattern), b.values.map(\.bitPattern), file: file, line: line)
    }

    private func storePanel(_ path: String) throws -> Panel {
        let store = try Store(path: try temporaryDirectory(self).appendingPathComponent("s.sqlite").path)
        _ = try store.ingest(path: path, now: Date(timeIntervalSince1970: 1_735_689_600))
        return try store.panel()
    }

    func testTheSampleGivesThePanelTheStoreBuilds() throws {
        let path = repositoryRoot.appendingPathComponent("datasets/sample/series.csv").path
        let file = try SeriesFile.read(path: path)
        XCTAssertEqual(file.report.rowsRead, 1080)
        XCTAssertEqual(file.panel.seriesCount, 18)
        XCTAssertEqual(file.panel.periodCount, 60)
        XCTAssertFalse(file.hasGroupColumn)
        assertSamePanel(file.panel, try storePanel(path))
    }

    /// A `group` column (blank = ALL), rows out of order, a blank value, a later duplicate and
    /// two bad rows: the panel is the store's, series in key order; the bad rows are kept
    /// with file, line and column.
    func testGroupColumnDuplicatesAndBadRowsAsTheStoreReadsThem() throws {
        let path = try write("""
        period,region_code,sector,signal,value,group
        2024-02,430200,C,jobs,12,youth
        2024-01,430100,C,jobs,10,
        2024-03,430100,C,jobs,,
        2024-01,430200,C,jobs,11,youth
        2024-02,430100,C,jobs,9,ALL
        2024-13,430100,C,jobs,5,
        2024-03,430100,C,jobs, 7,
        2024-02,430100,C,jobs,9.5,

        """)
        let file = try SeriesFile.read(path: path)
        XCTAssertTrue(file.hasGroupColumn)
        XCTAssertEqual(file.report.rowsRead, 8)
        XCTAssertEqual(file.report.rejected.map { "\($0.line):\($0.column)" }, ["7:1", "8:5"])
        XCTAssertEqual(file.report.rejected.first?.file, path)
        XCTAssertEqual(file.report.rejected.first?.fields, ["2024-13", "430100", "C", "jobs", "5", ""])
        XCTAssertEqual(file.report.rejected.last?.problem, .notNumber(column: "value", found: "\" 7\""))
        XCTAssertEqual(file.report.duplicates.map { "\($0.line)<\($0.replacedLine)" }, ["9<6"])
        let p = file.panel
        XCTAssertEqual(p.keys, [SeriesKey(region: "430100", sector: "C", group: "ALL", signal: "jobs"),
                                SeriesKey(region: "430200", sector: "C", group: "youth", signal: "jobs")])
        XCTAssertEqual(p.start, Period(year: 2024, month: 1))
        XCTAssertEqual(p.periodCount, 2, "the blank March value is no month of data")
        XCTAssertEqual(Array(p.series(0)), [10, 9.5])
        XCTAssertEqual(Array(p.series(1)), [11, 12])
        assertSamePanel(p, try storePanel(path))
        XCTAssertNoThrow(try file.requireRows())
    }

    func testAnotherKindsFileAndAMissingColumnAreDataErrorsAtTheHeader() throws {
        let claims = try write("period,region_code,new_claims,recipients\n2024-01,430100,5,9\n", "claims.csv")
        XCTAssertThrowsError(try SeriesFile.read(path: claims)) { e in
            let f = e as? WorkbenchFailure
            XCTAssertEqual(f?.kind, .dataError)
            XCTAssertEqual(f?.message, "\(claims):1:0: the header period,region_code,new_claims,recipients has the columns of a claims file; expected the long format period,region_code,sector,signal,value[,group]")
        }
        let noValue = try write("period,region_code,sector,signal\n2024-01,430100,C,x\n", "novalue.csv")
        XCTAssertThrowsError(try SeriesFile.read(path: noValue)) { e in
            let f = e as? WorkbenchFailure
            XCTAssertEqual(f?.kind, .dataError)
            XCTAssertTrue(f?.message.hasPrefix("\(noValue):1:0: missing required column \"value\" for kind series;") == true, "\(e)")
        }
        XCTAssertThrowsError(try SeriesFile.read(path: "/nonexistent/x.csv")) { e in
            XCTAssertEqual((e as? WorkbenchFailure)?.kind, .noInput)
        }
    }

    func testAFileWithoutAValidRowIsReadButRefused() throws {
        let path = try write("period,region_code,sector,signal,value\n2024-1,430100,C,x,1\n")
        let file = try SeriesFile.read(path: path)
        XCTAssertEqual(file.report.rejected.count, 1, "the rejected row is still reported")
        XCTAssertThrowsError(try file.requireRows()) { e in
            XCTAssertEqual((e as? WorkbenchFailure)?.message,
                           "\(path):1:0: no valid row (all 1 rejected); expected at least one row of period,region_code,sector,signal,value[,group]")
        }
        let header = try SeriesFile.read(path: try write("period,region_code,sector,signal,value\n", "header.csv"))
        XCTAssertThrowsError(try header.requireRows()) { e in
            XCTAssertTrue((e as? WorkbenchFailure)?.message.contains(":2:0: a header and no data row;") == true, "\(e)")
        }
    }
}
