import Ingest

/// One file's aggregate cells at the file's own grain, as one sealed block:
///
///     kind (string)  width UInt32  cells UInt32
///     vocabulary: count UInt32, then each name (generic series files only)
///     keys: period, region, sector, group, signal columns (frame-of-reference)
///     values: width × cells Double bit patterns, measure-major (NaN = blank)
///
/// Cells are small next to enterprise months (a province's ten years of payroll is about
/// 300,000 cells against 12 million rows), so one block per file is read whole.
enum CellBlock {
    static func encode(_ t: AggregateTable, label: String) throws -> [UInt8] {
        var w = ByteWriter()
        w.put(t.layout.kind.rawValue)
        w.put(UInt32(t.width))
        w.put(UInt32(t.count))
        w.put(UInt32(t.vocabulary.names.count))
        for n in t.vocabulary.names { w.put(n) }
        let all = [UInt8](repeating: 1, count: t.count)
        let fields: [KeyPath<AggregateKey, Int32>] = [\.period, \.region, \.sector, \.group, \.signal]
        all.withUnsafeBufferPointer { include in
            for f in fields {
                let column = t.keys.map { Int64($0[keyPath: f]) }
                column.withUnsafeBufferPointer { w.putColumn($0, include: include) }
            }
        }
        for m in 0..<t.width {
            for s in 0..<t.count { w.put(t.value(s, m).bitPattern) }
        }
        return try BlockCoding.seal(w.bytes, label: label)
    }

    /// A block read back as columns, in the order the cells were written.
    struct Columns {
        let kind: SignalKind
        /// Names of generic series ids (empty for the other kinds).
        let vocabulary: [String]
        let count: Int
        let period: [Int64], region: [Int64], sector: [Int64], group: [Int64], signal: [Int64]
        /// `width × count`, measure-major; `NaN` for a blank.
        let values: [Double]
    }

    static func decode(_ block: [UInt8], label: String) throws -> Columns {
        var r = ByteReader(try BlockCoding.open(block, label: label), label: label)
        let kindName = try r.getString()
        guard let kind = SignalKind(rawValue: kindName) else { throw StoreError("\(label): unknown kind \"\(kindName)\" in a cell block") }
        let layoutWidth = AggregateLayout.of(kind).measures.count
        let width = Int(try r.get(UInt32.self)), count = Int(try r.get(UInt32.self))
        guard width == layoutWidth else { throw StoreError("\(label): cell block of \(kind) has \(width) measures, the layout \(layoutWidth)") }
        let names = Int(try r.get(UInt32.self))
        var vocabulary: [String] = []
        for _ in 0..<names { vocabulary.append(try r.getString()) }
        let period = try r.getColumn(count: count), region = try r.getColumn(count: count)
        let sector = try r.getColumn(count: count), group = try r.getColumn(count: count), signal = try r.getColumn(count: count)
        let values = try r.getDoubles(count: width * count)
        if kind == .series {
            for column in [region, sector, group, signal] where column.contains(where: { $0 < 0 || $0 >= names }) {
                throw StoreError("\(label): cell block names a series id outside its \(names) names")
            }
        }
        return Columns(kind: kind, vocabulary: vocabulary, count: count, period: period, region: region, sector: sector,
                       group: group, signal: signal, values: values)
    }
}
