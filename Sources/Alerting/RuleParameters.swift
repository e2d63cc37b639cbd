/// What each kind of rule is told by the config beyond the fields every rule has: one enum
/// case per kind, each with its own parameter struct. A parameter a kind does not take is a
/// config error, not an ignored key; a parameter it takes and the file leaves out has the
/// default the rule was built and measured with (documented on each field, and written out
/// by `jobsentry init`).
public enum RuleParameters: Sendable, Equatable {
    case ceiling(CeilingParameters)
    case ceilingForecast(CeilingForecastParameters)
    case sahmRise(SahmParameters)
    case downturn(DownturnParameters)
    case diffusion(DiffusionParameters)
    case outlier(OutlierParameters)
    case contraction(DeviationParameters)
    case surge(DeviationParameters)
    case suddenFall(SuddenFallParameters)
    case massLayoff(MassLayoffParameters)
    case wageDaysLate(WageDaysLateParameters)
    case wagesFallingHeadcountHolds(WagesFallingParameters)
    case contributionArrears(ContributionArrearsParameters)
    case festivalOutflowShortfall(FestivalShortfallParameters)
    case sourceDisagreement(SourceDisagreementParameters)
    case regionalStress(RegionalStressParameters)

    public var kind: RuleKind {
        switch self {
        case .ceiling: return .ceiling
        case .ceilingForecast: return .ceilingForecast
        case .sahmRise: return .sahmRise
        case .downturn: return .downturn
        case .diffusion: return .diffusion
        case .outlier: return .outlier
        case .contraction: return .contraction
        case .surge: return .surge
        case .suddenFall: return .suddenFall
        case .massLayoff: return .massLayoff
        case .wageDaysLate: return .wageDaysLate
        case .wagesFallingHeadcountHolds: return .wagesFallingHeadcountHolds
        case .contributionArrears: return .contributionArrears
        case .festivalOutflowShortfall: return .festivalOutflowShortfall
        case .sourceDisagreement: return .sourceDisagreement
        case .regionalStress: return .regionalStress
        }
    }

    /// The parameter set inside, for what every set can do (keys, checks, encoding).
    var set: any RuleParameterSet {
        switch self {
        case .ceiling(let p): return p
        case .ceilingForecast(let p): return p
        case .sahmRise(let p): return p
        case .downturn(let p): return p
        case .diffusion(let p): return p
        case .outlier(let p): return p
        case .contraction(let p), .surge(let p): return p
        case .suddenFall(let p): return p
        case .massLayoff(let p): return p
        case .wageDaysLate(let p): return p
        case .wagesFallingHeadcountHolds(let p): return p
        case .contributionArrears(let p): return p
        case .festivalOutflowShortfall(let p): return p
        case .sourceDisagreement(let p): return p
        case .regionalStress(let p): return p
        }
    }

    /// The config keys `kind` takes, in the order `jobsentry rules` lists them.
    static func keys(of kind: RuleKind) -> [String] { parameterType(kind).keys }

    static func parameterType(_ kind: RuleKind) -> any RuleParameterSet.Type {
        switch kind {
        case .ceiling: return CeilingParameters.self
        case .ceilingForecast: return CeilingForecastParameters.self
        case .sahmRise: return SahmParameters.self
        case .downturn: return DownturnParameters.self
        case .diffusion: return DiffusionParameters.self
        case .outlier: return OutlierParameters.self
        case .contraction, .surge: return DeviationParameters.self
        case .suddenFall: return SuddenFallParameters.self
        case .massLayoff: return MassLayoffParameters.self
        case .wageDaysLate: return WageDaysLateParameters.self
        case .wagesFallingHeadcountHolds: return WagesFallingParameters.self
        case .contributionArrears: return ContributionArrearsParameters.self
        case .festivalOutflowShortfall: return FestivalShortfallParameters.self
        case .sourceDisagreement: return SourceDisagreementParameters.self
        case .regionalStress: return RegionalStressParameters.self
        }
    }

