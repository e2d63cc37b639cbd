import ArgumentParser
import Workbench

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

extension WorkbenchFailure {
    /// The documented exit status of this kind of failure.
    var exitCode: ExitCode { ExitCode(kind.rawValue) }
}

/// Runs a command's body, turning failures into a message on stderr and the right exit
/// status: a `WorkbenchFailure` its own, an unexpected error 70.
func reportingFailures(_ body: () throws -> Void) throws {
    do { try body() } catch let f as WorkbenchFailure {
        diagnose("error: \(f.message)")
        throw f.exitCode
    } catch let e as ExitCode {
        throw e
    } catch let e as ValidationError {
        throw e
    } catch {
        diagnose("error: \(error)")
        throw ExitStatus.software
    }
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
