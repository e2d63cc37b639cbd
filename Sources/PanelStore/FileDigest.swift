import Crypto
import Foundation
import GRDB
import Ingest
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

/// What `stat(2)` says about a file: device, inode, size, and modification and status-change
/// times in nanoseconds. The same identity as when the file was last hashed means the same
/// bytes (see `Store.digest(path:)` for what that trusts).
struct FileIdentity: Equatable {
    var device: Int64
    var inode: Int64
    var size: Int64
    var modified: Int64
    var changed: Int64

    /// `nil` when the file cannot be stat'ed (the hash then reports the error).
    init?(path: String) {
        var s = stat()
        guard stat(path, &s) == 0 else { return nil }
        device = Int64(bitPattern: UInt64(s.st_dev))
        inode = Int64(bitPattern: UInt64(s.st_ino))
        size = Int64(s.st_size)
        modified = Int64(s.st_mtim.tv_sec) * 1_000_000_000 + Int64(s.st_mtim.tv_nsec)
        changed = Int64(s.st_ctim.tv_sec) * 1_000_000_000 + Int64(s.st_ctim.tv_nsec)
    }

    init(device: Int64, inode: Int64, size: Int64, modified: Int64, changed: Int64) {
        self.device = device; self.inode = inode; self.size = size; self.modified = modified; self.changed = changed
    }
}

extension Store {
    /// A file's timestamps must be at least this far (ns) before the moment its identity is
    /// recorded for the identity to be trusted later: the kernel stamps times at a coarse
    /// tick (a few ms), so a file written again within the tick after it was hashed would
    /// keep the same times ("racy git"). A file younger than this is hashed every time
    /// until it is older.
    static let identitySettleNanoseconds: Int64 = 1_000_000_000

    /// The SHA-256 of the file at `path`, and whether it came from the recorded identity
    /// instead of reading the file.
    ///
    /// Every run checks every inbox file against the ledger; hashing all of them (300 MB at
    /// province scale, most unchanged since the last run) is skipped for a file whose
    /// device, inode, size, modification time and status-change time (nanoseconds) are
    /// those recorded when its bytes were last hashed (`file_stat`). The trade-off, as in
    /// git's index: any write to the file through the file system changes its
    /// status-change time (ctime), which no user call can set back, so a changed file is
    /// always hashed again, including one rewritten with the same size and its old
    /// modification time restored. What is trusted is the file system: bytes changed
    /// under it (a raw device write, a restored snapshot with the same inode and times, a
    /// file system that does not keep ctime) would go unseen. Such files are moved or
    /// copied into the inbox, which gives them a new inode or ctime.
    func digest(path file: String) throws -> (sha256: String, recorded: Bool, identity: FileIdentity?) {
        let identity = FileIdentity(path: file)
        if let id = identity, let known = try db.read({ db in
            try String.fetchOne(db, sql: """
                SELECT sha256 FROM file_stat WHERE path = ? AND device = ? AND inode = ? AND size = ?
                  AND mtime_ns = ? AND ctime_ns = ?
                """, arguments: [file, id.device, id.inode, id.size, id.modified, id.changed])
        }) {
            return (known, true, identity)
        }
        // The identity is taken before the bytes are read: a write during the hash changes
        // the ctime, so the identity recorded below no longer matches the file afterwards.
        do { return (try FileDigest.sha256(path: file), false, identity) } catch let e as IOFailure { throw IngestError.input(e) }
    }

    /// Records that the file at `path` with `identity` has `sha256`, unless its times are too
    /// recent to be trusted (see `identitySettleNanoseconds`).
    func recordIdentity(path file: String, _ identity: FileIdentity?, sha256: String, now: Date = Date(), _ db: Database) throws {
        guard let id = identity else { return }
        let nowNs = Int64(now.timeIntervalSince1970 * 1e9)
        guard max(id.modified, id.changed) <= nowNs - Store.identitySettleNanoseconds else {
            try db.execute(sql: "DELETE FROM file_stat WHERE path = ?", arguments: [file])
            return
        }
        try db.execute(sql: """
            INSERT OR REPLACE INTO file_stat (path, device, inode, size, mtime_ns, ctime_ns, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [file, id.device, id.inode, id.size, id.modified, id.changed, sha256])
    }
}
