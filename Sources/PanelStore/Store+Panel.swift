import Codes
import Foundation
import GRDB
import Ingest
import PanelData

/// Which blocks a snapshot reads.
public struct FactParts: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Aggregate cells (the panel).
    public static let cells = FactParts(rawValue: 1)
    /// Enterprise-month rows (enterprise series).
    public static let enterprises = FactParts(rawValue: 2)
    public static let all: FactParts = [.cells, .enterprises]
}

extension Store {
    /// Every panel series as known at `knownAt`, months up to `asOf`.
    ///
    /// For each cell and month the value of the latest file within the vintage wins;
    /// then roll-ups are formed (county → city → province, sector → `ALL`; sums for
    /// counts and amounts, ratios recomputed from the rolled-up numerators and
    /// denominators, survey rates only where published) and each measure with a panel
    /// signal name becomes one series keyed region × sector × group × signal
    /// (`payroll_headcount`, `separation_rate`, `ui_new_claims`, …; generic series keep
    /// their own names). Months never observed are `NaN`. Reads the cell blocks only.
    /// - Parameters:
    ///   - asOf: last month to include (`nil`: all).
    ///   - knownAt: which vintage (default: everything ingested).
    public func panel(asOf: Period? = nil, knownAt: KnownAt = .latest) throws -> Panel {
        try snapshot(knownAt: knownAt, parts: .cells).panel(asOf: asOf, knownAt: knownAt)
    }

    /// The fact blocks of every file up to `knownAt`'s vintage, read in one pass and held
    /// compressed (about 6 bytes per enterprise-month), for slicing by vintage and month in
    /// memory.
    /// - Parameters:
    ///   - parts: which blocks to read (the panel needs only the cells).
    ///   - enterpriseID: read only the enterprise blocks whose credit-code range holds it.
    public func snapshot(knownAt: KnownAt = .latest, parts: FactParts = .all, enterpriseID: String? = nil) throws -> FactSnapshot {
        try db.read { db in
            let ledger = try Row.fetchAll(db, sql: "SELECT id, kind, ingested_at FROM ingestion ORDER BY id").map { r in
                FactSnapshot.Ingestion(id: r[0], kind: SignalKind(rawValue: r[1]) ?? .series, ingestedAt: r[2])
            }
            var kinds: [Int64: SignalKind] = [:]
            for e in ledger { kinds[e.id] = e.kind }
            guard let v = try vintage(knownAt, db), !parts.isEmpty else {
                return FactSnapshot(ledger: ledger, cells: [], enterprise: [], label: path)
            }
            var sql = "SELECT ingestion_id, part, first_period, last_period, first_key, last_key, data FROM fact_block WHERE ingestion_id <= ?"
            var args: [DatabaseValueConvertible?] = [v]
            if parts != .all { sql += " AND part = ?"; args.append(parts.contains(.cells) ? "cells" : "enterprise") }
            if let id = enterpriseID {
                sql += " AND (part = 'cells' OR (first_key <= ? AND last_key >= ?))"
                args += [id, id]
            }
            sql += " ORDER BY ingestion_id, part, chunk"
            var cells: [FactSnapshot.Block] = [], enterprise: [FactSnapshot.Block] = []
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(args))
            while let r = try cursor.next() {
                let id: Int64 = r[0]
                let data: [UInt8] = try r.withUnsafeData(atIndex: 6) { $0.map { [UInt8]($0) } } ?? []
                let b = FactSnapshot.Block(ingestion: id, kind: kinds[id] ?? .series, firstPeriod: Int32(r[2] as Int),
                                           lastPeriod: Int32(r[3] as Int), firstKey: r[4], lastKey: r[5], data: data)
                if (r[1] as String) == "cells" { cells.append(b) } else { enterprise.append(b) }
            }
            return FactSnapshot(ledger: ledger, cells: cells, enterprise: enterprise, label: path)
        }
    }
}
