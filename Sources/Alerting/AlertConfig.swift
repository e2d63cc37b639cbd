import Crypto
import Foundation
import Presentation
import Yams

/// Everything the alert and publishing stages are told by the config file: the rules,
/// the lifecycle's hysteresis, how evidence combines, and disclosure control.
public struct AlertConfig: Sendable, Codable, Equatable {
    /// Version of the config format; only 1 exists.
    public var schema: Int
    public var lifecycle: LifecyclePolicy
    public var combination: CombinationPolicy
    public var disclosure: DisclosurePolicy
    public var rules: [Rule]
    /// Languages of people-facing text (`zh`, `en` or `zh+en`); absent means `zh+en`.
    /// Optional so that a config written before the option existed keeps its hash.
    public var language: LanguageChoice?

    /// The languages people-facing outputs are written in, Chinese first.
    public var languages: [Language] { (language ?? .default).languages }
    /// How input files are screened; absent means the defaults (`IngestPolicy.defaults`).
    public var ingest: IngestPolicy?
    /// How single-month outliers are told from changes; absent means `OutlierPolicy()`.
    public var outliers: OutlierPolicy?

    /// The outlier policy in force.
    public var outlierPolicy: OutlierPolicy { outliers ?? OutlierPolicy() }

    /// The rules that are switched on.
    public var enabledRules: [Rule] { rules.filter(\.enabled) }

    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }
}

/// Hysteresis across runs.
public struct LifecyclePolicy: Sendable, Codable, Equatable {
    /// An open alert whose rules stay between their clear and raise thresholds (or say
    /// nothing) for this many consecutive runs is resolved. Two months: one quiet month
    /// is common noise in monthly administrative data, two in a row rarely is.
    public var quietMonths: Int
    enum CodingKeys: String, CodingKey { case quietMonths = "quiet_months" }
    public init(quietMonths: Int) { self.quietMonths = quietMonths }
}

/// How the evidence of several rules about one subject becomes one graded alert.
///
/// level = the most severe evidence level, raised one step when at least
/// `corroboratingRules` other rules also reach yellow (independent sources agreeing);
/// risk = 10·(p₁ + e₁) + 2.5·Σᵢ₌₂ (pᵢ + eᵢ) over evidence sorted by severity, where pᵢ is
/// the level's points (blue 1 … red 4) and eᵢ ∈ [0, 1) how far the measure went towards
/// the next level: the strongest reason dominates and each further one adds a quarter.
public struct CombinationPolicy: Sendable, Codable, Equatable {
    public var corroboratingRules: Int
    enum CodingKeys: String, CodingKey { case corroboratingRules = "corroborating_rules" }
    public init(corroboratingRules: Int) { self.corroboratingRules = corroboratingRules }
}

/// How a single-month outlier (a keying error: headcount ×10, wages ×100) is told from a
/// change (Chen & Liu 1993's additive outlier against a level shift, decided by what the
/// next month does), so that no outlier is read as job loss, then or later.
///
/// A month whose robust z (against trend, season and festival; out of sample for the
/// latest months) reaches `threshold`, and whose deviation from expected jumped by at least
/// `jump` of the expected value since the month before, is withheld from every job-loss rule unless another signal of the same
/// area does the same that month (`OutlierScreen`):
/// - if the next month is back within `threshold`·`reversion` (or swings the other way), it
///   was a one-month spike, withheld for good;
/// - if the next month stays beyond, it was the start of a change, and both months count;
/// - while it is the latest month it is withheld until the next month tells (a month of
///   lead, the price of not raising job-loss alerts on keying errors; SKILL.md §3).
/// 6 robust SDs: a Gaussian month reaches it once in 10⁹, a Student-t(3) one once in 200
/// (heavy-tailed monthly changes), and withholding such a month only delays it.
/// `jump` 30%: a keying error multiplies a figure (×10, ×100); a rate going from 4.9% to
/// 5.9% against an expected 4.0% (+25%) or a sector losing 15% is not held back.
public struct OutlierPolicy: Sendable, Codable, Equatable {
    public var threshold: Double
    public var reversion: Double
    public var jump: Double
    enum CodingKeys: String, CodingKey { case threshold, reversion, jump }
    public init(threshold: Double = 6, reversion: Double = 0.5, jump: Double = 0.3) {
        self.threshold = threshold; self.reversion = reversion; self.jump = jump
    }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        threshold = try c.decodeIfPresent(Double.self, forKey: .threshold) ?? 6
        reversion = try c.decodeIfPresent(Double.self, forKey: .reversion) ?? 0.5
        jump = try c.decodeIfPresent(Double.self, forKey: .jump) ?? 0.3
    }
}

