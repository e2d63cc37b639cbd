import Codes
import Dispatch
import Foundation
import PanelData

/// Applies the enabled rules of a config to the panel (area signals) and to enterprise
/// series, as of one month, and returns every finding at or above a rule's clear threshold.
///
/// Pure: the same inputs give the same findings in the same order. The lifecycle across
/// runs is `AlertLifecycle`'s job.
public struct AlertEngine: Sendable {
    public let config: AlertConfig
    /// Where rules keep results computed from the whole enterprise history between
    /// evaluations of the same input (`mass_layoff`'s judgement); `nil`: nothing is kept.
    public var resultCache: (any RuleResultCache)?

    /// Months of history kept with each piece of evidence for charts.
    public static let recentMonths = 24
    /// A series whose last observation is more than this many months before the as-of
    /// month says nothing about it.
    public static let stalenessMonths = 2

    public init(config: AlertConfig, resultCache: (any RuleResultCache)? = nil) {
        self.config = config
        self.resultCache = resultCache
    }

    /// Evaluates every enabled rule.
    /// - Parameters:
    ///   - panel: area aggregates; months after `asOf` are ignored.
    ///   - enterprises: per-enterprise monthly figures (may be empty).
    ///   - asOf: the month the run looks at.
    /// - Throws: `ModelError`/`LinearAlgebraError` from the seasonal fit, naming the series.
    public func evaluate(panel full: Panel, enterprises: [EnterpriseSeries], asOf: Period) throws -> [Finding] {
        try evaluation(panel: full, enterprises: enterprises, asOf: asOf).findings
    }

    /// `evaluate`, with the series the rules watch but the model could not fit named: a
    /// series is never dropped silently (its rules say nothing about it, and the run says so).
    public func evaluation(panel full: Panel, enterprises: [EnterpriseSeries], asOf: Period) throws -> Evaluation {
        // The enterprise rules read the enterprise series only: they are judged on another
        // thread while this one imputes, fits and judges the panel (`EnterpriseSide`).
        let enterpriseSide = EnterpriseSide(self, config.enabledRules, enterprises, asOf: asOf)
        var panel = full.truncated(through: asOf)
        // Payroll non-response imputed before any rule reads a cell (`PayrollNonresponse`).
        let nonresponse = PayrollNonresponse(filling: &panel, enterprises: enterprises)
        let rules = config.enabledRules
        var findings: [Finding] = []
        var unfittedRegions: [UnfittedSeries] = []

        // One fit for every series any model-based rule watches.
        let modelKinds: Set<RuleKind> = [.contraction, .surge, .suddenFall, .ceilingForecast, .ceiling, .regionalStress,
                                         .festivalOutflowShortfall, .sahmRise, .outlier, .downturn, .diffusion]
        let modelRules = rules.filter { modelKinds.contains($0.kind) }
        let modelColumns = panel.keys.indices.filter { s in
            modelRules.contains { $0.selects(panel.keys[s].signal) && $0.watches(region: panel.keys[s].region) }
        }
        let forecastRules = modelRules.filter { $0.kind == .ceilingForecast }
        let horizon = forecastRules.compactMap { r -> Int? in
            if case .ceilingForecast(let p) = r.parameters { return p.horizon } else { return nil }
        }.max() ?? 0
        // Recent months are judged out of sample: at least the default, and every month a
        // deviation rule averages.
        let holdout = max(SeriesModel.defaultHoldout, modelRules.compactMap { r -> Int? in
            switch r.parameters {
            case .contraction(let p), .surge(let p): return p.window
            default: return nil
            }
        }.max() ?? 0)
        let forecastSeries = modelColumns.map { s in
            forecastRules.contains { $0.selects(panel.keys[s].signal) && $0.watches(region: panel.keys[s].region) }
        }
        let model = try SeriesModel(panel: panel.columns(modelColumns), horizon: horizon, holdout: holdout,
                                    forecastSeries: forecastSeries)
        var modelIndex: [Int: Int] = [:]
        for (i, s) in modelColumns.enumerated() { modelIndex[s] = i }
        let matched = MatchedSample(panel: panel, enterprises: enterprises)
        let context = SeriesContext(panel: panel, model: model, modelIndex: modelIndex, seriesIndex: panel.columnIndex, asOf: asOf,
                                    checks: SourceChecks(config: config),
                                    outliers: OutlierScreen(model: model, policy: config.outlierPolicy),
                                    breaks: SourceBreaks(panel: panel, config: config, seriesIndex: panel.columnIndex, asOf: asOf,
                                                         matched: matched),
                                    firmCells: FirmCells(enterprises: enterprises, asOf: asOf,
                                                         minimumEnterprises: config.disclosure.minimumEnterprises),
                                    matched: matched)

        for (k, rule) in rules.enumerated() {
            switch rule.parameters {
            case .contraction(let p): findings += deviation(rule, p, sign: -1, context)
            case .surge(let p): findings += deviation(rule, p, sign: 1, context)
            case .suddenFall(let p): findings += suddenFall(rule, p, context)
            case .ceiling(let p): findings += ceiling(rule, p, context)
            case .ceilingForecast(let p): findings += ceilingForecast(rule, p, context)
            case .sahmRise(let p): findings += sahm(rule, p, context)
            case .downturn(let p): findings += downturn(rule, p, context)
            case .diffusion(let p): findings += diffusion(rule, p, context)
            case .outlier(let p): findings += outliers(rule, p, context)
            case .festivalOutflowShortfall(let p): findings += festivalShortfall(rule, p, context)
            case .sourceDisagreement(let p): findings += disagreement(rule, p, context)
            case .regionalStress(let p):
                let stress = try regionalStress(rule, p, context)
                findings += stress.findings
                unfittedRegions += stress.unfitted
            case .massLayoff, .wageDaysLate, .wagesFallingHeadcountHolds, .contributionArrears:
                findings += enterpriseSide.findings(k)
            }
        }
        let sorted = findings.sorted {
            ($0.subject.id, $0.evidence.rule, $0.evidence.signal) < ($1.subject.id, $1.evidence.rule, $1.evidence.signal)
        }
        return Evaluation(findings: sorted, unfitted: model.unfitted(panel: panel, columns: modelColumns) + unfittedRegions,
                          forecasts: model.forecastIntervals(panel: panel, columns: modelColumns, level: Evaluation.calibrationLevel),
                          imputedFirmMonths: nonresponse.imputed, imputedLatestMonth: nonresponse.imputedLatest,
                          imputedInsuredFirmMonths: nonresponse.imputedInsured,
                          imputedInsuredLatestMonth: nonresponse.imputedInsuredLatest)
    }
}

