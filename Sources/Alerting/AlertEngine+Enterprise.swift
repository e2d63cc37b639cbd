import Codes
import Foundation
import Modeling
import PanelData

extension AlertEngine {
    /// Rules about single enterprises: mass layoff and the three faces of wage arrears.
    ///
    /// `wage_days_late` and `contribution_arrears` test every enterprise on file each run, so
    /// at province scale (100,000 firms) a one-in-ten-thousand coincidence is ten false
    /// alerts a month. They raise only what passes Benjamini–Hochberg over the run's
    /// enterprises (`FirmRun`): each firm's p-value is the chance of its current run of
    /// late pay dates (or months in arrears) if such months came independently at the rate
    /// of the cross-section's earlier firm-months, or of the firm's own months before the
    /// run, whichever is higher. Findings that do not pass are still reported without a
    /// level, which keeps an open alert open but raises none.
    func enterpriseRule(_ rule: Rule, _ enterprises: [EnterpriseSeries], asOf: Period) -> [Finding] {
        let run: FirmRun?
        switch rule.parameters {
        case .wageDaysLate(let p):
            let late = rule.thresholds.blue
            run = FirmRun(enterprises, asOf: asOf, rate: p.falseDiscoveryRate) { e, t in e.daysLate[t] >= late }
        case .contributionArrears(let p):
            run = FirmRun(enterprises, asOf: asOf, rate: p.falseDiscoveryRate) { e, t in e.arrears[t] > 0 }
        default: run = nil
        }
        var out: [Finding] = []
        for (i, e) in enterprises.enumerated() {
            guard let t0 = e.lastObservedIndex(onOrBefore: asOf) else { continue }
            var found: Observation?
            switch rule.parameters {
            case .wageDaysLate: found = daysLate(rule, e, t0)
            case .wagesFallingHeadcountHolds(let p): found = wagesFalling(rule, p, e, t0)
            case .contributionArrears(let p): found = arrears(rule, p, e, t0)
            default: found = nil
            }
            if var o = found, o.measure >= rule.clear {
                if let r = run { o.mayRaise = r.passes[i] }
                out.append(rule.finding(o, subject: AlertSubject(scope: .enterprise, region: e.region, sector: e.sector, enterpriseID: e.id),
                                        enterpriseName: e.name))
            }
        }
        return out
    }

    private func recent(_ v: MonthlyValues, _ t0: Int) -> [Double] {
        Array(v[max(0, t0 - AlertEngine.recentMonths + 1)...t0])
    }

    /// Days late of the latest pay date that the one before it also reached: min(dₜ, dₜ₋₁).
    /// Wage arrears (拖欠) persist, while a single late payment (a bank holiday, a payroll
    /// error) is settled by the next pay date; requiring two pay dates in a row costs one
    /// month of warning and removes the one-off late months that made up nearly all of this
    /// rule's alerts on the demo province.
    func daysLate(_ rule: Rule, _ e: EnterpriseSeries, _ t0: Int) -> Observation? {
        guard t0 >= 1 else { return nil }
        let latest = e.daysLate[t0], previous = e.daysLate[t0 - 1]
        guard !latest.isNaN, !previous.isNaN else { return nil }
        var start = t0
        while start > 0, e.daysLate[start - 1] > rule.thresholds.blue { start -= 1 }
        let p = e.start + t0
        return Observation(
            period: p, observed: latest, measure: min(latest, previous), measureName: "days_late_two_pay_dates",
            changeStart: e.start + start, fact: .wagesLate(period: p.description, daysLate: latest, previous: previous),
            recent: recent(e.daysLate, t0), signal: "days_late")
    }

    /// Wages per head against the median of the previous `reference_months` (12), when
    /// headcount moved less than `headcount_tolerance` (5%) over the same span.
    func wagesFalling(_ rule: Rule, _ p: WagesFallingParameters, _ e: EnterpriseSeries, _ t0: Int) -> Observation? {
        guard t0 >= p.minimumHistory else { return nil }
        let h = e.headcount[t0], w = e.wages[t0]
        guard !h.isNaN, !w.isNaN, h >= p.minimumStaff else { return nil }
        let from = max(0, t0 - p.referenceMonths)
        let perHead = (from..<t0).compactMap { t -> Double? in
            let a = e.wages[t], b = e.headcount[t]
            return a.isNaN || b.isNaN || b <= 0 ? nil : a / b
        }
        guard let ref = RobustScale.medianAndMAD(perHead), ref.median > 0,
              let heads = RobustScale.medianAndMAD((from..<t0).map { e.headcount[$0] }), heads.median > 0 else { return nil }
        guard abs(h - heads.median) / heads.median < p.headcountTolerance else { return nil }
        let now = w / h
        let measure = 100 * (1 - now / ref.median)
        let month = e.start + t0
        return Observation(
            period: month, observed: now, expected: ref.median, measure: measure, measureName: "percent_fall_in_wages_per_head",
            changeStart: month,
            fact: .wagesFalling(period: month.description, perHead: now, fall: measure / 100, median: ref.median, headcount: h,
                                months: p.referenceMonths),
            recent: recent(e.wages, t0), signal: "wages_cny")
    }

