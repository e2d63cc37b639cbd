import Codes
import Foundation
import Modeling
import PanelData
import TabularIO

/// `detect`'s work on a long-format panel: fit every series at once, flag months whose
/// robust z passes a threshold and, with the robust model, the strongest change per series.
public struct Detection: Sendable {
    public enum Model: String, Sendable, CaseIterable {
        /// OLS on intercept + linear trend + month-of-year; spikes only.
        case plain
        /// Seasonal-trend, Huber fit, change scan.
        case robust
    }

    public let model: Model
    /// Flag months with |z| above this.
    public let threshold: Double
    /// Report a change when its scan statistic exceeds this (robust model only).
    public let changeThreshold: Double

    public init(model: Model, threshold: Double, changeThreshold: Double = ChangeScanSpec.standard.threshold) {
        self.model = model; self.threshold = threshold; self.changeThreshold = changeThreshold
    }

    /// One output row: a flagged month or the start of a change.
    public struct Flag: Sendable {
        public let series: Int
        public let month: Int
        public let kind: AnomalyKind
        public let expected: Double
        public let z: Double
    }

    /// What the fit found, with the warnings to show (skipped and non-converged series).
    public struct Result: Sendable {
        public let flags: [Flag]
        public let skipped: Int
        public let warnings: [String]
        /// The robust fit (for forecasts); `nil` with the plain model.
        public let fit: SeasonalTrendFit?
    }

    /// - Throws: `WorkbenchFailure` `.dataError` (prefixed with `label`) when the robust model
    ///   cannot be fitted.
    public func run(_ panel: Panel, label: String) throws -> Result {
        model == .plain ? try plain(panel) : try robust(panel, label: label)
    }

    func plain(_ panel: Panel) throws -> Result {
        let fit = try PlainSeasonalFit.fit(panel)
        let warnings = fit.skipped.map { "warning: series \(panel.keys[$0.series]) skipped: \($0.reason)" }
        let T = panel.periodCount
        var flags: [Flag] = []
        for s in 0..<panel.seriesCount {
            for t in 0..<T {
                let z = fit.z[t + s * T]
                guard !z.isNaN, abs(z) > threshold else { continue }
                flags.append(Flag(series: s, month: t, kind: .spike, expected: fit.fitted[t + s * T], z: z))
            }
        }
        return Result(flags: flags, skipped: fit.skipped.count, warnings: warnings, fit: nil)
    }

    func robust(_ panel: Panel, label: String) throws -> Result {
        let fit: SeasonalTrendFit
        do { fit = try SeasonalTrendSpec.standard.fit(panel) } catch let e as ModelError {
            throw WorkbenchFailure(.dataError, "\(label): \(e)")
        }
        var warnings = fit.skipped.map { "warning: series \(panel.keys[$0.series]) skipped: \($0.reason)" }
        for s in fit.notConverged {
            warnings.append("warning: series \(panel.keys[s]): robust fit did not converge in \(fit.spec.maxIterations) iterations; using the last iterate")
        }
        let scores = try fit.changeScores(ChangeScanSpec(threshold: changeThreshold))
        let T = panel.periodCount
        var flags: [Flag] = []
        for s in 0..<panel.seriesCount where fit.isFitted(s) {
            for t in 0..<T {
                let z = fit.z[t + s * T], za = scores.adjustedZ(month: t, series: s)
                guard !z.isNaN, abs(z) > threshold, abs(za) > threshold else { continue }
                flags.append(Flag(series: s, month: t, kind: .spike, expected: fit.fitted[t + s * T], z: z))
            }
            if let c = scores.changes[s] {
                flags.append(Flag(series: s, month: c.start, kind: c.kind, expected: fit.fitted[c.start + s * T], z: c.statistic))
            }
        }
        return Result(flags: flags, skipped: fit.skipped.count, warnings: warnings, fit: fit)
    }

    /// The flagged-rows CSV, header first, series in key order then month and kind:
    /// `period,region_code,sector[,group],signal,value,expected,z,kind`.
    public static func flagRows(_ flags: [Flag], _ panel: Panel, hasGroup: Bool) -> [[String]] {
        var header = ["period", "region_code", "sector"]
        if hasGroup { header.append("group") }
        header += ["signal", "value", "expected", "z", "kind"]
        let order = flags.sorted {
            let a = panel.keys[$0.series], b = panel.keys[$1.series]
            return a != b ? a < b : ($0.month, $0.kind.rawValue) < ($1.month, $1.kind.rawValue)
        }
        return [header] + order.map { f in
            let key = panel.keys[f.series]
            var row = [(panel.start + f.month).description, key.region, key.sector]
            if hasGroup { row.append(key.group) }
            row += [key.signal, format(panel[f.month, f.series]), format(f.expected), format(f.z, digits: 3), f.kind.rawValue]
            return row
        }
    }

    /// `months` forecasts per fitted series, series in key order, header first:
    /// `period,region_code,sector[,group],signal,horizon,forecast,lower,upper`. The forecast
    /// is `PathForecast`'s, the one the `ceiling_forecast` rule and the backtest's calibration
    /// use: a damped trend on the seasonally adjusted series with the season added back, and
    /// its `PathForecast.level` (90%) interval from the series' own out-of-sample forecast
    /// errors. A series with too little history for those errors (fewer than
    /// `PathForecast.minimumPaths` complete error paths) keeps its rows with the three
    /// values empty.
    public static func forecastRows(_ fit: SeasonalTrendFit, _ panel: Panel, months h: Int, hasGroup: Bool) throws -> [[String]] {
        let f = try fit.pathForecast(months: h, level: PathForecast.level)
        var header = ["period", "region_code", "sector"]
        if hasGroup { header.append("group") }
        header += ["signal", "horizon", "forecast", "lower", "upper"]
        var rows = [header]
        for s in panel.keys.indices.sorted(by: { panel.keys[$0] < panel.keys[$1] }) where fit.isFitted(s) {
            let key = panel.keys[s]
            for j in 0..<h {
                var row = [(f.start + j).description, key.region, key.sector]
                if hasGroup { row.append(key.group) }
                let i = j + s * h
                row += [key.signal, String(j + 1), format(f.mean[i], digits: 4), format(f.lower[i], digits: 4),
                        format(f.upper[i], digits: 4)]
                rows.append(row)
            }
        }
        return rows
    }

    /// `digits` fixed decimals when asked, else an integer when the value is one and six
    /// decimals when not; empty for `NaN`.
    static func format(_ v: Double, digits: Int? = nil) -> String {
        if v.isNaN { return "" }
        if let d = digits { return NumberText.fixed(v, d) }
        return v == v.rounded() && abs(v) < 1e15 ? NumberText.exact(v) : NumberText.fixed(v, 6)
    }
}
