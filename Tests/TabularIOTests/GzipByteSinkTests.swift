import Foundation
import TabularIO
import XCTest

/// `GzipByteSink` round-trips through `GzipByteSource`, and its bytes are reproducible.
final class GzipByteSinkTests: XCTestCase {
    final class MemorySink: ByteSink {
        var bytes = [UInt8]()
        var closed = false
        func write(_ b: [UInt8]) throws { bytes += b }
        func close() throws { closed = true }
    }

    final class MemorySource: ByteSource {
        let bytes: [UInt8]
        var offset = 0
        init(_ b: [UInt8]) { bytes = b }
        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let n = min(buffer.count, bytes.count - offset)
            for i in 0..<n { buffer[i] = bytes[offset + i] }
            offset += n
            return n
        }
    }

    private func compress(_ chunks: [[UInt8]], level: Int32) throws -> [UInt8] {
        let sink = MemorySink()
        let gz = try GzipByteSink(target: sink, level: level, label: "memory")
        for c in chunks { try gz.write(c) }
        try gz.close()
        XCTAssertTrue(sink.closed, "closing the gzip sink closes its target")
        return sink.bytes
    }

    func testRoundTripAndFixedHeader() throws {
        // 300 kB of CSV-like text, written in uneven chunks larger and smaller than the output buffer.
        var text = [UInt8]()
        for i in 0..<20_000 { text += Array("2024-\(i % 12 + 1),430102,C,\(i * 7919 % 1000)\n".utf8) }
        let chunks = [Array(text[0..<10]), Array(text[10..<200_000]), Array(text[200_000...])]
        let gz = try compress(chunks, level: 6)
        // RFC 1952 header: magic, deflate, no flags, mtime 0 (reproducible), OS byte.
        XCTAssertEqual(Array(gz[0..<8]), [0x1F, 0x8B, 8, 0, 0, 0, 0, 0])
        XCTAssertEqual(gz, try compress([text], level: 6), "the bytes do not depend on how the input was chunked")
        let source = try GzipByteSource(source: MemorySource(gz), displayName: "memory")
        var back = [UInt8](), buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = try buf.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            back += buf[0..<n]
        }
        XCTAssertEqual(back, text)
        XCTAssertLessThan(gz.count, text.count / 3)
    }

    func testEmptyInputIsAValidGzipStream() throws {
        let gz = try compress([], level: 9)
        let source = try GzipByteSource(source: MemorySource(gz), displayName: "memory")
        var buf = [UInt8](repeating: 0, count: 16)
        XCTAssertEqual(try buf.withUnsafeMutableBytes { try source.read(into: $0) }, 0)
    }
}
