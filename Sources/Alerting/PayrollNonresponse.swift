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

    /// The latest panel month (index) in which any firm reported `source`, −1 if none: a firm
    /// missing there but present the month before is a respondent not yet in.
    static func latestReport(_ enterprises: [EnterpriseSeries], _ source: KeyPath<EnterpriseSeries, MonthlyValues>, panel: Panel) -> Int {
        let T = panel.periodCount
        var last = -1
        for e in enterprises {
            let v = e[keyPath: source]
            for t in stride(from: min(T - 1, e.start + (e.periodCount - 1) - panel.start), through: max(last + 1, 0), by: -1) {
                let i = panel.start + t - e.start
                if i >= 0, !v[i].isNaN { last = t; break }
            }
        }
        return last
    }

    /// One source's unit non-response: every firm-month missing from `presence` between two
    /// reports (or in the source's latest month after a report) adds the firm's previous
    /// month of each `carried` measure (nil: 1, a count of firms) to that signal in every
    /// cell the firm is summed into. Returns the firm-months imputed, in all and in the latest month.
    static func impute(_ panel: inout Panel, _ enterprises: [EnterpriseSeries], presence: KeyPath<EnterpriseSeries, MonthlyValues>,
                       carried: [(signal: String, values: KeyPath<EnterpriseSeries, MonthlyValues>?)]) -> (total: Int, latest: Int) {
        let T = panel.periodCount
        let index = panel.columnIndex
        let last = latestReport(enterprises, presence, panel: panel)
        // Per own cell (region × sector), the panel columns of each (roll-up cell, carried
        // signal) in the order they are added (cells most specific first, then signals):
        // looked up once per cell, not once per imputed firm-month (the string keys' hashing
        // was most of this function's time at province scale). −1: no such series.
        var slotOf: [CellKey: Int] = [:]
        var columns: [[Int]] = []
        var imputed = 0, imputedLatest = 0
        let k = carried.count
        var add = [Double](repeating: 0, count: k)
        let panelStart = panel.start
        panel.values.withUnsafeMutableBufferPointer { values in
            for e in enterprises where last >= 1 {
                let offset = panelStart - e.start, n = e.periodCount
                // The firm-months to impute, found on the presence array's buffer (no
                // reference counting per month).
                let months: [Int] = e[keyPath: presence].withUnsafeBufferPointer { v in
                    @inline(__always) func missing(_ t: Int) -> Bool {
                        let i = offset + t
                        return i < 0 || i >= n || v[i].isNaN
                    }
                    var out: [Int] = []
                    for t in 1...last where missing(t) && !missing(t - 1) && (t == last || !missing(t + 1)) { out.append(t) }
                    return out
                }
                var firm = -1
                for t in months {
                    if firm < 0 {
                        let own = CellKey(region: e.region, sector: e.sector)
                        if let known = slotOf[own] { firm = known } else {
                            firm = columns.count
                            slotOf[own] = firm
                            columns.append(CellKey.rollUps(region: e.region, sector: e.sector).flatMap { cell in
                                carried.map { c in index[SeriesKey(region: cell.region, sector: cell.sector, signal: c.signal)] ?? -1 }
                            })
                        }
                    }
                    let i = offset + t - 1
                    for j in 0..<k { add[j] = carried[j].values.map { e[keyPath: $0][i] } ?? 1.0 }
                    let cols = columns[firm]
                    for c in 0..<(cols.count / max(1, k)) {
                        for j in 0..<k where !add[j].isNaN {
                            let s = cols[c * k + j]
                            guard s >= 0 else { continue }
                            let at = t + s * T
                            values[at] = values[at].isNaN ? add[j] : values[at] + add[j]
                        }
                    }
                    imputed += 1
                    if t == last { imputedLatest += 1 }
                }
            }
        }
        return (imputed, imputedLatest)
    }
}
