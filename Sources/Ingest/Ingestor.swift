import Codes
import Foundation
import TabularIO

/// A file-level reason why nothing of a file could be read.
public enum IngestError: Error, Equatable, CustomStringConvertible {
    /// Whether the file could not be opened at all (exit 66) rather than read and found bad (65).
    public var isUnreadable: Bool {
        if case .input(let io) = self { return io.unreadable }
        return false
    }

    case empty(file: String)
    case unknownKind(file: String, header: [String])
    case missingColumns(file: String, kind: SignalKind, missing: [String], header: [String])
    /// `--kind` names one kind while the header has the columns of another.
    case kindMismatch(file: String, given: SignalKind, header: [String], detected: SignalKind?)
    /// The same column name twice in the header (1-based positions).
    case duplicateColumn(file: String, name: String, first: Int, second: Int)
    /// A header and no row, or every row rejected: nothing could be stored.
    case noValidRow(file: String, rowsRead: Int, quarantine: String?)
    case input(IOFailure)

    public var description: String {
        switch self {
        case .empty(let f):
            return "\(f):1:0: empty file; expected a header row"
        case let .unknownKind(f, h):
            return "\(f):1:0: cannot tell the kind of file from its header \(h.joined(separator: ",")); expected the columns of one of \(SignalKind.allCases.map(\.rawValue).joined(separator: ", ")) (or pass --kind)"
        case let .missingColumns(f, k, m, h):
            return "\(f):1:0: missing required column\(m.count > 1 ? "s" : "") \(m.map { "\"\($0)\"" }.joined(separator: ", ")) for kind \(k); the header has \(h.joined(separator: ",")); expected \((k.requiredColumns + k.optionalColumns).joined(separator: ","))"
        case let .kindMismatch(f, k, h, d):
            let found = d.map { "the columns of \($0)" } ?? "none of the measure columns of \(k)"
            let hint = d.map { "drop --kind to detect it, or pass --kind \($0)" } ?? "check the file or drop --kind"
            return "\(f):1:0: --kind \(k) does not match the header \(h.joined(separator: ",")), which has \(found); expected \((k.requiredColumns + k.optionalColumns).joined(separator: ",")); \(hint)"
        case let .duplicateColumn(f, n, a, b):
            return "\(f):1:\(b): column \"\(n)\" appears twice in the header, at columns \(a) and \(b); expected each column once"
        case let .noValidRow(f, n, q):
            let what = n == 0 ? "a header and no data row" : "no valid row (all \(n) rejected\(q.map { "; see \($0)" } ?? ""))"
            return "\(f):\(n == 0 ? 2 : 1):0: \(what); expected at least one valid row, so nothing was stored"
        case .input(let e):
            return e.description
        }
    }
}

/// Options for reading one file.
public struct IngestOptions: Sendable {
    /// The kind, or `nil` to detect it from the header.
    public var kind: SignalKind?
    public var encoding: TextEncoding
    /// Keep the de-duplicated enterprise rows as `EnterpriseColumns` (for the store's
    /// enterprise-level data).
    public var collectRows: Bool
    /// Rows dated after this month are rejected (a typo such as 2099-01 would otherwise
    /// move every later run to that month). `nil` accepts every month in `Period.validYears`;
    /// the executable passes the current month plus the configured tolerance.
    public var latestPeriod: Period?

    public init(kind: SignalKind? = nil, encoding: TextEncoding = .auto, collectRows: Bool = false,
                latestPeriod: Period? = nil) {
        self.kind = kind; self.encoding = encoding; self.collectRows = collectRows; self.latestPeriod = latestPeriod
    }

    /// The latest month to accept when today is `today`: its month plus `toleranceMonths`
    /// (files for the coming month sometimes arrive early; default 1).
    public static func latestAccepted(today: Date, toleranceMonths: Int = 1) -> Period {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let c = calendar.dateComponents([.year, .month], from: today)
        return Period(year: c.year!, month: c.month!) + toleranceMonths
    }
}

