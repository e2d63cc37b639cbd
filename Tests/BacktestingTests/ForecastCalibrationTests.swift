import Backtesting
import Codes
import XCTest

/// The backtest's calibration check (issue 12 item 4): coverage per horizon of the forecast
/// intervals, computed by hand on a small case.
final class ForecastCalibrationTests: XCTestCase {
    func testCoverageByHandComputedCase() {
        let m = { (s: String) in Period(s)! }
        let intervals = [
            ForecastInterval(series: "a", target: m("2020-02"), horizon: 1, lower: 1, upper: 3),   // 2: inside
            ForecastInterval(series: "a", target: m("2020-03"), horizon: 2, lower: 1, upper: 3),   // 3.5: above
            ForecastInterval(series: "a", target: m("2020-03"), horizon: 1, lower: 2, upper: 4),   // 3.5: inside
            ForecastInterval(series: "b", target: m("2020-02"), horizon: 1, lower: 0, upper: 1),   // −1: below
            ForecastInterval(series: "c", target: m("2020-02"), horizon: 1, lower: 5, upper: 6),   // 6: on the bound, inside
            ForecastInterval(series: "b", target: m("2020-05"), horizon: 2, lower: 0, upper: 1),   // after the window: left out
            ForecastInterval(series: "a", target: m("2020-04"), horizon: 2, lower: 0, upper: 9),   // not published: left out
            ForecastInterval(series: "c", target: m("2020-03"), horizon: 3, lower: .nan, upper: 1), // no interval: left out
        ]
        let realised: [String: [Period: Double]] = [
            "a": [m("2020-02"): 2, m("2020-03"): 3.5, m("2020-04"): .nan],
            "b": [m("2020-02"): -1, m("2020-05"): 0.5],
            "c": [m("2020-02"): 6, m("2020-03"): 0],
        ]
        let c = ForecastCalibration.coverage(intervals, until: m("2020-04")) { realised[$0]?[$1] }
        XCTAssertEqual(c, [
            HorizonCoverage(horizon: 1, forecasts: 4, inside: 3, below: 1, above: 0),
            HorizonCoverage(horizon: 2, forecasts: 1, inside: 0, below: 0, above: 1),
            HorizonCoverage(horizon: 3, forecasts: 0, inside: 0, below: 0, above: 0),
        ])
        XCTAssertEqual(c[0].coverage, 0.75)
        XCTAssertEqual(c[1].coverage, 0)
        XCTAssertTrue(c[2].coverage.isNaN)
        let table = ForecastCalibration.table(c, level: 0.9)
        XCTAssertTrue(table.contains("      1          4       3  0.75          1      0\n"), table)
        XCTAssertTrue(table.contains("      3          0       0  n/a           0      0\n"), table)
        XCTAssertEqual(ForecastCalibration.fields(c[0], level: 0.9), ["1", "4", "3", "0.7500", "1", "0", "0.9"])
        XCTAssertEqual(ForecastCalibration.coverage([], until: m("2020-04")) { _, _ in 1 }, [])
    }
}
