/// What one column of an aggregate holds, and how it combines.
public struct MeasureSpec: Sendable, Equatable {
    /// How values are written.
    public enum Unit: Sendable, Equatable {
        /// An integer count.
        case count
        /// Yuan, held in hundredths (fen) so sums stay exact.
        case amount
        /// A rate or ratio, or any real value.
        case real
    }

    /// How a value combines across shards and in roll-ups.
    public enum Role: Sendable, Equatable {
        /// Summed (blank + x = x; blank + blank = blank).
        case additive
        /// `numerator / denominator × scale`, recomputed after every sum, never summed.
        case ratio(numerator: Int, denominator: Int, scale: Double)
        /// A monthly mean of a daily stock: `sum / days` at the source grain; a roll-up
        /// sums the members' means (the population of a city is that of its counties).
        case mean(sum: Int, days: Int)
        /// Used only where published (survey rates); never rolled up.
        case published
    }

    public let column: String
    /// The panel signal name, or `nil` for helper columns (day counts, sums for means).
    public let signal: String?
    public let unit: Unit
    public let role: Role

    public init(_ column: String, signal: String?, unit: Unit, role: Role = .additive) {
        self.column = column; self.signal = signal; self.unit = unit; self.role = role
    }

    public var isDerived: Bool {
        switch role { case .ratio, .mean: return true; default: return false }
    }
}

/// Key dimensions of an aggregate.
public struct KeyColumns: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let period = KeyColumns(rawValue: 1)
    public static let region = KeyColumns(rawValue: 2)
    public static let sector = KeyColumns(rawValue: 4)
    public static let group = KeyColumns(rawValue: 8)
    public static let signal = KeyColumns(rawValue: 16)
}

/// How roll-ups treat cells present in the source.
public enum RollupMode: Sendable, Equatable {
    /// Every source cell adds into all its ancestors (micro-data: payroll, insurance).
    case additive
    /// A parent published in the file is kept; only missing parents are summed from
    /// their children (already-aggregated files: claims, survey, transport).
    case publishedFirst
    /// No roll-up (generic series: their meaning is unknown).
    case none
}

/// The aggregate columns of each kind: the output of `jobsentry aggregate`, the input of
/// `jobsentry merge`, and the cells the store keeps.
public struct AggregateLayout: Sendable {
    public let kind: SignalKind
    public let keys: KeyColumns
    public let measures: [MeasureSpec]
    public let rollup: RollupMode
    /// Whether the same key in two partial files is summed (shards of micro-data or of
    /// days) or is a duplicate (cells of an already aggregated file).
    public let mergeBySum: Bool

    public var keyColumnNames: [String] {
        var out: [String] = []
        if keys.contains(.period) { out.append("period") }
        if keys.contains(.region) { out.append("region_code") }
        if keys.contains(.sector) { out.append("sector") }
        if keys.contains(.group) { out.append("group") }
        if keys.contains(.signal) { out.append("signal") }
        return out
    }

    public var header: [String] { keyColumnNames + measures.map(\.column) }

    public func measureIndex(_ column: String) -> Int? { measures.firstIndex { $0.column == column } }

    public static func of(_ kind: SignalKind) -> AggregateLayout {
        switch kind {
        case .payroll:
            return AggregateLayout(kind: kind, keys: [.period, .region, .sector], measures: [
                MeasureSpec("enterprises", signal: "payroll_enterprises", unit: .count),
                MeasureSpec("headcount", signal: "payroll_headcount", unit: .count),
                MeasureSpec("wages_cny", signal: "payroll_wages", unit: .amount),
                MeasureSpec("late_payers", signal: "late_payers", unit: .count),
            ], rollup: .additive, mergeBySum: true)
        case .insurance:
            return AggregateLayout(kind: kind, keys: [.period, .region, .sector], measures: [
                MeasureSpec("enterprises", signal: nil, unit: .count),
                MeasureSpec("insured", signal: "insured", unit: .count),
                MeasureSpec("enrolled", signal: "enrolled", unit: .count),
                MeasureSpec("separated", signal: "separated", unit: .count),
                MeasureSpec("arrears_cny", signal: "contribution_arrears", unit: .amount),
                MeasureSpec("separation_rate", signal: "separation_rate", unit: .real,
                            role: .ratio(numerator: 3, denominator: 1, scale: 1)),
            ], rollup: .additive, mergeBySum: true)
        case .claims:
            return AggregateLayout(kind: kind, keys: [.period, .region, .sector, .group], measures: [
                MeasureSpec("new_claims", signal: "ui_new_claims", unit: .count),
                MeasureSpec("recipients", signal: "ui_recipients", unit: .count),
            ], rollup: .publishedFirst, mergeBySum: false)
        case .transport:
            return AggregateLayout(kind: kind, keys: [.period, .region], measures: [
                MeasureSpec("days", signal: nil, unit: .count),
                MeasureSpec("rail_departures", signal: "rail_departures", unit: .count),
                MeasureSpec("rail_arrivals", signal: "rail_arrivals", unit: .count),
                MeasureSpec("mobile_population_sum", signal: nil, unit: .count),
                MeasureSpec("mobile_population_days", signal: nil, unit: .count),
                MeasureSpec("mobile_inflow", signal: nil, unit: .count),
                MeasureSpec("mobile_outflow", signal: nil, unit: .count),
                MeasureSpec("mobile_net_outflow", signal: "mobile_net_outflow", unit: .count),
                MeasureSpec("mobile_population", signal: "mobile_population", unit: .real,
                            role: .mean(sum: 3, days: 4)),
            ], rollup: .publishedFirst, mergeBySum: true)
        case .survey:
            return AggregateLayout(kind: kind, keys: [.period, .region, .group], measures: [
                MeasureSpec("surveyed_unemployment_rate", signal: "surveyed_unemployment_rate", unit: .real, role: .published),
                MeasureSpec("youth_unemployment_rate", signal: "youth_unemployment_rate", unit: .real, role: .published),
                MeasureSpec("registered_unemployment_rate", signal: "registered_unemployment_rate", unit: .real, role: .published),
                MeasureSpec("new_urban_jobs", signal: "new_urban_jobs", unit: .count),
                MeasureSpec("job_vacancies", signal: "job_vacancies", unit: .count),
                MeasureSpec("job_seekers", signal: "job_seekers", unit: .count),
                MeasureSpec("vacancies_per_seeker", signal: "vacancies_per_seeker", unit: .real,
                            role: .ratio(numerator: 4, denominator: 5, scale: 1)),
            ], rollup: .publishedFirst, mergeBySum: false)
        case .enterprises:
            return AggregateLayout(kind: kind, keys: [.region, .sector], measures: [
                MeasureSpec("enterprises", signal: nil, unit: .count),
                MeasureSpec("key_enterprises", signal: nil, unit: .count),
            ], rollup: .additive, mergeBySum: true)
        case .series:
            return AggregateLayout(kind: kind, keys: [.period, .region, .sector, .group, .signal], measures: [
                MeasureSpec("value", signal: nil, unit: .real, role: .published),
            ], rollup: .none, mergeBySum: false)
        }
    }

    /// The kind whose aggregate header is exactly `header` (for `merge`).
    public static func detect(aggregateHeader header: [String]) -> AggregateLayout? {
        SignalKind.allCases.map(AggregateLayout.of).first { $0.header == header }
    }
}
