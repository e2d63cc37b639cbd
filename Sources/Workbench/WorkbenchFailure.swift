/// A failure the application layer reports to its caller: what went wrong, in a sentence for
/// people, and which kind of failure it is, so the CLI can map it to an exit status
/// (`Kind.rawValue` is the sysexits.h value the CLI documents).
public struct WorkbenchFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: Int32, Sendable {
        /// A request that cannot be met as asked (e.g. an as-of month after the data): 64.
        case usage = 64
        /// Input data that cannot be used: 65.
        case dataError = 65
        /// A missing workspace, store or input file: 66.
        case noInput = 66
        /// An internal error: 70.
        case software = 70
        /// An output (bundle, store, file) that cannot be written: 73.
        case cannotCreate = 73
        /// A missing or invalid config or signing key: 78.
        case config = 78
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) { self.kind = kind; self.message = message }

    public var description: String { message }
}
