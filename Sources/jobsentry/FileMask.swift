import ArgumentParser
import Foundation

/// A umask written in octal (`077`, `027`): the permission bits that files and folders the
/// command creates do not get.
struct FileMask: ExpressibleByArgument, Equatable, CustomStringConvertible {
    let bits: mode_t

    /// Owner only: folders 0700, files 0600.
    static let ownerOnly = FileMask(bits: 0o077)

    init(bits: mode_t) { self.bits = bits }

    init?(argument: String) {
        guard !argument.isEmpty, argument.count <= 4, let v = mode_t(argument, radix: 8), v <= 0o777 else { return nil }
        bits = v
    }

    var description: String { String(format: "%03o", bits) }
    var defaultValueDescription: String { description }

    /// Makes this the process's umask, for everything created from now on.
    func applyToProcess() { _ = umask(bits) }
}
