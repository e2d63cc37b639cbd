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

// MARK: - One struct per kind: its fields (default and meaning) and its table (key, field, check)

/// `ceiling`: a rate above its plan ceiling.
public struct CeilingParameters: RuleParameterSet, Equatable {
    /// Plan ceiling in the signal's units.
    public var ceiling: Double
    public init(ceiling: Double) { self.ceiling = ceiling }
    static let unread = Self(ceiling: .nan)
    static var table: [RuleParameter<Self>] {
        [.number("ceiling", \.ceiling, "a finite number", required: "needs a ceiling")]
    }
}

/// `ceiling_forecast`: probability of crossing the ceiling within `horizon` months.
public struct CeilingForecastParameters: RuleParameterSet, Equatable {
    public var ceiling: Double
    /// Forecast horizon in months (1…24).
    public var horizon: Int
    public init(ceiling: Double, horizon: Int) { self.ceiling = ceiling; self.horizon = horizon }
    static let unread = Self(ceiling: .nan, horizon: 0)
    static var table: [RuleParameter<Self>] {
        [.number("ceiling", \.ceiling, "a finite number", required: "needs a ceiling"),
         .whole("horizon", \.horizon, 1...24, required: "needs a horizon (1…24 months)")]
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
    static let unread = Self()
    static var table: [RuleParameter<Self>] {
        [.whole("minimum_history", \.minimumHistory, from: { $0.lookbackMonths + 1 }, to: 600),
         .whole("average_months", \.averageMonths, 1...12),
         .whole("lookback_months", \.lookbackMonths, 2...60)]
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
    /// Benjamini–Hochberg false-discovery rate over the run's series (0.1), each series'
    /// p-value its drawdown ranked against its own earlier months (see `AlertEngine.downturn`).
    /// In a month where no series turns, a run raises a false alert with probability at most
    /// q; over a run of m series that is at most 120·q/m false alert-months per 10
    /// series-years, so 0.1 bounds it at issue 12's 1 per 10 series-years for m ≥ 12.
    public var falseDiscoveryRate = 0.1
    /// A series with fewer earlier months than this (120; 0: never) is judged against its
    /// own months and its peers' (the same signal and group at the same region level, totals
    /// with totals, sectors with sectors) before the as-of month, all in their own robust
    /// SDs: one series with two or three years of history can then pass alone.
    public var peerHistoryMonths = 120
    /// Months per block of a peer's scores when the null is pooled (15, `lookback_months` +
    /// `average_months`: the months one score is made of; 1: month by month up to the as-of
    /// month, the previous rule): a peer counts once per block whose largest score reaches
    /// the judged one, so one wander of a peer is one draw, not fifteen, and its months end
    /// a block before the as-of month (see `ConformalP`).
    public var nullBlockMonths = 15
    public init() {}
    static let unread = Self()
    static var table: [RuleParameter<Self>] {
        [.whole("minimum_history", \.minimumHistory, from: { $0.lookbackMonths + 1 }, to: 600),
         .whole("peer_history_months", \.peerHistoryMonths, 0...1200),
         .whole("null_block_months", \.nullBlockMonths, 1...120),
         .number("minimum_enterprises", \.minimumEnterprises, atLeast: 0, "at least 0 enterprises"),
         .whole("confirm_months", \.confirmMonths, 1...24),
         .whole("average_months", \.averageMonths, 1...12),
         .whole("lookback_months", \.lookbackMonths, 2...60),
         .whole("minimum_changes", \.minimumChanges, 2...600, "changes"),
         .number("sd_floor_share", \.sdFloorShare, atLeast: 0, "a share of at least 0"),
         .whole("drift_months", \.driftMonths, 0...600),
         .falseDiscoveryRate(\.falseDiscoveryRate)]
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
    static let unread = Self()
    static var table: [RuleParameter<Self>] {
        [.whole("change_months", \.changeMonths, 1...24),
         .whole("average_months", \.averageMonths, 1...12),
         .whole("minimum_sectors", \.minimumSectors, 2...10_000, "sectors"),
         .whole("minimum_history", \.minimumHistory, 12...600),
         .number("minimum_share", \.minimumShare, atLeast: 0, below: 1, "a share from 0 to under 1")]
    }
}

/// `outlier`: a month held back by the outlier screen, at least 1 + `minimum_relative_change`
/// times (or at most its inverse) its expected value, in the latest `judged_months` months.
public struct OutlierParameters: RuleParameterSet, Equatable {
    /// 2: a keying error multiplies or divides a figure (×3 or more, ÷3 or less).
    public var minimumRelativeChange = 2.0
    /// The latest months looked at (2: the latest, and the one before, now confirmed or not).
    public var judgedMonths = 2
    /// Benjamini–Hochberg false-discovery rate over the run's tests (0.05; see `AreaRuleNull`).
    public var falseDiscoveryRate = 0.05
    public init() {}
    static let unread = Self()
    static var table: [RuleParameter<Self>] {
        [.minimumRelativeChange(\.minimumRelativeChange),
         .whole("judged_months", \.judgedMonths, 1...12),
         .falseDiscoveryRate(\.falseDiscoveryRate)]
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
    static let unread = Self(window: 0)
    static var table: [RuleParameter<Self>] {
        [.window(\.window),
         .minimumRelativeChange(\.minimumRelativeChange),
         .whole("change_scan_months", \.changeScanMonths, 1...120),
         .falseDiscoveryRate(\.falseDiscoveryRate)]
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
    static let unread = Self(window: 0)
    static var table: [RuleParameter<Self>] {
        [.window(\.window),
         .minimumRelativeChange(\.minimumRelativeChange),
         .whole("baseline_months", \.baselineMonths, 1...24),
         .whole("minimum_changes", \.minimumChanges, 2...600, "changes"),
         .number("scale_floor", \.scaleFloor, above: 0, "a positive relative change"),
         .falseDiscoveryRate(\.falseDiscoveryRate)]
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
    /// Share of earlier scores the Pareto tail is fitted to (0.01), between 10 and 50 of them.
    public var tailFraction = 0.01
    /// Earlier years whose cut at the same time of year is the usual seasonal cut (3).
    public var usualCutYears = 3
    /// Firms a peer group (county; sector of a city; sector of a province) needs before its
    /// median cut counts as the common cut a layoff is measured beyond (8).
    public var minimumPeers = 8
    public init(window: Int) { self.window = window }
    static let unread = Self(window: 0)
    static var table: [RuleParameter<Self>] {
        [.window(\.window),
         .whole("confirm_months", \.confirmMonths, 0...12),
         .number("minimum_staff", \.minimumStaff, atLeast: 0, "at least 0 people"),
         .falseDiscoveryRate(\.falseDiscoveryRate),
         .whole("baseline_months", \.baselineMonths, 3...24),
         .whole("minimum_history", \.minimumHistory, 1...120),
         .whole("noise_months", \.noiseMonths, 12...120),
         .number("noise_multiple", \.noiseMultiple, atLeast: 0, "at least 0 SDs"),
         .numbers("size_bands", \.sizeBands) { bands in
             bands.allSatisfy({ $0.isFinite && $0 > 0 }) && zip(bands, bands.dropFirst()).allSatisfy({ $0 < $1 }) ? nil
                 : "size_bands must be positive staff sizes in increasing order, got \(ParameterValue.numbers(bands))"
         },
         .whole("band_minimum", \.bandMinimum, 1...1_000_000, "cuts"),
         .number("tail_fraction", \.tailFraction, above: 0, below: 1, "a share between 0 and 1"),
         .whole("usual_cut_years", \.usualCutYears, 0...10, "years"),
         .whole("minimum_peers", \.minimumPeers, 2...1_000_000, "firms")]
    }
}

/// `wage_days_late`: two pay dates at the law's thresholds, Benjamini–Hochberg over the firms.
public struct WageDaysLateParameters: RuleParameterSet, Equatable {
    /// Benjamini–Hochberg false-discovery rate over the run's enterprises (0.05).
    public var falseDiscoveryRate = 0.05
    public init() {}
    static let unread = Self()
    static var table: [RuleParameter<Self>] { [.falseDiscoveryRate(\.falseDiscoveryRate)] }
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
    static let unread = Self()
    static var table: [RuleParameter<Self>] {
        [.number("minimum_staff", \.minimumStaff, atLeast: 0, "at least 0 people"),
         .number("headcount_tolerance", \.headcountTolerance, above: 0, below: 1, "a share between 0 and 1"),
         .whole("reference_months", \.referenceMonths, 1...60),
         .whole("minimum_history", \.minimumHistory, 1...120)]
    }
}

/// `contribution_arrears`: arrears in months of the median wage bill of `wage_bill_months`.
public struct ContributionArrearsParameters: RuleParameterSet, Equatable {
    public var wageBillMonths = 12
    /// Benjamini–Hochberg false-discovery rate over the run's enterprises (0.05).
    public var falseDiscoveryRate = 0.05
    public init() {}
    static let unread = Self()
    static var table: [RuleParameter<Self>] {
        [.whole("wage_bill_months", \.wageBillMonths, 1...60),
         .falseDiscoveryRate(\.falseDiscoveryRate)]
    }
}

/// `festival_outflow_shortfall`: shortfall of the post-festival month against the model.
public struct FestivalShortfallParameters: RuleParameterSet, Equatable {
    /// The month's robust z must be at most this for the rule to raise (−2).
    public var maximumZ = -2.0
    /// Months after the festival's window during which it is judged (3).
    public var judgedMonths = 3
    public init() {}
    static let unread = Self()
    static var table: [RuleParameter<Self>] {
        [.number("maximum_z", \.maximumZ, atMost: 0, "a robust z of at most 0 (a shortfall)"),
         .whole("judged_months", \.judgedMonths, 1...11)]
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
    /// Benjamini–Hochberg false-discovery rate over the run's cells (0.05; see `AreaRuleNull`).
    public var falseDiscoveryRate = 0.05
    public init(against: String) { self.against = against }
    static let unread = Self(against: "")
    static var table: [RuleParameter<Self>] {
        [.text("against", \.against, required: "needs `against`, the second signal") { $0.isEmpty ? "against must name a signal" : nil },
         .whole("reference_months", \.referenceMonths, 3...60),
         .number("scale_floor", \.scaleFloor, above: 0, "a positive share of the median"),
         .falseDiscoveryRate(\.falseDiscoveryRate)]
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
    static let unread = Self()
    static var table: [RuleParameter<Self>] {
        [.whole("minimum_history", \.minimumHistory, from: { $0.holdoutMonths + 12 }, to: 600),
         .whole("holdout_months", \.holdoutMonths, 1...60),
         .whole("minimum_series", \.minimumSeries, 2...10_000, "series"),
         .number("minimum_sd", \.minimumSD, atLeast: 0, "at least 0"),
         .number("false_alarm_rate", \.falseAlarmRate, above: 0, below: 0.5, "a probability between 0 and 0.5")]
    }
}