/// What reading one file produced. Every row is accounted for:
/// `rowsRead == accepted + rejected.count`, and replaced duplicates are listed.
public struct IngestReport: Sendable {
    public let path: String
    public let kind: SignalKind
    public let encoding: TextEncoding
    public let compressed: Bool
    public let rowsRead: Int
    public let rejected: [RowRejection]
    public let duplicates: [DuplicateRow]
    /// Header columns not used by the kind (reported once, otherwise ignored).
    public let ignoredColumns: [String]
    /// The header as read (the quarantine file repeats it).
    public let header: [String]
    /// Aggregates at the file's own grain (no roll-ups).
    public let table: AggregateTable
    /// De-duplicated enterprise rows (payroll, insurance) when `collectRows`.
    public let enterpriseColumns: EnterpriseColumns?
    /// Registry entries (enterprises files).
    public let registry: [RegistryEntry]
    /// Where a truncated gzip file broke off (`file:line:0: …`): the complete rows before
    /// the break were read; `nil` for a complete file.
    public let truncation: String?

    public var accepted: Int { rowsRead - rejected.count }
}

/// Reads input files of every kind: streaming, validating, de-duplicating, aggregating.
public enum Ingestor {
    /// Reads one file (`-` is standard input; `.gz` and GB18030 are recognised).
    /// - Parameter progress: called now and then with (decoded bytes, rows) so far.
    /// - Throws: `IngestError` when the file cannot be used at all (missing, empty,
    ///   binary, unknown or incomplete header). Bad rows do not throw: they are in
    ///   `rejected`; a truncated gzip file keeps its complete rows and says so in `truncation`.
    public static func run(path: String, options: IngestOptions = IngestOptions(),
                           progress: ((Int, Int) -> Void)? = nil) throws -> IngestReport {
        var spooled: String?
        defer { if let s = spooled { unlink(s) } }
        var readPath = path
        if path == "-" {
            // Standard input cannot be read twice; a second pass may be needed for duplicates.
            spooled = try spoolStandardInput()
            readPath = spooled!
        }
        do {
            return try read(readPath, displayName: path, options: options, progress: progress)
        } catch let e as IOFailure {
            throw IngestError.input(IOFailure(path: path, message: e.message, unreadable: e.unreadable))
        }
    }

    private static func openScanner(_ path: String, _ name: String, _ options: IngestOptions) throws -> (CSVScanner, TextInput.Opened) {
        let opened = try TextInput.open(path: path, encoding: options.encoding, keepTruncatedGzip: true)
        return (CSVScanner(source: opened.source, displayName: name), opened)
    }

