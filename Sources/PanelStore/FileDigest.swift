import Crypto
import Foundation
import TabularIO

/// SHA-256 of a file's bytes, streamed in 1 MiB chunks.
enum FileDigest {
    static func sha256(path: String) throws -> String {
        let source = try FileByteSource(path: path)
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
