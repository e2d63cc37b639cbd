import Alerting
import Codes

/// One month's evaluation and what it leaves behind: the findings of the rules, the series
/// they could not judge, and the alerts and lifecycle states after advancing from the
/// previous month's states.
public struct AlertStep: Sendable {
    public var findings: [Finding]
    /// Series the rules watch that the model could not fit (named in the run's log and bundle).
    public var unfitted: [UnfittedSeries]
    /// Open and just-resolved alerts, highest risk first.
    public var alerts: [Alert]
    /// Every lifecycle state after the step: the `previous` of the next month's step.
    public var states: [AlertState]
    /// The time stamped on the alerts' messages.
    public var sent: String
    /// Payroll firm-months the area rules read imputed (unit non-response; see
    /// `Evaluation.imputedFirmMonths`), over the panel and in its latest month.
    public var imputedFirmMonths = 0, imputedLatestMonth = 0
    /// Insurance firm-months imputed the same way, over the panel and in its latest month.
    public var imputedInsuredFirmMonths = 0, imputedInsuredLatestMonth = 0

    /// The alerts still open (not just resolved).
    public var openAlerts: [Alert] { alerts.filter { $0.status.isOpen } }
}

/// Evaluate and advance: the one step `run`, `backtest`, `scenario` and `report` share.
/// Applies the config's rules to the inputs as of a month (`AlertEngine`), then advances the
/// alert lifecycle from the previous month's states (`AlertLifecycle`).
public struct Analysis: Sendable {
    public let config: AlertConfig
    /// Where the rules keep results between evaluations of the same input (`AlertEngine.resultCache`).
    public var resultCache: (any RuleResultCache)?

    public init(config: AlertConfig, resultCache: (any RuleResultCache)? = nil) {
        self.config = config
        self.resultCache = resultCache
    }

    /// - Parameters:
    ///   - inputs: the panel and enterprise series (months after `asOf` are ignored).
    ///   - asOf: the month judged.
    ///   - previous: the lifecycle states after the month before (empty: a first run).
    ///   - sent: the time stamped on messages (`RunClock.sent`).
    /// - Throws: the model's errors (`ModelError`, `LinearAlgebraError`), naming the series.
    public func step(_ inputs: AlertInputs, asOf: Period, previous: [AlertState] = [], sent: String) throws -> AlertStep {
        advance(try evaluate(inputs, asOf: asOf), asOf: asOf, previous: previous, sent: sent)
    }

    /// The evaluation half of `step`: the rules' findings for `asOf`, which do not depend on
    /// the months before (a backtest judges months concurrently, then advances in order).
    public func evaluate(_ inputs: AlertInputs, asOf: Period) throws -> Evaluation {
        try AlertEngine(config: config, resultCache: resultCache).evaluation(panel: inputs.panel, enterprises: inputs.enterprises, asOf: asOf)
    }

    /// The lifecycle half of `step`: advances `previous` by `evaluation`'s findings.
    public func advance(_ evaluation: Evaluation, asOf: Period, previous: [AlertState] = [], sent: String) -> AlertStep {
        let outcome = AlertLifecycle(config: config).advance(previous: previous, findings: evaluation.findings,
                                                              asOf: asOf.description, sent: sent)
        return AlertStep(findings: evaluation.findings, unfitted: evaluation.unfitted, alerts: outcome.alerts,
                         states: outcome.states, sent: sent, imputedFirmMonths: evaluation.imputedFirmMonths,
                         imputedLatestMonth: evaluation.imputedLatestMonth,
                         imputedInsuredFirmMonths: evaluation.imputedInsuredFirmMonths,
                         imputedInsuredLatestMonth: evaluation.imputedInsuredLatestMonth)
    }
}
