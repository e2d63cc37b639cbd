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

    static func decode(_ block: [UInt8], label: String) throws -> AggregateTable {
        var r = ByteReader(try BlockCoding.open(block, label: label), label: label)
        let kindName = try r.getString()
        guard let kind = SignalKind(rawValue: kindName) else { throw StoreError("\(label): unknown kind \"\(kindName)\" in a cell block") }
        var t = AggregateTable(layout: AggregateLayout.of(kind))
        let width = Int(try r.get(UInt32.self)), count = Int(try r.get(UInt32.self))
        guard width == t.width else { throw StoreError("\(label): cell block of \(kind) has \(width) measures, the layout \(t.width)") }
        let names = Int(try r.get(UInt32.self))
        for _ in 0..<names { _ = t.vocabulary.id(try r.getString()) }
        let period = try r.getColumn(count: count), region = try r.getColumn(count: count)
        let sector = try r.getColumn(count: count), group = try r.getColumn(count: count), signal = try r.getColumn(count: count)
        var values = [Double](repeating: .nan, count: width * count)
        for m in 0..<width {
            for s in 0..<count { values[m * count + s] = Double(bitPattern: try r.get(UInt64.self)) }
        }
        for s in 0..<count {
            let slot = t.slot(AggregateKey(period: Int32(period[s]), region: Int32(region[s]), sector: Int32(sector[s]),
                                           group: Int32(group[s]), signal: Int32(signal[s])))
            for m in 0..<width { t.setValue(slot, m, values[m * count + s]) }
        }
        return t
    }
}
