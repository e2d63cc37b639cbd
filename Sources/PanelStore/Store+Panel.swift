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
        var values: [SeriesKey: [Int: Double]] = [:]
        var minP = Int.max, maxP = Int.min
        for base in tables {
            let t = base.rolledUp()
            for s in 0..<t.count {
                let k = t.keys[s]
                let n = t.names(k)
                let period = Int(k.period)
                for (m, spec) in t.layout.measures.enumerated() {
                    let signal: String
                    if t.layout.kind == .series { signal = n.signal } else if let sig = spec.signal { signal = sig } else { continue }
                    let v = t.value(s, m)
                    if v.isNaN { continue }
                    let key = SeriesKey(region: n.region, sector: n.sector, group: n.group, signal: signal)
                    values[key, default: [:]][period] = v
                    minP = min(minP, period); maxP = max(maxP, period)
                }
            }
        }
        guard minP <= maxP else { return Panel(start: asOf ?? Period(year: 2000, month: 1), periodCount: 0, keys: [], values: []) }
        let keys = values.keys.sorted()
        let T = maxP - minP + 1
        var dense = [Double](repeating: .nan, count: T * keys.count)
        for (j, key) in keys.enumerated() {
            for (p, v) in values[key]! { dense[j * T + (p - minP)] = v }
        }
        return Panel(start: Period(index: minP), periodCount: T, keys: keys, values: dense)
    }

    /// The stored cells of each kind at their source grain, latest vintage per cell.
    func baseTables(asOf: Period?, knownAt: KnownAt) throws -> [AggregateTable] {
        try db.read { db in
            guard let v = try vintage(knownAt, db) else { return [] }
            var tables: [SignalKind: AggregateTable] = [:]
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT kind, region, sector, grp, signal, measure, period, value FROM cell
                WHERE ingestion_id <= ? AND period <= ?
                ORDER BY kind, region, sector, grp, signal, measure, period, ingestion_id
                """, arguments: [v, asOf?.index ?? Int.max])
            while let row = try cursor.next() {
                guard let kind = SignalKind(rawValue: row[0]) else { continue }
                if tables[kind] == nil { tables[kind] = AggregateTable(layout: AggregateLayout.of(kind)) }
                let region: String = row[1], sector: String = row[2], group: String = row[3], signal: String = row[4]
                let measure: String = row[5]
                let period: Int = row[6]
                let value: Double? = row[7]
                guard let m = tables[kind]!.layout.measureIndex(measure),
                      let key = Store.key(kind, region, sector, group, signal, period, &tables[kind]!.vocabulary) else { continue }
                // Rows arrive oldest vintage first, so the last write is the latest value.
                let s = tables[kind]!.slot(key)
                tables[kind]!.setValue(s, m, value ?? .nan)
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
