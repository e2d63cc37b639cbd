/// Writes CSV rows to a file or standard output, quoting fields only when needed
/// (RFC 4180: a field with a comma, quote, CR or LF is quoted and inner quotes doubled).
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