    /// Decodes the parameters of `kind` from a rule's mapping.
    static func decode(_ kind: RuleKind, from c: KeyedDecodingContainer<ParameterKey>) throws -> RuleParameters {
        switch kind {
        case .ceiling: return .ceiling(try CeilingParameters(c))
        case .ceilingForecast: return .ceilingForecast(try CeilingForecastParameters(c))
        case .sahmRise: return .sahmRise(try SahmParameters(c))
        case .downturn: return .downturn(try DownturnParameters(c))
        case .diffusion: return .diffusion(try DiffusionParameters(c))
        case .outlier: return .outlier(try OutlierParameters(c))
        case .contraction: return .contraction(try DeviationParameters(c))
        case .surge: return .surge(try DeviationParameters(c))
        case .suddenFall: return .suddenFall(try SuddenFallParameters(c))
        case .massLayoff: return .massLayoff(try MassLayoffParameters(c))
        case .wageDaysLate: return .wageDaysLate(try WageDaysLateParameters(c))
        case .wagesFallingHeadcountHolds: return .wagesFallingHeadcountHolds(try WagesFallingParameters(c))
        case .contributionArrears: return .contributionArrears(try ContributionArrearsParameters(c))
        case .festivalOutflowShortfall: return .festivalOutflowShortfall(try FestivalShortfallParameters(c))
        case .sourceDisagreement: return .sourceDisagreement(try SourceDisagreementParameters(c))
        case .regionalStress: return .regionalStress(try RegionalStressParameters(c))
        }
    }
}

/// A config key of a rule's mapping.
struct ParameterKey: CodingKey, Hashable {
    let stringValue: String
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}

/// One value of a rule parameter, as `jobsentry rules` lists it and `--set` writes it.
public enum ParameterValue: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case whole(Int)
    case text(String)
    case numbers([Double])

    public var description: String {
        switch self {
        case .number(let v): return parameterText(v)
        case .whole(let v): return String(v)
        case .text(let s): return s
        case .numbers(let v): return "[" + v.map(parameterText).joined(separator: ", ") + "]"
        }
    }
}

/// What every kind's parameter struct provides.
protocol RuleParameterSet: Sendable {
    /// Config keys, in listing order.
    static var keys: [String] { get }
    /// Reads the parameters from a rule's mapping, defaults for those left out.
    init(_ c: KeyedDecodingContainer<ParameterKey>) throws
    /// Key and value of every parameter (those unset omitted), in `keys` order.
    var values: [(key: String, value: ParameterValue)] { get }
    /// The first parameter out of its range: the key and why.
    func problem() -> (key: String, message: String)?
}

extension RuleParameterSet {
    /// Writes every parameter into a rule's mapping.
    func encode(into c: inout KeyedEncodingContainer<ParameterKey>) throws {
        for (key, value) in values {
            let k = ParameterKey(key)
            switch value {
            case .number(let v): try c.encode(v, forKey: k)
            case .whole(let v): try c.encode(v, forKey: k)
            case .text(let v): try c.encode(v, forKey: k)
            case .numbers(let v): try c.encode(v, forKey: k)
            }
        }
    }
}

extension KeyedDecodingContainer where K == ParameterKey {
    /// The value at `key`, or `fallback` when the rule leaves it out.
    func value<T: Decodable>(_ key: String, _ fallback: T) throws -> T {
        try decodeIfPresent(T.self, forKey: ParameterKey(key)) ?? fallback
    }

    /// The value at `key`, which the kind cannot do without.
    func required<T: Decodable>(_ key: String, _ what: String) throws -> T {
        guard contains(ParameterKey(key)) else {
            throw DecodingError.keyNotFound(ParameterKey(key), .init(codingPath: codingPath, debugDescription: what))
        }
        return try decode(T.self, forKey: ParameterKey(key))
    }
}

// MARK: - Checks shared by the parameter structs

/// The first of the problems found, in the order the checks are listed.
func firstProblem(_ problems: (key: String, message: String)?...) -> (key: String, message: String)? {
    problems.lazy.compactMap { $0 }.first
}

/// `nil` when `v` lies in `range`, else the message.
func check(_ key: String, _ v: Int, _ range: ClosedRange<Int>, _ unit: String = "months") -> (key: String, message: String)? {
    range.contains(v) ? nil : (key, "\(key) must be \(range.lowerBound)…\(range.upperBound) \(unit), got \(v)")
}

/// `nil` when `v` is finite and within the bounds (`open` excludes them), else the message.
func check(_ key: String, _ v: Double, above lower: Double? = nil, atLeast low: Double? = nil, below upper: Double? = nil,
           atMost high: Double? = nil, _ what: String) -> (key: String, message: String)? {
    var ok = v.isFinite
    if let l = lower { ok = ok && v > l }
    if let l = low { ok = ok && v >= l }
    if let u = upper { ok = ok && v < u }
    if let u = high { ok = ok && v <= u }
    return ok ? nil : (key, "\(key) must be \(what), got \(parameterText(v))")
}

