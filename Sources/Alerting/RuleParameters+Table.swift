/// The one reading, writing and checking of rule parameters: each kind's parameter struct
/// lists its parameters once, as a table of `RuleParameter`s (config key, the field it sets,
/// its check), in the order `jobsentry rules` lists them; the field's declaration carries its
/// default and what it means. Decoding, encoding, the listing and the range checks all walk
/// that table, so a new parameter is its field and one row.
protocol RuleParameterSet: Sendable {
    /// The parameters, in listing order.
    static var table: [RuleParameter<Self>] { get }
    /// The defaults, read over by the rule's mapping; a field without a default holds a value
    /// that its required row always overwrites.
    static var unread: Self { get }
}

extension RuleParameterSet {
    /// Config keys, in listing order.
    static var keys: [String] { table.map(\.key) }

    /// Reads the parameters from a rule's mapping, defaults for those left out.
    init(_ c: KeyedDecodingContainer<ParameterKey>) throws {
        self = Self.unread
        for row in Self.table { try row.read(&self, c) }
    }

    /// Key and value of every parameter (those unset omitted), in listing order.
    var values: [(key: String, value: ParameterValue)] {
        Self.table.compactMap { row in row.value(self).map { (row.key, $0) } }
    }

    /// The first parameter out of its range, in listing order, the key and why; a range that
    /// depends on other parameters is checked once those are in theirs.
    func problem() -> (key: String, message: String)? {
        for late in [false, true] {
            for row in Self.table where row.late == late {
                if let message = row.problem(self) { return (row.key, message) }
            }
        }
        return nil
    }

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

/// One row of a kind's parameter table: the config key, how it is read into and out of the
/// struct, and its check (`nil` when the value is in range, else the message).
struct RuleParameter<Set> {
    let key: String
    let read: (inout Set, KeyedDecodingContainer<ParameterKey>) throws -> Void
    let value: (Set) -> ParameterValue?
    let problem: (Set) -> String?
    /// Whether the check reads other parameters (and so runs after theirs).
    let late: Bool

    /// A row for `field`: left out, it keeps its default unless `required` says why the kind
    /// cannot do without it.
    private static func row<T: Decodable>(_ key: String, _ field: WritableKeyPath<Set, T>, required: String?, late: Bool = false,
                                          value: @escaping (T) -> ParameterValue?, problem: @escaping (Set, T) -> String?) -> Self {
        Self(key: key,
             read: { p, c in
                 if let why = required {
                     p[keyPath: field] = try c.required(key, why)
                 } else if let v = try c.decodeIfPresent(T.self, forKey: ParameterKey(key)) {
                     p[keyPath: field] = v
                 }
             },
             value: { value($0[keyPath: field]) },
             problem: { problem($0, $0[keyPath: field]) },
             late: late)
    }

    /// A whole number within `range` (`unit` names what it counts in the message).
    static func whole(_ key: String, _ field: WritableKeyPath<Set, Int>, _ range: ClosedRange<Int>, _ unit: String = "months",
                      required: String? = nil) -> Self {
        row(key, field, required: required, value: { .whole($0) },
            problem: { _, v in wholeProblem(key, v, range.lowerBound, range.upperBound, unit) })
    }

    /// A whole number from `lowest` (which depends on other parameters) to `highest`.
    static func whole(_ key: String, _ field: WritableKeyPath<Set, Int>, from lowest: @escaping (Set) -> Int, to highest: Int,
                      _ unit: String = "months") -> Self {
        row(key, field, required: nil, late: true, value: { .whole($0) },
            problem: { p, v in wholeProblem(key, v, lowest(p), highest, unit) })
    }

    /// A finite number within the bounds (`above`/`below` exclude theirs), `what` saying
    /// which numbers are allowed.
    static func number(_ key: String, _ field: WritableKeyPath<Set, Double>, above: Double? = nil, atLeast: Double? = nil,
                       below: Double? = nil, atMost: Double? = nil, _ what: String, required: String? = nil) -> Self {
        row(key, field, required: required, value: { .number($0) },
            problem: { _, v in numberProblem(key, v, above: above, atLeast: atLeast, below: below, atMost: atMost, what) })
    }

    /// A number that may be left unset (no default): checked and listed only when set.
    static func number(_ key: String, _ field: WritableKeyPath<Set, Double?>, atLeast: Double? = nil, _ what: String) -> Self {
        Self(key: key,
             read: { p, c in
                 if let v = try c.decodeIfPresent(Double.self, forKey: ParameterKey(key)) { p[keyPath: field] = v }
             },
             value: { $0[keyPath: field].map { .number($0) } },
             problem: { $0[keyPath: field].flatMap { numberProblem(key, $0, atLeast: atLeast, what) } },
             late: false)
    }

    /// A list of numbers, checked by `check`.
    static func numbers(_ key: String, _ field: WritableKeyPath<Set, [Double]>, _ check: @escaping ([Double]) -> String?) -> Self {
        row(key, field, required: nil, value: { .numbers($0) }, problem: { _, v in check(v) })
    }

    /// Text, checked by `check`.
    static func text(_ key: String, _ field: WritableKeyPath<Set, String>, required: String? = nil,
                     _ check: @escaping (String) -> String?) -> Self {
        row(key, field, required: required, value: { .text($0) }, problem: { _, v in check(v) })
    }
}

// MARK: Rows several kinds share, worded once

extension RuleParameter {
    /// `window`: the months judged (1…12), which the kind cannot do without.
    static func window(_ field: WritableKeyPath<Set, Int>) -> Self {
        .whole("window", field, 1...12, required: "needs a window (1…12 months)")
    }

    /// `minimum_relative_change`: the smallest relative change that counts.
    static func minimumRelativeChange(_ field: WritableKeyPath<Set, Double>) -> Self {
        .number("minimum_relative_change", field, atLeast: 0, "a share of at least 0")
    }

    /// `false_discovery_rate`: Benjamini–Hochberg's q over the run's tests of the rule.
    static func falseDiscoveryRate(_ field: WritableKeyPath<Set, Double>) -> Self {
        .number("false_discovery_rate", field, above: 0, below: 1, "between 0 and 1")
    }
}

/// `nil` when `lowest ≤ v ≤ highest`, else the message.
private func wholeProblem(_ key: String, _ v: Int, _ lowest: Int, _ highest: Int, _ unit: String) -> String? {
    lowest <= v && v <= highest ? nil : "\(key) must be \(lowest)…\(highest) \(unit), got \(v)"
}

/// `nil` when `v` is finite and within the bounds, else the message.
private func numberProblem(_ key: String, _ v: Double, above lower: Double? = nil, atLeast low: Double? = nil, below upper: Double? = nil,
                           atMost high: Double? = nil, _ what: String) -> String? {
    var ok = v.isFinite
    if let l = lower { ok = ok && v > l }
    if let l = low { ok = ok && v >= l }
    if let u = upper { ok = ok && v < u }
    if let u = high { ok = ok && v <= u }
    return ok ? nil : "\(key) must be \(what), got \(parameterText(v))"
}

/// A config key of a rule's mapping.
struct ParameterKey: CodingKey, Hashable {
    let stringValue: String
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer where K == ParameterKey {
    /// The value at `key`, which the kind cannot do without.
    func required<T: Decodable>(_ key: String, _ what: String) throws -> T {
        guard contains(ParameterKey(key)) else {
            throw DecodingError.keyNotFound(ParameterKey(key), .init(codingPath: codingPath, debugDescription: what))
        }
        return try decode(T.self, forKey: ParameterKey(key))
    }
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
