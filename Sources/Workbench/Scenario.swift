import Alerting
import Codes
import Crypto
import Dispatch
import Foundation
import LinearAlgebra
import Modeling
import PanelData
import PanelStore
import Publishing
import Scenarios

/// A what-if run: the same evaluate-and-advance step on the inputs as they are and with
/// shocks applied, as of one month.
public struct ScenarioOutcome: Sendable {
    public let asOf: Period
    public let baseline: AlertInputs
    public let shocked: AlertInputs
    /// The shocks on area series (enterprise shocks become shocks of their cells).
    public let areaShocks: [Shock]
    /// What the enterprise shocks did, in a sentence each.
    public let notes: [String]
    public let report: ShockReport
    public let baselineStep: AlertStep
    public let shockedStep: AlertStep

    /// Alerts that are new, escalated, de-escalated or resolved under the shocks.
    public var changes: [AlertChange] { AlertChange.diff(baseline: baselineStep.openAlerts, shocked: shockedStep.openAlerts) }

    /// Runs both evaluations. `asOf` `nil`: the inputs' last month.
    /// - Throws: `WorkbenchFailure` `.noInput` when the store holds no data, `.dataError` when
    ///   an enterprise shock names no enterprise or signal it can change.
    /// - Parameter resultCache: rule results kept by the run that judged the same input (the
    ///   baseline, and the shocked side when no enterprise shock changes a firm's headcount).
    public static func evaluate(_ shocks: [Shock], source: InputSource, config: AlertConfig, asOf: Period?,
                                sent: String, resultCache: (any RuleResultCache)? = nil) throws -> ScenarioOutcome {
        let base = try source.inputs(asOf: asOf)
        guard let last = base.lastMonth else { throw WorkbenchFailure(.noInput, "the store holds no data") }
        let when = asOf ?? last
        var enterprises = base.enterprises
        let applied: (shocks: [Shock], notes: [String])
        do { applied = try EnterpriseShocks.apply(shocks, to: &enterprises, panel: base.panel, asOf: when) } catch {
            throw WorkbenchFailure(.dataError, "\(error)")
        }
        let (panel, report) = base.panel.applying(applied.shocks, asOf: when)
        let shocked = AlertInputs(panel: panel, enterprises: enterprises)
        let steps = try steps([base, shocked], asOf: when, config: config, sent: sent, resultCache: resultCache)
        return ScenarioOutcome(asOf: when, baseline: base, shocked: shocked, areaShocks: applied.shocks, notes: applied.notes,
                               report: report, baselineStep: steps[0], shockedStep: steps[1])
    }

    /// The evaluate-and-advance step of each of `inputs`, side by side (one per core; they
    /// do not depend on each other), as `Backtest.replay` judges months: OpenBLAS is held at
    /// one thread meanwhile, since its thread count is process-wide.
    static func steps(_ inputs: [AlertInputs], asOf: Period, config: AlertConfig, sent: String,
                      resultCache: (any RuleResultCache)? = nil) throws -> [AlertStep] {
        let analysis = Analysis(config: config, resultCache: resultCache)
        let width = min(inputs.count, Backtest.concurrentMonths)
        guard width > 1 else { return try inputs.map { try analysis.step($0, asOf: asOf, sent: sent) } }
        let blasThreads = BLASRuntime.threadCount
        BLASRuntime.setThreadCount(1)
        defer { BLASRuntime.setThreadCount(blasThreads) }
        var results = [Result<AlertStep, any Error>?](repeating: nil, count: inputs.count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each worker writes only its own slot (see `WorkerShared`).
            let out = WorkerShared(buffer)
            DispatchQueue.concurrentPerform(iterations: inputs.count) { j in
                out.value[j] = Result { try analysis.step(inputs[j], asOf: asOf, sent: sent) }
            }
        }
        return try results.map { try $0!.get() }
    }

    /// Forecasts of the province's headline rates and of each shocked selection's total,
    /// with and without the shocks, `horizon` months past the as-of month.
    public func forecasts(horizon: Int) throws -> [ForecastComparison] {
        var keys: [SeriesKey] = []
        let province = baseline.panel.keys.first { RegionCode($0.region)?.level == .province }?.region
        if let province {
            for sig in ["surveyed_unemployment_rate", "registered_unemployment_rate"] {
                keys.append(SeriesKey(region: province, sector: "ALL", group: "ALL", signal: sig))
            }
        }
        for s in areaShocks {
            keys.append(SeriesKey(region: s.region?.description ?? province ?? "", sector: s.sector?.code ?? "ALL",
                                  group: s.group ?? "ALL", signal: s.signal))
        }
        return try ForecastComparison.compare(keys, baseline: baseline.panel, shocked: shocked.panel, through: asOf, horizon: horizon)
    }
}

