/// What a number counts, which decides how it is written and where it may lie.
public enum Unit: String, Sendable, CaseIterable {
    /// Persons (headcount, claimants, job seekers).
    case people
    /// Enterprises.
    case enterprises
    /// Job vacancies.
    case jobs
    /// Passenger trips (rail departures and arrivals).
    case trips
    /// Yuan; written with 万/亿 in Chinese and thousand/million/billion in English.
    case cny
    /// A rate already in percent (5.3 means 5.3%), as the survey publishes it.
    case percent
    /// A share stored as a fraction (0.012 is written 1.2%).
    case share
    /// A difference of two percentages.
    case points
    /// A dimensionless ratio (vacancies per job seeker, insured per payroll head).
    case ratio
    case days
    case months
    /// Anything else: plain number with three significant digits.
    case plain

    /// Whether the quantity cannot be negative, so that interval ends below zero are
    /// clipped to zero: a model's band may dip below zero, the thing it describes cannot.
    public var isNonNegative: Bool {
        switch self {
        case .points, .plain: return false
        default: return true
        }
    }
}
