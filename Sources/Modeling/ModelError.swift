/// A model could not be specified or fitted, with what and why.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    /// A specification parameter is out of its valid range.
    case invalidSpecification(parameter: String, value: String, expected: String)
    /// The panel cannot be fitted at all (too few months for the design, no series).
    case panelTooShort(months: Int, needed: Int)
    /// The input does not agree with what the fitted model expects.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .invalidSpecification(parameter, value, expected):
            return "invalid model specification: \(parameter) = \(value); expected \(expected)"
        case let .panelTooShort(months, needed):
            return "the panel has \(months) months; the design needs at least \(needed)"
        case let .invalidArgument(message):
            return message
        }
    }
}
