import Codes
import TabularIO

extension AggregateTable {
    /// Writes the table as CSV (header `layout.header`), sorted by key. Counts print as
    /// integers, amounts as yuan (two decimals only when needed), other values in the
    /// shortest form that reads back to the same `Double`; blanks stay empty.
    public func write(to writer: CSVWriter) throws {
        try writer.write(layout.header)
        var row: [String] = []
        for s in sortedSlots() {
            row.removeAll(keepingCapacity: true)
            let k = keys[s]
            let n = names(k)
            if layout.keys.contains(.period) { row.append(Period(index: Int(k.period)).description) }
            if layout.keys.contains(.region) { row.append(n.region) }
            if layout.keys.contains(.sector) { row.append(n.sector) }
            if layout.keys.contains(.group) { row.append(n.group) }
            if layout.keys.contains(.signal) { row.append(n.signal) }
            for (m, spec) in layout.measures.enumerated() {
                row.append(AggregateTable.format(value(s, m), spec.unit))
            }
            try writer.write(row)
        }
    }

    /// Text of one value in its unit.
    public static func format(_ v: Double, _ unit: MeasureSpec.Unit) -> String {
        if v.isNaN { return "" }
        switch unit {
        case .count:
            return String(Int64(v))
        case .amount:
            let fen = Int64(v)
            let sign = fen < 0 ? "-" : ""
            let a = fen.magnitude
            if a % 100 == 0 { return sign + String(a / 100) }
            let frac = a % 100
            return sign + String(a / 100) + "." + (frac < 10 ? "0" : "") + String(frac)
        case .real:
            return NumberText.exact(v)
        }
    }

    /// Reads an aggregate CSV written by `write(to:)` (a partial), its kind recognised
    /// from the header. Repeated header lines are skipped, so concatenated partials
    /// (`cat part-*.csv`) read as one. Derived columns are ignored and recomputed.
    /// - Returns: the table, and keys given twice (for kinds that do not sum).
    /// - Throws: `CSVError` naming file, line and column for any malformed cell (a
    ///   partial is machine output, so one bad cell fails the whole file); `IOFailure`.
    public static func readPartial(path: String) throws -> (table: AggregateTable, repeated: [AggregateKey]) {
        let opened = try TextInput.open(path: path)
        let reader = CSVReader(source: opened.source, displayName: path)
        guard let header = try reader.next() else {
            throw CSVError(file: path, line: 1, column: 0, message: "empty file; expected an aggregate header")
        }
        guard let layout = AggregateLayout.detect(aggregateHeader: header.fields) else {
            throw CSVError(file: path, line: header.line, column: 0,
                           message: "not an aggregate written by `jobsentry aggregate`; header \(header.fields.joined(separator: ","))")
        }
        var part = AggregateTable(layout: layout)
        var repeated: [AggregateKey] = []
        let nk = layout.keyColumnNames.count
        while let rec = try reader.next() {
            let f = rec.fields
            if f == layout.header { continue }
            func fail(_ col: Int, _ what: String) -> CSVError {
                CSVError(file: path, line: rec.line, column: col + 1,
                         message: "expected \(what) in column \"\(layout.header[col])\", found \"\(f[col])\"")
            }
            guard f.count == layout.header.count else {
                throw CSVError(file: path, line: rec.line, column: 0,
                               message: "expected \(layout.header.count) fields as in the header, found \(f.count)")
            }
            var key = AggregateKey(period: 0, region: 0, sector: FieldDecoding.allSectors, group: FieldDecoding.allGroups)
            var c = 0
            if layout.keys.contains(.period) {
                guard let p = Period(f[c]) else { throw fail(c, "a month YYYY-MM") }
                key.period = Int32(p.index); c += 1
            }
            if layout.kind == .series {
                key.region = part.vocabulary.id(f[c]); c += 1
                key.sector = part.vocabulary.id(f[c]); c += 1
                key.group = part.vocabulary.id(f[c].isEmpty ? "ALL" : f[c]); c += 1
                key.signal = part.vocabulary.id(f[c]); c += 1
            } else {
                if layout.keys.contains(.region) {
                    guard let r = RegionCode(f[c]) else { throw fail(c, "a 6-digit region code") }
                    key.region = Int32(r.value); c += 1
                }
                if layout.keys.contains(.sector) {
                    guard let s = Sector(f[c]) else { throw fail(c, "a sector letter or ALL") }
                    key.sector = s.isAll ? FieldDecoding.allSectors : Int32(s.code.utf8.first! - 65); c += 1
                }
                if layout.keys.contains(.group) {
                    guard let g = KeyGroup(field: f[c]) else { throw fail(c, "a key group or ALL") }
                    key.group = Int32(KeyGroup.allCases.firstIndex(of: g)!); c += 1
                }
            }
            if part.find(key) != nil {
                if !layout.mergeBySum { repeated.append(key) }
            }
            let s = part.slot(key)
            for (m, spec) in layout.measures.enumerated() where !spec.isDerived {
                let text = f[nk + m]
                if text.isEmpty { continue }
                let v: Double?
                switch spec.unit {
                case .count: v = Int64(text).map(Double.init)
                case .amount:
                    let neg = text.hasPrefix("-")
                    let body = Array((neg ? String(text.dropFirst()) : text).utf8)
                    v = body.withUnsafeBufferPointer { ByteParse.hundredths($0) }.map { Double(neg ? -$0 : $0) }
                case .real: v = Double(text).flatMap { $0.isFinite ? $0 : nil }
                }
                guard let value = v else { throw fail(nk + m, spec.unit == .count ? "an integer" : "a number") }
                if layout.mergeBySum && spec.role == .additive { part.accumulate(s, m, value) } else { part.setValue(s, m, value) }
            }
        }
        part.computeDerived()
        return (part, repeated)
    }
}
