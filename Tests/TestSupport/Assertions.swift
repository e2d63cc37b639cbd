import Foundation
import XCTest

/// Asserts |a − b| ≤ relativeTolerance·max(|a|, |b|, floor) elementwise; `floor` keeps
/// values near zero from demanding an absolute precision nothing has.
public func assertClose(_ a: [Double], _ b: [Double], relativeTolerance: Double, floor: Double = 1,
                        _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "length differs \(message)", file: file, line: line)
    for i in 0..<min(a.count, b.count) {
        let scale = max(abs(a[i]), abs(b[i]), floor)
        if !(abs(a[i] - b[i]) <= relativeTolerance * scale) {
            XCTFail("element \(i): \(a[i]) vs \(b[i]) differ by \(abs(a[i] - b[i])) > \(relativeTolerance)·\(scale) \(message)",
                    file: file, line: line)
            return
        }
    }
}

public func assertClose(_ a: Double, _ b: Double, relativeTolerance: Double, floor: Double = 1,
                        _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    assertClose([a], [b], relativeTolerance: relativeTolerance, floor: floor, message, file: file, line: line)
}

/// The repository root, found from this source file's location.
public let repositoryRoot: URL = {
    var u = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { u.deleteLastPathComponent() }
    return u
}()

/// Reads a committed reference CSV (header row, numeric body) into columns by name.
public func readReferenceCSV(_ relativePath: String) throws -> [String: [Double]] {
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent(relativePath), encoding: .utf8)
    var lines = text.split(separator: "\n").map(String.init)
    let header = lines.removeFirst().split(separator: ",").map(String.init)
    var cols = [String: [Double]]()
    for h in header { cols[h] = [] }
    for l in lines where !l.isEmpty {
        for (h, f) in zip(header, l.split(separator: ",", omittingEmptySubsequences: false)) {
            cols[h]!.append(Double(f) ?? .nan)
        }
    }
    return cols
}

/// A fresh temporary directory, removed when the test ends.
public func temporaryDirectory(_ test: XCTestCase) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jobsentry-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    return dir
}
