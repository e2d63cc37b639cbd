/// A calendar month, the time grain of every panel series.
///
/// Stored as a month count since year 0 so that differences and ranges are integer
/// arithmetic: `Period("2024-03")! - Period("2023-03")! == 12`.
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// `year * 12 + (month - 1)`.
    public let index: Int

    /// Earliest and latest years accepted from input files; outside this a date is a typo.
    /// From 1900: generic series carry long histories (payroll by industry from 1939, NBER
    /// business-cycle dates from the 1850s). Dates beyond the current month are the
    /// ingest stage's question (a clock-relative check), not a calendar fact.
    public static let validYears = 1900...2100

    public init(index: Int) { self.index = index }

    /// - Precondition: `1...12 ~= month`.
    public init(year: Int, month: Int) {
        precondition((1...12).contains(month), "month must be 1...12")
        self.index = year * 12 + (month - 1)
    }

    /// Parses `YYYY-MM` exactly (four-digit year in `validYears`, two-digit month); `nil` otherwise.
    public init?(_ text: some StringProtocol) {
        let u = Array(text.utf8)
        guard u.count == 7, u[4] == UInt8(ascii: "-") else { return nil }
        var y = 0
        for c in u[0..<4] {
            guard c >= 48 && c <= 57 else { return nil }
            y = y * 10 + Int(c - 48)
        }
        guard u[5] >= 48 && u[5] <= 57 && u[6] >= 48 && u[6] <= 57 else { return nil }
        let m = Int(u[5] - 48) * 10 + Int(u[6] - 48)
        guard (1...12).contains(m), Period.validYears.contains(y) else { return nil }
        self.index = y * 12 + (m - 1)
    }

    public var year: Int { index / 12 }
    /// 1...12.
    public var month: Int { index % 12 + 1 }

    public var description: String {
        let m = month
        return "\(year)-\(m < 10 ? "0" : "")\(m)"
    }

    public static func < (a: Period, b: Period) -> Bool { a.index < b.index }
    public static func + (p: Period, months: Int) -> Period { Period(index: p.index + months) }
    public static func - (p: Period, months: Int) -> Period { Period(index: p.index - months) }
    public static func - (a: Period, b: Period) -> Int { a.index - b.index }

    /// Days in this month (Gregorian).
    public var dayCount: Int {
        switch month {
        case 2: return CivilDate.isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A calendar day, for daily transport signals and holiday arithmetic.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1 else { return nil }
        self.year = year; self.month = month; self.day = day
        guard day <= period.dayCount else { return nil }
    }

    /// Parses `YYYY-MM-DD` exactly; `nil` for malformed or impossible dates.
    public init?(_ text: some StringProtocol) {
        let u = Array(text.utf8)
        guard u.count == 10, u[7] == UInt8(ascii: "-"), let p = Period(String(decoding: u[0..<7], as: UTF8.self)) else { return nil }
        guard u[8] >= 48 && u[8] <= 57 && u[9] >= 48 && u[9] <= 57 else { return nil }
        self.init(year: p.year, month: p.month, day: Int(u[8] - 48) * 10 + Int(u[9] - 48))
    }

    public var period: Period { Period(year: year, month: month) }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    public var description: String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }
}