extension ForecastComparison {
    /// The forecasts of `keys` (those the panels hold, each once) `horizon` months past
    /// `asOf`, fitted on each panel's months through `asOf`: `PathForecast`, the forecast the
    /// `ceiling_forecast` rule and the backtest's calibration use, at `PathForecast.level`.
    public static func compare(_ keys: [SeriesKey], baseline: Panel, shocked: Panel, through asOf: Period,
                               horizon: Int) throws -> [ForecastComparison] {
        let index = baseline.columnIndex
        var seen = Set<SeriesKey>()
        let wanted = keys.filter { index[$0] != nil && seen.insert($0).inserted }
        guard !wanted.isEmpty else { return [] }
        let spec = try SeasonalTrendSpec()
        func forecast(_ panel: Panel) throws -> PathForecast {
            try spec.fit(panel.selecting(wanted.map { index[$0]! }, through: asOf)).pathForecast(months: horizon, level: PathForecast.level)
        }
        let fb = try forecast(baseline), fs = try forecast(shocked)
        return wanted.enumerated().map { j, key in
            ForecastComparison(key: key, start: fb.start, baseline: (0..<horizon).map { Interval(fb, $0 + j * horizon) },
                               shocked: (0..<horizon).map { Interval(fs, $0 + j * horizon) })
        }
    }
}

/// One series' forecast with and without the shocks, month by month.
public struct ForecastComparison: Sendable {
    public let key: SeriesKey
    /// The first forecast month.
    public let start: Period
    public let baseline: [Interval]
    public let shocked: [Interval]
}

/// A forecast month: the median forecast and its `PathForecast.level` (90%) interval from the
/// series' own out-of-sample forecast errors (`NaN` mean: no forecast, too little history).
public struct Interval: Sendable, Equatable {
    public let mean: Double
    public let lower: Double
    public let upper: Double

    init(_ f: PathForecast, _ i: Int) { mean = f.mean[i]; lower = f.lower[i]; upper = f.upper[i] }
}

/// An alert whose state differs between the baseline and the shocked run.
public struct AlertChange: Sendable {
    public enum Kind: String, Sendable, Comparable {
        case deEscalated = "de-escalated", escalated, new, resolved
        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    public let kind: Kind
    /// The shocked run's alert (the baseline's for `resolved`).
    public let alert: Alert
    /// `old -> new` levels, or the new level for `new`.
    public let levels: String

    /// The changes between two sets of open alerts, by kind, then highest risk, then id.
    public static func diff(baseline: [Alert], shocked: [Alert]) -> [AlertChange] {
        let b = Dictionary(uniqueKeysWithValues: baseline.map { ($0.id, $0) })
        let s = Dictionary(uniqueKeysWithValues: shocked.map { ($0.id, $0) })
        var rows: [AlertChange] = []
        for (id, a) in s {
            if let old = b[id] {
                if a.level > old.level { rows.append(.init(kind: .escalated, alert: a, levels: "\(old.level.rawValue) -> \(a.level.rawValue)")) }
                if a.level < old.level { rows.append(.init(kind: .deEscalated, alert: a, levels: "\(old.level.rawValue) -> \(a.level.rawValue)")) }
            } else {
                rows.append(.init(kind: .new, alert: a, levels: a.level.rawValue))
            }
        }
        for (id, a) in b where s[id] == nil { rows.append(.init(kind: .resolved, alert: a, levels: "\(a.level.rawValue) -> none")) }
        return rows.sorted { ($0.kind, -$0.alert.riskScore, $0.alert.id) < ($1.kind, -$1.alert.riskScore, $1.alert.id) }
    }
}

/// The shocked run's bundles, as `run` writes them but marked as an exercise.
public enum ExerciseBundles {
    /// Writes both audiences' bundles into `dir` (which must not exist yet), through a
    /// temporary sibling renamed at the end, signed with the workspace's key.
    /// - Parameter assumed: the assumptions, the CAP note of every message.
    public static func write(_ outcome: ScenarioOutcome, assumed: String, workspace ws: Workspace, store: Store,
                             config: AlertConfig, generator: String, to dir: String) throws {
        let (key, capSigner) = try ws.loadSigningKeys()
        let final = URL(fileURLWithPath: dir)
        if FileManager.default.fileExists(atPath: final.path) {
            throw WorkbenchFailure(.cannotCreate, "\(dir) already exists; --out writes a new directory")
        }
        let output = BundleAssembly.output(runID: "scenario-\(outcome.asOf)", asOf: outcome.asOf, sent: outcome.shockedStep.sent,
                                           config: config, alerts: outcome.shockedStep.alerts,
                                           ledger: try InboxIngest.ledgerDigests(store, workspace: ws),
                                           enterprises: outcome.shocked.enterprises, generator: generator, exercise: assumed)
        let partial = final.deletingLastPathComponent().appendingPathComponent(".partial-\(final.lastPathComponent)-\(UUID().uuidString)")
        do {
            try BundleWriter.publish(output, to: final, through: partial, signingKey: key, capSigner: capSigner)
        } catch {
            throw WorkbenchFailure(.cannotCreate, "cannot write the bundles to \(dir): \(error)")
        }
    }
}
