import Alerting
import ArgumentParser
import Backtesting
import Codes
import Foundation
import GroundTruth
import PanelData
import PanelStore
import TabularIO

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
        data-quality (D-) one, lists each, and puts every false alert down to a cause. \
        --set RULE.FIELD=V1,V2,... sweeps one parameter and prints the trade-off between \
        recall, lead time and false alerts. The store is never changed.

        Example:
          jobsentry backtest --workspace ws --from 2022-01 --to 2024-12 \\
            --truth datasets/hunan-demo/truth.csv --out timeline.csv
          jobsentry backtest --workspace ws --from 2023-01 --to 2024-12 --truth truth.csv \\
            --set employment_contraction.thresholds.blue=2.5,3,4
        """
    )

    @OptionGroup var source: AnalystOptions

    @Option(name: .long, help: "First month to replay (YYYY-MM).")
    var from: String

    @Option(name: .long, help: "Last month to replay (YYYY-MM).")
    var to: String

    @Option(name: .long, help: "Truth file of known events, to score skill.")
    var truth: String?

    @Option(name: .long, help: "Where to write the alert timeline CSV ('-' for standard output).")
    var out: String?

    @Option(name: .long, help: "RULE.FIELD=VALUE to change a rule; VALUE may be a comma list to sweep (one sweep at most).")
    var set: [String] = []

    func validate() throws {
        guard let f = Period(from) else { throw ValidationError("--from must be a month YYYY-MM, got \"\(from)\"") }
        guard let t = Period(to) else { throw ValidationError("--to must be a month YYYY-MM, got \"\(to)\"") }
        if t < f { throw ValidationError("--to \(to) is before --from \(from)") }
        if set.filter({ $0.contains(",") }).count > 1 { throw ValidationError("only one --set may list several values to sweep") }
    }

    func run() throws {
        try AnalystFailure.reporting {
            let (storePath, baseConfig) = try source.resolve()
            let events: [TruthEvent]? = try truth.map { path in
                do { return try TruthEvent.read(path: path) } catch let e as IOFailure {
                    throw AnalystFailure(status: ExitStatus.noInput, message: "\(e)")
                } catch {
                    throw AnalystFailure(status: ExitStatus.dataError, message: "\(error)")
                }
            }
            let copy = try StoreCopy(of: storePath)
            defer { copy.close() }
            let store = try Store(path: copy.path)
            // The store is read once; every month and every swept variant is sliced from memory.
            let facts = try store.snapshot()
            let registry = try RunInputs.registry(store)
            let variants = try configurations(baseConfig)
            let months = Period(to)! - Period(from)! + 1
            var sweep: [(String, SkillScore)] = []
            for (label, config) in variants {
                let timeline = try replay(facts, registry: registry, analysis: Analysis(store: store, config: config),
                                          months: months, label: label)
                if let out, variants.count == 1 { try write(timeline, to: out) }
                guard let events else {
                    let ids = Set(timeline.map(\.alertID))
                    print("replayed \(months) months: \(timeline.count) alert-months, \(ids.count) distinct alerts")
                    continue
                }
                let official = try facts.panel(asOf: Period(to)!)
                let score = SkillScore(timeline: timeline, events: events,
                                       officialRateMoved: rateMoves(events, official), seriesYears: seriesYears(official, months: months),
                                       until: Period(to)!)
                if variants.count == 1 {
                    let quiet = events.filter { $0.type == .quiet }.count
                    print("backtest \(from) … \(to) against \(truth!): \(events.count - quiet) events"
                        + (quiet > 0 ? ", \(quiet) quiet cases" : "") + "\n")
                    print(score.table, terminator: "")
                } else {
                    sweep.append((label, score))
                }
            }
            if !sweep.isEmpty { printSweep(sweep) }
        }
    }

    /// The base config with fixed `--set`s applied, then one variant per swept value.
    func configurations(_ base: AlertConfig) throws -> [(String, AlertConfig)] {
        var config = base
        var swept: (String, [String])?
        for s in set {
            let parts = s.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 && parts[1].contains(",") {
                swept = (parts[0], parts[1].split(separator: ",").map(String.init))
            } else {
                do { config = try config.setting(s) } catch { throw AnalystFailure(status: ExitStatus.usage, message: "\(error)") }
            }
        }
        guard let (field, values) = swept else { return [("", config)] }
        return try values.map { v in
            do { return ("\(field)=\(v)", try config.setting("\(field)=\(v)")) } catch {
                throw AnalystFailure(status: ExitStatus.usage, message: "\(error)")
            }
        }
    }

    /// Runs the monthly pipeline over the window and returns the open alerts of each month.
    func replay(_ facts: FactSnapshot, registry: [String: Enterprise], analysis: Analysis, months: Int,
                label: String) throws -> [TimelineRow] {
        let progress = ProgressBar(label: label.isEmpty ? "backtest" : label, total: months, quiet: source.quiet)
        defer { progress.finish() }
        var states: [AlertState] = []
        var rows: [TimelineRow] = []
        for i in 0..<months {
            let month = Period(from)! + i
            progress.update(i)
            guard let known = facts.vintage(knownAtMonth: month) else { continue }
            let (panel, enterprises) = try Analysis.inputs(facts, registry: registry, asOf: month, knownAt: known)
            guard let last = Analysis.lastMonth(panel), last >= month else { continue }
            let outcome = try analysis.evaluate(panel: panel, enterprises: enterprises, asOf: month, previous: states)
            states = outcome.states
            for a in outcome.alerts where a.status.isOpen {
                rows.append(TimelineRow(asOf: month, alertID: a.id, rule: a.rules.first ?? "", level: a.level.rawValue,
                                        status: a.status.rawValue, region: a.subject.region, sector: a.subject.sector,
                                        group: a.subject.group, enterpriseID: a.subject.enterpriseID ?? "", score: a.riskScore))
            }
        }
        return rows
    }

    func write(_ timeline: [TimelineRow], to path: String) throws {
        do {
            let w = try CSVWriter(path: path)
            try w.write(TimelineRow.header)
            // Meant for spreadsheets: the score is a number, every other field text.
            let columns = TimelineRow.header.map { $0 == "score" ? CSVColumn.number : .text }
            for r in timeline { try w.write(r.fields, columns: columns) }
            try w.close()
        } catch {
            throw AnalystFailure(status: ExitStatus.cannotCreate, message: "cannot write \(path): \(error)")
        }
    }

    /// For each event, the month its city's (or the province's) surveyed unemployment rate
    /// moved beyond the path it was on, from the latest published figures: a city against the
    /// median of its province's other cities, the province against its own rate a year before
    /// (see `SkillScore.officialRateMoved(excess:…)`).
    func rateMoves(_ events: [TruthEvent], _ panel: Panel) -> [String: Period] {
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
            if let m = SkillScore.officialRateMoved(excess: excess, start: e.start, until: Period(to)!) { out[e.id] = m }
        }
        return out
    }

    /// Exposure for false alerts: region × sector × group series the rules watch (all but the
    /// province's headline rates count alike), times the years replayed.
    func seriesYears(_ panel: Panel, months: Int) -> Double {
        Double(Set(panel.keys.map { "\($0.region)/\($0.sector)/\($0.group)" }).count) * Double(months) / 12
    }

    func printSweep(_ results: [(String, SkillScore)]) {
        print("sweep                                       recall  median lead to peak  false alerts / 100 series-years")
        for (label, s) in results {
            let jobLoss = s.types.filter { !$0.type.isDataQuality }
            let events = jobLoss.reduce(0) { $0 + $1.events }, detected = jobLoss.reduce(0) { $0 + $1.detected }
            let leads = jobLoss.compactMap(\.medianLeadToPeak).sorted()
            let lead = leads.isEmpty ? "n/a" : String(format: "%+.1f", leads[leads.count / 2])
            print("\(label.padding(42)) \(String(format: "%6.2f", events == 0 ? 0 : Double(detected) / Double(events)))  \(lead.padding(19))  \(String(format: "%.2f", s.falseAlertsPer100SeriesYears))")
        }
    }
}
