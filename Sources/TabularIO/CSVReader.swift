/// One parsed record of a CSV file.
public struct CSVRecord: Sendable, Equatable {
    /// 1-based physical line on which the record starts (quoted fields may span lines).
    public let line: Int
    /// The fields, unquoted.
    public let fields: [String]
}

/// A streaming RFC 4180 reader: quoted fields with doubled quotes and embedded line
/// breaks, CRLF or LF endings, an optional UTF-8 byte-order mark. Memory is bounded by
/// the chunk size plus the longest record; the whole file is never held.
public final class CSVReader {
    /// Name used in diagnostics.
    public let displayName: String
    private let source: ByteSource
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var eof = false
    private var line = 1
    private var atFileStart = true
    /// Longest record accepted, a guard against binary input or a missing closing quote.
    public let maximumRecordBytes: Int

    /// - Parameters:
    ///   - source: where bytes come from.
    ///   - displayName: the file name diagnostics show.
    ///   - chunkSize: read size; 1 MiB keeps syscalls rare without using much memory.
    ///   - maximumRecordBytes: records longer than this throw (default 16 MiB).
    public init(source: ByteSource, displayName: String, chunkSize: Int = 1 << 20,
                maximumRecordBytes: Int = 16 << 20) {
        self.source = source
        self.displayName = displayName
        self.buffer = [UInt8](repeating: 0, count: chunkSize)
        self.maximumRecordBytes = maximumRecordBytes
    }

    /// Opens a file (`-` for standard input).
    public convenience init(path: String) throws {
        try self.init(source: FileByteSource(path: path), displayName: path)
    }

    /// Refills the buffer keeping unconsumed bytes; returns false at end of input.
    private func refill() throws -> Bool {
        if eof { return false }
        if start > 0 {
            let n = end - start
            if n > 0 { buffer.withUnsafeMutableBufferPointer { p in
                _ = memmoveBytes(p.baseAddress!, p.baseAddress! + start, n)
            } }
            end = n
            start = 0
        }
        if end == buffer.count {
            guard buffer.count < maximumRecordBytes else {
                throw CSVError(file: displayName, line: line, column: 0,
                               message: "record longer than \(maximumRecordBytes) bytes; is this a text CSV file, and are all quotes closed?")
            }
            buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
        }
        let n = try buffer.withUnsafeMutableBytes { p in
            try source.read(into: UnsafeMutableRawBufferPointer(rebasing: p[end...]))
        }
        if n == 0 { eof = true; return false }
        end += n
        if atFileStart && end >= 3 {
            if buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { start = 3 }
            atFileStart = false
        }
        return true
    }

    /// The next record, or `nil` at end of input. Blank lines are skipped.
    /// - Throws: `CSVError` for an unterminated quote, a stray quote or a NUL byte.
    public func next() throws -> CSVRecord? {
        while true {
            if try start >= end && !refill() {
                if atFileStart { atFileStart = false }
                return nil
            }
            if let r = try parseRecord() { return r }
        }
    }

    /// Parses one record starting at `start`; `nil` if it was a blank line.
    private func parseRecord() throws -> CSVRecord? {
        var fields: [String] = []
        var field: [UInt8] = []
        let recordLine = line
        var i = start
        var inQuotes = false
        var fieldStartedQuoted = false
        var afterClosingQuote = false
        while true {
            if i >= end {
                let consumed = i - start
                let moreData = try refillKeeping()
                i = start + consumed
                if !moreData {
                    if inQuotes {
                        throw CSVError(file: displayName, line: recordLine, column: fields.count + 1,
                                       message: "unterminated quoted field (the file ends inside quotes)")
                    }
                    if fields.isEmpty && field.isEmpty && !fieldStartedQuoted { start = i; return nil }
                    fields.append(String(decoding: field, as: UTF8.self))
                    start = i
                    return CSVRecord(line: recordLine, fields: fields)
                }
                continue
            }
            let c = buffer[i]
            if c == 0 {
                throw CSVError(file: displayName, line: line, column: fields.count + 1,
                               message: "NUL byte in input; this looks like a binary file, not CSV text")
            }
            if inQuotes {
                if c == UInt8(ascii: "\"") {
                    if i + 1 >= end {
                        let consumed = i - start
                        _ = try refillKeeping()
                        i = start + consumed
                    }
                    if i + 1 < end && buffer[i + 1] == UInt8(ascii: "\"") {
                        field.append(c); i += 2; continue
                    }
                    inQuotes = false; afterClosingQuote = true; i += 1; continue
                }
                if c == UInt8(ascii: "\n") { line += 1 }
                field.append(c); i += 1; continue
            }
            switch c {
            case UInt8(ascii: ","):
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                fieldStartedQuoted = false; afterClosingQuote = false
                i += 1
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                var j = i + 1
                if c == UInt8(ascii: "\r") {
                    if j >= end {
                        let consumed = i - start
                        _ = try refillKeeping()
                        i = start + consumed; j = i + 1
                    }
                    if j < end && buffer[j] == UInt8(ascii: "\n") { j += 1 }
                }
                line += 1
                start = j
                if fields.isEmpty && field.isEmpty && !fieldStartedQuoted { return nil }
                fields.append(String(decoding: field, as: UTF8.self))
                return CSVRecord(line: recordLine, fields: fields)
            case UInt8(ascii: "\""):
                guard field.isEmpty && !fieldStartedQuoted else {
                    throw CSVError(file: displayName, line: line, column: fields.count + 1,
                                   message: "unexpected quote inside an unquoted field; quote the whole field and double inner quotes (RFC 4180)")
                }
                inQuotes = true; fieldStartedQuoted = true; i += 1
            default:
                if afterClosingQuote {
                    throw CSVError(file: displayName, line: line, column: fields.count + 1,
                                   message: "text after a closing quote; expected a comma or end of line")
                }
                field.append(c); i += 1
            }
        }
    }

    /// Like `refill`, for use mid-record: keeps bytes from `start` on.
    private func refillKeeping() throws -> Bool { try refill() }
}

@inline(__always)
private func memmoveBytes(_ dst: UnsafeMutablePointer<UInt8>, _ src: UnsafeMutablePointer<UInt8>, _ n: Int) -> UnsafeMutableRawPointer? {
    UnsafeMutableRawPointer(dst).copyMemory(from: src, byteCount: n)
    return UnsafeMutableRawPointer(dst)
}
