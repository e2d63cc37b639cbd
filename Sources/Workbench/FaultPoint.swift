import Foundation

/// Fault injection for the crash tests: `JOBSENTRY_CRASH_AT=<point>` kills the process with
/// SIGKILL when it reaches that point, and `JOBSENTRY_WAIT_AT=<point>:<file>` makes it wait
/// there until `<file>` exists.
///
/// Compiled in only under the `JOBSENTRY_FAULTS` condition, which Package.swift sets for
/// debug builds (the ones the tests spawn); a release build — the shipped binary — has no
/// fault points and ignores both variables.
public enum FaultPoint {
    public static func reach(_ point: String) {
        #if JOBSENTRY_FAULTS
        let env = ProcessInfo.processInfo.environment
        if env["JOBSENTRY_CRASH_AT"] == point { kill(getpid(), SIGKILL) }
        if let w = env["JOBSENTRY_WAIT_AT"], w.hasPrefix(point + ":") {
            let file = String(w.dropFirst(point.count + 1))
            while !FileManager.default.fileExists(atPath: file) { usleep(20_000) }
        }
        #endif
    }
}
