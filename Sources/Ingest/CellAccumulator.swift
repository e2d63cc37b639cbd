import Codes

/// Keeps the cells of an already aggregated file (claims, survey, transport, series),
/// the later row winning over an earlier one with the same key, then forms the
/// aggregate: monthly cells as they are, daily transport summed (or, for the mobile
/// population, averaged) over the days of each month.
struct CellAccumulator {
    struct DedupKey: Hashable { var key: AggregateKey; var day: Int32 }
    let kind: SignalKind
    let path: String
    private(set) var cells: [DedupKey: (line: Int, v: SIMD8<Double>)] = [:]
    private var repeats: [(key: DedupKey, line: Int, replaced: Int)] = []

    init(kind: SignalKind, path: String) { self.kind = kind; self.path = path }

    mutating func add(_ r: CellRow) {
        let k = DedupKey(key: r.key, day: r.day)
        if let old = cells.updateValue((r.line, r.v), forKey: k) {
            repeats.append((k, r.line, old.line))
        }
    }

    /// The rows that replaced earlier ones, described with the final vocabulary.
    func duplicates(vocabulary: Vocabulary) -> [DuplicateRow] {
        repeats.map { DuplicateRow(file: path, line: $0.line, replacedLine: $0.replaced, key: describe($0.key, vocabulary)) }
    }

    func describe(_ k: DedupKey, _ vocab: Vocabulary) -> String {
        let p = Period(index: Int(k.key.period))
        if kind == .series {
            return "series \(vocab[k.key.region])/\(vocab[k.key.sector])/\(vocab[k.key.group])/\(vocab[k.key.signal]), period \(p)"
        }
        var s = "region \(k.key.region)"
        if kind == .claims { s += ", sector \(FieldDecoding.sectorName(k.key.sector))" }
        if kind != .transport { s += ", group \(FieldDecoding.groupName(k.key.group))" }
        if kind == .transport {
            return s + ", date \(p)-\(k.day < 10 ? "0" : "")\(k.day)"
        }
        return s + ", period \(p)"
    }

    func table(vocabulary: Vocabulary) -> AggregateTable {
        var t = AggregateTable(layout: AggregateLayout.of(kind))
        t.vocabulary = vocabulary
        // Sorted so that the table (and any output) does not depend on hash order.
        for (k, c) in cells.sorted(by: { ($0.key.key, $0.key.day) < ($1.key.key, $1.key.day) }) {
            let s = t.slot(k.key)
            let v = c.v
            switch kind {
            case .transport:
                // days, rail_departures, rail_arrivals, mobile_population_sum,
                // mobile_population_days, mobile_inflow, mobile_outflow, mobile_net_outflow.
                t.accumulate(s, 0, 1)
                t.accumulate(s, 1, v[0])
                t.accumulate(s, 2, v[1])
                t.accumulate(s, 3, v[2])
                t.accumulate(s, 4, v[2].isNaN ? 0 : 1)
                t.accumulate(s, 5, v[3])
                t.accumulate(s, 6, v[4])
                t.accumulate(s, 7, (v[3].isNaN || v[4].isNaN) ? .nan : v[4] - v[3])
            default:
                for m in 0..<CellRowDecoder.valueNames(kind).count { t.setValue(s, m, v[m]) }
            }
        }
        t.computeDerived()
        return t
    }
}

/// The enterprise registry of one file, later rows winning, and its counts per
/// region × sector.
struct RegistryAccumulator {
    let path: String
    private(set) var entries: [EnterpriseKey: RegistryEntry] = [:]
    private(set) var duplicates: [DuplicateRow] = []

    init(path: String) { self.path = path }

    mutating func add(_ e: RegistryEntry) {
        if let old = entries.updateValue(e, forKey: e.key) {
            duplicates.append(DuplicateRow(file: path, line: e.line, replacedLine: old.line,
                                           key: "enterprise \(e.key.text)"))
        }
    }

    func table() -> AggregateTable {
        var t = AggregateTable(layout: AggregateLayout.of(.enterprises))
        for e in entries.values.sorted(by: { $0.line < $1.line }) {
            let s = t.slot(AggregateKey(period: 0, region: e.region, sector: e.sector, group: FieldDecoding.allGroups))
            t.accumulate(s, 0, 1)
            t.accumulate(s, 1, e.isKeyEnterprise ? 1 : 0)
        }
        return t
    }
}
