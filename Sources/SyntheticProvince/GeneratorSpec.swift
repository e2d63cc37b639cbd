import Codes
import GroundTruth

/// How big a synthetic dataset to generate.
public enum GenerationScale: String, CaseIterable, Sendable {
    /// Hunan's 14 prefectures with three counties each, 2,500 enterprises, 2021-01...2025-12:
    /// the committed `datasets/hunan-demo` (a few MB gzipped).
    case demo
    /// All 122 Hunan counties, 110,000 enterprises, 2016-01...2025-12.
    case province
    /// The province plus three synthetic prefectures in each of the other 30 provincial units
    /// (4,000 enterprises each), 2016-01...2025-12. Events are injected in Hunan only.
    case national

    /// Enterprises when `--enterprises` is not given.
    public var defaultEnterprises: Int {
        switch self {
        case .demo: return 2_500
        case .province: return 110_000
        case .national: return 110_000 + 30 * 4_000
        }
    }

    public var defaultRange: (from: Period, to: Period) {
        switch self {
        case .demo: return (Period(year: 2021, month: 1), Period(year: 2025, month: 12))
        case .province, .national: return (Period(year: 2016, month: 1), Period(year: 2025, month: 12))
        }
    }

    /// Counties kept per prefecture (`nil`: all).
    var countiesPerCity: Int? { self == .demo ? 3 : nil }

    /// zlib level: 9 keeps the committed demo small; 1 keeps a 10-year province under a minute.
    var gzipLevel: Int32 { self == .demo ? 9 : 1 }

    /// How many events of each type to inject (the big scales have room for more).
    func eventCount(_ type: EventType) -> Int {
        switch (self, type) {
        case (_, .provinceShock): return 1
        case (.demo, .massLayoff), (.demo, .wageArrears): return 2
        case (.demo, _): return 1
        case (_, .massLayoff), (_, .wageArrears): return 4
        case (_, _): return 2
        }
    }
}

/// How hard the generated province is on the alert rules.
public enum GenerationProfile: String, CaseIterable, Sendable {
    /// The injected events on a well-behaved background: the committed `datasets/hunan-demo`.
    case standard
    /// The same events (same seed, same months and places) on a background that tries to fool
    /// the rules: firm births that ramp up over 3–8 months, more small-firm closures, heavy-tailed
    /// (Student-t, 3 df) firm noise; single-month outliers in every source; decoys (a tourism
    /// county's hospitality sector swinging ×3–4 every year, a key firm expanding +15 % then
    /// +32 % and staying); city youth unemployment rates with the July–August graduation peak;
    /// a county's insured count stepping to ×0.85 while payroll holds. Each hazard is a `none`
    /// row of `truth.csv` with its `cause`: it must raise no alert but a data-quality one.
    case hard
}

/// Whether the large files are gzip-compressed.
public enum Compression: String, CaseIterable, Sendable {
    /// payroll, insurance, transport and claims as `.csv.gz`; everything else plain CSV.
    case gzip
    /// Every file plain CSV.
    case none
}

/// A validated request for a synthetic dataset.
public struct GeneratorSpec: Sendable {
    public let seed: UInt64
    public let scale: GenerationScale
    public let from: Period
    public let to: Period
    public let enterprises: Int
    public let compression: Compression
    public let profile: GenerationProfile

    /// The calendar the generator knows: the Spring Festival table (2015–2030) must cover
    /// every simulated year and its neighbours.
    public static let supportedRange = Period(year: 2015, month: 1)...Period(year: 2030, month: 12)
    /// Two years of clean history before the first event, plus room for the events.
    public static let minimumMonths = 36

    /// Why a request cannot be generated.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case range(from: Period, to: Period)
        case tooShort(months: Int)
        case enterprises(Int)

        public var description: String {
            switch self {
            case let .range(f, t):
                return "--from \(f) --to \(t): the range must be ordered and lie within \(GeneratorSpec.supportedRange.lowerBound)...\(GeneratorSpec.supportedRange.upperBound) (the Spring Festival table)"
            case let .tooShort(n):
                return "the range has \(n) months; at least \(GeneratorSpec.minimumMonths) are needed (two clean years before the injected events)"
            case let .enterprises(n):
                return "--enterprises must be between 200 and 2000000, got \(n)"
            }
        }
    }

    /// - Parameters:
    ///   - from/to: default to the scale's range.
    ///   - enterprises: default to the scale's count; at least 200 so every injected event finds a host.
    ///   - profile: `.standard` unless asked; `.hard` adds the hazards of `GenerationProfile.hard`.
    /// - Throws: `Problem` for a range outside 2015-01...2030-12, shorter than 36 months, or a bad count.
    public init(seed: UInt64, scale: GenerationScale, from: Period? = nil, to: Period? = nil,
                enterprises: Int? = nil, compression: Compression = .gzip, profile: GenerationProfile = .standard) throws {
        let f = from ?? scale.defaultRange.from, t = to ?? scale.defaultRange.to
        guard f <= t, GeneratorSpec.supportedRange.contains(f), GeneratorSpec.supportedRange.contains(t) else {
            throw Problem.range(from: f, to: t)
        }
        guard t - f + 1 >= GeneratorSpec.minimumMonths else { throw Problem.tooShort(months: t - f + 1) }
        let n = enterprises ?? scale.defaultEnterprises
        guard (200...2_000_000).contains(n) else { throw Problem.enterprises(n) }
        self.seed = seed; self.scale = scale; self.from = f; self.to = t
        self.enterprises = n; self.compression = compression; self.profile = profile
    }

    public var months: Int { to - from + 1 }

    /// Whether the hazards of the hard profile are drawn.
    var isHard: Bool { profile == .hard }
}
