/// What a column of a CSV file meant for people holds, for `CSVWriter.spreadsheetSafe`.
public enum CSVColumn: Sendable, Equatable {
    /// Names, codes, headlines: anything that came from an input file or a person.
    case text
    /// A number the program formatted (a score, a count): kept as it is when it parses as
    /// one, so a spreadsheet still sums it; `-3.2` is a number, not a formula.
    case number
}

/// Writes CSV rows to a file or standard output, quoting fields only when needed
/// (RFC 4180: a field with a comma, quote, CR or LF is quoted and inner quotes doubled).
///
/// Files meant for people (opened in a spreadsheet) are written with `write(_:columns:)`,
/// which neutralises formula injection; machine files (`panel export`, `aggregate`,
/// `detect --out`) keep every field exact, since they are read back by programs.
public final class CSVWriter {
    private let sink: ByteSink
    private var pending: [UInt8] = []

    public init(sink: ByteSink) { self.sink = sink }

    /// Writes to `path`, or standard output for `-`.
    public convenience init(path: String) throws { try self.init(sink: FileByteSink(path: path)) }

    /// Appends one row.
    public func write(_ fields: [String]) throws {
        for (i, f) in fields.enumerated() {
            if i > 0 { pending.append(UInt8(ascii: ",")) }
            CSVWriter.append(field: f, to: &pending)
        }
        pending.append(UInt8(ascii: "\n"))
        if pending.count >= 1 << 16 { try flush() }
    }

    /// Appends one row of a file meant for people: each field is `spreadsheetSafe` for
    /// its column's kind (`columns` has one entry per field).
    public func write(_ fields: [String], columns: [CSVColumn]) throws {
        precondition(fields.count == columns.count, "one column kind per field")
        try write(zip(fields, columns).map { CSVWriter.spreadsheetSafe($0, as: $1) })
    }

    /// The field as a spreadsheet should get it. A text field starting with `=`, `+`, `-`,
    /// `@`, tab or carriage return would be evaluated as a formula (CSV injection), so it gets
    /// a leading single quote, as OWASP recommends: the cell then shows the text as written.
    /// A `.number` field is kept when the whole field is a decimal number (`-3.2`, `1e-5`);
    /// anything else in it is treated as text.
    public static func spreadsheetSafe(_ field: String, as column: CSVColumn) -> String {
        guard let first = field.utf8.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"),
                                             UInt8(ascii: "@"), 0x09, 0x0D].contains(first) else { return field }
        if column == .number, isPlainNumber(field) { return field }
        return "'" + field
    }

    /// `[+-]digits[.digits][e[+-]digits]`, nothing else (no `inf`, no hex).
    static func isPlainNumber(_ s: String) -> Bool {
        var u = s.utf8[...]
        func digits() -> Int { var n = 0; while let c = u.first, c >= 48 && c <= 57 { u.removeFirst(); n += 1 }; return n }
        if let c = u.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { u.removeFirst() }
        var n = digits()
        if u.first == UInt8(ascii: ".") { u.removeFirst(); n += digits() }
        guard n > 0 else { return false }
        if let c = u.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            u.removeFirst()
            if let c = u.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { u.removeFirst() }
            guard digits() > 0 else { return false }
        }
        return u.isEmpty
    }

    /// Appends a field, quoted if necessary.
    public static func append(field: String, to out: inout [UInt8]) {
        let u = field.utf8
        if u.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
            out.append(34)
            for c in u { if c == 34 { out.append(34) }; out.append(c) }
            out.append(34)
        } else {
            out.append(contentsOf: u)
        }
    }

    /// Writes any buffered bytes.
    public func flush() throws {
        if pending.isEmpty { return }
        try sink.write(pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes (fsyncs a file).
    public func close() throws {
        try flush()
        try sink.close()
    }
}
