import Codes
import Foundation

/// One prediction interval a replayed month gave: `series` forecast `horizon` months ahead
/// (1 = the month after the panel's last), for `target`.
public struct ForecastInterval: Sendable, Equatable {
    public let series: String
    public let target: Period
    public let horizon: Int
    public let lower: Double
    public let upper: Double
    public init(series: String, target: Period, horizon: Int, lower: Double, upper: Double) {
        self.series = series; self.target = target; self.horizon = horizon; self.lower = lower; self.upper = upper
    }
}

/// How often the realised value fell inside the intervals forecast h months ahead.
public struct HorizonCoverage: Sendable, Equatable {
    public let horizon: Int
    /// Intervals whose target month was realised by the end of the window.
    public let forecasts: Int
    /// Of those, how many held the realised value (bounds included).
    public let inside: Int
    /// Realised values below the interval and above it (the two tails).
    public let below: Int
    public let above: Int
    public var coverage: Double { forecasts == 0 ? .nan : Double(inside) / Double(forecasts) }
    public init(horizon: Int, forecasts: Int, inside: Int, below: Int, above: Int) {
        self.horizon = horizon; self.forecasts = forecasts; self.inside = inside; self.below = below; self.above = above
    }
}

/// The calibration check of the backtest (issue 12 item 4): about `level` of the months
/// forecast at `level` should fall inside their interval, at every horizon.
public enum ForecastCalibration {
    /// Coverage per horizon, 1…max horizon: each interval whose target month is at or before
    /// `until` and has a realised value counts; intervals with a NaN bound are left out.
    /// - Parameter realised: the published value of a series in a month (nil or NaN: none).
    public static func coverage(_ intervals: [ForecastInterval], until: Period,
                                realised: (String, Period) -> Double?) -> [HorizonCoverage] {
        guard let H = intervals.map(\.horizon).max(), H >= 1 else { return [] }
        var n = [Int](repeating: 0, count: H + 1), inside = n, below = n, above = n
        for x in intervals where x.horizon >= 1 && x.target <= until && !x.lower.isNaN && !x.upper.isNaN {
            guard let y = realised(x.series, x.target), !y.isNaN else { continue }
            n[x.horizon] += 1
            if y < x.lower { below[x.horizon] += 1 } else if y > x.upper { above[x.horizon] += 1 } else { inside[x.horizon] += 1 }
        }
        return (1...H).map { HorizonCoverage(horizon: $0, forecasts: n[$0], inside: inside[$0], below: below[$0], above: above[$0]) }
    }

    /// The coverage as aligned text, for the terminal and BENCHMARKS.md.
    public static func table(_ rows: [HorizonCoverage], level: Double) -> String {
        var s = String(format: "forecast calibration (%.0f%% intervals of the ceiling_forecast rules' series)\n", 100 * level)
        s += "horizon  forecasts  inside  coverage  below  above\n"
        for r in rows {
            let c = r.forecasts == 0 ? "n/a" : String(format: "%.2f", r.coverage)
            s += String(format: "%7d  %9d  %6d  ", r.horizon, r.forecasts, r.inside) + c.padding(toLength: 8, withPad: " ", startingAt: 0)
            s += String(format: "  %5d  %5d\n", r.below, r.above)
        }
        return s
    }

    /// CSV rows `horizon,forecasts,inside,coverage,below,above,level`.
    public static let header = ["horizon", "forecasts", "inside", "coverage", "below", "above", "level"]
    public static func fields(_ r: HorizonCoverage, level: Double) -> [String] {
        [String(r.horizon), String(r.forecasts), String(r.inside), r.forecasts == 0 ? "" : String(format: "%.4f", r.coverage),
         String(r.below), String(r.above), String(level)]
    }
}
