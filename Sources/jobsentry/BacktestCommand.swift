import Alerting
import ArgumentParser
import Backtesting
import Codes
import Foundation
import GroundTruth
import PanelStore
import TabularIO
import Workbench

struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Replay months one by one with the data known then, and score the alerts.",
        discussion: """
        For each month from --from to --to, the pipeline sees only data up to that month from \
        the files that existed then (a file counts from its earliest month; the ingestion \
        ledger keeps every vintage), applies the rules and advances the alert lifecycle as \
        cron would. --out writes the timeline, one row per alert per month it is open:
        as_of,alert_id,rule,level,status,region_code,sector,group,enterprise_id,score

        With --truth (event_id,type,region_code,sector,enterprise_id,start,end,magnitude[,cause,signal]) it \
        prints skill per event type — recall, lead time to the event's peak and to the month \
        the official surveyed rate moved — and per rule precision and false alerts per 100 \
        series-years. Rows of type none (generate --profile hard writes them) are cases that \
        must stay quiet: the table counts, by cause, those that raised any alert but a \
        data-quality (D-) one, lists each, and puts every false alert down to a cause; \
        --false-alerts FILE writes each false alert as the timeline row it was raised with and \
        its cause. \
        --set RULE.FIELD=V1,V2,... sweeps one parameter and prints the trade-off between \
        recall, lead time and false alerts. The store is never changed.

        Forecast calibration: every month's ceiling_forecast forecasts are kept, and for each \
        horizon h the share of realised values (the latest published figures) inside their 90% \
        interval is printed (about 0.90 when the intervals are calibrated) and, with --out, \
        written beside the timeline as NAME.calibration.csv.

        Example:
          jobsentry backtest --workspace ws --from 2022-01 --to 2024-12 \\
            --truth datasets/hunan-demo/truth.csv --out timeline.csv
          jobsentry backtest --workspace ws --from 2023-01 --to 2024-12 --truth truth.csv \\
            --set employment_contraction.thresholds.blue=2.5,3,4
        """
    )

    @OptionGroup var source: AnalystOptions

    @Option(name: .long, help: ArgumentHelp("First month to replay.", valueName: "YYYY-MM"))
    var from: Period

    @Option(name: .long, help: ArgumentHelp("Last month to replay.", valueName: "YYYY-MM"))
    var to: Period

    @Option(name: .long, help: "Truth file of known events, to score skill.")
    var truth: String?

    @Option(name: .long, help: "Where to write the alert timeline CSV ('-' for standard output).")
    var out: String?

    @Option(name: .long, help: ArgumentHelp("With --truth: where to write each false alert (a timeline row and the cause it is put down to).",
                                            valueName: "CSV"))
    var falseAlerts: String?

    @Option(name: .long, help: "RULE.FIELD=VALUE to change a rule; VALUE may be a comma list to sweep (one sweep at most).")
    var set: [String] = []

    func validate() throws {
        if to < from { throw ValidationError("--to \(to) is before --from \(from)") }
        if set.filter({ $0.contains(",") }).count > 1 { throw ValidationError("only one --set may list several values to sweep") }
        if falseAlerts != nil, truth == nil { throw ValidationError("--false-alerts needs --truth") }
    }

    func run() throws {
        try reportingFailures {
            let (storePath, baseConfig) = try source.resolve()
            let events: [TruthEvent]? = try truth.map { path in
                do { return try TruthEvent.read(path: path) } catch let e as IOFailure {
                    throw WorkbenchFailure(.noInput, "\(e)")
                } catch {
                    throw WorkbenchFailure(.dataError, "\(error)")
                }
            }
            let copy = try StoreCopy(of: storePath)
            defer { copy.close() }
            // The store is read once; every month and every swept variant is sliced from memory.
            let backtest = Backtest(source: try InputSource(store: try Store(path: copy.path)), from: from, to: to)
            let variants = try Backtest.configurations(baseConfig, settings: set)
            let sent = CommandClock.sent()
            var sweep: [SweepPoint] = []
            for (label, config) in variants {
                let progress = ProgressBar(label: label.isEmpty ? "backtest" : label, total: backtest.months, quiet: source.quiet)
                let replay: Backtest.Replay
                do {
                    defer { progress.finish() }
                    replay = try backtest.run(config: config, sent: sent) { progress.update($0) }
                }
                let timeline = replay.timeline
                let calibration = try backtest.calibration(replay.forecasts)
                let level = Evaluation.calibrationLevel
                if let out, variants.count == 1 {
                    try Backtest.write(timeline, to: out)
                    if out != "-", !calibration.isEmpty {
                        try Backtest.writeCalibration(calibration, level: level, to: Self.calibrationPath(out))
                    }
                }
                guard let events else {
                    print(BacktestText.replayed(months: backtest.months, timeline))
                    if variants.count == 1, !calibration.isEmpty { print("\n" + ForecastCalibration.table(calibration, level: level), terminator: "") }
                    continue
                }
                var score = try backtest.score(timeline, events: events)
                score.calibration = calibration
                score.calibrationLevel = level
                if variants.count == 1 {
                    if let falseAlerts { try Backtest.writeFalseAlerts(score, to: falseAlerts) }
                    print(BacktestText.heading(from: from, to: to, truth: truth!, events: events) + "\n")
                    print(score.table, terminator: "")
                } else {
                    sweep.append(SweepPoint(label: label, score: score))
                }
            }
            if !sweep.isEmpty { print(SweepPoint.table(sweep), terminator: "") }
        }
    }

    /// Where the calibration table goes beside the timeline: `timeline.csv` →
    /// `timeline.calibration.csv`.
    static func calibrationPath(_ out: String) -> String {
        (out.hasSuffix(".csv") ? String(out.dropLast(4)) : out) + ".calibration.csv"
    }
}
