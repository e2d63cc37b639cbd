import Alerting
import Backtesting
import Codes
import Dispatch
import Foundation
import GroundTruth
import LinearAlgebra
import PanelData
import PanelStore
import TabularIO

/// A replay of the monthly job over a window: each month sees only the data known then
/// (`InputSource.inputs(knownAtMonth:)`), is judged by the shared evaluate-and-advance step,
/// and hands its lifecycle states to the next month, as cron would.
public struct Backtest: Sendable {
    public let source: InputSource
    public let from: Period
    public let to: Period

    /// - Precondition: `to` is not before `from`.
    public init(source: InputSource, from: Period, to: Period) {
        precondition(to >= from, "a backtest window ends on or after its start")
        self.source = source; self.from = from; self.to = to
    }

    public var months: Int { to - from + 1 }

    /// The base config with fixed `RULE.FIELD=VALUE` settings applied, then one variant per
    /// value of the one setting whose value is a comma list (a sweep); a single unlabelled
    /// variant when nothing is swept.
    /// - Throws: `WorkbenchFailure` `.usage` for a setting the config rejects.
    public static func configurations(_ base: AlertConfig, settings: [String]) throws -> [(label: String, config: AlertConfig)] {
        func set(_ config: AlertConfig, _ s: String) throws -> AlertConfig {
            do { return try config.setting(s) } catch { throw WorkbenchFailure(.usage, "\(error)") }
        }
        var config = base
        var swept: (String, [String])?
        for s in settings {
            let parts = s.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 && parts[1].contains(",") {
                swept = (parts[0], parts[1].split(separator: ",").map(String.init))
            } else {
                config = try set(config, s)
            }
        }
        guard let (field, values) = swept else { return [("", config)] }
        return try values.map { v in ("\(field)=\(v)", try set(config, "\(field)=\(v)")) }
    }

    /// Months judged at once: one per core. A month's findings do not depend on the month
    /// before (only the lifecycle does), so the rules run on `concurrentMonths` months side
    /// by side and the lifecycle then advances through them in order; the timeline is the
    /// same as month by month. Memory: that many months' inputs at a time.
    public static let concurrentMonths = max(1, min(2, ProcessInfo.processInfo.activeProcessorCount))

    /// Runs the monthly pipeline over the window and returns the open alerts of each month.
    /// - Parameter progress: called with the index of each month before it is judged.
    public func replay(config: AlertConfig, sent: String, progress: (Int) -> Void = { _ in }) throws -> [TimelineRow] {
        try run(config: config, sent: sent, progress: progress).timeline
    }

    /// What a replay gives: the open alerts of each month, and every prediction interval the
    /// months' `ceiling_forecast` forecasts gave (at `Evaluation.calibrationLevel`), for the
    /// calibration check.
    public struct Replay: Sendable {
        public var timeline: [TimelineRow]
        public var forecasts: [ForecastInterval]
    }

    /// `replay`, with the forecasts' intervals kept.
    public func run(config: AlertConfig, sent: String, progress: (Int) -> Void = { _ in }) throws -> Replay {
        var intervals: [ForecastInterval] = []
        let analysis = Analysis(config: config)
        let width = Self.concurrentMonths
        // OpenBLAS's thread count is process-wide and each fit sets and restores it
        // (`forEachSeriesBlock`): with months judged side by side it is held at 1 throughout,
        // so those saves and restores cannot interleave; the cores are busy with months.
        let blasThreads = BLASRuntime.threadCount
        if width > 1 { BLASRuntime.setThreadCount(1) }
        defer { if width > 1 { BLASRuntime.setThreadCount(blasThreads) } }
        var states: [AlertState] = []
        var rows: [TimelineRow] = []
        for first in stride(from: 0, to: months, by: width) {
            let batch = Array(first..<min(months, first + width))
            for i in batch { progress(i) }
            var judged = [Result<Evaluation?, any Error>](repeating: .success(nil), count: batch.count)
            judged.withUnsafeMutableBufferPointer { buffer in
                // Each worker writes only its own slot (see `WorkerShared`).
                let out = WorkerShared(buffer)
                DispatchQueue.concurrentPerform(iterations: batch.count) { j in
                    let month = from + batch[j]
                    out.value[j] = Result {
                        guard let inputs = try source.inputs(knownAtMonth: month), let last = inputs.lastMonth,
                              last >= month else { return nil }
                        return try analysis.evaluate(inputs, asOf: month)
                    }
                }
            }
            for (j, result) in judged.enumerated() {
                guard let evaluation = try result.get() else { continue }
                let month = from + batch[j]
                for f in evaluation.forecasts {
                    for h in f.mean.indices {
                        intervals.append(ForecastInterval(series: f.key.description, target: f.start + h, horizon: h + 1,
                                                          lower: f.lower[h], upper: f.upper[h]))
                    }
                }
                let step = analysis.advance(evaluation, asOf: month, previous: states, sent: sent)
                states = step.states
                for a in step.openAlerts {
                    rows.append(TimelineRow(asOf: month, alertID: a.id, rule: a.rules.first ?? "", level: a.level.rawValue,
                                            status: a.status.rawValue, region: a.subject.region, sector: a.subject.sector,
                                            group: a.subject.group, enterpriseID: a.subject.enterpriseID ?? "", score: a.riskScore))
                }
            }
        }
        return Replay(timeline: rows, forecasts: intervals)
    }

