import Codes
import PanelData
import Scenarios
import TestSupport
import XCTest

final class ShockTests: XCTestCase {
    func testParsesTheIssueExample() throws {
        let s = try Shock(parsing: "region=430100,sector=C,signal=payroll_headcount,change=-15%,from=2024-03,months=6")
        XCTAssertEqual(s.region, RegionCode("430100"))
        XCTAssertEqual(s.sector, Sector("C"))
        XCTAssertEqual(s.change, .relative(-0.15))
        XCTAssertEqual(s.from, Period("2024-03"))
        XCTAssertEqual(s.months, 6)
        XCTAssertEqual(s.description, "region=430100,sector=C,signal=payroll_headcount,change=-15%,from=2024-03,months=6")
    }

    func testErrorsSayWhatWasExpected() {
        let cases: [(String, String)] = [
            ("region=4301,signal=x,change=-1%", "region must be a 6-digit division code such as 430100, found \"4301\""),
            ("signal=x,change=abc", "change must be a percentage (-15%) or an amount (-300), found \"abc\""),
            ("signal=x,change=-150%", "change must be a percentage above -100% such as -15%, found \"-150%\""),
            ("signal=x,change=-1%,colour=red", "unknown key \"colour\"; expected one of region, sector, group, enterprise, signal, change, from, months, ramp"),
            ("enterprise=91430102MA4L000001,signal=payroll_headcount,change=-1%",
             "enterprise must be a Unified Social Credit Code: check character should be \"C\", found \"1\""),
            ("enterprise=\(ShockTests.code),region=430100,signal=payroll_headcount,change=-1%",
             "enterprise= takes its region and sector from the enterprise register; leave out region, sector and group"),
            ("enterprise=\(ShockTests.code),signal=insured,change=-1%",
             "an enterprise shock changes payroll_headcount or payroll_wages, not insured"),
            ("change=-1%", "signal=NAME is required, e.g. signal=payroll_headcount"),
            ("signal=x,change=-1%,from=2024-3", "from must be a month YYYY-MM, found \"2024-3\""),
            ("signal=x,change=-300", "an absolute change needs region= so the amount has a total to be shared over"),
        ]
        for (spec, message) in cases {
            XCTAssertThrowsError(try Shock(parsing: spec), spec) { e in
                XCTAssertEqual("\(e)", "invalid shock \"\(spec)\": \(message)")
            }
        }
    }

    /// Two counties of Changsha in sector C, their city total, the province total, and the
    /// all-sector city total: a −10% shock to Changsha C moves the counties and the city by
    /// 10%, the aggregates above by the same amount, and leaves Zhuzhou alone.
    func testShockMovesSelectionAndKeepsAggregatesConsistent() throws {
        let keys = [("430102", "C", 100.0), ("430104", "C", 300.0), ("430100", "C", 400.0),
                    ("430100", "ALL", 1000.0), ("430000", "C", 900.0), ("430200", "C", 500.0)]
            .map { (SeriesKey(region: $0.0, sector: $0.1, signal: "payroll_headcount"), $0.2) }
        let T = 4
        let panel = Panel(start: Period("2024-01")!, periodCount: T, keys: keys.map(\.0),
                          values: keys.flatMap { k in [Double](repeating: k.1, count: T) })
        let shock = try Shock(parsing: "region=430100,sector=C,signal=payroll_headcount,change=-10%,from=2024-03")
        let (out, report) = panel.applying([shock], asOf: Period("2024-04")!)
        func col(_ s: Int) -> [Double] { Array(out.series(s)) }
        XCTAssertEqual(col(0), [100, 100, 90, 90])
        XCTAssertEqual(col(1), [300, 300, 270, 270])
        XCTAssertEqual(col(2), [400, 400, 360, 360])
        XCTAssertEqual(col(3), [1000, 1000, 960, 960])
        XCTAssertEqual(col(4), [900, 900, 860, 860])
        XCTAssertEqual(col(5), [500, 500, 500, 500])
        XCTAssertEqual(report, ShockReport(shockedSeries: 3, aggregatesAdjusted: 2, ratiosRecomputed: 0))
        XCTAssertEqual(Array(panel.series(2)), [400, 400, 400, 400], "the original panel is unchanged")
    }

    func testAbsoluteChangeIsSharedAndRampBuildsUp() throws {
        let keys = [SeriesKey(region: "430102", sector: "C", signal: "x"), SeriesKey(region: "430104", sector: "C", signal: "x"),
                    SeriesKey(region: "430100", sector: "C", signal: "x")]
        let panel = Panel(start: Period("2024-01")!, periodCount: 3, keys: keys,
                          values: [100, 100, 100, 300, 300, 300, 400, 400, 400])
        let shock = try Shock(parsing: "region=430100,sector=C,signal=x,change=-40,from=2024-01,ramp=2")
        let (out, _) = panel.applying([shock], asOf: Period("2024-01")!)
        XCTAssertEqual(Array(out.series(2)), [380, 360, 360])
        XCTAssertEqual(Array(out.series(0)), [95, 90, 90])
        XCTAssertEqual(Array(out.series(1)), [285, 270, 270])
    }

