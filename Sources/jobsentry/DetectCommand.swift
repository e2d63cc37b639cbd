import ArgumentParser
import Codes
import Foundation
import Modeling
import PanelData
import TabularIO

struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Flag anomalous months in every series of a long-format file.",
        discussion: """
        Input columns (by name, any order): period (YYYY-MM), region_code, sector, signal, \
        value, and optionally group. Each series is fitted with intercept + linear trend + \
        month-of-year effects by least squares, all series at once; a month is flagged when \
        the robust z-score of its residual, (r - median r) / (1.4826 MAD r), exceeds the threshold.

        Output columns: period,region_code,sector[,group],signal,value,expected,z

        Example:
          jobsentry detect --input datasets/sample/series.csv --out flagged.csv --threshold 4
        """
    )

    @Option(name: .long, help: "Long-format CSV to read ('-' for standard input).")
    var input: String

    @Option(name: .long, help: "Where to write flagged rows ('-' for standard output).")
    var out: String = "-"

    @Option(name: .long, help: "Flag months with |z| above this (must be positive).")
    var threshold: Double = 3.5

    func validate() throws {
        guard threshold > 0, threshold.isFinite else {
            throw ValidationError("--threshold must be a positive number, got \(threshold)")
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
        let fit = try PlainSeasonalFit.fit(panel)
        for s in fit.skipped { diagnose("warning: series \(panel.keys[s.series]) skipped: \(s.reason)") }

        let writer: CSVWriter
        do { writer = try CSVWriter(path: out) } catch {
            diagnose("error: cannot write \(out): \(error)")
            throw ExitStatus.cannotCreate
        }
        var header = ["period", "region_code", "sector"]
        if result.hasGroupColumn { header.append("group") }
        header += ["signal", "value", "expected", "z"]
        try writer.write(header)
        let T = panel.periodCount
        let order = panel.keys.indices.sorted { panel.keys[$0] < panel.keys[$1] }
        var flagged = 0
        for s in order {
            let key = panel.keys[s]
            for t in 0..<T {
                let z = fit.z[t + s * T]
                guard !z.isNaN, abs(z) > threshold else { continue }
                var row = [(panel.start + t).description, key.region, key.sector]
                if result.hasGroupColumn { row.append(key.group) }
                row += [key.signal, format(panel[t, s]), format(fit.fitted[t + s * T]), format(z, digits: 3)]
                try writer.write(row)
                flagged += 1
            }
        }
        try writer.close()
        diagnose("detect: \(panel.seriesCount) series, \(T) months, \(fit.skipped.count) skipped, \(flagged) flagged (|z| > \(threshold))")
    }
}

/// Shortest round-trip text for a value, or fixed digits when asked.
func format(_ v: Double, digits: Int? = nil) -> String {
    if let d = digits { return String(format: "%.\(d)f", v) }
    if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
    return String(format: "%.6f", v)
}
