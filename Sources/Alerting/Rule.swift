import Codes
import PanelData

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
    /// Employment diffusion: the share of an area's sectors whose seasonally adjusted
    /// employment fell over `change_months`, ranked against the same share's earlier months;
    /// measure = 1 − its conformal p-value.
    case diffusion
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

/// One alert rule, as written in the config file: the fields every rule has, and the
/// parameters of its kind (`RuleParameters`, one case per kind).
///
/// A rule raises evidence at a level when its measure reaches that level's threshold;
/// an alert it raised stays open while the measure stays at or above `clear` (the lower,
/// hysteresis threshold) and is resolved below it or after the lifecycle's quiet months.
public struct Rule: Sendable, Codable, Equatable {
    public var id: String
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
    /// Administrative levels the rule watches (`province`, `city`, `county`), or `nil` for
    /// all. Region ids that are not GB/T 2260 codes (generic series) are always watched.
    public var regionLevels: [String]?
    /// What the rule computes, with the parameters of that kind.
    public var parameters: RuleParameters

    /// What the rule computes.
    public var kind: RuleKind { parameters.kind }

    /// The keys every rule may have, whatever its kind.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, kind, enabled, title, titleZh = "title_zh", meaning, signals, exclude, thresholds, clear
        case regionLevels = "region_levels"
    }

    public init(id: String, enabled: Bool = true, title: String, titleZh: String, meaning: String,
                signals: [String], exclude: [String] = [], thresholds: LevelThresholds, clear: Double,
                regionLevels: [String]? = nil, parameters: RuleParameters) {
        self.id = id; self.enabled = enabled; self.title = title; self.titleZh = titleZh
        self.meaning = meaning; self.signals = signals; self.exclude = exclude; self.thresholds = thresholds
        self.clear = clear; self.regionLevels = regionLevels; self.parameters = parameters
    }

    /// Reads a rule; a key that is neither common to every rule nor a parameter of its kind
    /// is an error at that key (a misspelt or misplaced parameter would otherwise be ignored).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        let kind = try c.decode(RuleKind.self, forKey: .kind)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
        title = try c.decodeIfPresent(String.self, forKey: .title) ?? id
        titleZh = try c.decodeIfPresent(String.self, forKey: .titleZh) ?? title
        meaning = try c.decodeIfPresent(String.self, forKey: .meaning) ?? ""
        signals = try c.decodeIfPresent([String].self, forKey: .signals) ?? []
        exclude = try c.decodeIfPresent([String].self, forKey: .exclude) ?? []
        thresholds = try c.decode(LevelThresholds.self, forKey: .thresholds)
        clear = try c.decode(Double.self, forKey: .clear)
        regionLevels = try c.decodeIfPresent([String].self, forKey: .regionLevels)

        let all = try decoder.container(keyedBy: ParameterKey.self)
        let own = RuleParameters.keys(of: kind)
        let allowed = Set(CodingKeys.allCases.map(\.stringValue) + own)
        if let bad = all.allKeys.first(where: { !allowed.contains($0.stringValue) }) {
            let takes = own.isEmpty ? "it takes no parameters" : "its parameters are \(own.joined(separator: ", "))"
            throw DecodingError.dataCorruptedError(
                forKey: bad, in: all,
                debugDescription: "rule \"\(id)\": kind \(kind.rawValue) has no parameter \"\(bad.stringValue)\"; \(takes)")
        }
        do {
            parameters = try RuleParameters.decode(kind, from: all)
        } catch DecodingError.keyNotFound(let key, let context) {
            throw DecodingError.keyNotFound(key, .init(codingPath: context.codingPath,
                                                       debugDescription: "rule \"\(id)\": kind \(kind.rawValue) \(context.debugDescription)"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(kind, forKey: .kind); try c.encode(enabled, forKey: .enabled)
        try c.encode(title, forKey: .title); try c.encode(titleZh, forKey: .titleZh); try c.encode(meaning, forKey: .meaning)
        try c.encode(signals, forKey: .signals); try c.encode(exclude, forKey: .exclude)
        try c.encode(thresholds, forKey: .thresholds); try c.encode(clear, forKey: .clear)
        try c.encodeIfPresent(regionLevels, forKey: .regionLevels)
        var p = encoder.container(keyedBy: ParameterKey.self)
        try parameters.set.encode(into: &p)
    }

    /// Every parameter of the rule's kind with its value in force (defaults included), in
    /// the order `jobsentry rules` lists them.
    public var parameterValues: [(key: String, value: ParameterValue)] { parameters.set.values }

    /// Whether the rule watches series of `region` (see `regionLevels`).
    public func watches(region: String) -> Bool {
        guard let levels = regionLevels, let code = RegionCode(region) else { return true }
        return levels.contains(code.level.rawValue)
    }

    /// Whether the rule looks at `signal`.
    public func selects(_ signal: String) -> Bool {
        signals.contains { SignalPattern.matches($0, signal) } && !exclude.contains { SignalPattern.matches($0, signal) }
    }

    /// Whether the rule looks at the series `key` (its signal and its region).
    public func watches(_ key: SeriesKey) -> Bool { selects(key.signal) && watches(region: key.region) }

    /// The scope of the alerts this rule feeds.
    public var scope: AlertScope {
        switch kind {
        case .massLayoff, .wageDaysLate, .wagesFallingHeadcountHolds, .contributionArrears: return .enterprise
        case .sourceDisagreement, .outlier: return .dataQuality
        default: return .area
        }
    }

    /// The plan ceiling of a ceiling kind.
    public var ceiling: Double? {
        switch parameters {
        case .ceiling(let p): return p.ceiling
        case .ceilingForecast(let p): return p.ceiling
        default: return nil
        }
    }
}

/// Glob matching of signal names: `*` matches any run of characters, `?` exactly one,
/// letters compare case-insensitively.
public enum SignalPattern {
    public static func matches(_ pattern: String, _ name: String) -> Bool {
        // ASCII (every signal name and pattern in practice): the same match on the bytes, lower-cased
        // one at a time, without copying either string (rules test every panel series' signal).
        let ascii = pattern.utf8.withContiguousStorageIfAvailable { p in
            name.utf8.withContiguousStorageIfAvailable { s -> Bool? in
                guard p.allSatisfy({ $0 < 128 }), s.allSatisfy({ $0 < 128 }) else { return nil }
                func lower(_ c: UInt8) -> UInt32 { UInt32(c >= 65 && c <= 90 ? c + 32 : c) }
                return glob(p.count, s.count, { lower(p[$0]) }, { lower(s[$0]) })
            } ?? nil
        } ?? nil
        if let ascii { return ascii }
        let p = Array(pattern.lowercased().unicodeScalars), s = Array(name.lowercased().unicodeScalars)
        return glob(p.count, s.count, { p[$0].value }, { s[$0].value })
    }

    /// The glob match of a pattern of `pc` characters against a name of `sc`, read through
    /// `p` and `s` (as Unicode scalar values).
    private static func glob(_ pc: Int, _ sc: Int, _ p: (Int) -> UInt32, _ s: (Int) -> UInt32) -> Bool {
        let any: UInt32 = 42, one: UInt32 = 63  // "*", "?"
        var pi = 0, si = 0, star = -1, mark = 0
        while si < sc {
            if pi < pc && (p(pi) == one || p(pi) == s(si)) { pi += 1; si += 1 }
            else if pi < pc && p(pi) == any { star = pi; mark = si; pi += 1 }
            else if star >= 0 { pi = star + 1; mark += 1; si = mark }
            else { return false }
        }
        while pi < pc && p(pi) == any { pi += 1 }
        return pi == pc
    }
}
