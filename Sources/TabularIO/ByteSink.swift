#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Somewhere bytes go.
public protocol ByteSink: AnyObject {
    func write(_ bytes: [UInt8]) throws
    func close() throws
}

/// A file opened for writing (created or truncated), or standard output for `-`.
public final class FileByteSink: ByteSink {
    public let path: String
    private var fd: Int32
    private let ownsDescriptor: Bool

    public init(path: String) throws {
        self.path = path
        if path == "-" { fd = 1; ownsDescriptor = false; return }
        let d = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard d >= 0 else { throw IOFailure(path: path, message: String(cString: strerror(errno))) }
        fd = d
        ownsDescriptor = true
    }

    deinit { if ownsDescriptor && fd >= 0 { Glibc.close(fd) } }

    public func write(_ bytes: [UInt8]) throws {
        var off = 0
        try bytes.withUnsafeBytes { p in
            while off < p.count {
                let n = Glibc.write(fd, p.baseAddress! + off, p.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw IOFailure(path: path, message: String(cString: strerror(errno)))
                }
                off += n
            }
        }
    }

    public func close() throws {
        guard ownsDescriptor, fd >= 0 else { return }
        if fsync(fd) != 0 && errno != EINVAL {
            throw IOFailure(path: path, message: String(cString: strerror(errno)))
        }
        Glibc.close(fd)
        fd = -1
    }
}
