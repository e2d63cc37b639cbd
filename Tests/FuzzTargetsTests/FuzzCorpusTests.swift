import Foundation
import FuzzTargets
import TestSupport
import XCTest

/// Replays every fuzz target's saved corpus and crash inputs (Tests/FuzzTargetsTests/Corpus/
/// <target>/) as ordinary tests: seconds, no sanitizer build. Each input must return, and
/// within the fuzzer's 1 s timeout.
final class FuzzCorpusTests: XCTestCase {
    private func replay(_ target: FuzzTarget, file: StaticString = #filePath, line: UInt = #line) throws {
        let dir = repositoryRoot.appendingPathComponent("Tests/FuzzTargetsTests/Corpus/\(target.rawValue)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        XCTAssertGreaterThanOrEqual(names.count, 3, "\(target) has a seeded corpus", file: file, line: line)
        for name in names {
            let bytes = try Data(contentsOf: dir.appendingPathComponent(name))
            let started = Date()
            target.run(Array(bytes))
            let seconds = Date().timeIntervalSince(started)
            XCTAssertLessThan(seconds, 1, "\(target)/\(name) took \(seconds) s", file: file, line: line)
        }
    }

    func testCSVScannerCorpus() throws { try replay(.csv) }
    func testIngestCorpus() throws { try replay(.ingest) }
    func testDecodeCorpus() throws { try replay(.decode) }
    func testConfigCorpus() throws { try replay(.config) }
    func testManifestCorpus() throws { try replay(.manifest) }
    func testCAPSignatureCorpus() throws { try replay(.cap) }
}
