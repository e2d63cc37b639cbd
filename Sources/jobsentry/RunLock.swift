import Foundation

/// One `run` at a time per workspace: an exclusive `flock` on `.jobsentry.lock`.
///
/// The kernel drops the lock when the process ends in any way (SIGKILL included), so a
/// crashed run never leaves a stale lock behind; the pid written into the file is only
/// for the message the next run prints.
final class RunLock {
    private let fd: Int32

    enum Failure: Error { case held(by: String), cannotOpen(String) }

    init(path: String) throws {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure.cannotOpen("\(path): \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
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

/// Fault injection for the crash tests: `JOBSENTRY_CRASH_AT=<point>` kills the process
/// with SIGKILL when it reaches that point, and `JOBSENTRY_WAIT_AT=<point>:<file>` makes it
/// wait there until `<file>` exists. Both are read from the environment only, so that no
/// command-line user meets them.
enum FaultPoint {
    static func reach(_ point: String) {
        let env = ProcessInfo.processInfo.environment
        if env["JOBSENTRY_CRASH_AT"] == point { kill(getpid(), SIGKILL) }
        if let w = env["JOBSENTRY_WAIT_AT"], w.hasPrefix(point + ":") {
            let file = String(w.dropFirst(point.count + 1))
            while !FileManager.default.fileExists(atPath: file) { usleep(20_000) }
        }
    }
}