    private static func read(_ path: String, displayName name: String, options: IngestOptions,
                             progress: ((Int, Int) -> Void)?) throws -> IngestReport {
        let (scanner, opened) = try openScanner(path, name, options)
        guard let headerRecord = try scanner.next() else { throw IngestError.empty(file: name) }
        let header = headerRecord.strings
        let trimmed = header.map { $0.trimmingCharacters(in: " \t").lowercased() }
        var firstAt: [String: Int] = [:]
        for (i, n) in trimmed.enumerated() where !n.isEmpty {
            if let a = firstAt[n] { throw IngestError.duplicateColumn(file: name, name: n, first: a + 1, second: i + 1) }
            firstAt[n] = i
        }
        let detected = SignalKind.detect(header: trimmed)
        guard let kind = options.kind ?? detected else {
            throw IngestError.unknownKind(file: name, header: header)
        }
        if let given = options.kind, given != detected {
            // A wrong --kind would read another kind's file as blanks (survey and transport
            // need only keys) and the ledger would then refuse the right reading of it.
            let fitsGiven = given.requiredColumns.allSatisfy(firstAt.keys.contains)
            if detected != nil || fitsGiven {
                throw IngestError.kindMismatch(file: name, given: given, header: header, detected: detected)
            }
        }
        let columns = ColumnMap(header: header, kind: kind)
        let missing = columns.missing(kind)
        guard missing.isEmpty else {
            throw IngestError.missingColumns(file: name, kind: kind, missing: missing, header: header)
        }
        let latest = options.latestPeriod.map { Int32(clamping: $0.index) } ?? .max
        var rows = 0
        var rejected: [RowRejection] = []
        var bytes = 0
        func account<R>(_ b: Batch<R>) {
            rows += b.records; rejected += b.rejected; bytes += b.bytes
            progress?(bytes, rows)
        }
        var table: AggregateTable
        var duplicates: [DuplicateRow] = []
        var enterpriseColumns: EnterpriseColumns?
        var registry: [RegistryEntry] = []
        switch kind {
        case .payroll, .insurance:
            let hasOptional = columns[kind == .payroll ? "days_late" : "arrears_cny"] != nil
            var acc = EnterpriseAccumulator(kind: kind, hasOptional: hasOptional, path: name)
            let collected = options.collectRows ? EnterpriseColumns(kind: kind) : nil
            let decoder = EnterpriseRowDecoder(kind: kind, columns: columns, latest: latest)
            _ = try runPipeline(scanner: scanner, decoder: decoder, fieldCount: header.count, path: name) { b in
                account(b)
                for r in b.rows { acc.add(r) }
                if let c = collected { for r in b.rows { c.add(r) } }
            }
            if acc.needsSecondPass {
                // Re-read to find every occurrence of the repeated (enterprise, month) keys.
                let wanted = acc.repeatedKeys
                var occurrences: [UInt64: [EnterpriseRow]] = [:]
                let (again, _) = try openScanner(path, name, options)
                _ = try again.next()
                _ = try runPipeline(scanner: again, decoder: decoder, fieldCount: header.count, path: name) { b in
                    for r in b.rows {
                        let k = acc.dupKey(r)
                        if wanted.contains(k) { occurrences[k, default: []].append(r) }
                    }
                }
                acc.resolve(occurrences: occurrences)
            }
            table = acc.table()
            duplicates = acc.duplicates.sorted { $0.line < $1.line }
            enterpriseColumns = collected
        case .claims, .survey, .transport, .series:
            var acc = CellAccumulator(kind: kind, path: name)
            let decoder = try runPipeline(scanner: scanner, decoder: CellRowDecoder(kind: kind, columns: columns, latest: latest),
                                          fieldCount: header.count, path: name) { b in
                account(b)
                for r in b.rows { acc.add(r) }
            }
            table = acc.table(vocabulary: decoder.vocabulary)
            duplicates = acc.duplicates(vocabulary: decoder.vocabulary)
        case .enterprises:
            var acc = RegistryAccumulator(path: name)
            _ = try runPipeline(scanner: scanner, decoder: RegistryDecoder(columns: columns),
                                fieldCount: header.count, path: name) { b in
                account(b)
                for r in b.rows { acc.add(r) }
            }
            table = acc.table()
            duplicates = acc.duplicates
            registry = acc.entries.values.sorted { $0.line < $1.line }
        }
        let lastLine = max(rejected.map(\.line).max() ?? 0, rows + 1)
        return IngestReport(path: name, kind: kind, encoding: opened.encoding, compressed: opened.compressed,
                            rowsRead: rows, rejected: rejected.sorted { $0.line < $1.line }, duplicates: duplicates,
                            ignoredColumns: columns.ignored, header: header, table: table,
                            enterpriseColumns: enterpriseColumns, registry: registry,
                            truncation: opened.truncation.map {
                                "\(name):\(lastLine):0: \($0); the complete rows before the break were kept, any after it are missing"
                            })
    }

    /// Copies standard input to an unlinked-on-exit temporary file.
    private static func spoolStandardInput() throws -> String {
        let dir = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array("\(dir)/jobsentry-stdin-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard fd >= 0 else { throw IOFailure(path: "-", message: "cannot create a temporary file in \(dir)") }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw IOFailure(path: "-", message: String(cString: strerror(errno))) }
            if n == 0 { break }
            var off = 0
            while off < n {
                let w = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + off, n - off) }
                if w < 0 { if errno == EINTR { continue }; throw IOFailure(path: path, message: String(cString: strerror(errno))) }
                off += w
            }
        }
        return path
    }
}