/// The findings of the enterprise rules (`mass_layoff` and the enterprise rules), judged on
/// a thread of their own from the moment the evaluation starts: at province scale the
/// mass-layoff judgement is the largest single cost of a run, and it needs nothing of the
/// panel side (imputation, fit, area rules), which runs meanwhile. `evaluation` puts each
/// rule's findings in at that rule's place, so they come in the order of judging the rules
/// in turn.
final class EnterpriseSide: @unchecked Sendable {  // `byRule` is written by the worker before it leaves `group`, read after `wait`
    private var byRule: [Int: [Finding]] = [:]
    private let group = DispatchGroup()

    init(_ engine: AlertEngine, _ rules: [Rule], _ enterprises: [EnterpriseSeries], asOf: Period) {
        DispatchQueue.global().async(group: group) { [self] in
            var out: [Int: [Finding]] = [:]
            for (k, rule) in rules.enumerated() {
                switch rule.parameters {
                case .massLayoff(let p): out[k] = engine.massLayoffs(rule, p, enterprises, asOf: asOf)
                case .wageDaysLate, .wagesFallingHeadcountHolds, .contributionArrears:
                    out[k] = engine.enterpriseRule(rule, enterprises, asOf: asOf)
                default: break
                }
            }
            byRule = out
        }
    }

    /// The findings of rule `k` (its index among the enabled rules); waits for the worker.
    func findings(_ k: Int) -> [Finding] {
        group.wait()
        return byRule[k] ?? []
    }
}

/// What one evaluation found, and which watched series it could not judge.
public struct Evaluation: Sendable {
    public var findings: [Finding]
    /// Watched series the seasonal-trend model could not fit, with the reason, in panel order.
    public var unfitted: [UnfittedSeries]
    /// The `ceiling_forecast` rules' forecasts at `calibrationLevel`, one per forecast series,
    /// for the backtest's calibration check (empty when no such rule is in force).
    public var forecasts: [SeriesForecast] = []
    /// Payroll firm-months missing between two reports (or in the latest month after a
    /// report) that the area rules read imputed (`PayrollNonresponse`), over the panel.
    public var imputedFirmMonths = 0
    /// Of those, the firm-months of the latest payroll month.
    public var imputedLatestMonth = 0
    /// Insurance firm-months imputed the same way (`insured`), over the panel and in the
    /// latest insurance month.
    public var imputedInsuredFirmMonths = 0, imputedInsuredLatestMonth = 0

