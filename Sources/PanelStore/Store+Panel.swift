import Codes
import Foundation
import GRDB
import Ingest
import PanelData

extension Store {
    /// Every panel series as known at `knownAt`, months up to `asOf`.
    ///
    /// For each cell and month the value of the latest file within the vintage wins;
    /// then roll-ups are formed (county → city → province, sector → `ALL`; sums for
    /// counts and amounts, ratios recomputed from the rolled-up numerators and
    /// denominators, survey rates only where published) and each measure with a panel
    /// signal name becomes one series keyed region × sector × group × signal
    /// (`payroll_headcount`, `separation_rate`, `ui_new_claims`, …; generic series keep
    /// their own names). Months never observed are `NaN`.
    /// - Parameters:
    ///   - asOf: last month to include (`nil`: all).
    ///   - knownAt: which vintage (default: everything ingested).
    public func panel(asOf: Period? = nil, knownAt: KnownAt = .latest) throws -> Panel {
        let tables = try baseTables(asOf: asOf, knownAt: knownAt)
        var column: [SeriesKey: Int] = [:]
        var cells: [(column: Int32, period: Int32, value: Double)] = []
        var minP = Int32.max, maxP = Int32.min
        for base in tables {
            let t = base.rolledUp()
            let signals = t.layout.measures.map(\.signal)
            for s in 0..<t.count {
                let k = t.keys[s]
                let n = t.names(k)
                for m in 0..<t.width {
                    let v = t.value(s, m)
                    if v.isNaN { continue }
                    let signal: String
                    if t.layout.kind == .series { signal = n.signal } else if let sig = signals[m] { signal = sig } else { continue }
                    let key = SeriesKey(region: n.region, sector: n.sector, group: n.group, signal: signal)
                    let c: Int
                    if let e = column[key] { c = e } else { c = column.count; column[key] = c }
                    cells.append((Int32(c), k.period, v))
                    minP = min(minP, k.period); maxP = max(maxP, k.period)
                }
            }
        }
        guard minP <= maxP else { return Panel(start: asOf ?? Period(year: 2000, month: 1), periodCount: 0, keys: [], values: []) }
        // Columns in key order, so the panel does not depend on hash order.
        let keys = column.keys.sorted()
        var position = [Int](repeating: 0, count: keys.count)
        for (j, key) in keys.enumerated() { position[column[key]!] = j }
        let T = Int(maxP - minP + 1)
        var dense = [Double](repeating: .nan, count: T * keys.count)
        for c in cells { dense[position[Int(c.column)] * T + Int(c.period - minP)] = c.value }
        return Panel(start: Period(index: Int(minP)), periodCount: T, keys: keys, values: dense)
    }

    /// The stored cells of each kind at their source grain, latest vintage per cell.
    func baseTables(asOf: Period?, knownAt: KnownAt) throws -> [AggregateTable] {
        try db.read { db in
            guard let v = try vintage(knownAt, db) else { return [] }
            var tables: [SignalKind: AggregateTable] = [:]
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT kind || char(31) || region || char(31) || sector || char(31) || grp || char(31)
                       || signal || char(31) || measure, period, value FROM cell
                WHERE ingestion_id <= ? AND period <= ?
                ORDER BY kind, region, sector, grp, signal, measure, period, ingestion_id
                """, arguments: [v, asOf?.index ?? Int.max])
            // Rows arrive grouped by series (primary-key order), so the parsed key and
            // measure of the previous row are reused until the text changes.
            // One string per row (fields joined by the unit separator, U+001F) to detect
            // the change of series.
            var lastJoined = ""
            var lastKind = SignalKind.series, lastKey: AggregateKey?, lastMeasure: Int?
            while let row = try cursor.next() {
                let joined: String = row[0]
                if joined != lastJoined {
                    lastJoined = joined
                    let text = joined.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
                    guard text.count == 6, let kind = SignalKind(rawValue: text[0]) else { lastKey = nil; continue }
                    if tables[kind] == nil { tables[kind] = AggregateTable(layout: AggregateLayout.of(kind)) }
                    lastKind = kind
                    lastMeasure = tables[kind]!.layout.measureIndex(text[5])
                    lastKey = Store.key(kind, text[1], text[2], text[3], text[4], 0, &tables[kind]!.vocabulary)
                }
                guard var key = lastKey, let m = lastMeasure else { continue }
                key.period = Int32(row[1] as Int)
                let value: Double? = row[2]
                // Rows arrive oldest vintage first, so the last write is the latest value.
                let s = tables[lastKind]!.slot(key)
                tables[lastKind]!.setValue(s, m, value ?? .nan)
            }
            return SignalKind.allCases.compactMap { k in
                guard var t = tables[k] else { return nil }
                t.computeDerived()
                return t
            }
        }
    }

    static func key(_ kind: SignalKind, _ region: String, _ sector: String, _ group: String, _ signal: String,
                    _ period: Int, _ vocab: inout Vocabulary) -> AggregateKey? {
        if kind == .series {
            return AggregateKey(period: Int32(period), region: vocab.id(region), sector: vocab.id(sector),
                                group: vocab.id(group), signal: vocab.id(signal))
        }
        guard let r = RegionCode(region), let s = Sector(sector), let g = KeyGroup(rawValue: group) else { return nil }
        return AggregateKey(period: Int32(period), region: Int32(r.value),
                            sector: s.isAll ? 20 : Int32(s.code.utf8.first! - 65),
                            group: Int32(KeyGroup.allCases.firstIndex(of: g)!))
    }
}