// MARK: - One struct per kind

/// `ceiling`: a rate above its plan ceiling.
public struct CeilingParameters: RuleParameterSet, Equatable {
    /// Plan ceiling in the signal's units.
    public var ceiling: Double
    public init(ceiling: Double) { self.ceiling = ceiling }
    static let keys = ["ceiling"]
    init(_ c: KeyedDecodingContainer<ParameterKey>) throws {
        ceiling = try c.required("ceiling", "needs a ceiling")
    }
    var values: [(key: String, value: ParameterValue)] { [("ceiling", .number(ceiling))] }
    func problem() -> (key: String, message: String)? { check("ceiling", ceiling, "a finite number") }
}

/// `ceiling_forecast`: probability of crossing the ceiling within `horizon` months.
public struct CeilingForecastParameters: RuleParameterSet, Equatable {
    public var ceiling: Double
    /// Forecast horizon in months (1…24).
    public var horizon: Int
    public init(ceiling: Double, horizon: Int) { self.ceiling = ceiling; self.horizon = horizon }
    static let keys = ["ceiling", "horizon"]
    init(_ c: KeyedDecodingContainer<ParameterKey>) throws {
        ceiling = try c.required("ceiling", "needs a ceiling")
        horizon = try c.required("horizon", "needs a horizon (1…24 months)")
    }
    var values: [(key: String, value: ParameterValue)] { [("ceiling", .number(ceiling)), ("horizon", .whole(horizon))] }
    func problem() -> (key: String, message: String)? {
        firstProblem(check("ceiling", ceiling, "a finite number"),
            check("horizon", horizon, 1...24))
}
}

/// `sahm_rise`: the adjusted `average_months` average against its lowest such average of the
/// previous `lookback_months` (Sahm 2019: 3 and 12).
public struct SahmParameters: RuleParameterSet, Equatable {
    /// Months of history a series needs before it is judged (15: the 12-month look-back of a
    /// 3-month average needs 15 months).
    public var minimumHistory = 15
    /// Months averaged (3).
    public var averageMonths = 3
    /// Months whose averages the lowest is taken over (12).
    public var lookbackMonths = 12
    public init() {}
    static let keys = ["minimum_history", "average_months", "lookback_months"]
    init(_ c: KeyedDecodingContainer<ParameterKey>) throws {
        minimumHistory = try c.value("minimum_history", minimumHistory)
        averageMonths = try c.value("average_months", averageMonths)
        lookbackMonths = try c.value("lookback_months", lookbackMonths)
    }
    var values: [(key: String, value: ParameterValue)] {
        [("minimum_history", .whole(minimumHistory)), ("average_months", .whole(averageMonths)), ("lookback_months", .whole(lookbackMonths))]
    }
    func problem() -> (key: String, message: String)? {
        firstProblem(check("average_months", averageMonths, 1...12),
            check("lookback_months", lookbackMonths, 2...60),
            check("minimum_history", minimumHistory, (lookbackMonths + 1)...600))
}
}