    /// The interval level whose coverage the backtest checks (90%).
    public static let calibrationLevel = 0.9
}

/// A forecast of one series made in one run: `start` is the month after the panel's last,
/// element h − 1 the forecast h months ahead.
public struct SeriesForecast: Sendable, Equatable {
    public var key: SeriesKey
    public var start: Period
    public var mean: [Double]
    public var lower: [Double]
    public var upper: [Double]
    public init(key: SeriesKey, start: Period, mean: [Double], lower: [Double], upper: [Double]) {
        self.key = key; self.start = start; self.mean = mean; self.lower = lower; self.upper = upper
    }
}

/// A series that rules watch but the model could not fit (too few observed months, or a
/// panel too short for the design), or a region whose regional-stress monitor could not be
/// fitted (key: the region, sector and group `ALL`, and the rule's id as the signal).
public struct UnfittedSeries: Sendable, Equatable {
    public var key: SeriesKey
    public var reason: String
    public init(key: SeriesKey, reason: String) { self.key = key; self.reason = reason }

    /// `region/sector/group/signal`, the key as one token for logs and manifests.
    public var name: String { key.description }
}

/// The panel as of the run, with the fitted model of the watched series.
struct SeriesContext {
    let panel: Panel
    let model: SeriesModel
    let modelIndex: [Int: Int]
    /// Panel column of each series key.
    let seriesIndex: [SeriesKey: Int]
    let asOf: Period
    /// The source-disagreement pairs that job-loss findings must be corroborated against.
    let checks: SourceChecks
    /// Which months of the model series are held back from job-loss rules.
    let outliers: OutlierScreen
    /// Series whose source stepped while its counterpart held (a data break): the area
    /// job-loss rules do not judge them.
    let breaks: SourceBreaks
    /// Cells of fewer enterprises than the disclosure minimum: the area rules leave them to
    /// the enterprise rules and the cells above (`FirmCells`).
    let firmCells: FirmCells
    /// The continuing firms' change of each cell built from enterprises (`MatchedSample`):
    /// what the area rules that compare levels read instead of the cell's sum.
    let matched: MatchedSample

    /// Whether month t of panel series s is held back from job-loss rules (an outlier, or
    /// a possible one not yet confirmed; see `OutlierPolicy`).
    func isWithheld(_ t: Int, _ s: Int) -> Bool {
        guard let m = modelIndex[s] else { return false }
        return outliers.state(t, m) != nil
    }

    /// The month a series is judged at: its last observed month, if within staleness.
    func evaluationIndex(_ s: Int) -> Int? {
        let T = panel.periodCount
        guard T > 0 else { return nil }
        let last = min(T - 1, asOf - panel.start)
        guard last >= 0 else { return nil }
        for t in stride(from: last, through: max(0, last - AlertEngine.stalenessMonths), by: -1) where panel.isObserved(t, s) {
            return t
        }
        return nil
    }

    func period(_ t: Int) -> Period { panel.start + t }

    /// Month a level shift ending at `t0` most likely began: the s in the last `months` months
    /// maximising sign·Σₜ₌ₛ^t0 zₜ / √(t0 − s + 1), the likelihood-ratio scan for a shift in
    /// the mean of unit-variance scores (Page's CUSUM, one-sided).
    static func changeStart(through t0: Int, sign: Double, months: Int, z: (Int) -> Double) -> Int {
        var best = t0, bestScore = -Double.infinity, sum = 0.0, n = 0
        for s in stride(from: t0, through: max(0, t0 - (months - 1)), by: -1) {
            let v = z(s)
            if v.isNaN { continue }
            sum += sign * v; n += 1
            let score = sum / Double(n).squareRoot()
            if score > bestScore { bestScore = score; best = s }
        }
        return best
    }

    func recent(_ s: Int, through t: Int) -> [Double] {
        let from = max(0, t - AlertEngine.recentMonths + 1)
        return (from...t).map { panel[$0, s] }
    }

    func recentExpected(_ s: Int, through t: Int) -> [Double] {
        guard let m = modelIndex[s], model.isFitted(m) else { return [] }
        let from = max(0, t - AlertEngine.recentMonths + 1)
        return (from...t).map { model.expected($0, m) }
    }

    func subject(_ s: Int, scope: AlertScope = .area) -> AlertSubject {
        let k = panel.keys[s]
        return AlertSubject(scope: scope, region: k.region, sector: k.sector, group: k.group)
    }
}