    /// Coverage per horizon of `intervals` against the latest published figures up to the
    /// window's end (`ForecastCalibration.coverage`).
    public func calibration(_ intervals: [ForecastInterval]) throws -> [HorizonCoverage] {
        let panel = try source.facts.panel(asOf: to)
        var index: [String: Int] = [:]
        for (s, k) in panel.keys.enumerated() { index[k.description] = s }
        return ForecastCalibration.coverage(intervals, until: to) { name, month in
            guard let s = index[name] else { return nil }
            let t = month - panel.start
            guard t >= 0, t < panel.periodCount, panel.isObserved(t, s) else { return nil }
            return panel[t, s]
        }
    }

    /// Writes the coverage as CSV (`ForecastCalibration.header`).
    public static func writeCalibration(_ rows: [HorizonCoverage], level: Double, to path: String) throws {
        do {
            let w = try CSVWriter(path: path)
            try w.write(ForecastCalibration.header)
            for r in rows { try w.write(ForecastCalibration.fields(r, level: level), columns: ForecastCalibration.header.map { _ in .number }) }
            try w.close()
        } catch {
            throw WorkbenchFailure(.cannotCreate, "cannot write \(path): \(error)")
        }
    }

    /// The skill of `timeline` against `events`, with the official rates' moves and the
    /// false-alert exposure taken from the latest published figures up to the window's end.
    public func score(_ timeline: [TimelineRow], events: [TruthEvent]) throws -> SkillScore {
        let official = try source.facts.panel(asOf: to)
        return SkillScore(timeline: timeline, events: events, officialRateMoved: Self.rateMoves(events, official, until: to),
                          seriesYears: Self.seriesYears(official, months: months), until: to)
    }

    /// For each event, the month its city's (or the province's) surveyed unemployment rate
    /// moved beyond the path it was on, from the latest published figures: a city against the
    /// median of its province's other cities, the province against its own rate a year before
    /// (see `SkillScore.officialRateMoved(excess:…)`).
    static func rateMoves(_ events: [TruthEvent], _ panel: Panel, until: Period) -> [String: Period] {
        var rates: [RegionCode: [Period: Double]] = [:]
        for (s, key) in panel.keys.enumerated()
        where key.signal == "surveyed_unemployment_rate" && key.sector == "ALL" && key.group == "ALL" {
            guard let region = RegionCode(key.region), region.level != .county else { continue }
            var rate: [Period: Double] = [:]
            for t in 0..<panel.periodCount where panel.isObserved(t, s) { rate[panel.start + t] = panel[t, s] }
            rates[region] = rate
        }
        var out: [String: Period] = [:]
        for e in events where e.type != .quiet {
            let area = e.region.level == .county ? e.region.parent! : e.region
            guard let rate = rates[area] else { continue }
            let others = area.level == .province ? []
                : rates.filter { $0.key != area && $0.key.level == .city && $0.key.isWithin(area.parent!) }.map(\.value)
            let excess = SkillScore.rateExcess(rate: rate, others: others)
            if let m = SkillScore.officialRateMoved(excess: excess, start: e.start, until: until) { out[e.id] = m }
        }
        return out
    }

    /// Exposure for false alerts: region × sector × group series the rules watch (all but the
    /// province's headline rates count alike), times the years replayed.
    static func seriesYears(_ panel: Panel, months: Int) -> Double {
        Double(Set(panel.keys.map { "\($0.region)/\($0.sector)/\($0.group)" }).count) * Double(months) / 12
    }

    /// Writes the timeline as CSV (`TimelineRow.header`; '-' for standard output).
    /// Columns of the false-alert list (`backtest --false-alerts`): each alert that matched no
    /// event, as the timeline row it was raised with, and the cause it is put down to.
    public static let falseAlertHeader = TimelineRow.header + ["cause"]

    /// Writes `score`'s false alerts, one row each (see `falseAlertHeader`).
    public static func writeFalseAlerts(_ score: SkillScore, to path: String) throws {
        do {
            let w = try CSVWriter(path: path)
            try w.write(falseAlertHeader)
            let columns = falseAlertHeader.map { $0 == "score" ? CSVColumn.number : .text }
            for f in score.falseAlertRows { try w.write(f.row.fields + [f.cause], columns: columns) }
            try w.close()
        } catch {
            throw WorkbenchFailure(.cannotCreate, "cannot write \(path): \(error)")
        }
    }

    public static func write(_ timeline: [TimelineRow], to path: String) throws {
        do {
            let w = try CSVWriter(path: path)
            try w.write(TimelineRow.header)
            // Meant for spreadsheets: the score is a number, every other field text.
            let columns = TimelineRow.header.map { $0 == "score" ? CSVColumn.number : .text }
            for r in timeline { try w.write(r.fields, columns: columns) }
            try w.close()
        } catch {
            throw WorkbenchFailure(.cannotCreate, "cannot write \(path): \(error)")
        }
    }
}

/// One variant of a parameter sweep, summed over the job-loss event types (data-quality
/// types left out).
public struct SweepPoint: Sendable {
    public let label: String
    /// Detected job-loss events over all job-loss events (0 when there are none).
    public let recall: Double
    /// The median of the types' median leads to the peak (the upper middle one), in months.
    public let medianLeadToPeak: Double?
    public let falseAlertsPer100SeriesYears: Double

    public init(label: String, score s: SkillScore) {
        let jobLoss = s.types.filter { !$0.type.isDataQuality }
        let events = jobLoss.reduce(0) { $0 + $1.events }, detected = jobLoss.reduce(0) { $0 + $1.detected }
        let leads = jobLoss.compactMap(\.medianLeadToPeak).sorted()
        self.label = label
        recall = events == 0 ? 0 : Double(detected) / Double(events)
        medianLeadToPeak = leads.isEmpty ? nil : leads[leads.count / 2]
        falseAlertsPer100SeriesYears = s.falseAlertsPer100SeriesYears
    }
}
