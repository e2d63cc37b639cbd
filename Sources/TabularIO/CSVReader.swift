/// One parsed record of a CSV file.
public struct CSVRecord: Sendable, Equatable {
    /// 1-based physical line on which the record starts (quoted fields may span lines).
    public let line: Int
    /// The fields, unquoted.
    public let fields: [String]
}

/// A streaming RFC 4180 reader of whole records as strings, stopping at the first malformed
/// one: quoted fields with doubled quotes and embedded line breaks, CRLF or LF endings, an
/// optional UTF-8 byte-order mark. It reads through `CSVScanner` (the one scanner core, so the
/// two cannot drift on quoting, line counting or buffer refills); memory is bounded by the
/// chunk size plus the longest record.
public final class CSVReader {
    /// Name used in diagnostics.
    public var displayName: String { scanner.displayName }
    /// Longest record accepted, a guard against binary input or a missing closing quote.
    public var maximumRecordBytes: Int { scanner.maximumRecordBytes }
    private let scanner: CSVScanner

    /// - Parameters:
    ///   - source: where bytes come from.
    ///   - displayName: the file name diagnostics show.
    ///   - chunkSize: read size; 1 MiB keeps syscalls rare without using much memory.
    ///   - maximumRecordBytes: records longer than this throw (default 16 MiB).
    public init(source: ByteSource, displayName: String, chunkSize: Int = 1 << 20,
                maximumRecordBytes: Int = 16 << 20) {
        scanner = CSVScanner(source: source, displayName: displayName, chunkSize: chunkSize,
                             maximumRecordBytes: maximumRecordBytes)
    }

    /// Opens a file (`-` for standard input).
    public convenience init(path: String) throws {
        try self.init(source: FileByteSource(path: path), displayName: path)
    }

    /// The next record, or `nil` at end of input. Blank lines are skipped.
    /// - Throws: `CSVError` (file, line, column) for the first malformed record: an
    ///   unterminated or stray quote, text after a closing quote, a NUL byte, a record longer
    ///   than `maximumRecordBytes`; `IOFailure` when the source cannot be read.
    public func next() throws -> CSVRecord? {
        guard let record = try scanner.next() else { return nil }
        if let problem = record.problem { throw problem }
        return CSVRecord(line: record.line, fields: record.strings)
    }
}
