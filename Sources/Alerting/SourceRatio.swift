import Modeling
import PanelData

/// The ratio of a source-disagreement pair in one cell (insured over payroll headcount), and
/// its robust z against the cell's own earlier months, as `payroll_insurance_disagree` and
/// `SourceBreaks` judge it.
///
/// **Continuing firms.** A cell summed from enterprises is read on its continuing firms
/// (`MatchedSample`): the ratio is that of the two sources' matched-sample indices, both equal
/// to the cell's own values at the judged month and chained back by the link relatives of the
/// firms that report in both months. A firm that closes (leaves both files) is in neither
/// link from the month it left, so its exit does not step the ratio, however far its own
/// coverage was from the cell's: a closure is job loss, not a data break. A change of
/// definition in one source moves that source's link and not the other's, and steps the ratio.
/// A cell with no enterprise behind it is read on its own values.
///
/// **z at month t.** zₜ = (rₜ − median) / max(1.4826·MAD, floor·|median|, √(p(1−p)/n)) over
/// the reference months t − months − 1 … t − 2 (neither t nor t − 1, the two months judged),
/// p the median clamped to [0.01, 0.99] and n the denominator's count at t. The measure at t
/// is min(|zₜ|, |zₜ₋₁|) when both point the same way (a break persists, a blip does not),
/// else 0.
struct SourceRatio {
    /// rₜ for months 0 … t0 (NaN where either source is missing or the denominator is 0).
    let values: [Double]
    /// The denominator's own count for months 0 … t0 (its scale: a ratio over few people is noisier).
    let counts: [Double]
    /// The cell's number of enterprises for months 0 … t0 (`payroll_enterprises`), or empty
    /// when the panel has none for the cell.
    let firms: [Double]
    let months: Int
    let floor: Double

    /// Cell `s` over cell `d` through month `t0`; `enterprises` is the panel column of the
    /// cell's `payroll_enterprises`, if any.
    init(panel: Panel, matched: MatchedSample, numerator s: Int, denominator d: Int, enterprises: Int? = nil, through t0: Int,
         referenceMonths: Int, scaleFloor: Double) {
        let a = (0...t0).map { panel[$0, s] }, b = (0...t0).map { panel[$0, d] }
        let ma = matched.index(s, values: a, through: t0) ?? a, mb = matched.index(d, values: b, through: t0) ?? b
        values = (0...t0).map { t in
            let x = ma[t], y = mb[t]
            return x.isNaN || y.isNaN || y <= 0 || a[t].isNaN || b[t].isNaN ? .nan : x / y
        }
        counts = b
        firms = enterprises.map { e in (0...t0).map { panel[$0, e] } } ?? []
        months = referenceMonths
        floor = scaleFloor
    }

    /// The reference median and scale for the two months ending at `t`, or nil when `t` is too
    /// early or the reference months are all missing.
    func reference(_ t: Int) -> (median: Double, scale: Double)? {
        guard t >= months + 1, t < values.count,
              let ref = RobustScale.medianAndMAD(values[(t - months - 1)...(t - 2)]) else { return nil }
        let p = min(max(ref.median, 0.01), 0.99), n = max(counts[t].isNaN ? 1 : counts[t], 1)
        return (ref.median, max(RobustScale.madToSigma * ref.mad, floor * abs(ref.median), (p * (1 - p) / n).squareRoot()))
    }

    /// (zₜ, zₜ₋₁, measure, median, scale) at month t, or nil when either month is missing or
    /// there is no reference.
    func judged(_ t: Int) -> (z0: Double, z1: Double, measure: Double, median: Double, scale: Double)? {
        guard t >= 1, t < values.count, !values[t].isNaN, !values[t - 1].isNaN, let ref = reference(t) else { return nil }
        let z0 = (values[t] - ref.median) / ref.scale, z1 = (values[t - 1] - ref.median) / ref.scale
        return (z0, z1, z0.sign == z1.sign ? min(abs(z0), abs(z1)) : 0, ref.median, ref.scale)
    }

    /// Upper edges of the bands of a cell's number of enterprises: a ratio summed over few
    /// firms moves with which of them grew (each has its own coverage), its noise about
    /// 1/√firms, so the edges step by about 3 (√10).
    static let firmBands: [Double] = [8, 25, 80]

    /// The band of the cell at month t, for `AreaRuleNull`: by its median number of
    /// enterprises over the reference months where the panel counts them (a ratio over few
    /// firms is noisier, however many people they employ), else by the denominator's median
    /// count (`AreaRuleNull.band`).
    func band(_ t: Int) -> Int {
        let range = max(0, t - months - 1)...max(0, t - 2)
        let n = firms.isEmpty ? [] : firms[range].filter { !$0.isNaN && $0 > 0 }
        if let f = RobustScale.medianAndMAD(n)?.median {
            return SourceRatio.firmBands.firstIndex { f < $0 } ?? SourceRatio.firmBands.count
        }
        let window = counts[range].filter { !$0.isNaN }
        guard !window.isEmpty else { return 0 }
        return AreaRuleNull.band(level: RobustScale.medianAndMAD(window)?.median ?? 0)
    }
}
