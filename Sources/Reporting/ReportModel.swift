import Codes

/// What a report shows, independent of how alerts were computed: the CLI maps the alert
/// stage's results into these plain values, so this module depends on nothing but `Codes`.
public struct ReportModel: Sendable {
    /// Warning level, using the Chinese convention's colours.
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case none = 0, blue, yellow, orange, red

        public var label: String {
            switch self {
            case .none: return "none"
            case .blue: return "blue (IV)"
            case .yellow: return "yellow (III)"
            case .orange: return "orange (II)"
            case .red: return "red (I)"
            }
        }

        /// Fill colour on the map and in badges.
        public var colour: String {
            switch self {
            case .none: return "#e8ecef"
            case .blue: return "#3b82f6"
            case .yellow: return "#facc15"
            case .orange: return "#f97316"
            case .red: return "#dc2626"
            }
        }

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    /// One month of a charted series. `lower`/`upper` bound the prediction band when known.
    public struct Point: Sendable {
        public var period: Period
        public var observed: Double?
        public var expected: Double?
        public var lower: Double?
        public var upper: Double?
        public var flagged: Bool
        public init(period: Period, observed: Double?, expected: Double?, lower: Double? = nil,
                    upper: Double? = nil, flagged: Bool = false) {
            self.period = period; self.observed = observed; self.expected = expected
            self.lower = lower; self.upper = upper; self.flagged = flagged
        }
    }

    /// A series chart with its title and the month a change began, if any.
    public struct Chart: Sendable {
        public var title: String
        public var points: [Point]
        public var changeMonth: Period?
        public init(title: String, points: [Point], changeMonth: Period? = nil) {
            self.title = title; self.points = points; self.changeMonth = changeMonth
        }
    }

    /// A row of an alert's evidence table.
    public struct EvidenceRow: Sendable {
        public var signal: String, period: String, observed: String, expected: String, interval: String, score: String
        public init(signal: String, period: String, observed: String, expected: String, interval: String, score: String) {
            self.signal = signal; self.period = period; self.observed = observed
            self.expected = expected; self.interval = interval; self.score = score
        }
    }

    /// One alert section.
    public struct AlertSection: Sendable {
        public var id: String
        public var level: Level
        public var headline: String
        public var place: String
        public var sector: String
        public var status: String
        public var charts: [Chart]
        public var evidence: [EvidenceRow]
        public init(id: String, level: Level, headline: String, place: String, sector: String, status: String,
                    charts: [Chart], evidence: [EvidenceRow]) {
            self.id = id; self.level = level; self.headline = headline; self.place = place
            self.sector = sector; self.status = status; self.charts = charts; self.evidence = evidence
        }
    }

    public var title: String
    public var asOf: Period
    /// Highest level per city (prefecture-level code); cities absent are shown without alert.
    public var cityLevels: [RegionCode: Level]
    public var alerts: [AlertSection]

    public init(title: String, asOf: Period, cityLevels: [RegionCode: Level], alerts: [AlertSection]) {
        self.title = title; self.asOf = asOf; self.cityLevels = cityLevels; self.alerts = alerts
    }
}
