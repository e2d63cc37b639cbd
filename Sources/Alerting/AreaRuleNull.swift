import Foundation

/// The null distribution an area rule (`contraction`, `surge`, `sudden_fall`) judges its
/// measure against, and the multiple-testing step that bounds its false alerts per run.
///
/// An area rule tests every series it watches (every city × sector × group cell, and the
/// roll-ups) every month, several hundred tests a run. A fixed threshold on a robust z holds
/// a Gaussian tail per test; heavy-tailed cells (a few firms, small claim counts, Student-t
/// firm noise) break it, and the several hundred tests multiply what is left. So:
///
/// 1. **Null.** The same measure at every earlier month of every series the rule watches,
///    computed as it is for the judged month (the robust z of each series in its own units, so
///    the series are comparable), is the reference. Cells of different sizes have tails of
///    different weight (a count of 3 claims is skewed where one of 3,000 is not), so the
///    references are kept per size band of the series' mean level (`bands`) and a band is
///    its own reference only with `bandMinimum` earlier measures, else all are pooled.
/// 2. **p-value.** The conformal p-value (1 + #{earlier ≥ m}) / (1 + n), extrapolated beyond
///    the largest earlier measures as a Pareto tail fitted by Hill's estimator
///    (`LayoffNull.pValue`): a run's several hundred tests need p-values below 1/n.
/// 3. **Benjamini–Hochberg** over the run's tests of that rule (every series with a measure,
///    those under the clear line counting as p = 1) at the rule's `false_discovery_rate` q:
///    at most a share q of the alerts a run raises is expected to be false, and in a run where
///    nothing happened a false alert at most a share q of the time, whatever the number of cells.
struct AreaRuleNull {
    /// Upper edges of the size bands of a series' mean absolute level (counts of people).
    static let bands: [Double] = [20, 200, 2_000]
    /// Earlier measures a band needs before it is its own reference.
    static let bandMinimum = 1_000

    private var positives: [[Double]]
    private var zeros: [Int]

    init() {
        positives = Array(repeating: [], count: AreaRuleNull.bands.count + 1)
        zeros = Array(repeating: 0, count: AreaRuleNull.bands.count + 1)
    }

    /// The band of a series whose mean absolute level is `level`.
    static func band(level: Double) -> Int {
        AreaRuleNull.bands.firstIndex { level < $0 } ?? AreaRuleNull.bands.count
    }

    /// Adds an earlier measure of a series of band `band` (a measure at or below 0 is no
    /// exceedance at all).
    mutating func add(_ measure: Double, band: Int) {
        guard !measure.isNaN else { return }
        if measure > 0 { positives[band].append(measure) } else { zeros[band] += 1 }
    }

    /// Earlier measures held, all bands.
    var count: Int { positives.reduce(0) { $0 + $1.count } + zeros.reduce(0, +) }

    /// The p-values of `measures` (with their bands), against the sorted references.
    func pValues(_ measures: [(measure: Double, band: Int)]) -> [Double] {
        let sorted = positives.map { $0.sorted() }
        let pooled = positives.flatMap { $0 }.sorted(), pooledZeros = zeros.reduce(0, +)
        return measures.map { m in
            // At or below 0 the measure is no exceedance: every earlier month is at least as far.
            guard !m.measure.isNaN, m.measure > 0 else { return 1 }
            let own = sorted[m.band].count + zeros[m.band] >= AreaRuleNull.bandMinimum
            let ref = own ? sorted[m.band] : pooled, z = own ? zeros[m.band] : pooledZeros
            guard ref.count + z > 0 else { return 1 }
            return LayoffNull.pValue(m.measure, positives: ref, zeros: z)
        }
    }

    /// Which of `measures` pass Benjamini–Hochberg at rate `q` over `tests` tests (every
    /// series judged this run; at least `measures.count`).
    func passes(_ measures: [(measure: Double, band: Int)], tests: Int, rate q: Double) -> (pass: [Bool], p: [Double]) {
        let p = pValues(measures)
        return (BenjaminiHochberg.rejections(p, tests: max(tests, p.count), rate: q), p)
    }
}
