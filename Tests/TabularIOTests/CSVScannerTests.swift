import Foundation
import TabularIO
import TestSupport
import XCTest

/// A source that hands out bytes a few at a time, to cross every chunk boundary.
private final class TrickleSource: ByteSource {
    let bytes: [UInt8]
    let step: Int
    var at = 0
    init(_ s: String, step: Int) { bytes = Array(s.utf8); self.step = step }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(step, buffer.count, bytes.count - at)
        for k in 0..<n { buffer[k] = bytes[at + k] }
        at += n
        return n
    }
}

final class CSVScannerTests: XCTestCase {
    private func records(_ text: String, step: Int = 1 << 20, chunk: Int = 64) throws -> [(Int, [String], String?)] {
        let s = CSVScanner(source: TrickleSource(text, step: step), displayName: "t.csv", chunkSize: chunk,
                           maximumRecordBytes: 256)
        var out: [(Int, [String], String?)] = []
        while let r = try s.next() { out.append((r.line, r.strings, r.problem?.description)) }
        return out
    }

    func testQuotedFieldsEscapesAndLineBreaksAtEveryChunking() throws {
        let text = "\u{FEFF}a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\n4,,6"
        for step in [1, 2, 3, 7, 1000] {
            let r = try records(text, step: step)
            XCTAssertEqual(r.map(\.0), [1, 2, 5], "step \(step)")
            XCTAssertEqual(r.map(\.1), [["a", "b", "c"], ["x,1", "say \"hi\"", "two\nlines"], ["4", "", "6"]], "step \(step)")
            XCTAssertEqual(r.compactMap(\.2), [])
        }
    }

    func testMalformedLinesAreReportedAndScanningResumes() throws {
        let r = try records("a,b\n1,x\"y\n2,3\n\"4,5\n6,7\n")
        XCTAssertEqual(r.map(\.0), [1, 2, 3, 4, 5])
        XCTAssertEqual(r[1].2, "t.csv:2:2: quote inside an unquoted field; quote the whole field and double inner quotes (RFC 4180)")
        XCTAssertEqual(r[1].1, ["1", "x\"y"])
        XCTAssertEqual(r[3].2, "t.csv:4:1: unterminated quoted field (no closing quote before the end of the file)")
        XCTAssertEqual(r[4].1, ["6", "7"])
    }

    func testOverLongLineIsSkipped() throws {
        let long = String(repeating: "z", count: 1000)
        let r = try records("a\n\(long)\nb\n", step: 50)
        XCTAssertEqual(r.map(\.0), [1, 2, 3])
        XCTAssertEqual(r[1].2, "t.csv:2:0: line is longer than 256 bytes (1001 bytes); the first 256 are kept")
        XCTAssertEqual(r[2].1, ["b"])
    }

    func testGzipMembersAndTextInputDetection() throws {
        let dir = try temporaryDirectory(self)
        let plain = dir.appendingPathComponent("a.csv").path
        try Data("x,y\n1,2\n".utf8).write(to: URL(fileURLWithPath: plain))
        // Two gzip members, as `cat a.gz b.gz` makes.
        let gz = dir.appendingPathComponent("a.csv.gz").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "gzip -c '\(plain)' > '\(gz)' && printf '3,4\\n' | gzip -c >> '\(gz)'"]
        try p.run(); p.waitUntilExit()
        let opened = try TextInput.open(path: gz)
        XCTAssertTrue(opened.compressed)
        let s = CSVScanner(source: opened.source, displayName: gz)
        var rows: [[String]] = []
        while let r = try s.next() { rows.append(r.strings) }
        XCTAssertEqual(rows, [["x", "y"], ["1", "2"], ["3", "4"]])
    }

    func testEncodingNames() {
        XCTAssertEqual(TextEncoding(name: "GBK"), .gb18030)
        XCTAssertEqual(TextEncoding(name: "utf8"), .utf8)
        XCTAssertNil(TextEncoding(name: "latin1"))
    }
}

/// Issue 15: CSV for spreadsheets and text for terminals.
final class SpreadsheetSafetyTests: XCTestCase {
    func testFormulaStartsAreNeutralisedInTextColumnsOnly() {
        for f in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://evil.example\")"] {
            XCTAssertEqual(CSVWriter.spreadsheetSafe(f, as: .text), "'" + f, f)
        }
        for f in ["", "Changsha", "1-2", "'quoted", "长沙"] {
            XCTAssertEqual(CSVWriter.spreadsheetSafe(f, as: .text), f, f)
        }
        // Numbers stay numbers in number columns; anything else there is text.
        for f in ["-3.2", "+4", "-1e-5", "12", "-0.125E+3"] {
            XCTAssertEqual(CSVWriter.spreadsheetSafe(f, as: .number), f, f)
        }
        for f in ["-inf", "-3+2", "=1", "-", "-.", "-1e", "@1"] {
            XCTAssertEqual(CSVWriter.spreadsheetSafe(f, as: .number), "'" + f, f)
        }
    }

    func testWriterAppliesColumnKinds() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("safe-\(UUID().uuidString).csv").path
        defer { unlink(path) }
        let w = try CSVWriter(path: path)
        try w.write(["=cmd|' /C calc'!A0", "-3.2", "-3.2"], columns: [.text, .number, .text])
        try w.close()
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "'=cmd|' /C calc'!A0,-3.2,'-3.2\n")
    }

    func testSingleLineEscapesControlCharacters() {
        XCTAssertEqual(TextEscaping.singleLine("湘江重工有限公司"), "湘江重工有限公司")
        XCTAssertEqual(TextEscaping.singleLine("a\nb\r\tc\\d\u{1B}[2J\u{7F}\u{85}\u{2028}"), "a\\nb\\r\\tc\\\\d\\u{1B}[2J\\u{7F}\\u{85}\\u{2028}")
    }
}
