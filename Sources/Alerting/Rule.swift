import Codes

/// What a rule computes; each kind has its own evaluator and its own "higher is worse"
/// measure, in which the rule's thresholds are written.
public enum RuleKind: String, CaseIterable, Sendable, Codable {
    /// Level of a rate above a plan ceiling; measure = value − ceiling, in points.
    case ceiling
    /// Probability that a rate crosses its ceiling within `horizon` months (0…1).
    case ceilingForecast = "ceiling_forecast"
    /// Sahm-type rise on the seasonally adjusted rate: 3-month average minus the lowest
    /// 3-month average of the previous 12 months, in points.
    case sahmRise = "sahm_rise"
    /// Business-cycle downturn of a seasonally adjusted employment level: the 3-month
    /// average below the highest 3-month average of the previous 12 months, in robust SDs
    /// of the series' own 3-month changes, while the year-over-year change has been
    /// negative for `confirm_months` months running (a payroll analogue of the Sahm rule).
    case downturn
    /// A single-month outlier (a keying error): a data-quality finding, never job loss;
    /// measure = |robust z| of the month.
    case outlier
    /// Fall below what trend and season explain; measure = −(mean robust z over `window`
    /// months), the latest months judged out of sample (see `SeriesModel`).
    case contraction
    /// Rise above what trend and season explain; measure = mean robust z over `window`
    /// months, the latest months judged out of sample.
    case surge
    /// Sudden fall of the seasonally adjusted level: the mean of the last `window` months
    /// against the 3 months before, in robust standard deviations of the series' earlier
    /// such changes; measure = −z.
    case suddenFall = "sudden_fall"
    /// Enterprise headcount cut in one month, in multiples of the legal threshold
    /// (max(cut / 20, cut share / 10%)), the largest over the last `window` months, counted
    /// only when also beyond 3σ of the enterprise's ordinary monthly headcount changes.
    case massLayoff = "mass_layoff"
    /// Enterprise paying wages late; measure = days late on the latest two pay dates (the smaller).
    case wageDaysLate = "wage_days_late"
    /// Enterprise wages per head falling while headcount holds; measure = fall in % of the
    /// median of the previous 12 months.
    case wagesFallingHeadcountHolds = "wages_falling_headcount_holds"
    /// Enterprise social-insurance contributions unpaid; measure = arrears in months of wages.
    case contributionArrears = "contribution_arrears"
    /// Post-Spring-Festival outflow short of the norm of earlier years, in % of the norm.
    case festivalOutflowShortfall = "festival_outflow_shortfall"
    /// Two sources of the same quantity disagreeing (a data problem, not unemployment);
    /// measure = |robust z| of their ratio against its previous 12 months.
    case sourceDisagreement = "source_disagreement"
    /// Hotelling T² and SPE of a region's standardised residuals across its signals and
    /// sectors; measure = the larger of each statistic over its control limit.
    case regionalStress = "regional_stress"
}

/// Measure values at which each level is reached; non-decreasing from blue to red.
public struct LevelThresholds: Sendable, Codable, Equatable {
    public var blue: Double
    public var yellow: Double
    public var orange: Double
    public var red: Double

    public init(blue: Double, yellow: Double, orange: Double, red: Double) {
        self.blue = blue; self.yellow = yellow; self.orange = orange; self.red = red
    }

    /// The most severe level whose threshold `measure` reaches, or `nil` below blue.
    public func level(for measure: Double) -> AlertLevel? {
        guard measure.isFinite else { return nil }
        if measure >= red { return .red }
        if measure >= orange { return .orange }
        if measure >= yellow { return .yellow }
        if measure >= blue { return .blue }
        return nil
    }

    public func threshold(_ level: AlertLevel) -> Double {
        switch level {
        case .blue: return blue
        case .yellow: return yellow
        case .orange: return orange
        case .red: return red
        }
    }
}

/// One alert rule, as written in the config file.
///
/// A rule raises evidence at a level when its measure reaches that level's threshold;
/// an alert it raised stays open while the measure stays at or above `clear` (the lower,
/// hysteresis threshold) and is resolved below it or after the lifecycle's quiet months.
public struct Rule: Sendable, Codable, Equatable {
    public var id: String
    public var kind: RuleKind
    public var enabled: Bool
    /// Short names for listings and headlines.
    public var title: String
    public var titleZh: String
    /// What the rule means and where its defaults come from.
    public var meaning: String
    /// Signal-name patterns (`*` any run of characters, `?` one; case-insensitive).
    public var signals: [String]
    /// Patterns of signals the rule must not look at even if `signals` matches them.
    public var exclude: [String]
    public var thresholds: LevelThresholds
    /// Clear (hysteresis) threshold: an open alert is resolved when the measure falls below it.
    public var clear: Double

    // Parameters of particular kinds (validated by `RuleSet.validate`).
    /// Plan ceiling in the signal's units (ceiling, ceiling_forecast).
    public var ceiling: Double?
    /// Forecast horizon in months (ceiling_forecast).
    public var horizon: Int?
    /// Months averaged or scanned (contraction, surge, mass_layoff).
    public var window: Int?
    /// Smallest relative change that counts (contraction, surge), e.g. 0.02 = 2%, so that
    /// a very smooth series does not alert on a deviation nobody would notice.
    public var minimumRelativeChange: Double?
    /// Smallest staff for an enterprise rule to apply (mass_layoff, wages_falling_headcount_holds).
    public var minimumStaff: Double?
    /// Second signal of a pair (source_disagreement: the denominator).
    public var against: String?
    /// Administrative levels the rule watches (`province`, `city`, `county`), or `nil` for
    /// all. Region ids that are not GB/T 2260 codes (generic series) are always watched.
    public var regionLevels: [String]?
    /// Months of history a series needs before the rule judges it (sahm_rise, downturn).
    public var minimumHistory: Int?
    /// Months in a row a sign must hold before it counts (downturn: negative year-over-year
    /// change; mass_layoff: months the cut must persist after it).
    public var confirmMonths: Int?
    /// Smallest number of enterprises (the cell's `payroll_enterprises`) for the rule to judge
    /// a cell (downturn); cells without that series are judged.
    public var minimumEnterprises: Double?
    /// Benjamini–Hochberg false-discovery rate over the run's tests (mass_layoff): the
    /// expected share of false alerts among those raised, whatever the number of firms.
    public var falseDiscoveryRate: Double?

