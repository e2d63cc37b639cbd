/// The Spring Festival (春节, lunar new year), the moving holiday that dominates
/// Chinese monthly labour data: migrants go home before it and return after it.
public enum SpringFestival {
    /// Years with a known festival date: data reach back decades and forward past 2030.
    public static let years = 1900...2100

    /// First day of the first lunar month, Gregorian `month·100 + day`, for every year of
    /// `years`. Computed with ICU's Chinese calendar (Foundation `Calendar(identifier:
    /// .chinese)`, time zone Asia/Shanghai; the test recomputes every year) and checked
    /// against the Hong Kong Observatory's table as carried by the PyPI package
    /// `lunarcalendar` 0.0.9: the two agree in every year but 1916, where the Observatory
    /// (and the calendar then in use, reckoned at Beijing's meridian rather than 120°E)
    /// gives 3 February and ICU 4 February; the table follows the Observatory.
    static let monthDay: [Int16] = [
        131, 219, 208, 129, 216, 204, 125, 213, 202, 122,  // 1900–1909
        210, 130, 218, 206, 126, 214, 203, 123, 211, 201,  // 1910–1919
        220, 208, 128, 216, 205, 124, 213, 202, 123, 210,  // 1920–1929
        130, 217, 206, 126, 214, 204, 124, 211, 131, 219,  // 1930–1939
        208, 127, 215, 205, 125, 213, 202, 122, 210, 129,  // 1940–1949
        217, 206, 127, 214, 203, 124, 212, 131, 218, 208,  // 1950–1959
        128, 215, 205, 125, 213, 202, 121, 209, 130, 217,  // 1960–1969
        206, 127, 215, 203, 123, 211, 131, 218, 207, 128,  // 1970–1979
        216, 205, 125, 213, 202, 220, 209, 129, 217, 206,  // 1980–1989
        127, 215, 204, 123, 210, 131, 219, 207, 128, 216,  // 1990–1999
        205, 124, 212, 201, 122, 209, 129, 218, 207, 126,  // 2000–2009
        214, 203, 123, 210, 131, 219, 208, 128, 216, 205,  // 2010–2019
        125, 212, 201, 122, 210, 129, 217, 206, 126, 213,  // 2020–2029
        203, 123, 211, 131, 219, 208, 128, 215, 204, 124,  // 2030–2039
        212, 201, 122, 210, 130, 217, 206, 126, 214, 202,  // 2040–2049
        123, 211, 201, 219, 208, 128, 215, 204, 124, 212,  // 2050–2059
        202, 121, 209, 129, 217, 205, 126, 214, 203, 123,  // 2060–2069
        211, 131, 219, 207, 127, 215, 205, 124, 212, 202,  // 2070–2079
        122, 209, 129, 217, 206, 126, 214, 203, 124, 210,  // 2080–2089
        130, 218, 207, 127, 215, 205, 125, 212, 201, 121,  // 2090–2099
        209,  // 2100–2100
    ]

    /// The festival date of `year`, or `nil` outside `years`.
    public static func date(in year: Int) -> CivilDate? {
        guard years.contains(year) else { return nil }
        let md = Int(monthDay[year - years.lowerBound])
        return CivilDate(year: year, month: md / 100, day: md % 100)
    }

    /// Share of the window `[festival + fromDay, festival + toDay)` (in days, relative to
    /// the festival day, `fromDay < toDay`) that falls inside `period`, summed over the
    /// festivals of the period's year and its neighbours (a window can cross a year end).
    /// Returns 0 for years outside `years`.
    public static func windowShare(of period: Period, fromDay: Int, toDay: Int) -> Double {
        precondition(fromDay < toDay, "window must be non-empty")
        let first = CivilDate(year: period.year, month: period.month, day: 1)!.dayNumber
        let end = first + period.dayCount
        var share = 0.0
        for y in (period.year - 1)...(period.year + 1) {
            guard let f = date(in: y)?.dayNumber else { continue }
            let lo = max(first, f + fromDay), hi = min(end, f + toDay)
            if hi > lo { share += Double(hi - lo) / Double(toDay - fromDay) }
        }
        return share
    }
}
