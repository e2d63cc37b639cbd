import Codes
import Presentation

/// What a report shows, independent of how alerts were computed: the alert and publishing
/// stages map their results into these plain values (figures already worded by
/// `Presentation`), so this module depends on nothing but `Codes` and `Presentation`.
public struct ReportModel: Sendable {
    /// Warning level, using the Chinese convention's colours.
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case none = 0, blue, yellow, orange, red

        /// Machine key, as in the alert files (`none` for no alert).
        public var key: String { ["none", "blue", "yellow", "orange", "red"][rawValue] }

        public var label: String { name(.en) }

        /// "红色（I级）" / "red (I)"; "无预警" / "no alert".
        public func name(_ lang: Language) -> String {
            let roman = ["", "IV", "III", "II", "I"][rawValue]
            if lang == .zh { return self == .none ? "无预警" : "\(["", "蓝色", "黄色", "橙色", "红色"][rawValue])（\(roman)级）" }
            return self == .none ? "no alert" : "\(key) (\(roman))"
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

    /// A series chart with its title, the unit of its values and the month a change began.
    public struct Chart: Sendable {
        public var title: String
        public var unit: Presentation.Unit
        public var points: [Point]
        public var changeMonth: Period?
        public init(title: String, unit: Presentation.Unit = .plain, points: [Point], changeMonth: Period? = nil) {
            self.title = title; self.unit = unit; self.points = points; self.changeMonth = changeMonth
        }
    }

    /// A row of an alert's evidence table, worded by `EvidenceText`.
    public typealias EvidenceRow = EvidenceText

    /// One alert section.
    public struct AlertSection: Sendable {
        public var id: String
        public var level: Level
        /// One headline per language of the report, in its order.
        public var headlines: [String]
        /// Readers' name of the place (region, sector, group or enterprise).
        public var place: String
        /// GB/T 2260 code of the alert's region, for the map and the city filter.
        public var region: String
        /// Section letter or `ALL`, and its readers' name.
        public var sector: String
        public var sectorName: String
        /// Rule ids behind the alert, strongest first.
        public var rules: [String]
        public var status: String
        public var riskScore: Double
        public var charts: [Chart]
        public var evidence: [EvidenceRow]
        public init(id: String, level: Level, headlines: [String], place: String, region: String, sector: String,
                    sectorName: String, rules: [String], status: String, riskScore: Double, charts: [Chart],
                    evidence: [EvidenceRow]) {
            self.id = id; self.level = level; self.headlines = headlines; self.place = place; self.region = region
            self.sector = sector; self.sectorName = sectorName; self.rules = rules; self.status = status
            self.riskScore = riskScore; self.charts = charts; self.evidence = evidence
        }

        /// The alert's city (prefecture) code, or `nil` for the province and non-GB/T ids.
        public var city: RegionCode? { RegionCode(region)?.lineage.first { $0.level == .city } }
        /// The alert's county code, when it is about a county or an enterprise in one.
        public var county: RegionCode? { RegionCode(region).flatMap { $0.level == .county ? $0 : nil } }
    }

    public var title: String
    public var asOf: Period
    /// Languages of the text, Chinese first when both (the `language:` config option).
    public var languages: [Language]
    public var alerts: [AlertSection]

    public init(title: String, asOf: Period, languages: [Language] = LanguageChoice.default.languages, alerts: [AlertSection]) {
        self.title = title; self.asOf = asOf; self.languages = languages; self.alerts = alerts
    }

    /// The first language: labels of the page are in it.
    public var primary: Language { languages.first ?? .zh }

    /// Highest level of the open alerts per city and per county (an alert about a county
    /// also colours its city; one about a city colours only the city).
    public func levels() -> (cities: [RegionCode: Level], counties: [RegionCode: Level],
                             cityCounts: [RegionCode: Int], countyCounts: [RegionCode: Int]) {
        var cities: [RegionCode: Level] = [:], counties: [RegionCode: Level] = [:]
        var cityCounts: [RegionCode: Int] = [:], countyCounts: [RegionCode: Int] = [:]
        for a in alerts where a.status != "resolved" {
            if let c = a.city { cities[c] = max(cities[c] ?? .none, a.level); cityCounts[c, default: 0] += 1 }
            if let c = a.county { counties[c] = max(counties[c] ?? .none, a.level); countyCounts[c, default: 0] += 1 }
        }
        return (cities, counties, cityCounts, countyCounts)
    }
}
