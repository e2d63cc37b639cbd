import Codes
import Foundation
@testable import Modeling
import PanelData
import TestSupport
import XCTest

final class PathForecastTests: XCTestCase {
    private let dir = "scripts/reference/forecast/"

    private func csv(_ name: String) throws -> [[String]] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(dir + name)
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",").map(String.init) }
    }

    private func series() throws -> [Double] { try csv("series.csv").map { Double($0[1])! } }

    /// The damped-trend recursion against statsmodels 0.15.0 `ExponentialSmoothing(trend="add",
    /// damped_trend=True)` with fixed parameters and a known initial state
    /// (scripts/reference/forecast/make_reference.py): one-step forecasts of months 1…59 and
    /// forecasts 1…6 months past the end, three parameter sets. The same recursion in the
    /// same order of operations, so only rounding differs: 1e-12 relative.
    func testDampedTrendMatchesStatsmodels() throws {
        let y = try series()
        let rows = try csv("damped_trend.csv")
        var checked = 0
        for (alpha, beta, phi) in [(0.3, 0.1, 0.9), (1.0, 0.2, 0.8), (0.5, 0.0, 0.98)] {
            let model = DampedTrend(alpha: alpha, beta: beta, phi: phi)
            let states = model.filter(y)
            for r in rows where Double(r[0]) == alpha && Double(r[1]) == beta && Double(r[2]) == phi {
                let i = Int(r[4])!, ref = Double(r[5])!
                let got = r[3] == "fitted" ? model.forecast(from: states[i - 1]!, months: 1)
                                           : model.forecast(from: states[y.count - 1]!, months: i)
                assertClose(got, ref, relativeTolerance: 1e-12, "\(r)")
                checked += 1
            }
        }
        XCTAssertEqual(checked, 3 * (59 + 6))
    }

    /// One-step squared errors against numpy's sum over statsmodels' fitted values (same
    /// script), 1e-10 relative (a sum of 59 squares); the grid search picks a point no worse
    /// than any of those (all of them lie on the grid).
    func testSquaredErrorAndGridSearch() throws {
        let y = try series()
        var least = Double.infinity
        for r in try csv("sse.csv") {
            let m = DampedTrend(alpha: Double(r[0])!, beta: Double(r[1])!, phi: Double(r[2])!)
            assertClose(m.oneStepSquaredError(y), Double(r[3])!, relativeTolerance: 1e-10, "\(r)")
            least = min(least, Double(r[3])!)
        }
        let best = DampedTrend.estimated(y)
        XCTAssertLessThanOrEqual(best.oneStepSquaredError(y), least * (1 + 1e-12))
        XCTAssertTrue(DampedTrend.grid.allSatisfy { $0.beta <= $0.alpha })
    }

    /// Conformal ranks computed by hand: n = 19 at 90% gives ranks ⌊20·0.05⌋ = 1 and
    /// ⌈20·0.95⌉ = 19; n = 18 gives rank ⌊19·0.05⌋ = 0, outside; n = 39 gives 2 and 38.
    func testConformalRanks() {
        let e19 = (1...19).map(Double.init)
        XCTAssertEqual(PathForecast.conformalBounds(e19, level: 0.9)?.0, 1)
        XCTAssertEqual(PathForecast.conformalBounds(e19, level: 0.9)?.1, 19)
        XCTAssertNil(PathForecast.conformalBounds(Array(e19.prefix(18)), level: 0.9))
        let e39 = (1...39).map(Double.init)
        XCTAssertEqual(PathForecast.conformalBounds(e39, level: 0.9)?.0, 2)
        XCTAssertEqual(PathForecast.conformalBounds(e39, level: 0.9)?.1, 38)
    }

    /// Crossing probability by hand: mean 5.0, 5.1, 5.2 and 20 error paths, of which path i
    /// (0-based) is (−0.5, −0.5, 0.01·i): the first two months never reach 5.3; the third
    /// goes above 5.3 when 5.2 + 0.01·i > 5.3, i.e. i ≥ 11: 9 of 20 paths, 0.45. Within two
    /// months none; with one path's second month missing, 19 usable paths remain for w = 3
    /// (the one dropped, i = 19, crossed): 8/19.
    func testProbabilityFromPaths() {
        var paths = (0..<20).map { [-0.5, -0.5, 0.01 * Double($0)] }
        let sorted = [[Double]](repeating: [], count: 3)
        func forecast(_ p: [[Double]]) -> PathForecast {
            PathForecast(start: Period(year: 2025, month: 1), months: 3, seriesCount: 1, level: 0.9, mean: [5.0, 5.1, 5.2],
                         lower: [.nan, .nan, .nan], upper: [.nan, .nan, .nan], point: [5.0, 5.1, 5.2], season: [0, 0, 0],
                         logScale: [false], trend: [nil], paths: [p], sortedErrors: [sorted])
        }
        XCTAssertEqual(forecast(paths).probabilityAbove(ceiling: 5.3, within: 3, series: 0), 0.45, accuracy: 1e-12)
        XCTAssertEqual(forecast(paths).probabilityAbove(ceiling: 5.3, within: 2, series: 0), 0)
        paths[19][1] = .nan
        XCTAssertEqual(forecast(paths).probabilityAbove(ceiling: 5.3, within: 3, series: 0), 8.0 / 19, accuracy: 1e-12)
        // 18 usable paths: fewer than the 19 a statement needs.
        paths[18][0] = .nan
        XCTAssertTrue(forecast(paths).probabilityAbove(ceiling: 5.3, within: 3, series: 0).isNaN)
    }

    /// Calibration by construction: 300 series (random walk with a seasonal pattern and noise,
    /// 96 months fitted) each forecast 3 months ahead and checked against the 3 months that
    /// followed. The 90% intervals must hold 0.90 ± 0.035 at every horizon (binomial
    /// standard error √(0.09/300) = 0.017; ±2σ).
    func testIntervalsCoverNinetyPercentOnRandomWalks() throws {
        let N = 300, T = 96, h = 3
        var rng = Rng(seed: 12)
        var fitted = [Double](), future = [[Double]]()
        for _ in 0..<N {
            let season = (0..<12).map { _ in 0.3 * rng.normal() }
            var level = 5.0, col = [Double]()
            for t in 0..<(T + h) { level += 0.08 * rng.normal(); col.append(level + season[t % 12] + 0.05 * rng.normal()) }
            fitted += col.prefix(T); future.append(Array(col.suffix(h)))
        }
        let keys = (0..<N).map { SeriesKey(region: "430100", sector: "C", signal: "s\($0)") }
        let fit = try SeasonalTrendSpec.standard.fit(Panel(start: Period(year: 2016, month: 1), periodCount: T, keys: keys, values: fitted))
        let fc = try fit.pathForecast(months: h, level: 0.9)
        var inside = [Int](repeating: 0, count: h), n = 0
        for s in 0..<N where !fc.mean[s * h].isNaN {
            n += 1
            for j in 0..<h {
                let y = future[s][j]
                if y >= fc.lower[j + s * h] && y <= fc.upper[j + s * h] { inside[j] += 1 }
            }
        }
        XCTAssertEqual(n, N, "every series has 96 months: enough error paths")
        for j in 0..<h {
            let c = Double(inside[j]) / Double(n)
            XCTAssertEqual(c, 0.9, accuracy: 0.035, "h = \(j + 1): coverage \(c)")
        }
    }

    /// A rate that rose for a year and has fallen for the last eight months: the forecast
    /// starts near the latest value and keeps falling (damped), so a ceiling the hump
    /// approached but the rate has left is not forecast to be crossed; the same series
    /// still rising is.
    func testAHumpIsNotCarriedForward() throws {
        let T = 72
        var rng = Rng(seed: 5)
        var hump = [Double](), rising = [Double]()
        for t in 0..<T {
            let base = 4.6 + 0.05 * rng.normal() + 0.2 * sin(2 * .pi * Double(t) / 12)
            let shape = t < 52 ? 0.0 : (t < 64 ? 0.06 * Double(t - 52) : 0.72 - 0.08 * Double(t - 64))
            hump.append(base + shape)
            rising.append(base + (t < 52 ? 0 : 0.06 * Double(t - 52)))
        }
        let fit = try SeasonalTrendSpec.standard.fit(panel([hump, rising]))
        let fc = try fit.pathForecast(months: 3)
        let ceiling = 5.3
        let pHump = fc.probabilityAbove(ceiling: ceiling, within: 3, series: 0)
        let pRising = fc.probabilityAbove(ceiling: ceiling, within: 3, series: 1)
        XCTAssertLessThan(pHump, 0.2, "falling from its hump: \(pHump)")
        XCTAssertGreaterThan(pRising, 0.8, "still rising: \(pRising)")
        // The level is the latest months', not the hump's: three months out the falling series
        // is forecast near its pre-hump level (adjusted 4.6 + 0.16 now, falling 0.08 a month),
        // more than 0.8 point below the rising one (4.6 + 1.14 now).
        XCTAssertLessThan(fc.mean[2], fc.mean[2 + 3] - 0.8, "\(fc.mean)")
    }
}
