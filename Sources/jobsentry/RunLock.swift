import Foundation

/// One writer at a time: an exclusive `flock` on a lock file. `run` holds the workspace's
/// `.jobsentry.lock` (a second run exits 75 at once) and, like `ingest`, the store's
/// `<store>.lock` (a second writer waits up to its timeout, then exits 75).
///
/// The kernel drops the lock when the process ends in any way (SIGKILL included), so a
/// crashed run never leaves a stale lock behind; the pid written into the file is only
/// for the message the next writer prints.
final class RunLock {
    private let fd: Int32

    enum Failure: Error { case held(by: String), cannotOpen(String) }

    /// Takes the lock at `path`, polling every 50 ms for up to `wait` seconds (0: try once).
    init(path: String, wait: Double = 0) throws {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure.cannotOpen("\(path): \(String(cString: strerror(errno)))") }
        let deadline = Date().addingTimeInterval(wait)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if Date() < deadline { usleep(50_000); continue }
            var buf = [UInt8](repeating: 0, count: 64)
            let n = pread(fd, &buf, 63, 0)
            close(fd)
            let who = n > 0 ? String(decoding: buf[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
            throw Failure.held(by: who)
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, text, text.count, 0)
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
