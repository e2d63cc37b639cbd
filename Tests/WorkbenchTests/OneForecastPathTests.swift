import Codes
import Foundation
import Modeling
import PanelData
import Workbench
import XCTest

/// `detect --forecast` and `scenario` forecast with `PathForecast`, the forecast the
/// `ceiling_forecast` rule and the backtest's calibration use (issue 12): the same point
/// forecast and the same 90% interval from the series' own out-of-sample errors.
final class OneForecastPathTests: XCTestCase {
    /// A rate with a season and a hump, and a headcount with trend and season: six years
    /// from 2019-01.
    func fixture() -> Panel {
        let T = 72
        var state: UInt64 = 7
        func noise() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        var rate: [Double] = [], headcount: [Double] = []
        for t in 0..<T {
            let season = sin(2 * Double.pi * Double(t % 12) / 12)
            rate.append(5 + 0.3 * season + (t > 50 && t < 62 ? 0.05 * Double(t - 50) : 0) + 0.1 * noise())
            headcount.append(40_000 * (1 + 0.002 * Double(t)) * (1 + 0.02 * season) + 200 * noise())
        }
        let keys = [SeriesKey(region: "430100", sector: "ALL", signal: "surveyed_unemployment_rate"),
                    SeriesKey(region: "430100", sector: "C", signal: "payroll_headcount")]
        return Panel(start: Period(year: 2019, month: 1), periodCount: T, keys: keys, values: rate + headcount)
    }

    func testDetectForecastRowsArePathForecast() throws {
        let panel = fixture(), h = 3
        let fit = try SeasonalTrendSpec().fit(panel)
        let f = try fit.pathForecast(months: h, level: PathForecast.level)
        let rows = try Detection.forecastRows(fit, panel, months: h, hasGroup: false)
        XCTAssertEqual(rows.first, ["period", "region_code", "sector", "signal", "horizon", "forecast", "lower", "upper"])
        XCTAssertEqual(rows.count, 1 + 2 * h)
        let index = panel.columnIndex
        for row in rows.dropFirst() {
            let s = try XCTUnwrap(index[SeriesKey(region: row[1], sector: row[2], signal: row[3])])
            let j = try XCTUnwrap(Int(row[4])) - 1
            XCTAssertEqual(row[0], (f.start + j).description)
            let i = j + s * h
            XCTAssertFalse(f.mean[i].isNaN, "72 months give every series its error paths")
            XCTAssertEqual(try XCTUnwrap(Double(row[5])), f.mean[i], accuracy: 5e-5)
            XCTAssertEqual(try XCTUnwrap(Double(row[6])), f.lower[i], accuracy: 5e-5)
            XCTAssertEqual(try XCTUnwrap(Double(row[7])), f.upper[i], accuracy: 5e-5)
            let (lo, hi) = f.interval(level: 0.9, month: j, series: s)
            XCTAssertEqual(f.lower[i], lo)
            XCTAssertEqual(f.upper[i], hi)
        }
    }

    func testScenarioForecastIsPathForecast() throws {
        let panel = fixture(), h = 3
        let asOf = panel.start + (panel.periodCount - 1)
        var values = (0..<(2 * panel.periodCount)).map { panel[$0 % panel.periodCount, $0 / panel.periodCount] }
        for t in (panel.periodCount - 3)..<panel.periodCount { values[t + panel.periodCount] *= 0.9 }
        let shocked = Panel(start: panel.start, periodCount: panel.periodCount, keys: panel.keys, values: values)
        let rows = try ForecastComparison.compare(Array(panel.keys.reversed()), baseline: panel, shocked: shocked, through: asOf, horizon: h)
        XCTAssertEqual(rows.map(\.key), Array(panel.keys.reversed()))
        for (which, source) in [(0, panel), (1, shocked)] {
            let f = try SeasonalTrendSpec().fit(source.selecting([1, 0], through: asOf)).pathForecast(months: h, level: PathForecast.level)
            for (s, row) in rows.enumerated() {
                XCTAssertEqual(row.start, f.start)
                for j in 0..<h {
                    let got = which == 0 ? row.baseline[j] : row.shocked[j]
                    XCTAssertEqual(got.mean, f.mean[j + s * h])
                    XCTAssertEqual(got.lower, f.lower[j + s * h])
                    XCTAssertEqual(got.upper, f.upper[j + s * h])
                }
            }
        }
        XCTAssertLessThan(rows[0].shocked[0].mean, rows[0].baseline[0].mean, "the shocked headcount is forecast lower")
    }
}