/// `downturn`: drawdown of the adjusted `average_months` average below its high of the
/// previous `lookback_months`, in robust SDs of its own changes over `average_months` months.
public struct DownturnParameters: RuleParameterSet, Equatable {
    /// Months of history a series needs (36).
    public var minimumHistory = 36
    /// Smallest number of enterprises in a cell (its `payroll_enterprises`), or none (`nil`).
    public var minimumEnterprises: Double? = nil
    /// Months in a row the year-over-year change must be negative (3).
    public var confirmMonths = 3
    /// Months averaged (3).
    public var averageMonths = 3
    /// Months whose averages the high is taken over (12).
    public var lookbackMonths = 12
    /// Earlier changes needed to measure the series' own scale (24).
    public var minimumChanges = 24
    /// Floor on that scale, as a share of the changes' standard deviation (0.5): a small
    /// cell moves in steps and its MAD can be near zero.
    public var sdFloorShare = 0.5
    /// Months before the look-back window whose median `average_months`-month change is the
    /// series' own drift (60; 0: none). A series declining at its usual pace is on its path,
    /// not in a downturn: when that median is negative, the high and the year-earlier level
    /// are carried forward at it before they are compared (a rise is not carried forward).
    public var driftMonths = 60
    public init() {}
    static let keys = ["minimum_history", "minimum_enterprises", "confirm_months", "average_months", "lookback_months",
                       "minimum_changes", "sd_floor_share", "drift_months"]
    init(_ c: KeyedDecodingContainer<ParameterKey>) throws {
        minimumHistory = try c.value("minimum_history", minimumHistory)
        minimumEnterprises = try c.decodeIfPresent(Double.self, forKey: ParameterKey("minimum_enterprises"))
        confirmMonths = try c.value("confirm_months", confirmMonths)
        averageMonths = try c.value("average_months", averageMonths)
        lookbackMonths = try c.value("lookback_months", lookbackMonths)
        minimumChanges = try c.value("minimum_changes", minimumChanges)
        sdFloorShare = try c.value("sd_floor_share", sdFloorShare)
        driftMonths = try c.value("drift_months", driftMonths)
    }
    var values: [(key: String, value: ParameterValue)] {
        var v: [(key: String, value: ParameterValue)] = [("minimum_history", .whole(minimumHistory))]
        if let m = minimumEnterprises { v.append(("minimum_enterprises", .number(m))) }
        v += [("confirm_months", .whole(confirmMonths)), ("average_months", .whole(averageMonths)),
              ("lookback_months", .whole(lookbackMonths)), ("minimum_changes", .whole(minimumChanges)),
              ("sd_floor_share", .number(sdFloorShare)), ("drift_months", .whole(driftMonths))]
        return v
    }
    func problem() -> (key: String, message: String)? {
        firstProblem(check("average_months", averageMonths, 1...12),
            check("lookback_months", lookbackMonths, 2...60),
            check("minimum_history", minimumHistory, (lookbackMonths + 1)...600),
            check("confirm_months", confirmMonths, 1...24),
            check("minimum_changes", minimumChanges, 2...600, "changes"),
            check("sd_floor_share", sdFloorShare, atLeast: 0, "a share of at least 0"),
            check("drift_months", driftMonths, 0...600),
            minimumEnterprises.flatMap { check("minimum_enterprises", $0, atLeast: 0, "at least 0 enterprises") })
}
}

/// `diffusion`: the share of an area's sectors whose adjusted `average_months` average fell
/// over `change_months`, ranked against the same share's earlier months.
public struct DiffusionParameters: RuleParameterSet, Equatable {
    /// Months the fall is measured over (3; the BLS diffusion indexes use 1, 3, 6 and 12).
    public var changeMonths = 3
    /// Months averaged before the change is taken (3), so one noisy month does not flip a sector.
    public var averageMonths = 3
    /// Fewest sectors with a defined change for a month's share to count (5).
    public var minimumSectors = 5
    /// Earlier months of the share needed before the latest is ranked (60): with n of them the
    /// smallest p-value is 1/(n + 1), so a blue of 0.98 needs at least 49.
    public var minimumHistory = 60
    /// A share at or under this (0.5: a minority falling) does not raise.
    public var minimumShare = 0.5
    public init() {}
    static let keys = ["change_months", "average_months", "minimum_sectors", "minimum_history", "minimum_share"]
    init(_ c: KeyedDecodingContainer<ParameterKey>) throws {
        changeMonths = try c.value("change_months", changeMonths)
        averageMonths = try c.value("average_months", averageMonths)
        minimumSectors = try c.value("minimum_sectors", minimumSectors)
        minimumHistory = try c.value("minimum_history", minimumHistory)
        minimumShare = try c.value("minimum_share", minimumShare)
    }
    var values: [(key: String, value: ParameterValue)] {
        [("change_months", .whole(changeMonths)), ("average_months", .whole(averageMonths)),
         ("minimum_sectors", .whole(minimumSectors)), ("minimum_history", .whole(minimumHistory)),
         ("minimum_share", .number(minimumShare))]
    }
    func problem() -> (key: String, message: String)? {
        firstProblem(check("change_months", changeMonths, 1...24),
            check("average_months", averageMonths, 1...12),
            check("minimum_sectors", minimumSectors, 2...10_000, "sectors"),
            check("minimum_history", minimumHistory, 12...600),
            check("minimum_share", minimumShare, atLeast: 0, below: 1, "a share from 0 to under 1"))
}
}