    static let code = CreditCode.withCheckCharacter("91430102MA4L00000").text

    /// An enterprise of 50 in county 430102, sector C (county cell 100 on payroll, 80 insured;
    /// city cell 400): −40% from 2024-03 takes the enterprise to 30, the county and city cells
    /// down by 20 on payroll and by 16 insured (the cell's 80% insured share).
    func testEnterpriseShockMovesTheFirmAndItsCell() throws {
        let shock = try Shock(parsing: "enterprise=\(ShockTests.code),signal=payroll_headcount,change=-40%,from=2024-03")
        XCTAssertEqual(shock.description, "enterprise=\(ShockTests.code),signal=payroll_headcount,change=-40%,from=2024-03")
        let start = Period("2024-01")!, T = 4
        let cells = [("430102", "payroll_headcount", 100.0), ("430102", "insured", 80.0),
                     ("430100", "payroll_headcount", 400.0), ("430100", "insured", 320.0)]
        let panel = Panel(start: start, periodCount: T,
                          keys: cells.map { SeriesKey(region: $0.0, sector: "C", signal: $0.1) },
                          values: cells.flatMap { [Double](repeating: $0.2, count: T) })
        let firm = EnterpriseSeries(id: ShockTests.code, name: "测试", region: "430102", sector: "C", isKey: true, start: start,
                                    headcount: [50, 50, 50, 50], wages: [Double](repeating: 3e5, count: T),
                                    daysLate: [Double](repeating: 0, count: T), arrears: [Double](repeating: 0, count: T))
        var enterprises = [firm]
        let (area, notes) = try EnterpriseShocks.apply([shock], to: &enterprises, panel: panel, asOf: Period("2024-04")!)
        XCTAssertEqual(notes, [])
        XCTAssertEqual(enterprises[0].headcount, [50, 50, 30, 30])
        XCTAssertEqual(enterprises[0].wages, firm.wages, "only the shocked figure moves")
        XCTAssertEqual(area.count, 4, "payroll and insured, for each of the two months")
        let (out, report) = panel.applying(area, asOf: Period("2024-04")!)
        XCTAssertEqual(Array(out.series(0)), [100, 100, 80, 80])
        XCTAssertEqual(Array(out.series(1)), [80, 80, 64, 64])
        XCTAssertEqual(Array(out.series(2)), [400, 400, 380, 380])
        XCTAssertEqual(Array(out.series(3)), [320, 320, 304, 304])
        XCTAssertEqual(report, ShockReport(shockedSeries: 2, aggregatesAdjusted: 2, ratiosRecomputed: 0),
                       "two county series, each shocked month by month, count once")

        // A firm whose county cell the panel does not hold: its own figures move, with a note.
        var elsewhere = [EnterpriseSeries(id: ShockTests.code, name: "测试", region: "430104", sector: "C", isKey: true, start: start,
                                          headcount: [50, 50, 50, 50], wages: firm.wages, daysLate: firm.daysLate, arrears: firm.arrears)]
        let moved = try EnterpriseShocks.apply([shock], to: &elsewhere, panel: panel, asOf: start)
        XCTAssertEqual(elsewhere[0].headcount, [50, 50, 30, 30])
        XCTAssertEqual(moved.notes, ["430104/C/payroll_headcount is not in the panel: the shock to \(ShockTests.code) moves the enterprise's own figures only"])

        var none: [EnterpriseSeries] = []
        XCTAssertThrowsError(try EnterpriseShocks.apply([shock], to: &none, panel: panel, asOf: start)) { e in
            XCTAssertEqual("\(e)", "enterprise \(ShockTests.code) is not in the store's enterprise data")
        }
    }

    func testZeroShockChangesNothingAndRatiosFollowTheirParts() throws {
        let keys = ["separated", "insured", "separation_rate"].map { SeriesKey(region: "430100", sector: "C", signal: $0) }
        let panel = Panel(start: Period("2024-01")!, periodCount: 2, keys: keys, values: [10, 10, 1000, 1000, 1.0, 1.0])
        let zero = panel.applying([try Shock(parsing: "region=430100,signal=separated,change=0%")], asOf: Period("2024-01")!)
        XCTAssertEqual(zero.panel.values, panel.values)
        let up = panel.applying([try Shock(parsing: "region=430100,signal=separated,change=50%,from=2024-02")],
                                asOf: Period("2024-01")!)
        XCTAssertEqual(Array(up.panel.series(2)), [1.0, 1.5], "rate in percent rises with separations")
        XCTAssertEqual(up.report.ratiosRecomputed, 1)
    }
}
