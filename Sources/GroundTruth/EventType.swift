/// The kind of a row of `truth.csv`, spelled as in the file.
///
/// The seven injected kinds are what `jobsentry generate` writes and what a backtest measures
/// recall on. `quiet` (spelled `none`) marks something that must *not* raise a job-loss alert
/// (an outlier, a decoy, a data break, a seasonal peak; see `QuietCause`). Any other spelling
/// is kept as `other`, so a truth file of documented historical events (a recession, a plant
/// closure) can be scored too; such events are treated as job loss that peaks when it starts.
public enum EventType: Hashable, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    /// One sector in one city loses jobs for months, then recovers over a year.
    /// `magnitude`: peak fall of the sector's target employment in the city (0.25 = −25 %).
    case sectorDownturn
    /// Every sector of the province contracts, then recovers over nine months.
    /// `magnitude`: peak fall for a sector of sensitivity 1 (manufacturing 1.3, catering 1.5,
    /// public administration 0.1).
    case provinceShock
    /// A key enterprise cuts staff in one month, for good. `magnitude`: share of staff cut.
    case massLayoff
    /// An enterprise pays a growing part of wages late while its headcount holds; days late
    /// pass 30, contribution arrears accumulate; all is paid back the month after `end`.
    /// `magnitude`: share of the wage bill unpaid by `end` (rising linearly from `start`).
    case wageArrears
    /// After the festival of `start`'s year, fewer migrants leave the city for work
    /// (rail departures and mobile outflow in days +1...+40 fall short).
    /// `magnitude`: share of the expected post-festival migrant departures that did not happen.
    case migrantOutflowShortfall
    /// The insurance source narrows its definition of "insured" in a city from `start` on: a
    /// fixed part of each enterprise's insured employees drops out of the count, with no
    /// separation behind it; payroll, claims and the survey do not move. Not job loss: it
    /// should raise a data-quality (`D-…`) alert. `magnitude`: share dropped from the count.
    case dataBreak
    /// A slow linear slide of target employment in a city (one sector or all) from `start` to
    /// `end`, which then persists. `magnitude`: total fall reached at `end`.
    case gradualDeterioration
    /// `none`: a case that must stay quiet (no alert but a data-quality one); the row's
    /// `cause` says why.
    case quiet
    /// A type this build does not know, kept as spelled.
    case other(String)

    /// The injected kinds, in the order `jobsentry generate` documents them.
    public static let allCases: [EventType] = [
        .sectorDownturn, .provinceShock, .massLayoff, .wageArrears, .migrantOutflowShortfall, .dataBreak,
        .gradualDeterioration,
    ]

    public init(rawValue: String) {
        self = EventType.allCases.first { $0.rawValue == rawValue } ?? (rawValue == "none" ? .quiet : .other(rawValue))
    }

    public var rawValue: String {
        switch self {
        case .sectorDownturn: return "sector_downturn"
        case .provinceShock: return "province_shock"
        case .massLayoff: return "mass_layoff"
        case .wageArrears: return "wage_arrears"
        case .migrantOutflowShortfall: return "migrant_outflow_shortfall"
        case .dataBreak: return "data_break"
        case .gradualDeterioration: return "gradual_deterioration"
        case .quiet: return "none"
        case let .other(s): return s
        }
    }

    public var description: String { rawValue }

    public static func < (a: EventType, b: EventType) -> Bool { a.rawValue < b.rawValue }

    /// Whether the event destroys jobs (and so should move unemployment claims and the survey rate).
    public var isJobLoss: Bool {
        switch self {
        case .sectorDownturn, .provinceShock, .massLayoff, .gradualDeterioration, .other: return true
        case .wageArrears, .migrantOutflowShortfall, .dataBreak, .quiet: return false
        }
    }

    /// Whether the event is a change in how a source counts: it should raise data-quality
    /// alerts, never unemployment alerts.
    public var isDataQuality: Bool { self == .dataBreak }

    /// Months over which a downturn slides to its full size (its peak is the last of them).
    public var slideMonths: Int {
        switch self {
        case .sectorDownturn: return 3
        case .provinceShock: return 2
        default: return 1
        }
    }

    /// Months over which a downturn recovers linearly after `end` (0: it does not recover here).
    public var recoveryMonths: Int {
        switch self {
        case .sectorDownturn: return 12
        case .provinceShock: return 9
        default: return 0
        }
    }
}

/// Why a `none` row of `truth.csv` must stay quiet: each is something a careless rule reads as
/// job loss. A data-quality (`D-…`) alert on an outlier or a break is right; any other alert
/// on any of them is a false alarm with that cause.
public enum QuietCause: String, CaseIterable, Sendable, Comparable {
    /// A single-month keying error in one source (a firm's headcount ×10, wages ×100, insured
    /// ×10; a county's claims ×10; one day of rail departures ×10; a city's rate ×10). It
    /// reverts the next month.
    case outlier
    /// A very large but regular seasonal swing (a tourism county's hospitality sector).
    case decoySeasonal = "decoy_seasonal"
    /// A firm that expands in two steps and stays at its new size.
    case decoyExpansion = "decoy_expansion"
    /// A lasting step in one source that its counterpart does not show (insured steps down
    /// while payroll holds): a coverage or definition break.
    case dataBreak = "break"
    /// The July–August peak of youth unemployment rates as graduates enter the market.
    case graduationSeason = "graduation_season"
    /// A firm's first months: it is founded and hires up to its size (hard profile: over 3–8 months).
    case firmBirth = "firm_birth"
    /// A small firm leaving the files: everyone separated in its last month, no row after.
    case firmClosure = "firm_closure"
    /// A large firm's payroll rows missing for one to three months while its insurance rows
    /// continue: unit non-response in one source, not a closure (the other source still counts
    /// its staff). A data-quality alert at most.
    case nonresponse

    public static func < (a: QuietCause, b: QuietCause) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Whether a data-quality alert is the right response (the data are wrong, not the economy).
    public var isDataProblem: Bool { self == .outlier || self == .dataBreak || self == .nonresponse }
}