/// `outlier`: a month held back by the outlier screen, at least 1 + `minimum_relative_change`
/// times (or at most its inverse) its expected value, in the latest `judged_months` months.
public struct OutlierParameters: RuleParameterSet, Equatable {
    /// 2: a keying error multiplies or divides a figure (×3 or more, ÷3 or less).
    public var minimumRelativeChange = 2.0
    /// The latest months looked at (2: the latest, and the one before, now confirmed or not).
    public var judgedMonths = 2
    public init() {}
    static let keys = ["minimum_relative_change", "judged_months"]
    init(_ c: KeyedDecodingContainer<ParameterKey>) throws {
        minimumRelativeChange = try c.value("minimum_relative_change", minimumRelativeChange)
        judgedMonths = try c.value("judged_months", judgedMonths)
    }
    var values: [(key: String, value: ParameterValue)] {
        [("minimum_relative_change", .number(minimumRelativeChange)), ("judged_months", .whole(judgedMonths))]
    }
    func problem() -> (key: String, message: String)? {
        firstProblem(check("minimum_relative_change", minimumRelativeChange, atLeast: 0, "a share of at least 0"),
            check("judged_months", judgedMonths, 1...12))
}
}

/// `contraction` and `surge`: the mean robust z over `window` months.
public struct DeviationParameters: RuleParameterSet, Equatable {
    /// Months averaged (1…12).
    public var window: Int
    /// Smallest relative change that counts (0.02 = 2%).
    public var minimumRelativeChange = 0.0
    /// Months scanned back for the start of the change (24).
    public var changeScanMonths = 24
    /// Benjamini–Hochberg false-discovery rate over the run's tests of the rule (0.05; see
    /// `AreaRuleNull`).
    public var falseDiscoveryRate = 0.05
    public init(window: Int) { self.window = window }
    static let keys = ["window", "minimum_relative_change", "change_scan_months", "false_discovery_rate"]
    init(_ c: KeyedDecodingContainer<ParameterKey>) throws {
        window = try c.required("window", "needs a window (1…12 months)")
        minimumRelativeChange = try c.value("minimum_relative_change", minimumRelativeChange)
        changeScanMonths = try c.value("change_scan_months", changeScanMonths)
        falseDiscoveryRate = try c.value("false_discovery_rate", falseDiscoveryRate)
    }
    var values: [(key: String, value: ParameterValue)] {
        [("window", .whole(window)), ("minimum_relative_change", .number(minimumRelativeChange)),
         ("change_scan_months", .whole(changeScanMonths)), ("false_discovery_rate", .number(falseDiscoveryRate))]
    }
    func problem() -> (key: String, message: String)? {
        firstProblem(check("window", window, 1...12),
            check("minimum_relative_change", minimumRelativeChange, atLeast: 0, "a share of at least 0"),
            check("change_scan_months", changeScanMonths, 1...120),
            check("false_discovery_rate", falseDiscoveryRate, above: 0, below: 1, "between 0 and 1"))
}
}

/// `sudden_fall`: the adjusted mean of the last `window` months against the `baseline_months`
/// before, in robust SDs of the series' earlier such changes.
public struct SuddenFallParameters: RuleParameterSet, Equatable {
    public var window: Int
    public var minimumRelativeChange = 0.0
    /// Months before the window that make the level it fell from (3).
    public var baselineMonths = 3
    /// Earlier changes needed for the series' own scale (24).
    public var minimumChanges = 24
    /// Floor on that scale, as a relative change (0.002 = 0.2%): a series that never moved
    /// must not flag rounding.
    public var scaleFloor = 0.002
    /// Benjamini–Hochberg false-discovery rate over the run's tests of the rule (0.05).
    public var falseDiscoveryRate = 0.05
    public init(window: Int) { self.window = window }
    static let keys = ["window", "minimum_relative_change", "baseline_months", "minimum_changes", "scale_floor",
                       "false_discovery_rate"]
    init(_ c: KeyedDecodingContainer<ParameterKey>) throws {
        window = try c.required("window", "needs a window (1…12 months)")
        minimumRelativeChange = try c.value("minimum_relative_change", minimumRelativeChange)
        baselineMonths = try c.value("baseline_months", baselineMonths)
        minimumChanges = try c.value("minimum_changes", minimumChanges)
        scaleFloor = try c.value("scale_floor", scaleFloor)
        falseDiscoveryRate = try c.value("false_discovery_rate", falseDiscoveryRate)
    }
    var values: [(key: String, value: ParameterValue)] {
        [("window", .whole(window)), ("minimum_relative_change", .number(minimumRelativeChange)),
         ("baseline_months", .whole(baselineMonths)), ("minimum_changes", .whole(minimumChanges)), ("scale_floor", .number(scaleFloor)),
         ("false_discovery_rate", .number(falseDiscoveryRate))]
    }
    func problem() -> (key: String, message: String)? {
        firstProblem(check("window", window, 1...12),
            check("minimum_relative_change", minimumRelativeChange, atLeast: 0, "a share of at least 0"),
            check("baseline_months", baselineMonths, 1...24),
            check("minimum_changes", minimumChanges, 2...600, "changes"),
            check("scale_floor", scaleFloor, above: 0, "a positive relative change"),
            check("false_discovery_rate", falseDiscoveryRate, above: 0, below: 1, "between 0 and 1"))
}
}

