import Codes

/// Monthly figures of one enterprise, aligned to a panel's months (`NaN` = not reported).
///
/// Enterprise rules (mass layoff, wage arrears) read these; the disclosure check uses
/// them to count the enterprises behind each region × sector cell and their shares.
public struct EnterpriseSeries: Sendable {
    /// Unified Social Credit Code.
    public var id: String
    public var name: String
    public var region: String
    public var sector: String
    /// On the key-enterprise list (重点企业).
    public var isKey: Bool
    public var start: Period
    /// The measures are `MonthlyValues`: read from the store they are views of 32-bit
    /// columns shared by many enterprises (20 bytes per enterprise-month for the five,
    /// not 40 as `Double` arrays); written to, they become the enterprise's own.
    public var headcount: MonthlyValues
    /// Wage bill, CNY.
    public var wages: MonthlyValues
    /// Days past the agreed pay date.
    public var daysLate: MonthlyValues
    /// Unpaid social-insurance contributions, CNY.
    public var arrears: MonthlyValues
    /// Insured persons on the social-insurance file (NaN where the firm filed no row).
    public var insured: MonthlyValues

    /// `insured` nil: the firm has no insurance rows (all NaN).
    public init(id: String, name: String, region: String, sector: String, isKey: Bool, start: Period,
                headcount: [Double], wages: [Double], daysLate: [Double], arrears: [Double], insured: [Double]? = nil) {
        self.init(id: id, name: name, region: region, sector: sector, isKey: isKey, start: start,
                  headcount: MonthlyValues(headcount), wages: MonthlyValues(wages), daysLate: MonthlyValues(daysLate),
                  arrears: MonthlyValues(arrears), insured: insured.map(MonthlyValues.init))
    }

    /// `insured` nil: the firm has no insurance rows (all NaN).
    public init(id: String, name: String, region: String, sector: String, isKey: Bool, start: Period,
                headcount: MonthlyValues, wages: MonthlyValues, daysLate: MonthlyValues, arrears: MonthlyValues,
                insured: MonthlyValues? = nil) {
        precondition(wages.count == headcount.count && daysLate.count == headcount.count && arrears.count == headcount.count,
                     "enterprise series must have one value per month")
        self.id = id; self.name = name; self.region = region; self.sector = sector; self.isKey = isKey
        self.start = start; self.headcount = headcount; self.wages = wages; self.daysLate = daysLate
        self.arrears = arrears
        self.insured = insured ?? .missing(count: headcount.count)
        precondition(self.insured.count == headcount.count, "enterprise series must have one value per month")
    }

    public var periodCount: Int { headcount.count }

    /// Index of `period` in the series, or `nil` outside it.
    public func index(of period: Period) -> Int? {
        let i = period - start
        return (0..<periodCount).contains(i) ? i : nil
    }
}

extension EnterpriseSeries {
    /// The last month with a reported headcount at or before `period`, within 3 months.
    public func lastObservedIndex(onOrBefore period: Period) -> Int? {
        let last = min(period - start, periodCount - 1)
        guard last >= 0 else { return nil }
        for t in stride(from: last, through: max(0, last - 2), by: -1) where !headcount[t].isNaN { return t }
        return nil
    }
}
