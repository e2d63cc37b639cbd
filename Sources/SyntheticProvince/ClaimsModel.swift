import Codes
import Foundation

/// Unemployment-insurance claims by county × key group × month, from the county's layoffs.
///
/// `new_claims ~ Poisson(0.35 · layoffs + 0.0015 · headcount)`: about a third of laid-off
/// insured workers claim, plus a trickle from contracts that end. Claims split over groups
/// in fixed shares; recipients are a stock that claims enter and one sixth leaves each month
/// (benefits last up to 24 months, most people find work within half a year).
enum ClaimsModel {
    static let groups: [(KeyGroup, Double)] = [
        (.graduate, 0.08), (.migrantWorker, 0.30), (.povertyAlleviated, 0.06),
        (.veteran, 0.03), (.hardToEmploy, 0.10), (.other, 0.43),
    ]
    static let takeUp = 0.35, trickle = 0.0015, exitRate = 1.0 / 6

    static let header = "period,region_code,sector,group,new_claims,recipients\n"

    /// Appends every row of one county to `rows[t]` (one buffer per month, filled county by county
    /// in code order so the file is sorted by period, then region).
    /// - Parameter outlierMonth: a month whose published new claims are keyed ×10 (recipients
    ///   follow the true claims), for the hard profile.
    static func append(county: CountySimulation, code: RegionCode, seed: UInt64, origin: Period, outlierMonth: Int? = nil,
                       rows: inout [[UInt8]]) {
        var rng = RandomStream(seed: seed, tags: [UInt64(code.value), 7])
        let codeBytes = Array(code.description.utf8)
        var recipients = [Double]()
        for (t, var buf) in rows.enumerated() {
            let lambda = takeUp * county.sumLayoffs[t] + trickle * county.sumHeadcount[t]
            var remaining = rng.poisson(lambda)
            var share = 1.0
            if recipients.isEmpty { recipients = groups.map { (lambda * $0.1 / exitRate).rounded() } }
            let period = (origin + t).description
            for (g, (group, w)) in groups.enumerated() {
                let n = g == groups.count - 1 ? remaining : rng.binomial(remaining, min(1, w / share))
                remaining -= n
                share -= w
                recipients[g] = (recipients[g] * (1 - exitRate)).rounded() + Double(n)
                buf.appendText(period); buf.appendComma()
                buf.append(contentsOf: codeBytes); buf.appendComma(); buf.appendComma()
                buf.appendText(group.rawValue); buf.appendComma()
                buf.appendInt(t == outlierMonth ? n * HazardPlan.outlierFactor : n); buf.appendComma()
                buf.appendInt(Int(recipients[g])); buf.appendNewline()
            }
            rows[t] = buf
        }
    }
}