/// `mass_layoff`: see `AlertEngine.massLayoffs`.
public struct MassLayoffParameters: RuleParameterSet, Equatable {
    /// Months scanned for the cut (1…12).
    public var window: Int
    /// Months the cut must persist after it (1).
    public var confirmMonths = 1
    /// Smallest baseline staff judged (0).
    public var minimumStaff = 0.0
    /// Benjamini–Hochberg false-discovery rate over the run's enterprises (0.05).
    public var falseDiscoveryRate = 0.05
    /// Months before a cut whose median headcount is its baseline (6).
    public var baselineMonths = 6
    /// Observed months a firm needs before the month judged (12).
    public var minimumHistory = 12
    /// Months of monthly changes the firm's ordinary movement σ_Δ is measured over (24).
    public var noiseMonths = 24
    /// Multiple of σ_Δ a cut must reach before any test (3: one month in 700 for Gaussian changes).
    public var noiseMultiple = 3.0
    /// Staff at which the size bands whose scores are compared with each other begin (50, 200, 1000).
    public var sizeBands: [Double] = [50, 200, 1000]
    /// Earlier cuts (positive scores) a band needs before it is its own reference (else all
    /// bands pooled) (50): a band of a few large firms has mostly months without a cut, and
    /// 1/(n + 1) of a few hundred months would make no cut significant.
    public var bandMinimum = 50
    /// Firms a peer group (county; sector of a city; sector of a province) needs before its
    /// median cut counts as the common cut a layoff is measured beyond (8).
    public var minimumPeers = 8
    /// Share of earlier scores the Pareto tail is fitted to (0.01), between 10 and 50 of them.
    public var tailFraction = 0.01
    /// Earlier years whose cut at the same time of year is the usual seasonal cut (3).
    public var usualCutYears = 3
    public init(window: Int) { self.window = window }
    static let keys = ["window", "confirm_months", "minimum_staff", "false_discovery_rate", "baseline_months", "minimum_history",
                       "noise_months", "noise_multiple", "size_bands", "band_minimum", "tail_fraction", "usual_cut_years",
                       "minimum_peers"]
    init(_ c: KeyedDecodingContainer<ParameterKey>) throws {
        window = try c.required("window", "needs a window (1…12 months)")
        confirmMonths = try c.value("confirm_months", confirmMonths)
        minimumStaff = try c.value("minimum_staff", minimumStaff)
        falseDiscoveryRate = try c.value("false_discovery_rate", falseDiscoveryRate)
        baselineMonths = try c.value("baseline_months", baselineMonths)
        minimumHistory = try c.value("minimum_history", minimumHistory)
        noiseMonths = try c.value("noise_months", noiseMonths)
        noiseMultiple = try c.value("noise_multiple", noiseMultiple)
        sizeBands = try c.value("size_bands", sizeBands)
        bandMinimum = try c.value("band_minimum", bandMinimum)
        tailFraction = try c.value("tail_fraction", tailFraction)
        usualCutYears = try c.value("usual_cut_years", usualCutYears)
        minimumPeers = try c.value("minimum_peers", minimumPeers)
    }
    var values: [(key: String, value: ParameterValue)] {
        [("window", .whole(window)), ("confirm_months", .whole(confirmMonths)), ("minimum_staff", .number(minimumStaff)),
         ("false_discovery_rate", .number(falseDiscoveryRate)), ("baseline_months", .whole(baselineMonths)),
         ("minimum_history", .whole(minimumHistory)), ("noise_months", .whole(noiseMonths)), ("noise_multiple", .number(noiseMultiple)),
         ("size_bands", .numbers(sizeBands)), ("band_minimum", .whole(bandMinimum)), ("tail_fraction", .number(tailFraction)),
         ("usual_cut_years", .whole(usualCutYears)), ("minimum_peers", .whole(minimumPeers))]
    }
    func problem() -> (key: String, message: String)? {
        if let p = firstProblem(check("window", window, 1...12),
            check("confirm_months", confirmMonths, 0...12),
            check("minimum_staff", minimumStaff, atLeast: 0, "at least 0 people"),
            check("false_discovery_rate", falseDiscoveryRate, above: 0, below: 1, "between 0 and 1"),
            check("baseline_months", baselineMonths, 3...24),
            check("minimum_history", minimumHistory, 1...120),
            check("noise_months", noiseMonths, 12...120),
            check("noise_multiple", noiseMultiple, atLeast: 0, "at least 0 SDs"),
            check("band_minimum", bandMinimum, 1...1_000_000, "cuts"),
            check("minimum_peers", minimumPeers, 2...1_000_000, "firms"),
            check("tail_fraction", tailFraction, above: 0, below: 1, "a share between 0 and 1"),
            check("usual_cut_years", usualCutYears, 0...10, "years")) { return p }
        if sizeBands.contains(where: { !($0.isFinite && $0 > 0) }) || zip(sizeBands, sizeBands.dropFirst()).contains(where: { $0 >= $1 }) {
            return ("size_bands", "size_bands must be positive staff sizes in increasing order, got \(ParameterValue.numbers(sizeBands))")
        }
        return nil
    }
}

