import Codes
import PanelData
import Presentation

/// What a rule saw about one subject, in figures: everything a piece of `Evidence` holds
/// except its words, which Presentation's `EvidenceSentence` writes from `fact`. Detection
/// code builds these; `Rule.finding` (the one Finding builder) turns them into findings.
struct Observation {
    /// Month the evidence refers to.
    var period: Period
    var observed: Double
    var expected: Double? = nil
    var lower: Double? = nil
    var upper: Double? = nil
    /// Coverage of `lower`…`upper`; `nil`: the model's one-month prediction interval
    /// (`SeriesModel.predictionLevel`), which every interval but a forecast's is.
    var intervalLevel: Double? = nil
    /// The rule's measure, compared against its thresholds and its clear line.
    var measure: Double
    var measureName: String
    /// Whether the measure may reach a level; `false` when a condition beside the measure
    /// fails (a change under `minimum_relative_change`, a year-over-year change that is not
    /// negative, a layoff that did not pass the false-discovery test, a festival month whose
    /// z is not low enough): the finding then only holds an open alert.
    var mayRaise = true
    /// Month the change began, when the rule can tell.
    var changeStart: Period? = nil
    /// The figures the evidence sentence is written from.
    var fact: EvidenceFact
    /// The last months of the signal, and the expected values for them, for charts.
    var recent: [Double] = []
    var recentExpected: [Double] = []
    /// The signal as the evidence names it, when not the series' own (a ratio `a/b`, an
    /// enterprise field, a stress statistic).
    var signal: String? = nil
}

extension Rule {
    /// The one Finding builder: the evidence of `o` about `subject`, levelled by the rule's
    /// thresholds and worded in both languages by Presentation.
    func finding(_ o: Observation, subject: AlertSubject, signal: String? = nil, enterpriseName: String? = nil) -> Finding {
        Finding(subject: subject, evidence: Evidence(
            rule: id, signal: o.signal ?? signal ?? "", period: o.period.description, observed: o.observed, expected: o.expected,
            lower: o.lower, upper: o.upper,
            intervalLevel: o.lower == nil && o.upper == nil ? nil : o.intervalLevel ?? SeriesModel.predictionLevel, measure: o.measure, measureName: o.measureName,
            level: o.mayRaise ? thresholds.level(for: o.measure) : nil, changeStart: o.changeStart?.description,
            detail: EvidenceSentence.text(o.fact, .en), detailZh: EvidenceSentence.text(o.fact, .zh),
            recent: o.recent, recentExpected: o.recentExpected), enterpriseName: enterpriseName)
    }
}

extension AlertEngine {
    /// The one per-series loop of the series rules: every panel series the rule watches
    /// (its signals and region levels), judged by `judge` (`nil`: nothing to say), and kept
    /// when its measure is at or above the rule's clear line. Findings are about the series'
    /// cell, in the rule's scope (data-quality rules about the data, the others about the area).
    func eachSeries(_ rule: Rule, _ c: SeriesContext, _ judge: (Int) -> Observation?) -> [Finding] {
        var out: [Finding] = []
        for s in c.panel.keys.indices where rule.watches(c.panel.keys[s]) {
            guard let o = judge(s), o.measure >= rule.clear else { continue }
            out.append(rule.finding(o, subject: c.subject(s, scope: rule.scope), signal: c.panel.keys[s].signal))
        }
        return out
    }
}
