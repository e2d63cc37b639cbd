/// The four warning levels of the Chinese public-warning convention (预警级别), from the
/// least to the most severe: blue (IV, 蓝色), yellow (III, 黄色), orange (II, 橙色), red (I, 红色).
///
/// `Comparable` orders by severity, so `.red > .blue`; the raw value is the spelling used
/// in config files and published outputs.
public enum AlertLevel: String, CaseIterable, Sendable, Codable, Comparable {
    case blue, yellow, orange, red

    /// 1 for blue … 4 for red: the points a finding contributes to a risk score.
    public var points: Int {
        switch self {
        case .blue: return 1
        case .yellow: return 2
        case .orange: return 3
        case .red: return 4
        }
    }

    /// The official class number: IV for blue … I for red.
    public var roman: String {
        switch self {
        case .blue: return "IV"
        case .yellow: return "III"
        case .orange: return "II"
        case .red: return "I"
        }
    }

    /// 蓝色 … 红色.
    public var chinese: String {
        switch self {
        case .blue: return "蓝色"
        case .yellow: return "黄色"
        case .orange: return "橙色"
        case .red: return "红色"
        }
    }

    /// The level `steps` above this one, capped at red.
    public func raised(by steps: Int) -> AlertLevel {
        let all = AlertLevel.allCases
        return all[min(all.count - 1, all.firstIndex(of: self)! + steps)]
    }

    public static func < (a: AlertLevel, b: AlertLevel) -> Bool { a.points < b.points }
}

/// Where an alert stands across runs.
public enum AlertStatus: String, CaseIterable, Sendable, Codable {
    /// First raised in this run.
    case new
    /// Still raised at the same level as in the previous run.
    case continuing
    /// Raised to a more severe level than in the previous run.
    case escalated
    /// Lowered to a less severe level, but not cleared.
    case deescalated = "de-escalated"
    /// Cleared in this run (below the clear threshold, or quiet for long enough).
    case resolved

    /// Whether an alert with this status is still open after the run.
    public var isOpen: Bool { self != .resolved }
}

/// What an alert is about; decides its identity and its audience.
public enum AlertScope: String, CaseIterable, Sendable, Codable {
    /// A region × sector × key group cell of the labour market.
    case area
    /// One enterprise (mass layoff, wage arrears); restricted audience only.
    case enterprise
    /// A problem with the data themselves (sources disagreeing), not with employment.
    case dataQuality = "data_quality"
}