    enum CodingKeys: String, CodingKey {
        case id, kind, enabled, title, titleZh = "title_zh", meaning, signals, exclude, thresholds, clear
        case ceiling, horizon, window, minimumRelativeChange = "minimum_relative_change"
        case minimumStaff = "minimum_staff", against, regionLevels = "region_levels"
        case minimumHistory = "minimum_history", confirmMonths = "confirm_months"
        case falseDiscoveryRate = "false_discovery_rate", minimumEnterprises = "minimum_enterprises"
    }

    public init(id: String, kind: RuleKind, enabled: Bool = true, title: String, titleZh: String, meaning: String,
                signals: [String], exclude: [String] = [], thresholds: LevelThresholds, clear: Double,
                ceiling: Double? = nil, horizon: Int? = nil, window: Int? = nil,
                minimumRelativeChange: Double? = nil, minimumStaff: Double? = nil, against: String? = nil,
                regionLevels: [String]? = nil, minimumHistory: Int? = nil, confirmMonths: Int? = nil,
                falseDiscoveryRate: Double? = nil, minimumEnterprises: Double? = nil) {
        self.id = id; self.kind = kind; self.enabled = enabled; self.title = title; self.titleZh = titleZh
        self.meaning = meaning; self.signals = signals; self.exclude = exclude; self.thresholds = thresholds
        self.clear = clear; self.ceiling = ceiling; self.horizon = horizon; self.window = window
        self.minimumRelativeChange = minimumRelativeChange; self.minimumStaff = minimumStaff; self.against = against
        self.regionLevels = regionLevels; self.minimumHistory = minimumHistory; self.confirmMonths = confirmMonths
        self.falseDiscoveryRate = falseDiscoveryRate; self.minimumEnterprises = minimumEnterprises
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        kind = try c.decode(RuleKind.self, forKey: .kind)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
        title = try c.decodeIfPresent(String.self, forKey: .title) ?? id
        titleZh = try c.decodeIfPresent(String.self, forKey: .titleZh) ?? title
        meaning = try c.decodeIfPresent(String.self, forKey: .meaning) ?? ""
        signals = try c.decodeIfPresent([String].self, forKey: .signals) ?? []
        exclude = try c.decodeIfPresent([String].self, forKey: .exclude) ?? []
        thresholds = try c.decode(LevelThresholds.self, forKey: .thresholds)
        clear = try c.decode(Double.self, forKey: .clear)
        ceiling = try c.decodeIfPresent(Double.self, forKey: .ceiling)
        horizon = try c.decodeIfPresent(Int.self, forKey: .horizon)
        window = try c.decodeIfPresent(Int.self, forKey: .window)
        minimumRelativeChange = try c.decodeIfPresent(Double.self, forKey: .minimumRelativeChange)
        minimumStaff = try c.decodeIfPresent(Double.self, forKey: .minimumStaff)
        against = try c.decodeIfPresent(String.self, forKey: .against)
        regionLevels = try c.decodeIfPresent([String].self, forKey: .regionLevels)
        minimumHistory = try c.decodeIfPresent(Int.self, forKey: .minimumHistory)
        confirmMonths = try c.decodeIfPresent(Int.self, forKey: .confirmMonths)
        falseDiscoveryRate = try c.decodeIfPresent(Double.self, forKey: .falseDiscoveryRate)
        minimumEnterprises = try c.decodeIfPresent(Double.self, forKey: .minimumEnterprises)
    }

    /// Whether the rule watches series of `region` (see `regionLevels`).
    public func watches(region: String) -> Bool {
        guard let levels = regionLevels, let code = RegionCode(region) else { return true }
        return levels.contains(code.level.rawValue)
    }

    /// Whether the rule looks at `signal`.
    public func selects(_ signal: String) -> Bool {
        signals.contains { SignalPattern.matches($0, signal) } && !exclude.contains { SignalPattern.matches($0, signal) }
    }

    /// The scope of the alerts this rule feeds.
    public var scope: AlertScope {
        switch kind {
        case .massLayoff, .wageDaysLate, .wagesFallingHeadcountHolds, .contributionArrears: return .enterprise
        case .sourceDisagreement, .outlier: return .dataQuality
        default: return .area
        }
    }
}

/// Glob matching of signal names: `*` matches any run of characters, `?` exactly one,
/// letters compare case-insensitively.
public enum SignalPattern {
    public static func matches(_ pattern: String, _ name: String) -> Bool {
        let p = Array(pattern.lowercased().unicodeScalars), s = Array(name.lowercased().unicodeScalars)
        var pi = 0, si = 0, star = -1, mark = 0
        while si < s.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == s[si]) { pi += 1; si += 1 }
            else if pi < p.count && p[pi] == "*" { star = pi; mark = si; pi += 1 }
            else if star >= 0 { pi = star + 1; mark += 1; si = mark }
            else { return false }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
