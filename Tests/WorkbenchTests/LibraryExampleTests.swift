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
}
