import ArgumentParser
import Codes
import Foundation
import Modeling
import PanelData
import TabularIO

struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Flag anomalous months and changes in every series of a long-format file.",
        discussion: """
        Input columns (by name, any order): period (YYYY-MM), region_code, sector, signal, \
        value, and optionally group. All series are fitted at once.

        --model robust (default): intercept + piecewise-linear trend (ridge-penalised knots \
        every 24 months) + month-of-year + Spring Festival regressors, fitted by Huber M-estimation (Newton steps, IRLS fallback). \
        Spikes are months whose robust z, r / sigma, exceeds --threshold (and still does \
        once a detected change is fitted out). Each series is also scanned for a level \
        shift, a slope change or a recent drift (last 12 months); the strongest one whose \
        standardised statistic exceeds --change-threshold is reported, with period = the \
        month the change began.
        --model plain: the foundation model, ordinary least squares on intercept + linear \
        trend + month-of-year, robust z = (r - median r) / (1.4826 MAD r); spikes only.

        Output columns: period,region_code,sector[,group],signal,value,expected,z,kind
        kind is spike, level_shift, slope_change or drift. For a change, value and expected \
        are those of its first month and z is the scan statistic (negative = downward).

        --forecast H --forecast-out FILE writes, for every fitted series, the next H months: \
        period,region_code,sector[,group],signal,horizon,forecast,lower,upper,se \
        (95% prediction interval: residual scale and parameter uncertainty, Student t).

        Example:
          jobsentry detect --input datasets/sample/series.csv --out flagged.csv --threshold 4
          jobsentry detect --input datasets/sample/series.csv --model plain
          jobsentry detect --input datasets/sample/series.csv --forecast 6 --forecast-out forecast.csv
        """
    )

    enum Model: String, ExpressibleByArgument, CaseIterable {
        case plain, robust
    }

    @Option(name: .long, help: "Long-format CSV to read ('-' for standard input).")
    var input: String

    @Option(name: .long, help: "Where to write flagged rows ('-' for standard output).")
    var out: String = "-"

    @Option(name: .long, help: "Flag months with |z| above this (must be positive).")
    var threshold: Double = 3.5

    @Option(name: .long, help: "Model: robust (seasonal-trend, Huber fit, change scan) or plain (OLS, spikes only).")
    var model: Model = .robust

    @Option(name: .long, help: "Report a change when its scan statistic exceeds this (robust model only).")
    var changeThreshold: Double = ChangeScanSpec.standard.threshold

    @Option(name: .long, help: "Also forecast this many months ahead (1-24, robust model only); needs --forecast-out.")
    var forecast: Int?

    @Option(name: .long, help: "Where to write forecasts with 95% prediction intervals ('-' for standard output).")
    var forecastOut: String?

    func validate() throws {
        if let h = forecast {
            guard (1...24).contains(h) else { throw ValidationError("--forecast must be 1...24 months, got \(h)") }
            guard forecastOut != nil else { throw ValidationError("--forecast needs --forecast-out FILE for the forecast rows") }
            guard model == .robust else { throw ValidationError("--forecast needs --model robust (the plain model has no intervals)") }
        } else if forecastOut != nil {
            throw ValidationError("--forecast-out needs --forecast H")
        }
        guard threshold > 0, threshold.isFinite else {
            throw ValidationError("--threshold must be a positive number, got \(threshold)")
        }
        guard changeThreshold > 0, changeThreshold.isFinite else {
            throw ValidationError("--change-threshold must be a positive number, got \(changeThreshold)")
        }
    }

    func run() throws {
        let result: LongFormat.ReadResult
        do {
            result = try LongFormat.read(path: input)
        } catch let e as IOFailure {
            diagnose("error: \(e)")
            throw ExitStatus.noInput
        } catch let e as CSVError {
            diagnose("error: \(e)")
            throw ExitStatus.dataError
        }
        for c in result.ignoredColumns { diagnose("warning: \(input): ignoring unknown column \"\(c)\"") }
        for r in result.rejected { diagnose("error: \(r.error) (row skipped)") }
        for d in result.duplicates { diagnose("warning: \(d)") }
        if result.rowsRead > 0 && result.rejected.count == result.rowsRead {
            diagnose("error: \(input): no valid rows (\(result.rowsRead) rejected)")
            throw ExitStatus.dataError
        }
        let panel = result.panel
        let (flags, skippedCount) = model == .plain ? try plainFlags(panel) : try robustFlags(panel, hasGroup: result.hasGroupColumn)

        let writer: CSVWriter
        do { writer = try CSVWriter(path: out) } catch {
            diagnose("error: cannot write \(out): \(error)")
            throw ExitStatus.cannotCreate
        }
        var header = ["period", "region_code", "sector"]
        if result.hasGroupColumn { header.append("group") }
        header += ["signal", "value", "expected", "z", "kind"]
        try writer.write(header)
        let order = flags.sorted {
            let a = panel.keys[$0.series], b = panel.keys[$1.series]
            return a != b ? a < b : ($0.month, $0.kind.rawValue) < ($1.month, $1.kind.rawValue)
        }
        for f in order {
            let key = panel.keys[f.series]
            var row = [(panel.start + f.month).description, key.region, key.sector]
            if result.hasGroupColumn { row.append(key.group) }
            row += [key.signal, format(panel[f.month, f.series]), format(f.expected), format(f.z, digits: 3), f.kind.rawValue]
            try writer.write(row)
        }
        try writer.close()
        let changes = flags.filter { $0.kind != .spike }.count
        diagnose("detect: \(panel.seriesCount) series, \(panel.periodCount) months, \(skippedCount) skipped, \(flags.count - changes) spikes (|z| > \(threshold)), \(changes) changes (model \(model.rawValue))")
    }

    /// One output row: a flagged month or the start of a change.
    struct Flag {
        let series: Int
        let month: Int
        let kind: AnomalyKind
        let expected: Double
        let z: Double
    }

    /// Flags and the number of skipped series.
    func plainFlags(_ panel: Panel) throws -> ([Flag], Int) {
        let fit = try PlainSeasonalFit.fit(panel)
        for s in fit.skipped { diagnose("warning: series \(panel.keys[s.series]) skipped: \(s.reason)") }
        let T = panel.periodCount
        var flags: [Flag] = []
        for s in 0..<panel.seriesCount {
            for t in 0..<T {
                let z = fit.z[t + s * T]
                guard !z.isNaN, abs(z) > threshold else { continue }
                flags.append(Flag(series: s, month: t, kind: .spike, expected: fit.fitted[t + s * T], z: z))
            }
        }
        return (flags, fit.skipped.count)
    }

    func robustFlags(_ panel: Panel, hasGroup: Bool) throws -> ([Flag], Int) {
        let fit: SeasonalTrendFit
        do { fit = try SeasonalTrendSpec.standard.fit(panel) } catch let e as ModelError {
            diagnose("error: \(input): \(e)")
            throw ExitStatus.dataError
        }
        for s in fit.skipped { diagnose("warning: series \(panel.keys[s.series]) skipped: \(s.reason)") }
        for s in fit.notConverged {
            diagnose("warning: series \(panel.keys[s]): robust fit did not converge in \(fit.spec.maxIterations) iterations; using the last iterate")
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
        if let h = forecast, let path = forecastOut { try writeForecasts(fit, panel, months: h, to: path, hasGroup: hasGroup) }
        return (flags, fit.skipped.count)
    }
}

/// Shortest round-trip text for a value, or fixed digits when asked.
func format(_ v: Double, digits: Int? = nil) -> String {
    if v.isNaN { return "" }
    if let d = digits { return String(format: "%.\(d)f", v) }
    if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
    return String(format: "%.6f", v)
}
