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
    public init(file: String, message: String) { self.file = file; self.message = message }
    public var description: String { "\(file): \(message)" }
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
            throw ConfigError(file: file, message: describe(e))
        } catch {
            throw ConfigError(file: file, message: "\(error)")
        }
        try config.validate(file: file)
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
        let data = (try? enc.encode(self)) ?? Data()
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    func validate(file: String) throws {
        func fail(_ m: String) throws -> Never { throw ConfigError(file: file, message: m) }
        if schema != 1 { try fail("schema \(schema) is not supported; expected 1") }
        if lifecycle.quietMonths < 1 { try fail("lifecycle.quiet_months must be at least 1, got \(lifecycle.quietMonths)") }
        if combination.corroboratingRules < 1 { try fail("combination.corroborating_rules must be at least 1") }
        if disclosure.minimumEnterprises < 1 { try fail("disclosure.minimum_enterprises must be at least 1") }
        if disclosure.dominanceCount < 1 { try fail("disclosure.dominance_count must be at least 1") }
        if !(disclosure.dominanceShare > 0 && disclosure.dominanceShare <= 1) {
            try fail("disclosure.dominance_share must be in (0, 1], got \(disclosure.dominanceShare)")
        }
        var seen = Set<String>()
        for r in rules {
            let at = "rule \"\(r.id)\""
            if r.id.isEmpty || r.id.contains(where: { !($0.isLetter || $0.isNumber || $0 == "_") }) {
                try fail("\(at): id must be letters, digits and underscores")
            }
            if !seen.insert(r.id).inserted { try fail("\(at) is defined twice") }
            let t = r.thresholds
            if !(t.blue <= t.yellow && t.yellow <= t.orange && t.orange <= t.red) {
                try fail("\(at): thresholds must not decrease from blue to red, got \(t.blue), \(t.yellow), \(t.orange), \(t.red)")
            }
            if !(r.clear < t.blue) { try fail("\(at): clear (\(r.clear)) must be below the blue threshold (\(t.blue)) for hysteresis") }
            if r.signals.isEmpty { try fail("\(at): signals must name at least one signal pattern") }
            if let l = r.regionLevels, let bad = l.first(where: { !["province", "city", "county"].contains($0) }) {
                try fail("\(at): region_levels may hold province, city and county, not \"\(bad)\"")
            }
            switch r.kind {
            case .ceiling:
                if r.ceiling == nil { try fail("\(at): kind ceiling needs a ceiling") }
            case .ceilingForecast:
                if r.ceiling == nil { try fail("\(at): kind ceiling_forecast needs a ceiling") }
                guard let h = r.horizon, (1...24).contains(h) else { try fail("\(at): horizon must be 1…24 months") }
                if !(t.red <= 1 && r.clear >= 0) { try fail("\(at): thresholds of ceiling_forecast are probabilities in [0, 1]") }
            case .contraction, .surge, .massLayoff, .suddenFall:
                guard let w = r.window, (1...12).contains(w) else { try fail("\(at): window must be 1…12 months") }
            case .sourceDisagreement:
                if r.against == nil { try fail("\(at): kind source_disagreement needs `against`, the second signal") }
            default: break
            }
        }
    }

    static func describe(_ e: DecodingError) -> String {
        func path(_ c: [CodingKey]) -> String {
            c.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
        }
        switch e {
        case .keyNotFound(let k, let ctx): return "missing key \"\(k.stringValue)\" at \(path(ctx.codingPath).isEmpty ? "top level" : path(ctx.codingPath))"
        case .typeMismatch(let t, let ctx): return "expected \(t) at \(path(ctx.codingPath)): \(ctx.debugDescription)"
        case .valueNotFound(let t, let ctx): return "expected \(t) at \(path(ctx.codingPath))"
        case .dataCorrupted(let ctx): return "invalid value at \(path(ctx.codingPath)): \(ctx.debugDescription)"
        @unknown default: return "\(e)"
        }
    }
}