/// Statistical disclosure control for the public bundle.
///
/// A cell (region × sector) built from fewer than `minimumEnterprises` enterprises, or
/// whose `dominanceCount` largest enterprises hold more than `dominanceShare` of its
/// headcount (the (n, k) rule), has its enterprise-derived figures suppressed.
/// Defaults k = 3 and (2, 85%) are the usual statistical-office choices.
public struct DisclosurePolicy: Sendable, Codable, Equatable {
    public var minimumEnterprises: Int
    public var dominanceCount: Int
    public var dominanceShare: Double
    enum CodingKeys: String, CodingKey {
        case minimumEnterprises = "minimum_enterprises", dominanceCount = "dominance_count"
        case dominanceShare = "dominance_share"
    }
    public init(minimumEnterprises: Int, dominanceCount: Int, dominanceShare: Double) {
        self.minimumEnterprises = minimumEnterprises; self.dominanceCount = dominanceCount
        self.dominanceShare = dominanceShare
    }
}

/// A config file that cannot be used, with where and why.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let message: String
    /// 1-based line and column of the offending text, when known.
    public let line: Int?
    public let column: Int?
    public init(file: String, message: String, line: Int? = nil, column: Int? = nil) {
        self.file = file; self.message = message; self.line = line; self.column = column
    }
    /// `file:line:column: message`, or `file: message` when the place is not known.
    public var description: String {
        line.map { "\(file):\($0):\(column ?? 0): \(message)" } ?? "\(file): \(message)"
    }
}

extension AlertConfig {
    /// The defaults, parsed from `AlertConfig.defaultText`.
    public static let defaults: AlertConfig = {
        do { return try parse(defaultText, file: "<built-in defaults>") } catch {
            preconditionFailure("built-in alert config is invalid: \(error)")
        }
    }()

    /// Parses and validates config text.
    /// - Throws: `ConfigError` naming `file` and the offending key or rule.
    public static func parse(_ text: String, file: String) throws -> AlertConfig {
        let config: AlertConfig
        do {
            config = try YAMLDecoder().decode(AlertConfig.self, from: text)
        } catch let e as DecodingError {
            throw configError(e, text: text, file: file)
        } catch let e as YamlError {
            throw configError(.dataCorrupted(.init(codingPath: [], debugDescription: "\(e)", underlyingError: e)), text: text, file: file)
        } catch {
            throw ConfigError(file: file, message: "\(error)")
        }
        let locator = YAMLLocator(text)
        try config.validate(file: file) { locator.locate($0) }
        return config
    }

