import ArgumentParser
import Codes

/// Month options (`--as-of`, `--from`, `--to`) parse straight into a `Period`: a value that
/// is not a month as YYYY-MM is a usage error (exit 64) naming the option.
extension Period: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}
