import ArgumentParser

/// Documented exit statuses (sysexits.h values, so cron wrappers can tell them apart).
enum ExitStatus {
    static let ok = ExitCode(0)
    static let usage = ExitCode(64)
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
    static let software = ExitCode(70)
    static let cannotCreate = ExitCode(73)
    /// Another `run` holds the workspace lock; try again later (EX_TEMPFAIL).
    static let locked = ExitCode(75)
    /// The config file is missing or invalid (EX_CONFIG).
    static let config = ExitCode(78)
}

/// Writes a diagnostic line to standard error.
func diagnose(_ message: String) {
    var line = message
    line.append("\n")
    FileHandleStderr.write(line)
}

import Foundation

enum FileHandleStderr {
    static func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
}