/// `wage_days_late`: no parameters beyond the thresholds (two pay dates, the law's).
public struct WageDaysLateParameters: RuleParameterSet, Equatable {
    public init() {}
    static let keys: [String] = []
    init(_ c: KeyedDecodingContainer<ParameterKey>) throws {}
    var values: [(key: String, value: ParameterValue)] { [] }
    func problem() -> (key: String, message: String)? { nil }
}

/// `wages_falling_headcount_holds`: wages per head against their median of the previous
/// `reference_months`, while headcount moved less than `headcount_tolerance`.
public struct WagesFallingParameters: RuleParameterSet, Equatable {
    /// Smallest staff judged (1).
    public var minimumStaff = 1.0
    /// Largest relative headcount move that still "holds" (0.05).
    public var headcountTolerance = 0.05
    /// Months of the median (12).
    public var referenceMonths = 12
    /// Months of history needed (6).
    public var minimumHistory = 6
    public init() {}
    static let keys = ["minimum_staff", "headcount_tolerance", "reference_months", "minimum_history"]
    init(_ c: KeyedDecodingContainer<ParameterKey>) throws {
        minimumStaff = try c.value("minimum_staff", minimumStaff)
        headcountTolerance = try c.value("headcount_tolerance", headcountTolerance)
        referenceMonths = try c.value("reference_months", referenceMonths)
        minimumHistory = try c.value("minimum_history", minimumHistory)
    }
    var values: [(key: String, value: ParameterValue)] {
        [("minimum_staff", .number(minimumStaff)), ("headcount_tolerance", .number(headcountTolerance)),
         ("reference_months", .whole(referenceMonths)), ("minimum_history", .whole(minimumHistory))]
    }
    func problem() -> (key: String, message: String)? {
        firstProblem(check("minimum_staff", minimumStaff, atLeast: 0, "at least 0 people"),
            check("headcount_tolerance", headcountTolerance, above: 0, below: 1, "a share between 0 and 1"),
            check("reference_months", referenceMonths, 1...60),
            check("minimum_history", minimumHistory, 1...120))
}
}

/// `contribution_arrears`: arrears in months of the median wage bill of `wage_bill_months`.
public struct ContributionArrearsParameters: RuleParameterSet, Equatable {
    public var wageBillMonths = 12
    public init() {}
    static let keys = ["wage_bill_months"]
    init(_ c: KeyedDecodingContainer<ParameterKey>) throws { wageBillMonths = try c.value("wage_bill_months", wageBillMonths) }
    var values: [(key: String, value: ParameterValue)] { [("wage_bill_months", .whole(wageBillMonths))] }
    func problem() -> (key: String, message: String)? { check("wage_bill_months", wageBillMonths, 1...60) }
}

