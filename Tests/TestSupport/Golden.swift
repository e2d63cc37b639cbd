import Foundation
import XCTest

/// Compares `actual` with the committed golden file at `relativePath` (from the repository
/// root). With `JOBSENTRY_RECORD=1` the file is rewritten instead, so that the diff in
/// review shows what changed for the reader; a missing golden file fails the test.
public func assertGolden(_ actual: String, _ relativePath: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let url = repositoryRoot.appendingPathComponent(relativePath)
    if ProcessInfo.processInfo.environment["JOBSENTRY_RECORD"] == "1" {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(actual.utf8).write(to: url)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("no golden file \(relativePath); record it with JOBSENTRY_RECORD=1", file: file, line: line)
        return
    }
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(a.count, e.count) where (i < a.count ? a[i] : nil) != (i < e.count ? e[i] : nil) {
        XCTFail("\(relativePath):\(i + 1): expected\n  \(i < e.count ? String(e[i]) : "<end>")\ngot\n  \(i < a.count ? String(a[i]) : "<end>")",
                file: file, line: line)
        return
    }
}
