import ArgumentParser
import Foundation
import Modeling
import TabularIO
import Workbench

struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Flag anomalous months and changes in every series of a long-format file.",
        discussion: """
        Input columns (by name, any order): period (YYYY-MM), region_code, sector, signal, \
        value, and optionally group. The file is read as `ingest` reads a series file (.gz \
        and GB18030 recognised): a bad row is reported with file:line:column and skipped, a \
        later row for the same series and month replaces the earlier one. All series are \
        fitted at once.

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
        period,region_code,sector[,group],signal,horizon,forecast,lower,upper \
        (the ceiling_forecast rule's forecast: a damped trend on the seasonally adjusted \
        series, season added back; 90% interval from the series' own out-of-sample \
        forecast errors; empty for a series with under about two and a half years of history).

        Example:
          jobsentry detect --input datasets/sample/series.csv --out flagged.csv --threshold 4
          jobsentry detect --input datasets/sample/series.csv --model plain
          jobsentry detect --input datasets/sample/series.csv --forecast 6 --forecast-out forecast.csv
        """
    )

    @Option(name: .long, help: "Long-format CSV to read ('-' for standard input).")
    var input: String

    @Option(name: .long, help: "Where to write flagged rows ('-' for standard output).")
    var out: String = "-"

    @Option(name: .long, help: "Flag months with |z| above this (must be positive).")
    var threshold: Double = 3.5

    @Option(name: .long, help: "Model: robust (seasonal-trend, Huber fit, change scan) or plain (OLS, spikes only).")
    var model: Detection.Model = .robust

    @Option(name: .long, help: "Report a change when its scan statistic exceeds this (robust model only).")
    var changeThreshold: Double = ChangeScanSpec.standard.threshold

    @Option(name: .long, help: "Also forecast this many months ahead (1-24, robust model only); needs --forecast-out.")
    var forecast: Int?

    @Option(name: .long, help: "Where to write forecasts with 90% intervals ('-' for standard output).")
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
        let file: SeriesFile
        do {
            file = try withReadProgress(input) { update in try SeriesFile.read(path: input, progress: update) }
            report(file.report, command: "detect")
            try file.requireRows()
        } catch let f as WorkbenchFailure {
            diagnose("error: \(f.message)")
            throw f.exitCode
        }
        let panel = file.panel
        let detection: Detection.Result
        do {
            detection = try Detection(model: model, threshold: threshold, changeThreshold: changeThreshold).run(panel, label: input)
        } catch let f as WorkbenchFailure {
            diagnose("error: \(f.message)")
            throw f.exitCode
        }
        for w in detection.warnings { diagnose(w) }
        if let h = forecast, let path = forecastOut, let fit = detection.fit {
            try write(try Detection.forecastRows(fit, panel, months: h, hasGroup: file.hasGroupColumn), to: path)
        }
        try write(Detection.flagRows(detection.flags, panel, hasGroup: file.hasGroupColumn), to: out)
        let changes = detection.flags.filter { $0.kind != .spike }.count
        diagnose("detect: \(panel.seriesCount) series, \(panel.periodCount) months, \(detection.skipped) skipped, \(detection.flags.count - changes) spikes (|z| > \(threshold)), \(changes) changes (model \(model.rawValue))")
    }

    /// Writes CSV rows to `path` ('-' for standard output); 73 when it cannot be created.
    private func write(_ rows: [[String]], to path: String) throws {
        let writer: CSVWriter
        do { writer = try CSVWriter(path: path) } catch {
            diagnose("error: cannot write \(path): \(error)")
            throw ExitStatus.cannotCreate
        }
        for row in rows { try writer.write(row) }
        try writer.close()
    }
}

extension Detection.Model: ExpressibleByArgument {}