    /// Contribution arrears in months of the enterprise's wage bill (median of the last
    /// `wage_bill_months`, 12).
    func arrears(_ rule: Rule, _ p: ContributionArrearsParameters, _ e: EnterpriseSeries, _ t0: Int) -> Observation? {
        let a = e.arrears[t0]
        guard !a.isNaN, a > 0 else { return nil }
        guard let bill = RobustScale.medianAndMAD((max(0, t0 - p.wageBillMonths + 1)...t0).map { e.wages[$0] }), bill.median > 0 else { return nil }
        let measure = a / bill.median
        let month = e.start + t0
        return Observation(
            period: month, observed: a, measure: measure, measureName: "months_of_wages",
            fact: .arrears(period: month.description, amount: a, monthsOfWages: measure), recent: recent(e.arrears, t0),
            signal: "arrears_cny")
    }
}

/// The multiple-testing control of `wage_days_late` and `contribution_arrears`: one test per
/// enterprise on file in the as-of month, Benjamini–Hochberg over them.
///
/// A firm's run L is the number of its months on file, back from the latest, in which the
/// condition held (late by the rule's blue threshold or more; contributions in arrears),
/// months not on file skipped. Its p-value is r^L: the chance of such a run if each month
/// were late independently with probability r, where r is the larger of
/// - the cross-section's rate: the share of all firm-months on file before the as-of month
///   in which the condition held, (x + 1)/(n + 1), and
/// - the firm's own rate before its run began (its months on file before the run, x/n), so
///   a firm that is often late must stay late longer to count as unusual.
/// No threshold is set on L: how long a run must be follows from r, q and the number of
/// firms tested (at q = 0.05 and r = 0.5%, two months among 500 firms, three among 100,000).
struct FirmRun {
    /// Per enterprise, in the order given: whether it passes the bound.
    let passes: [Bool]
    /// Per enterprise: the run length and its p-value (1 for firms not tested or in no run).
    let runs: [Int], p: [Double]
    /// The cross-section's rate r, and the number of enterprises tested.
    let rate: Double, tests: Int

    init(_ enterprises: [EnterpriseSeries], asOf: Period, rate q: Double, condition: (EnterpriseSeries, Int) -> Bool) {
        func onFile(_ e: EnterpriseSeries, _ t: Int) -> Bool {
            !e.headcount[t].isNaN || !e.insured[t].isNaN || !e.arrears[t].isNaN || !e.daysLate[t].isNaN
        }
        // The cross-section: every firm-month on file before the as-of month.
        var n = 0, x = 0
        for e in enterprises {
            let end = min(asOf - e.start, e.periodCount)
            guard end > 0 else { continue }
            for t in 0..<end where onFile(e, t) {
                n += 1
                if condition(e, t) { x += 1 }
            }
        }
        let common = Double(x + 1) / Double(n + 1)
        var runs = [Int](repeating: 0, count: enterprises.count), p = [Double](repeating: 1, count: enterprises.count)
        var tests = 0
        for (i, e) in enterprises.enumerated() {
            let t0 = asOf - e.start
            guard t0 >= 0, t0 < e.periodCount, onFile(e, t0) else { continue }
            tests += 1
            var length = 0, t = t0
            while t >= 0 {
                if onFile(e, t) {
                    guard condition(e, t) else { break }
                    length += 1
                }
                t -= 1
            }
            guard length > 0 else { continue }
            // The firm's own months before the run (t is the month that ended it, or −1).
            var own = 0, ownLate = 0
            if t >= 0 {
                for s in 0...t where onFile(e, s) {
                    own += 1
                    if condition(e, s) { ownLate += 1 }
                }
            }
            let r = max(common, own > 0 ? Double(ownLate) / Double(own) : 0)
            runs[i] = length
            p[i] = pow(r, Double(length))
        }
        let judged = p.indices.filter { p[$0] < 1 }
        let pass = BenjaminiHochberg.rejections(judged.map { p[$0] }, tests: max(tests, judged.count), rate: q)
        var passes = [Bool](repeating: false, count: enterprises.count)
        for (k, i) in judged.enumerated() { passes[i] = pass[k] }
        self.passes = passes; self.runs = runs; self.p = p; self.rate = common; self.tests = tests
    }
}
