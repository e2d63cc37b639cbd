import Codes
import PanelData

/// Unit non-response in the payroll file, imputed before the area rules read the panel.
///
/// A firm that reported in month t − 1 and is missing in month t, and either reports again in
/// t + 1 or t is the latest payroll month, did not report: it did not vanish. Summed as
/// received, its cell (and every roll-up above it) falls by the firm's whole headcount and
/// wage bill that month, which in a cell of a few firms is a fall of half or more — read as
/// a contraction, or held back as a single-month outlier (`D-`), though nothing happened
/// but a missing row. Official statistics impute such a unit instead (the BLS Current
/// Employment Statistics carries a non-respondent forward by its cell's matched-sample
/// change; Eurostat's STS guidelines likewise): here each such firm-month carries the firm's
/// last reported headcount and wages (no change assumed), added to `payroll_headcount`,
/// `payroll_wages` and `payroll_enterprises` of the firm's cell, its city and province, and
/// the all-sector cells above them — the cells the payroll roll-up sums it into.
///
/// By construction a single missing row no longer moves any cell. A firm that stops
/// reporting for two months running is not imputed in either month once the second has
/// arrived (a closure, or a real gap, shows in the data a month late, as it would under a
/// respondent-carried-forward flash estimate); a firm's first month is never imputed (there
/// is nothing to carry). The mass-layoff and enterprise rules read the enterprise series as
/// reported, not the imputed cells. The imputed firm-months are counted in the evaluation
/// (`Evaluation.imputedFirmMonths`), and the run's log names how many fall in the latest month.
///
/// The insurance file is imputed the same way (`insured` of the firm's cells, from its own
/// insured rows): a missing insurance row otherwise drops the cell's insured count by the
/// firm's whole staff for a month, which `payroll_insurance_disagree` reads as a change of
/// definition and the contraction rules as a fall not corroborated by payroll. Flows
/// (`enrolled`, `separated`) are not carried: a month's hires are no stock to carry forward.
struct PayrollNonresponse {
    /// Payroll firm-months imputed, over every month of the panel.
    let imputed: Int
    /// Of those, the firm-months of the latest payroll month (respondents not yet in).
    let imputedLatest: Int
    /// Insurance firm-months imputed, over the panel and in the latest insurance month.
    let imputedInsured: Int, imputedInsuredLatest: Int

    static let headcount = "payroll_headcount", wages = "payroll_wages", enterprises = "payroll_enterprises"
    static let insured = "insured"

    /// Fills `panel` (already truncated to the run's month) in place: payroll, then insurance.
    init(filling panel: inout Panel, enterprises: [EnterpriseSeries]) {
        let payroll = PayrollNonresponse.impute(&panel, enterprises, presence: \.headcount, carried: [
            (PayrollNonresponse.headcount, \.headcount), (PayrollNonresponse.wages, \.wages), (PayrollNonresponse.enterprises, nil)])
        let insurance = PayrollNonresponse.impute(&panel, enterprises, presence: \.insured,
                                                  carried: [(PayrollNonresponse.insured, \.insured)])
        imputed = payroll.total; imputedLatest = payroll.latest
        imputedInsured = insurance.total; imputedInsuredLatest = insurance.latest
    }

    /// One source's unit non-response: every firm-month missing from `presence` between two
    /// reports (or in the source's latest month after a report) adds the firm's previous
    /// month of each `carried` measure (nil: 1, a count of firms) to that signal in every
    /// cell the firm is summed into. Returns the firm-months imputed, in all and in the latest month.
    static func impute(_ panel: inout Panel, _ enterprises: [EnterpriseSeries], presence: KeyPath<EnterpriseSeries, [Double]>,
                       carried: [(signal: String, values: KeyPath<EnterpriseSeries, [Double]>?)]) -> (total: Int, latest: Int) {
        let T = panel.periodCount
        let index = panel.columnIndex
        // The latest month any firm reported: a firm missing there but present the month
        // before is a respondent not yet in.
        var last = -1
        for e in enterprises {
            let v = e[keyPath: presence]
            for t in stride(from: min(T - 1, e.start + (e.periodCount - 1) - panel.start), through: max(last + 1, 0), by: -1) {
                let i = panel.start + t - e.start
                if i >= 0, !v[i].isNaN { last = t; break }
            }
        }
        var cells: [CellKey: [CellKey]] = [:]
        var imputed = 0, imputedLatest = 0
        for e in enterprises where last >= 1 {
            let v = e[keyPath: presence]
            func h(_ t: Int) -> Double {
                let i = panel.start + t - e.start
                return (0..<e.periodCount).contains(i) ? v[i] : .nan
            }
            for t in 1...last where h(t).isNaN && !h(t - 1).isNaN && (t == last || !h(t + 1).isNaN) {
                let own = CellKey(region: e.region, sector: e.sector)
                let targets = cells[own] ?? {
                    let all = CellKey.rollUps(region: e.region, sector: e.sector)
                    cells[own] = all
                    return all
                }()
                let i = panel.start + t - 1 - e.start
                let add = carried.map { c in (c.signal, c.values.map { e[keyPath: $0][i] } ?? 1.0) }
                for cell in targets {
                    for (signal, v) in add where !v.isNaN {
                        guard let s = index[SeriesKey(region: cell.region, sector: cell.sector, signal: signal)] else { continue }
                        let at = t + s * T
                        panel.values[at] = panel.values[at].isNaN ? v : panel.values[at] + v
                    }
                }
                imputed += 1
                if t == last { imputedLatest += 1 }
            }
        }
        return (imputed, imputedLatest)
    }
}
