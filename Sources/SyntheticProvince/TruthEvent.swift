import Codes

/// The kinds of injected event, spelled as in `truth.csv`.
public enum EventType: String, CaseIterable, Sendable {
    /// One sector in one city loses jobs for months, then recovers over a year.
    /// `magnitude`: peak fall of the sector's target employment in the city (0.25 = −25 %).
    case sectorDownturn = "sector_downturn"
    /// Every sector of the province contracts, then recovers over nine months.
    /// `magnitude`: peak fall for a sector of sensitivity 1 (manufacturing 1.3, catering 1.5,
    /// public administration 0.1; see `SectorProfile.sensitivity`).
    case provinceShock = "province_shock"
    /// A key enterprise cuts staff in one month, for good. `magnitude`: share of staff cut.
    case massLayoff = "mass_layoff"
    /// An enterprise pays a growing part of wages late while its headcount holds; days late
    /// pass 30, contribution arrears accumulate; all is paid back the month after `end`.
    /// `magnitude`: share of the wage bill unpaid by `end` (rising linearly from `start`).
    case wageArrears = "wage_arrears"
    /// After the festival of `start`'s year, fewer migrants leave the city for work
    /// (rail departures and mobile outflow in days +1...+40 fall short).
    /// `magnitude`: share of the expected post-festival migrant departures that did not happen.
    case migrantOutflowShortfall = "migrant_outflow_shortfall"
    /// The insurance source narrows its definition of "insured" in a city from `start` on: a
    /// fixed part of each enterprise's insured employees drops out of the count, with no
    /// separation behind it; payroll, claims and the survey do not move. Not job loss.
    /// `magnitude`: share of insured employees dropped from the count at `start`.
    case dataBreak = "data_break"
    /// A slow linear slide of target employment in a city (one sector or all) from `start` to
    /// `end`, which then persists. `magnitude`: total fall reached at `end`.
    case gradualDeterioration = "gradual_deterioration"

    /// Whether the event destroys jobs (and so should move unemployment claims and the survey rate).
    public var isJobLoss: Bool {
        switch self {
        case .sectorDownturn, .provinceShock, .massLayoff, .gradualDeterioration: return true
        case .wageArrears, .migrantOutflowShortfall, .dataBreak: return false
        }
    }
}

/// One row of `truth.csv`: what was injected, where and when.
public struct TruthEvent: Sendable {
    public let id: String
    public let type: EventType
    public let region: RegionCode
    /// `nil` means all sectors (`ALL` in the file).
    public let sector: String?
    /// Global enterprise index for enterprise events.
    let enterprise: Int?
    public let enterpriseID: String?
    public let start: Period
    public let end: Period
    public let magnitude: Double
    /// City index (for region events) or the enterprise's city.
    let city: Int?

    public static let header = ["event_id", "type", "region_code", "sector", "enterprise_id", "start", "end", "magnitude"]

    public var fields: [String] {
        [id, type.rawValue, region.description, sector ?? "ALL", enterpriseID ?? "", start.description, end.description,
         String(format: "%.3f", magnitude)]
    }

    /// Intensity 0...1 of the event in month index `t` (months since the dataset's first), the
    /// profile its magnitude is multiplied by.
    func intensity(atMonth t: Int, origin: Period) -> Double {
        let s = start - origin, e = end - origin
        guard t >= s else { return 0 }
        switch type {
        case .sectorDownturn:  // three-month slide, hold, twelve-month recovery
            if t <= e { return min(1, Double(t - s + 1) / 3) }
            return max(0, 1 - Double(t - e) / 12)
        case .provinceShock:  // two-month slide, hold, nine-month recovery
            if t <= e { return min(1, Double(t - s + 1) / 2) }
            return max(0, 1 - Double(t - e) / 9)
        case .gradualDeterioration:
            return t <= e ? Double(t - s + 1) / Double(e - s + 1) : 1
        case .massLayoff, .dataBreak:
            return 1
        case .wageArrears:
            return t <= e ? Double(t - s + 1) / Double(e - s + 1) : 0
        case .migrantOutflowShortfall:
            return t <= e ? 1 : 0
        }
    }
}
