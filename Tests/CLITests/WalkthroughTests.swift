import Foundation
import TestSupport
import XCTest

/// Runs every walkthrough in notebooks-cli/ against a fresh workspace and fails when the
/// output drifts. `JOBSENTRY_RECORD=1 swift test --filter WalkthroughTests` rewrites the
/// expected outputs instead (review the diff before committing).
final class WalkthroughTests: XCTestCase {
    func testWildcardMatching() {
        XCTAssertTrue(Walkthrough.matches(expected: ["a [..] c", "...", "z"], actual: ["a b c", "x", "y", "z"]))
        XCTAssertTrue(Walkthrough.matches(expected: ["...", "z"], actual: ["z"]))
        XCTAssertFalse(Walkthrough.matches(expected: ["a [..] c"], actual: ["a b d"]))
        XCTAssertFalse(Walkthrough.matches(expected: ["a"], actual: ["a", "b"]))
    }

    func testEveryWalkthrough() throws {
        let dir = repositoryRoot.appendingPathComponent("notebooks-cli")
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "md" && $0.lastPathComponent != "README.md" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        XCTAssertFalse(files.isEmpty, "no walkthroughs found in \(dir.path)")
        let record = ProcessInfo.processInfo.environment["JOBSENTRY_RECORD"] == "1"
        for file in files {
            let w = try Walkthrough(url: file)
            XCTAssertFalse(w.steps.isEmpty, "\(file.lastPathComponent) has no console steps")
            let workspace = try temporaryDirectory(self)
            var outputs: [[String]] = []
            for step in w.steps {
                let actual = try runWalkthroughCommand(step.command, in: workspace)
                outputs.append(actual)
                if !record && !Walkthrough.matches(expected: step.expected, actual: actual) {
                    XCTFail("""
                    \(file.lastPathComponent): output of `\(step.command)` drifted.
                    --- expected
                    \(step.expected.joined(separator: "\n"))
                    --- actual
                    \(actual.joined(separator: "\n"))
                    """)
                    break
                }
            }
            if record { try w.rerecorded(outputs).write(to: file, atomically: true, encoding: .utf8) }
        }
    }
}
