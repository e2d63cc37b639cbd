import Yams

/// Finds where a key path of a YAML config starts, so that config errors read like a
/// compiler's: `jobsentry.yaml:42:17: rule "mass_layoff": …`.
struct YAMLLocator {
    private let root: Node?

    /// Text that is not YAML has no places (`locate` gives `nil`); its syntax error is the
    /// decoder's to report, with the line and column libyaml gives, so none is lost here.
    init(_ text: String) {
        do { root = try Yams.compose(yaml: text) } catch { root = nil }
    }

    /// Line and column (1-based) of the node at `path` (mapping keys, or sequence indices
    /// written as numbers); the deepest existing node on the way when the path goes
    /// further; `nil` when the text is not YAML.
    func locate(_ path: [String]) -> (line: Int, column: Int)? {
        guard var node = root else { return nil }
        for step in path {
            if let mapping = node.mapping, let next = mapping.first(where: { $0.key.string == step })?.value {
                node = next
            } else if let sequence = node.sequence, let i = Int(step), sequence.indices.contains(i) {
                node = sequence[i]
            } else {
                break
            }
        }
        return node.mark.map { ($0.line, $0.column) }
    }

    /// The path of a decoding error's coding path, as `locate` takes it.
    static func path(_ keys: [CodingKey]) -> [String] {
        keys.map { $0.intValue.map(String.init) ?? $0.stringValue }
    }
}

extension AlertConfig {
    /// A decoding failure as a `ConfigError` at its place in `text`: a YAML syntax error at
    /// the line and column libyaml reports, any other at the key it concerns.
    static func configError(_ e: DecodingError, text: String, file: String) -> ConfigError {
        let context: DecodingError.Context
        switch e {
        case .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): context = c
        @unknown default: return ConfigError(file: file, message: describe(e))
        }
        if let y = context.underlyingError as? YamlError {
            switch y {
            case let .scanner(ctx, problem, mark, _), let .parser(ctx, problem, mark, _), let .composer(ctx, problem, mark, _):
                let what = ctx.map { "\($0.text) " } ?? ""
                return ConfigError(file: file, message: "not valid YAML: \(what)\(problem)", line: mark.line, column: mark.column)
            default:
                return ConfigError(file: file, message: "not valid YAML: \(y)")
            }
        }
        let at = YAMLLocator(text).locate(YAMLLocator.path(context.codingPath))
        return ConfigError(file: file, message: describe(e), line: at?.line, column: at?.column)
    }
}

extension RuleKind {
    /// The value a rule's measure takes when nothing is wrong, which its blue threshold
    /// must lie beyond: a threshold at or below it raises alerts about ordinary months
    /// (a `mass_layoff` blue of −1 flagged every enterprise that shed no one).
    /// - Parameter ceiling: the rule's plan ceiling, for `ceiling` (a rate cannot go below 0).
    func naturalFloor(ceiling: Double?) -> (value: Double, inclusive: Bool, reason: String) {
        switch self {
        case .ceiling:
            return (-(ceiling ?? .infinity), false, "since the measure is the rate minus the ceiling and a rate is never below 0")
        case .ceilingForecast:
            return (0, false, "the probability of a rate that never crosses its ceiling")
        case .sahmRise:
            return (0, false, "the rise of a rate that has not risen")
        case .downturn:
            return (0, false, "the drawdown of a series at its 12-month high")
        case .diffusion:
            return (0.5, false, "the rank of a share of falling sectors at its usual level")
        case .outlier:
            return (0, false, "the robust z of a month where the model expects it")
        case .contraction, .surge, .suddenFall:
            return (0, false, "the robust z of a series that does what its trend and season expect")
        case .sourceDisagreement:
            return (0, false, "the robust z of two sources that agree")
        case .massLayoff:
            return (1, true, "the legal threshold of a mass layoff (20 people or 10% of staff, Labour Contract Law art. 41)")
        case .regionalStress:
            return (1, true, "the control limit of the statistics")
        case .wageDaysLate:
            return (0, false, "the days late of wages paid on time")
        case .wagesFallingHeadcountHolds:
            return (0, false, "the fall of wages that do not fall")
        case .contributionArrears:
            return (0, false, "the arrears of contributions paid in full")
        case .festivalOutflowShortfall:
            return (0, false, "the shortfall of an outflow at its norm")
        }
    }
}
