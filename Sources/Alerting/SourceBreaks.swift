import Codes
import Modeling
import PanelData

/// Data breaks: a lasting step in one source of a quantity that its counterpart does not
/// show (insured employees stepping to ×0.85 in a county while payroll headcount holds: a
/// change of definition, not job loss). Issue 12: such a step is a data-quality finding
/// (`source_disagreement`, `D-…`) and nothing else, so the job-loss rules do not read the
/// stepped source in the cells the break reaches, from the month it began.
///
/// A break is found per `source_disagreement` pair (checked signal a against signal b, in the
/// same cell) as that rule measures it (`SourceRatio`: on the cell's continuing firms, so a
/// firm's closure is no break), at any month of the last `scanMonths`: the ratio a/b in
/// month t and t + 1 both off the median of the 12 months before t, the same way, by at least
/// the rule's blue threshold in its robust units (the rule's own scale and floors). The source
/// that stepped is the one whose mean level since t moved further, relatively, from its median
/// over those 12 months. That source, and every ratio signal over it, is then held in the cell,
/// in the cells of the same area above and below it whose sector and group agree or are `ALL`
/// (a county's break moves its city's and province's figures and every sector of its own).
/// Job loss moves both sources, so it keeps the ratio and is never held.
struct SourceBreaks {
    /// Months back from the judged month in which a break's start is looked for (24: long
    /// enough that the step is inside the fitted months before it is forgotten).
    static let scanMonths = 24

    private let held: Set<Int>
    /// The breaks found: cell, stepped signal, month index it began.
    let found: [(key: SeriesKey, start: Int)]

    /// Whether panel series `s` is held from the job-loss rules.
    func holds(_ s: Int) -> Bool { held.contains(s) }

    init(panel: Panel, config: AlertConfig, seriesIndex: [SeriesKey: Int], asOf: Period, matched: MatchedSample) {
        var found: [(key: SeriesKey, start: Int)] = []
        let T = panel.periodCount, last = min(T - 1, asOf - panel.start)
        for rule in config.enabledRules {
            guard case .sourceDisagreement(let p) = rule.parameters else { continue }
            let months = p.referenceMonths
            for s in panel.keys.indices where rule.watches(panel.keys[s]) {
                let k = panel.keys[s]
                guard let d = seriesIndex[SeriesKey(region: k.region, sector: k.sector, group: k.group, signal: p.against)] else { continue }
                let first = max(months, last - SourceBreaks.scanMonths + 1)
                guard first <= last - 1 else { continue }
                let firms = seriesIndex[SeriesKey(region: k.region, sector: k.sector, group: k.group, signal: PayrollNonresponse.enterprises)]
                let ratio = SourceRatio(panel: panel, matched: matched, numerator: s, denominator: d, enterprises: firms, through: last,
                                        referenceMonths: months, scaleFloor: p.scaleFloor)
                for t in first...(last - 1) {
                    guard let v = ratio.judged(t + 1), v.measure >= rule.thresholds.blue else { continue }
                    // Which source stepped: the larger relative move of its level since t.
                    func move(_ x: Int) -> Double {
                        let after = (t...last).map { panel[$0, x] }.filter { !$0.isNaN }
                        guard !after.isEmpty, let before = RobustScale.medianAndMAD((t - months...t - 1).map { panel[$0, x] }),
                              before.median != 0 else { return 0 }
                        return abs(after.reduce(0, +) / Double(after.count) / before.median - 1)
                    }
                    let stepped = move(s) >= move(d) ? k.signal : p.against
                    found.append((SeriesKey(region: k.region, sector: k.sector, group: k.group, signal: stepped), t))
                    break
                }
            }
        }
        var held = Set<Int>()
        if !found.isEmpty {
            for (s, k) in panel.keys.enumerated() {
                let hit = found.contains { b in
                    let signal = k.signal == b.key.signal
                        || RatioSignal.defaults.contains { $0.name == k.signal && $0.denominator == b.key.signal }
                    guard signal, SourceBreaks.agree(k.sector, b.key.sector), SourceBreaks.agree(k.group, b.key.group) else { return false }
                    if k.region == b.key.region { return true }
                    guard let r = RegionCode(k.region), let br = RegionCode(b.key.region) else { return false }
                    return r.isWithin(br) || br.isWithin(r)
                }
                if hit { held.insert(s) }
            }
        }
        self.held = held
        self.found = found
    }

    private static func agree(_ a: String, _ b: String) -> Bool { a == b || a == "ALL" || b == "ALL" }
}
