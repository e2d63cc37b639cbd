import Alerting
import Foundation
import PanelStore
import TestSupport
import Workbench
import XCTest

/// README's "Use as a library" example, compiled and run as written there (only the paths
/// differ), so the README stays true.
final class LibraryExampleTests: XCTestCase {
    func testReadmeExampleIngestsFitsAndAlerts() throws {
        let storePath = try temporaryDirectory(self).appendingPathComponent("example.sqlite").path
        let input = repositoryRoot.appendingPathComponent("datasets/sample/series.csv").path
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        // --- README example ---
        let store = try Store(path: storePath)
        _ = try store.ingest(path: input, now: Date())
        let inputs = try InputSource(store: store).inputs()
        let month = inputs.dataEnd!
        let step = try Analysis(config: .defaults).step(inputs, asOf: month, sent: RunClock.sentText(Date()))
        for alert in step.openAlerts {
            print(alert.id, alert.level.rawValue, alert.headline)
        }
        // --- end ---

        XCTAssertEqual(month, inputs.lastMonth)
        XCTAssertEqual(printed.count, step.openAlerts.count)
        XCTAssertFalse(step.findings.isEmpty, "the sample series (with an injected drop) raises findings")
        XCTAssertFalse(printed.isEmpty)
    }

    /// The lines above are README's, to the letter: the example's code block in "Use as a
    /// library" (imports and comments aside) equals the marked lines of this file with its
    /// two paths put back, and every module it imports is imported here.
    func testReadmeExampleIsTheCodeThisTestRuns() throws {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try XCTUnwrap(readme.components(separatedBy: "## Use as a library").dropFirst().first)
        let block = try XCTUnwrap(section.components(separatedBy: "```swift\n").dropFirst().first?.components(separatedBy: "```").first)
        let readmeLines = block.split(separator: "\n").map(String.init)
        let shown = readmeLines.filter { !$0.hasPrefix("//") && !$0.hasPrefix("import ") }

        let source = try String(contentsOfFile: #filePath, encoding: .utf8)
        let marked = try XCTUnwrap(source.components(separatedBy: "// --- README example ---\n").dropFirst().first?
            .components(separatedBy: "        // --- end ---").first)
        let tested = marked.split(separator: "\n").map { String($0.dropFirst(8)) }
            .map { $0.replacingOccurrences(of: "path: storePath", with: "path: \"/tmp/example.sqlite\"")
                .replacingOccurrences(of: "path: input", with: "path: \"datasets/sample/series.csv\"") }
        XCTAssertEqual(shown, tested)
        XCTAssertFalse(shown.isEmpty)
        let sourceLines = Set(source.split(separator: "\n").map(String.init))
        for imported in readmeLines.filter({ $0.hasPrefix("import ") }) {
            XCTAssertTrue(sourceLines.contains(imported), "README imports what this test does not: \(imported)")
        }
    }
}
