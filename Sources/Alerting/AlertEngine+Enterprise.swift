import Codes
import Modeling
import PanelData

extension AlertEngine {
    /// Rules about single enterprises: mass layoff and the three faces of wage arrears.
    func enterpriseRule(_ rule: Rule, _ enterprises: [EnterpriseSeries], asOf: Period) -> [Finding] {
        var out: [Finding] = []
        for e in enterprises {
            guard let t0 = e.lastObservedIndex(onOrBefore: asOf) else { continue }
            let found: Observation?
            switch rule.parameters {
            case .wageDaysLate: found = daysLate(rule, e, t0)
            case .wagesFallingHeadcountHolds(let p): found = wagesFalling(rule, p, e, t0)
            case .contributionArrears(let p): found = arrears(rule, p, e, t0)
            default: found = nil
            }
            if let o = found, o.measure >= rule.clear {
                out.append(rule.finding(o, subject: AlertSubject(scope: .enterprise, region: e.region, sector: e.sector, enterpriseID: e.id),
                                        enterpriseName: e.name))
            }
        }
        return out
    }

    private func recent(_ v: [Double], _ t0: Int) -> [Double] {
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
