import Codes
import PanelData
import XCTest

/// The panel's layout, slicing and month helpers, on hand-built panels whose every value is
/// written out below (the expected results are read off the literals, no reference program).
final class PanelTests: XCTestCase {
    private let jan = Period(year: 2024, month: 1)
    private let a = SeriesKey(region: "430100", sector: "C", signal: "payroll_headcount")
    private let b = SeriesKey(region: "430100", sector: "ALL", signal: "insured")
    private let c = SeriesKey(region: "US", sector: "CES3000000001", signal: "employment")

    /// Three series × four months, column-major: series s, month t holds 10·(s+1) + t,
    /// with month 3 of `b` and months 2–3 of `c` missing.
    private func sample() -> Panel {
        let n = Double.nan
        return Panel(start: jan, periodCount: 4, keys: [a, b, c],
                     values: [10, 11, 12, 13, 20, 21, 22, n, 30, 31, n, n])
    }

    func testColumnMajorLayoutAndObservedMask() {
        let p = sample()
        XCTAssertEqual(p.seriesCount, 3)
        XCTAssertEqual(p.periods, [jan, jan + 1, jan + 2, jan + 3])
        XCTAssertEqual(p[2, 0], 12)
        XCTAssertEqual(p[1, 2], 31)
        XCTAssertEqual(Array(p.series(1).prefix(3)), [20, 21, 22])
        XCTAssertFalse(p.isObserved(3, 1))
        XCTAssertTrue(p.isObserved(3, 0))
        XCTAssertEqual((0..<3).map(p.observedCount), [4, 3, 2])
        XCTAssertEqual(p.columnIndex[c], 2)
        var q = p
        q[0, 2] = 99
        XCTAssertEqual(q.values[8], 99, "column 2 starts at 2 × periodCount")
    }

    func testTruncatedKeepsTheMonthsThroughTheLastAndNoneBeforeTheStart() {
        let p = sample()
        let t = p.truncated(through: jan + 1)
        XCTAssertEqual(t.periodCount, 2)
        XCTAssertEqual(t.keys, p.keys)
        XCTAssertEqual(t.values, [10, 11, 20, 21, 30, 31])
        XCTAssertEqual(p.truncated(through: jan + 12).values.count, 12, "past the end: the whole panel")
        let none = p.truncated(through: jan - 1)
        XCTAssertEqual(none.periodCount, 0)
        XCTAssertEqual(none.values.count, 0)
    }

    func testColumnsAndSelectingKeepTheGivenOrder() {
        let p = sample()
        let cols = p.columns([2, 0])
        XCTAssertEqual(cols.keys, [c, a])
        XCTAssertEqual(Array(cols.values.prefix(2)), [30, 31])
        XCTAssertEqual(Array(cols.values.suffix(4)), [10, 11, 12, 13])
        let s = p.selecting([1, 0], through: jan + 2)
        XCTAssertEqual(s.keys, [b, a])
        XCTAssertEqual(s.values, [20, 21, 22, 10, 11, 12])
    }

    func testLastObservedMonthOfTheMainSources() {
        let p = sample()
        // `a` (payroll) runs to April; `b` (insured) to March; `c` is not a main source.
        XCTAssertEqual(p.lastObservedMonth(signals: Panel.mainSourceSignals), jan + 3)
        XCTAssertEqual(p.lastObservedMonth(signals: ["insured"]), jan + 2)
        XCTAssertEqual(p.lastObservedMonth(signals: ["employment"]), jan + 1)
        XCTAssertNil(p.lastObservedMonth(signals: ["claims"]), "no series of the signal")
    }

    func testSeriesKeysOrderByRegionSectorGroupSignalAndAcceptAnyCodes() {
        let keys = [c, b, a, SeriesKey(region: "430100", sector: "C", group: "key", signal: "payroll_headcount")]
        XCTAssertEqual(keys.sorted().map(\.description), [
            "430100/ALL/ALL/insured", "430100/C/ALL/payroll_headcount", "430100/C/key/payroll_headcount",
            "US/CES3000000001/ALL/employment",
        ])
    }

    func testEnterpriseSeriesMonthIndexAndLastReportWithinThreeMonths() {
        let n = Double.nan
        let e = EnterpriseSeries(id: "91430100MA4L0000X1", name: "Firm", region: "430102", sector: "C", isKey: false,
                                 start: jan, headcount: [50, n, n, n, 40, n],
                                 wages: [Double](repeating: 0, count: 6), daysLate: [Double](repeating: 0, count: 6),
                                 arrears: [Double](repeating: 0, count: 6))
        XCTAssertEqual(e.periodCount, 6)
        XCTAssertEqual(e.index(of: jan + 5), 5)
        XCTAssertNil(e.index(of: jan + 6))
        XCTAssertNil(e.index(of: jan - 1))
        XCTAssertEqual(e.lastObservedIndex(onOrBefore: jan + 5), 4)
        XCTAssertEqual(e.lastObservedIndex(onOrBefore: jan + 2), 0, "January is two months back")
        XCTAssertNil(e.lastObservedIndex(onOrBefore: jan + 3), "January is three months back: too old")
        XCTAssertEqual(e.lastObservedIndex(onOrBefore: jan + 30), 4, "clamped to the series' last month")
        XCTAssertNil(e.lastObservedIndex(onOrBefore: jan - 1))
    }

    func testRatioSignalsNameTheirParts() {
        let byName = Dictionary(uniqueKeysWithValues: RatioSignal.defaults.map { ($0.name, $0) })
        XCTAssertEqual(byName["separation_rate"]?.numerator, "separated")
        XCTAssertEqual(byName["separation_rate"]?.denominator, "insured")
        XCTAssertEqual(byName["vacancies_per_seeker"]?.denominator, "job_seekers")
    }
}
