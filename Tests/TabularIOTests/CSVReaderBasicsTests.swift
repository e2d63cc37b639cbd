import TabularIO
import TestSupport
import XCTest

final class CSVReaderBasicsTests: XCTestCase {
    private func records(_ text: String, chunk: Int = 4) throws -> [CSVRecord] {
        let dir = try temporaryDirectory(self)
        let path = dir.appendingPathComponent("t.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        // A tiny chunk size exercises every refill boundary inside quotes and CRLF pairs.
        let r = CSVReader(source: try FileByteSource(path: path), displayName: "t.csv", chunkSize: chunk)
        var out: [CSVRecord] = []
        while let rec = try r.next() { out.append(rec) }
        return out
    }

    func testRFC4180QuotingCRLFAndBOM() throws {
        let recs = try records("\u{FEFF}a,b\r\n\"x,1\",\"he said \"\"hi\"\"\"\r\n\"multi\nline\",2\n\n3,\n")
        XCTAssertEqual(recs.map(\.fields), [["a", "b"], ["x,1", "he said \"hi\""], ["multi\nline", "2"], ["3", ""]])
        XCTAssertEqual(recs.map(\.line), [1, 2, 3, 6])
    }

    func testUnterminatedQuoteNamesTheRecord() {
        XCTAssertThrowsError(try records("a,b\n1,\"open\n")) { e in
            XCTAssertEqual("\(e)", "t.csv:2:2: unterminated quoted field (no closing quote before the end of the file)")
        }
    }

    func testBinaryInputIsRejected() {
        XCTAssertThrowsError(try records("a,b\n1,\u{0}\u{1}\n")) { e in
            XCTAssertTrue("\(e)".hasPrefix("t.csv:2:2: NUL byte in input"), "\(e)")
        }
    }

    func testWriterQuotesOnlyWhenNeeded() throws {
        var out: [UInt8] = []
        for f in ["plain", "a,b", "say \"x\""] { CSVWriter.append(field: f, to: &out); out.append(59) }
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "plain;\"a,b\";\"say \"\"x\"\"\";")
    }
}
