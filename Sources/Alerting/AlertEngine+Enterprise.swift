import Codes
import Modeling
import PanelData

extension AlertEngine {
    /// Rules about single enterprises: mass layoff and the three faces of wage arrears.
    func enterpriseRule(_ rule: Rule, _ enterprises: [EnterpriseSeries], asOf: Period) -> [Finding] {
        var out: [Finding] = []
        for e in enterprises {
            guard let t0 = e.lastObservedIndex(onOrBefore: asOf) else { continue }
            let found: Evidence?
            switch rule.parameters {
            case .wageDaysLate: found = daysLate(rule, e, t0)
            case .wagesFallingHeadcountHolds(let p): found = wagesFalling(rule, p, e, t0)
            case .contributionArrears(let p): found = arrears(rule, p, e, t0)
            default: found = nil
            }
            if let ev = found {
                out.append(Finding(subject: AlertSubject(scope: .enterprise, region: e.region, sector: e.sector,
                                                         enterpriseID: e.id),
                                   evidence: ev, enterpriseName: e.name))
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
    func daysLate(_ rule: Rule, _ e: EnterpriseSeries, _ t0: Int) -> Evidence? {
        guard t0 >= 1 else { return nil }
        let latest = e.daysLate[t0], previous = e.daysLate[t0 - 1]
        let d = min(latest, previous)
        guard !latest.isNaN, !previous.isNaN, d >= rule.clear else { return nil }
        var start = t0
        while start > 0, e.daysLate[start - 1] > rule.thresholds.blue { start -= 1 }
        let p = (e.start + t0).description
        return Evidence(
            rule: rule.id, signal: "days_late", period: p, observed: latest, measure: d, measureName: "days_late_two_pay_dates",
            level: rule.thresholds.level(for: d), changeStart: (e.start + start).description,
            detail: "wages for \(p) paid \(fmt(latest, 0)) days late, and \(fmt(previous, 0)) days late the month before",
            detailZh: "\(p) 工资迟发 \(fmt(latest, 0)) 天，上月迟发 \(fmt(previous, 0)) 天", recent: recent(e.daysLate, t0))
    }

    /// Wages per head against the median of the previous 12 months, when headcount moved
    /// less than 5% over the same span.
    func wagesFalling(_ rule: Rule, _ p: WagesFallingParameters, _ e: EnterpriseSeries, _ t0: Int) -> Evidence? {
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
        guard measure >= rule.clear else { return nil }
        let p = (e.start + t0).description
        return Evidence(
            rule: rule.id, signal: "wages_cny", period: p, observed: now, expected: ref.median, measure: measure,
            measureName: "percent_fall_in_wages_per_head", level: rule.thresholds.level(for: measure), changeStart: p,
            detail: "wages per head \(fmt(now, 0)) CNY in \(p), \(fmt(measure))% below the 12-month median \(fmt(ref.median, 0)) while headcount held at \(fmt(h, 0))",
            detailZh: "\(p) 人均工资 \(fmt(now, 0)) 元，比前12个月中位数 \(fmt(ref.median, 0)) 元低 \(fmt(measure))%，而人数保持在 \(fmt(h, 0))",
            recent: recent(e.wages, t0))
    }

    /// Contribution arrears in months of the enterprise's wage bill (median of the last 12 months).
    func arrears(_ rule: Rule, _ p: ContributionArrearsParameters, _ e: EnterpriseSeries, _ t0: Int) -> Evidence? {
        let a = e.arrears[t0]
        guard !a.isNaN, a > 0 else { return nil }
        guard let bill = RobustScale.medianAndMAD((max(0, t0 - p.wageBillMonths + 1)...t0).map { e.wages[$0] }), bill.median > 0 else { return nil }
        let measure = a / bill.median
        guard measure >= rule.clear else { return nil }
        let p = (e.start + t0).description
        return Evidence(
            rule: rule.id, signal: "arrears_cny", period: p, observed: a, expected: nil, measure: measure,
            measureName: "months_of_wages", level: rule.thresholds.level(for: measure),
            detail: "social-insurance arrears of \(fmt(a, 0)) CNY in \(p), \(fmt(measure, 2)) months of the wage bill",
            detailZh: "\(p) 社保欠缴 \(fmt(a, 0)) 元，相当于 \(fmt(measure, 2)) 个月工资总额", recent: recent(e.arrears, t0))
    }
}
