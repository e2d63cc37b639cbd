#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fast CSV path for big files: RFC 4180 records as `RawRecord` views into one
/// reusable buffer, with no per-field allocation. Quoted fields are unquoted in place.
///
/// Unlike `CSVReader`, a malformed record does not stop the file: it comes back with
/// `problem` set (stray or unclosed quote, NUL byte, over-long line) and scanning
/// resumes on the next physical line, so the good rows around it are kept.
public final class CSVScanner {
    public let displayName: String
    private let source: ByteSource
    @exclusivity(unchecked) private var buf: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private var start = 0
    @exclusivity(unchecked) private var end = 0
    @exclusivity(unchecked) private var eof = false
    @exclusivity(unchecked) private var line = 1
    @exclusivity(unchecked) private var atFileStart = true
    @exclusivity(unchecked) private var bounds: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) private var boundsCapacity = 64
    @exclusivity(unchecked) private var escaped: [Int] = []
    /// Longest record accepted; longer lines are reported and skipped.
    public let maximumRecordBytes: Int
    /// Bytes consumed so far (of the decoded text), for progress reports.
    @exclusivity(unchecked) public private(set) var bytesConsumed = 0

    /// - Parameters:
    ///   - chunkSize: read size; 1 MiB keeps `read(2)` calls rare at little memory cost.
    ///   - maximumRecordBytes: a record longer than this (default 1 MiB — no record of
    ///     the JobSentry kinds comes close) is reported as a problem and skipped.
    public init(source: ByteSource, displayName: String, chunkSize: Int = 1 << 20,
                maximumRecordBytes: Int = 1 << 20) {
        self.source = source
        self.displayName = displayName
        self.capacity = max(chunkSize, 64)
        self.buf = .allocate(capacity: capacity)
        self.bounds = .allocate(capacity: 2 * boundsCapacity)
        self.maximumRecordBytes = maximumRecordBytes
    }

    deinit { buf.deallocate(); bounds.deallocate(); special.deallocate() }

    /// Bytes that end an unquoted run: NUL, LF, CR, quote, comma.
    private let special: UnsafeMutablePointer<Bool> = {
        let p = UnsafeMutablePointer<Bool>.allocate(capacity: 256)
        for c in 0..<256 { p[c] = c == 0 || c == 10 || c == 13 || c == 34 || c == 44 }
        return p
    }()

    /// Moves unconsumed bytes to the front and reads more; false at end of input.
    private func refill() throws -> Bool {
        if eof { return false }
        if start > 0 {
            let n = end - start
            if n > 0 { memmove(buf, buf + start, n) }
            end = n; start = 0
        }
        if end == capacity {
            let bigger = capacity * 2
            let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
            nb.update(from: buf, count: end)
            buf.deallocate()
            buf = nb; capacity = bigger
        }
        let n = try source.read(into: UnsafeMutableRawBufferPointer(start: buf + end, count: capacity - end))
        if n == 0 { eof = true; return false }
        end += n
        if atFileStart && end >= 3 {
            if buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF { start = 3 }
            atFileStart = false
        }
        return true
    }

    private enum Outcome {
        case record(next: Int, fields: Int, lines: Int)
        case blank(next: Int)
        case needMore(inQuotes: Bool)
        case malformed(column: Int, message: String)
    }

    @inline(__always)
    private func addField(_ k: Int, _ s: Int, _ e: Int) {
        if k == boundsCapacity {
            let nb = UnsafeMutablePointer<Int>.allocate(capacity: 4 * boundsCapacity)
            nb.update(from: bounds, count: 2 * boundsCapacity)
            bounds.deallocate()
            bounds = nb; boundsCapacity *= 2
        }
        bounds[2 * k] = s; bounds[2 * k + 1] = e
    }

    /// Scans one record from `start`; `atEOF` treats the end of data as its terminator.
    private func scan(atEOF: Bool) -> Outcome {
        var i = start
        var nf = 0
        var lines = 0
        escaped.removeAll(keepingCapacity: true)
        let b = buf, e = end, sp = special
        do {
            while true {
                if i < e && b[i] == 34 {
                    i += 1
                    let fs = i
                    var hasEscapes = false
                    while true {
                        if i >= e { return atEOF ? .malformed(column: nf + 1, message: "unterminated quoted field (no closing quote before the end of the file)") : .needMore(inQuotes: true) }
                        let c = b[i]
                        if c == 34 {
                            if i + 1 >= e && !atEOF { return .needMore(inQuotes: true) }
                            if i + 1 < e && b[i + 1] == 34 { hasEscapes = true; i += 2; continue }
                            break
                        }
                        if c == 10 { lines += 1 }
                        if c == 0 { return .malformed(column: nf + 1, message: "NUL byte in input; this looks like a binary file, not CSV text") }
                        i += 1
                    }
                    addField(nf, fs, i)
                    if hasEscapes { escaped.append(nf) }
                    nf += 1
                    i += 1
                    if i >= e {
                        if atEOF { return .record(next: i, fields: nf, lines: lines) }
                        return .needMore(inQuotes: false)
                    }
                    let c = b[i]
                    if c == 44 { i += 1; continue }
                    if c != 10 && c != 13 {
                        return .malformed(column: nf, message: "text after a closing quote; expected a comma or the end of the line")
                    }
                } else {
                    let fs = i
                    while i < e && !sp[Int(b[i])] { i += 1 }
                    if i >= e {
                        if !atEOF { return .needMore(inQuotes: false) }
                        if nf == 0 && i == fs { return .blank(next: i) }
                        addField(nf, fs, i); nf += 1
                        return .record(next: i, fields: nf, lines: lines)
                    }
                    let c = b[i]
                    if c == 44 { addField(nf, fs, i); nf += 1; i += 1; continue }
                    if c == 34 {
                        return .malformed(column: nf + 1, message: "quote inside an unquoted field; quote the whole field and double inner quotes (RFC 4180)")
                    }
                    if c == 0 {
                        return .malformed(column: nf + 1, message: "NUL byte in input; this looks like a binary file, not CSV text")
                    }
                    if nf == 0 && i == fs {
                        // Blank line.
                        var j = i + 1
                        if c == 13 {
                            if j >= e && !atEOF { return .needMore(inQuotes: false) }
                            if j < e && b[j] == 10 { j += 1 }
                        }
                        return .blank(next: j)
                    }
                    addField(nf, fs, i); nf += 1
                }
                // At a line break ending the record.
                var j = i + 1
                if b[i] == 13 {
                    if j >= e && !atEOF { return .needMore(inQuotes: false) }
                    if j < e && b[j] == 10 { j += 1 }
                }
                return .record(next: j, fields: nf, lines: lines + 1)
            }
        }
    }

    /// End of the physical line starting at `from`: index past its line break, or `nil`
    /// if the buffer holds no line break yet.
    private func endOfLine(from: Int) -> (contentEnd: Int, next: Int)? {
        var i = from
        while i < end {
            if buf[i] == 10 { return (i, i + 1) }
            if buf[i] == 13 {
                if i + 1 < end { return (i, buf[i + 1] == 10 ? i + 2 : i + 1) }
                if eof { return (i, i + 1) }
                return nil
            }
            i += 1
        }
        return eof ? (end, end) : nil
    }

    /// Splits bytes naively at commas (for a malformed line kept in quarantine).
    private func naiveSplit(_ s: Int, _ e: Int) -> Int {
        var nf = 0, fs = s
        for i in s..<e where buf[i] == 44 { addField(nf, fs, i); nf += 1; fs = i + 1 }
        addField(nf, fs, e)
        return nf + 1
    }

    /// The next record, or `nil` at end of input. Blank lines are skipped. The record's
    /// memory is valid until the next call.
    /// - Throws: only I/O and decoding failures (`IOFailure`); bad records come back
    ///   with `problem` set.
    public func next() throws -> RawRecord? {
        while true {
            if start >= end {
                if !(try refill()) { return nil }
            }
            switch scan(atEOF: eof) {
            case .needMore(let inQuotes):
                if end - start >= maximumRecordBytes {
                    return try overLong(inQuotes: inQuotes)
                }
                if !(try refill()) { continue }  // now at EOF: rescan with atEOF
            case .blank(let next):
                bytesConsumed += next - start
                line += 1
                start = next
            case let .record(next, nf, lines):
                let recordLine = line
                for k in escaped { unescape(k) }
                bytesConsumed += next - start
                start = next
                line += lines
                return RawRecord(line: recordLine, count: nf, problem: nil, base: UnsafePointer(buf),
                                 bounds: UnsafePointer(bounds))
            case let .malformed(column, message):
                return try malformedLine(column: column, message: message)
            }
        }
    }

    /// Reports the physical line where a malformed record starts, and resumes after it.
    private func malformedLine(column: Int, message: String) throws -> RawRecord {
        var eol = endOfLine(from: start)
        while eol == nil {
            if end - start >= maximumRecordBytes { return try overLong(inQuotes: false) }
            _ = try refill()
            eol = endOfLine(from: start)
        }
        let recordLine = line
        let nf = naiveSplit(start, eol!.contentEnd)
        bytesConsumed += eol!.next - start
        start = eol!.next
        line += 1
        return RawRecord(line: recordLine, count: nf,
                         problem: CSVError(file: displayName, line: recordLine, column: column, message: message),
                         base: UnsafePointer(buf), bounds: UnsafePointer(bounds))
    }

    /// A record past the size limit: an unclosed quote restarts at the next line; a
    /// genuinely long line is skipped to its end. The first 1 KiB is kept.
    private func overLong(inQuotes: Bool) throws -> RawRecord {
        let recordLine = line
        let limit = maximumRecordBytes
        if inQuotes {
            let r = try malformedLine(column: 0, message: "a quoted field runs past \(limit) bytes; is a closing quote missing?")
            return r
        }
        let keep = min(1024, end - start)
        let kept = Array(UnsafeBufferPointer(start: buf + start, count: keep))
        var total = 0
        while true {
            if let eol = endOfLine(from: start) {
                total += eol.next - start
                bytesConsumed += eol.next - start
                start = eol.next
                break
            }
            total += end - start
            bytesConsumed += end - start
            start = end
            if !(try refill()) { break }
        }
        line += 1
        // Place the kept head at the front of the buffer for the record view.
        if start > 0 && start < end { memmove(buf, buf + start, end - start) }
        end -= start; start = 0
        let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: max(capacity, end + keep))
        kept.withUnsafeBufferPointer { nb.update(from: $0.baseAddress!, count: keep) }
        (nb + keep).update(from: buf, count: end)
        buf.deallocate()
        buf = nb; capacity = max(capacity, end + keep)
        start = keep; end += keep
        addField(0, 0, keep)
        return RawRecord(line: recordLine, count: 1,
                         problem: CSVError(file: displayName, line: recordLine, column: 0,
                                           message: "line is longer than \(limit) bytes (\(total) bytes); the first \(keep) are kept"),
                         base: UnsafePointer(buf), bounds: UnsafePointer(bounds))
    }

    /// Collapses doubled quotes of field `k` in place.
    private func unescape(_ k: Int) {
        let s = bounds[2 * k], e = bounds[2 * k + 1]
        var r = s, w = s
        while r < e {
            buf[w] = buf[r]
            if buf[r] == 34 { r += 2 } else { r += 1 }
            w += 1
        }
        bounds[2 * k + 1] = w
    }
}