    /// Reads and validates a config file.
    public static func load(path: String) throws -> AlertConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, message: "cannot read the config file")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    /// SHA-256 (hex) of the config's canonical JSON form: comments and layout do not
    /// change it, any rule or parameter does.
    public var hash: String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        // Validation keeps every number finite; non-finite ones get a spelling anyway, so
        // that encoding cannot fail and two configs never share the hash of nothing.
        enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data: Data
        do { data = try enc.encode(self) } catch { preconditionFailure("an alert config always encodes to JSON: \(error)") }
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// - Parameter locate: where a key path starts in the text (line, column), for messages.
    func validate(file: String, locate: ([String]) -> (line: Int, column: Int)? = { _ in nil }) throws {
        var path: [String] = []
        func fail(_ m: String, at key: [String]? = nil) throws -> Never {
            let place = locate(key ?? path)
            throw ConfigError(file: file, message: m, line: place?.line, column: place?.column)
        }
        if schema != 1 { try fail("schema \(schema) is not supported; expected 1", at: ["schema"]) }
        let o = outlierPolicy
        guard o.threshold >= 3, o.threshold.isFinite else {
            try fail("outliers.threshold must be at least 3 robust SDs (below that ordinary months are withheld)", at: ["outliers", "threshold"])
        }
        guard o.reversion > 0, o.reversion < 1 else { try fail("outliers.reversion must be between 0 and 1", at: ["outliers", "reversion"]) }
        guard o.jump > 0, o.jump.isFinite else { try fail("outliers.jump must be a positive share of the expected value", at: ["outliers", "jump"]) }
        if lifecycle.quietMonths < 1 { try fail("lifecycle.quiet_months must be at least 1, got \(lifecycle.quietMonths)", at: ["lifecycle", "quiet_months"]) }
        if combination.corroboratingRules < 1 { try fail("combination.corroborating_rules must be at least 1", at: ["combination", "corroborating_rules"]) }
        if disclosure.minimumEnterprises < 1 { try fail("disclosure.minimum_enterprises must be at least 1", at: ["disclosure", "minimum_enterprises"]) }
        if disclosure.dominanceCount < 1 { try fail("disclosure.dominance_count must be at least 1", at: ["disclosure", "dominance_count"]) }
        if !(disclosure.dominanceShare > 0 && disclosure.dominanceShare <= 1) {
            try fail("disclosure.dominance_share must be in (0, 1], got \(disclosure.dominanceShare)", at: ["disclosure", "dominance_share"])
        }
        if let i = ingest, !(0...120).contains(i.futureMonths) {
            try fail("ingest.future_months must be 0…120, got \(i.futureMonths)", at: ["ingest", "future_months"])
        }
        var seen = Set<String>()
        for (index, r) in rules.enumerated() {
            path = ["rules", String(index)]
            let at = "rule \"\(r.id)\""
            if r.id.isEmpty || r.id.contains(where: { !($0.isLetter || $0.isNumber || $0 == "_") }) {
                try fail("\(at): id must be letters, digits and underscores", at: path + ["id"])
            }
            if !seen.insert(r.id).inserted { try fail("\(at) is defined twice", at: path + ["id"]) }
            let t = r.thresholds
            if !(t.blue < t.yellow && t.yellow < t.orange && t.orange < t.red) {
                try fail("\(at): thresholds must increase from blue to red, got \(t.blue), \(t.yellow), \(t.orange), \(t.red)", at: path + ["thresholds"])
            }
            if ![t.blue, t.yellow, t.orange, t.red, r.clear].allSatisfy(\.isFinite) {
                try fail("\(at): thresholds and clear must be finite numbers", at: path + ["thresholds"])
            }
            let floor = r.kind.naturalFloor(ceiling: r.ceiling)
            if floor.inclusive ? t.blue < floor.value : t.blue <= floor.value {
                try fail("\(at): the blue threshold (\(t.blue)) must be \(floor.inclusive ? "at least" : "above") \(floor.value), \(floor.reason)",
                         at: path + ["thresholds", "blue"])
            }
            if !(r.clear < t.blue) { try fail("\(at): clear (\(r.clear)) must be below the blue threshold (\(t.blue)) for hysteresis", at: path + ["clear"]) }
            if r.signals.isEmpty { try fail("\(at): signals must name at least one signal pattern") }
            if let l = r.regionLevels, let bad = l.first(where: { !["province", "city", "county"].contains($0) }) {
                try fail("\(at): region_levels may hold province, city and county, not \"\(bad)\"")
            }
            if let problem = r.parameters.set.problem() { try fail("\(at): \(problem.message)", at: path + [problem.key]) }
            if r.kind == .ceilingForecast, !(t.red <= 1 && r.clear >= 0) {
                try fail("\(at): thresholds of ceiling_forecast are probabilities in [0, 1]", at: path + ["thresholds"])
            }
        }
    }

    static func describe(_ e: DecodingError) -> String {
        func path(_ c: [CodingKey]) -> String {
            c.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
        }
        switch e {
        case .keyNotFound(_, let ctx) where ctx.debugDescription.hasPrefix("rule \""): return ctx.debugDescription
        case .dataCorrupted(let ctx) where ctx.debugDescription.hasPrefix("rule \""): return ctx.debugDescription
        case .keyNotFound(let k, let ctx): return "missing key \"\(k.stringValue)\" at \(path(ctx.codingPath).isEmpty ? "top level" : path(ctx.codingPath))"
        case .typeMismatch(let t, let ctx): return "expected \(t) at \(path(ctx.codingPath)): \(ctx.debugDescription)"
        case .valueNotFound(let t, let ctx): return "expected \(t) at \(path(ctx.codingPath))"
        case .dataCorrupted(let ctx): return "invalid value at \(path(ctx.codingPath)): \(ctx.debugDescription)"
        @unknown default: return "\(e)"
        }
    }
}