/// `festival_outflow_shortfall`: shortfall of the post-festival month against the model.
public struct FestivalShortfallParameters: RuleParameterSet, Equatable {
    /// The month's robust z must be at most this for the rule to raise (−2).
    public var maximumZ = -2.0
    /// Months after the festival's window during which it is judged (3).
    public var judgedMonths = 3
    public init() {}
    static let keys = ["maximum_z", "judged_months"]
    init(_ c: KeyedDecodingContainer<ParameterKey>) throws {
        maximumZ = try c.value("maximum_z", maximumZ)
        judgedMonths = try c.value("judged_months", judgedMonths)
    }
    var values: [(key: String, value: ParameterValue)] { [("maximum_z", .number(maximumZ)), ("judged_months", .whole(judgedMonths))] }
    func problem() -> (key: String, message: String)? {
        firstProblem(check("maximum_z", maximumZ, atMost: 0, "a robust z of at most 0 (a shortfall)"),
            check("judged_months", judgedMonths, 1...11))
}
}

/// `source_disagreement`: the ratio of two sources against its previous `reference_months`.
public struct SourceDisagreementParameters: RuleParameterSet, Equatable {
    /// The second signal of the pair, the denominator.
    public var against: String
    /// Months of the ratio's reference median (12).
    public var referenceMonths = 12
    /// Floor on the ratio's scale, relative to its median (0.002): a ratio that never moved
    /// must not flag rounding.
    public var scaleFloor = 0.002
    public init(against: String) { self.against = against }
    static let keys = ["against", "reference_months", "scale_floor"]
    init(_ c: KeyedDecodingContainer<ParameterKey>) throws {
        against = try c.required("against", "needs `against`, the second signal")
        referenceMonths = try c.value("reference_months", referenceMonths)
        scaleFloor = try c.value("scale_floor", scaleFloor)
    }
    var values: [(key: String, value: ParameterValue)] {
        [("against", .text(against)), ("reference_months", .whole(referenceMonths)), ("scale_floor", .number(scaleFloor))]
    }
    func problem() -> (key: String, message: String)? {
        if against.isEmpty { return ("against", "against must name a signal") }
        return firstProblem(check("reference_months", referenceMonths, 3...60),
            check("scale_floor", scaleFloor, above: 0, "a positive share of the median"))
}
}

/// `regional_stress`: T² and SPE of a region's robust z-scores (`Modeling.RegionalStress`).
public struct RegionalStressParameters: RuleParameterSet, Equatable {
    /// Months the panel needs (36).
    public var minimumHistory = 36
    /// Latest months left out of the PCA's reference window (12).
    public var holdoutMonths = 12
    /// Series a region needs (3).
    public var minimumSeries = 3
    /// Smallest SD of a series' reference-window z for it to take part (0.25): standardising
    /// by a smaller one turns its next ordinary month into an enormous SPE.
    public var minimumSD = 0.25
    /// False-alarm rate of each control limit per region-month (0.01).
    public var falseAlarmRate = 0.01
    public init() {}
    static let keys = ["minimum_history", "holdout_months", "minimum_series", "minimum_sd", "false_alarm_rate"]
    init(_ c: KeyedDecodingContainer<ParameterKey>) throws {
        minimumHistory = try c.value("minimum_history", minimumHistory)
        holdoutMonths = try c.value("holdout_months", holdoutMonths)
        minimumSeries = try c.value("minimum_series", minimumSeries)
        minimumSD = try c.value("minimum_sd", minimumSD)
        falseAlarmRate = try c.value("false_alarm_rate", falseAlarmRate)
    }
    var values: [(key: String, value: ParameterValue)] {
        [("minimum_history", .whole(minimumHistory)), ("holdout_months", .whole(holdoutMonths)), ("minimum_series", .whole(minimumSeries)),
         ("minimum_sd", .number(minimumSD)), ("false_alarm_rate", .number(falseAlarmRate))]
    }
    func problem() -> (key: String, message: String)? {
        firstProblem(check("holdout_months", holdoutMonths, 1...60),
            check("minimum_history", minimumHistory, (holdoutMonths + 12)...600),
            check("minimum_series", minimumSeries, 2...10_000, "series"),
            check("minimum_sd", minimumSD, atLeast: 0, "at least 0"),
            check("false_alarm_rate", falseAlarmRate, above: 0, below: 0.5, "a probability between 0 and 0.5"))
}
}
