/// The Spring Festival (春节, lunar new year), the moving holiday that dominates
/// Chinese monthly labour data: migrants go home before it and return after it.
public enum SpringFestival {
    /// First day of the lunar year, 2015–2030 (source: DESIGN.md, the official calendar).
    public static let dates: [Int: CivilDate] = [
        2015: CivilDate(year: 2015, month: 2, day: 19)!, 2016: CivilDate(year: 2016, month: 2, day: 8)!,
        2017: CivilDate(year: 2017, month: 1, day: 28)!, 2018: CivilDate(year: 2018, month: 2, day: 16)!,
        2019: CivilDate(year: 2019, month: 2, day: 5)!, 2020: CivilDate(year: 2020, month: 1, day: 25)!,
        2021: CivilDate(year: 2021, month: 2, day: 12)!, 2022: CivilDate(year: 2022, month: 2, day: 1)!,
        2023: CivilDate(year: 2023, month: 1, day: 22)!, 2024: CivilDate(year: 2024, month: 2, day: 10)!,
        2025: CivilDate(year: 2025, month: 1, day: 29)!, 2026: CivilDate(year: 2026, month: 2, day: 17)!,
        2027: CivilDate(year: 2027, month: 2, day: 6)!, 2028: CivilDate(year: 2028, month: 1, day: 26)!,
        2029: CivilDate(year: 2029, month: 2, day: 13)!, 2030: CivilDate(year: 2030, month: 2, day: 3)!,
    ]

    /// The festival date of `year`, or `nil` outside the table.
    public static func date(in year: Int) -> CivilDate? { dates[year] }

    /// Share of the window `[festival + fromDay, festival + toDay)` (in days, relative to
    /// the festival day, `fromDay < toDay`) that falls inside `period`, summed over the
    /// festivals of the period's year and its neighbours (a window can cross a year end).
    /// Returns 0 for years outside the table.
    public static func windowShare(of period: Period, fromDay: Int, toDay: Int) -> Double {
        precondition(fromDay < toDay, "window must be non-empty")
        let first = CivilDate(year: period.year, month: period.month, day: 1)!.dayNumber
        let end = first + period.dayCount
        var share = 0.0
        for y in (period.year - 1)...(period.year + 1) {
            guard let f = dates[y]?.dayNumber else { continue }
            let lo = max(first, f + fromDay), hi = min(end, f + toDay)
            if hi > lo { share += Double(hi - lo) / Double(toDay - fromDay) }
        }
        return share
    }
}
