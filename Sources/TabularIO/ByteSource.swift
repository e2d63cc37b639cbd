#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Something bytes can be pulled from in chunks: a file, standard input, a decompressor.
public protocol ByteSource: AnyObject {
    /// Fills up to `buffer.count` bytes and returns how many were written; 0 means end of input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// An I/O failure, naming the file.
public struct IOFailure: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let message: String
    /// The file could not be opened at all (missing, permission, a symlink loop, a
    /// directory): exit 66 rather than 65, which is for bytes that were read but are bad.
    public let unreadable: Bool
    public init(path: String, message: String, unreadable: Bool = false) {
        self.path = path; self.message = message; self.unreadable = unreadable
    }
    public var description: String { "\(path): \(message)" }
}

/// A file (or standard input, for the path `-`) read with POSIX `read(2)`.
public final class FileByteSource: ByteSource {
    public let path: String
    private let fd: Int32
    private let ownsDescriptor: Bool

    /// Opens `path` for reading; `-` is standard input.
    /// - Throws: `IOFailure` with the system's reason (missing file, permission, directory).
    public init(path: String) throws {
        self.path = path
        if path == "-" {
            fd = 0
            ownsDescriptor = false
            return
        }
        let d = open(path, O_RDONLY)
        guard d >= 0 else { throw IOFailure(path: path, message: String(cString: strerror(errno)), unreadable: true) }
        var st = stat()
        if fstat(d, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            close(d)
            throw IOFailure(path: path, message: "is a directory, expected a file", unreadable: true)
        }
        fd = d
        ownsDescriptor = true
    }

    deinit { if ownsDescriptor { close(fd) } }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw IOFailure(path: path, message: String(cString: strerror(errno)))
        }
    }
}
