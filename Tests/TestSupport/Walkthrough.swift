import Foundation

/// A Markdown walkthrough whose ```console blocks hold commands (`$ …`) and their expected
/// output. Expected output may use two wildcards: `[..]` matches any text within a line,
/// and a line holding only `...` matches any number of lines (including none).
/// A command that exits non-zero shows `[exit N]` as its last output line.
public struct Walkthrough {
    public struct Step {
        public let command: String
        public var expected: [String]
        /// Line range of the expected output in the Markdown (for re-recording).
        public let outputLines: Range<Int>
    }

    public let url: URL
    public let lines: [String]
    public private(set) var steps: [Step] = []

    public init(url: URL) throws {
        self.url = url
        self.lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        var i = 0
        while i < lines.count {
            guard lines[i].trimmingCharacters(in: .whitespaces) == "```console" else { i += 1; continue }
            i += 1
            while i < lines.count && lines[i] != "```" {
                guard lines[i].hasPrefix("$ ") else { i += 1; continue }
                var command = String(lines[i].dropFirst(2))
                while command.hasSuffix("\\") && i + 1 < lines.count {
                    i += 1
                    command = String(command.dropLast()) + "\n" + lines[i]
                }
                i += 1
                let start = i
                while i < lines.count && lines[i] != "```" && !lines[i].hasPrefix("$ ") { i += 1 }
                steps.append(Step(command: command, expected: Array(lines[start..<i]), outputLines: start..<i))
            }
            i += 1
        }
    }

    /// Whether `actual` output lines match `expected` with the wildcards above.
    public static func matches(expected: [String], actual: [String]) -> Bool {
        // memo[i][j]: expected[i...] matches actual[j...]
        var memo = [[Bool?]](repeating: [Bool?](repeating: nil, count: actual.count + 1), count: expected.count + 1)
        func go(_ i: Int, _ j: Int) -> Bool {
            if let m = memo[i][j] { return m }
            let r: Bool
            if i == expected.count {
                r = j == actual.count
            } else if expected[i] == "..." {
                r = go(i + 1, j) || (j < actual.count && go(i, j + 1))
            } else {
                r = j < actual.count && lineMatches(expected[i], actual[j]) && go(i + 1, j + 1)
            }
            memo[i][j] = r
            return r
        }
        return go(0, 0)
    }

    static func lineMatches(_ pattern: String, _ line: String) -> Bool {
        let parts = pattern.components(separatedBy: "[..]")
        if parts.count == 1 { return pattern == line }
        var rest = Substring(line)
        for (k, p) in parts.enumerated() {
            if k == 0 {
                guard rest.hasPrefix(p) else { return false }
                rest = rest.dropFirst(p.count)
            } else if k == parts.count - 1 {
                return p.isEmpty || (rest.count >= p.count && rest.hasSuffix(p))
            } else if !p.isEmpty {
                guard let r = rest.range(of: p) else { return false }
                rest = rest[r.upperBound...]
            }
        }
        return true
    }

    /// The Markdown with each step's expected output replaced by `outputs` (for `JOBSENTRY_RECORD=1`).
    public func rerecorded(_ outputs: [[String]]) -> String {
        var out = lines
        for (step, new) in zip(steps, outputs).reversed() {
            out.replaceSubrange(step.outputLines, with: new)
        }
        return out.joined(separator: "\n")
    }
}

/// Runs a shell command the way a walkthrough reader would, in `directory`, with the built
/// `jobsentry` first on PATH and `$REPO` pointing at the repository. Returns stdout and stderr
/// interleaved as one stream, plus `[exit N]` when the status is not 0.
public func runWalkthroughCommand(_ command: String, in directory: URL) throws -> [String] {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/bash")
    p.arguments = ["-c", "{ " + command + "\n} 2>&1"]
    p.currentDirectoryURL = directory
    var env = ProcessInfo.processInfo.environment
    let binDir = URL(fileURLWithPath: jobsentryPath).deletingLastPathComponent().path
    env["PATH"] = binDir + ":" + (env["PATH"] ?? "/usr/bin:/bin")
    env["REPO"] = repositoryRoot.path
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "100"
    p.environment = env
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    p.standardInput = FileHandle.nullDevice
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
    if lines.last == "" { lines.removeLast() }
    if p.terminationStatus != 0 { lines.append("[exit \(p.terminationStatus)]") }
    return lines
}
