import Foundation

/// The result of running the real `jobsentry` binary.
public struct ProcessOutput {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

/// Path of the `jobsentry` executable built alongside the tests.
public let jobsentryPath: String = {
    let bundle = Bundle.main.bundleURL.deletingLastPathComponent()
    let candidates = [bundle.appendingPathComponent("jobsentry").path,
                      repositoryRoot.appendingPathComponent(".build/debug/jobsentry").path]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
}()

/// Runs `jobsentry` with `arguments`, optional standard input and extra environment.
public func runJobSentry(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                         currentDirectory: URL? = nil) throws -> ProcessOutput {
    try runProcess(jobsentryPath, arguments, stdin: stdin, environment: environment, currentDirectory: currentDirectory)
}

/// Runs any program (`executable` is a path) and captures its status, stdout and stderr.
public func runProcess(_ executable: String, _ arguments: [String], stdin: String? = nil,
                       environment: [String: String] = [:], currentDirectory: URL? = nil) throws -> ProcessOutput {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    p.environment = env
    if let d = currentDirectory { p.currentDirectoryURL = d }
    let out = Pipe(), err = Pipe(), inp = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = inp
    try p.run()
    if let s = stdin { inp.fileHandleForWriting.write(Data(s.utf8)) }
    try inp.fileHandleForWriting.close()
    // Drain stdout on another thread so a chatty child never blocks on a full pipe.
    // Written once by the reader thread before `group.leave()`, read after `group.wait()`:
    // the group orders the write before the read.
    final class Box: @unchecked Sendable { var data = Data() }
    let outBox = Box()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async { outBox.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    let outData = outBox.data
    p.waitUntilExit()
    return ProcessOutput(status: p.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}
