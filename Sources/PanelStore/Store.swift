import Codes
import Foundation
import GRDB
import Ingest
import PanelData
import StoreSchema

/// The JobSentry store: one SQLite file holding
/// - the ingestion ledger (one row per file, keyed by the SHA-256 of its bytes); a file's
///   ledger id is its vintage,
/// - each file's facts as compressed columnar blocks (`fact_block`), tagged with its
///   vintage so earlier figures stay readable: the file's aggregate cells at its own grain
///   in one block, and for payroll and insurance files its enterprise-month rows in blocks
///   of 8,192 enterprises × the file's months (see `CellBlock`, `EnterpriseBlock`). The
///   panel and every enterprise's monthly series come back in one sequential read of a
///   few hundred MB at most instead of one SQL row per enterprise-month,
/// - the enterprise registry (latest file wins).
///
/// Every file is ingested in one SQLite transaction: a crash or `kill -9` midway leaves
/// the store exactly as it was before that file (SQLite's rollback journal).
///
/// Stores written by the row layout of earlier versions (tables `cell` and
/// `enterprise_month`) are refused with a message saying how to rebuild them.
///
/// ```swift
/// let store = try Store(path: "jobsentry.sqlite")
/// _ = try store.ingest(path: "inbox/payroll-2025-03.csv.gz")
/// let panel = try store.panel(asOf: Period("2025-03"), knownAt: .latest)
/// let months = try store.enterpriseMonthly(enterpriseID: "91430102MA5FHK410A")
/// ```
public final class Store: Sendable {  // immutable; GRDB's DatabaseQueue (Sendable) serialises access
    public let path: String
    let db: DatabaseQueue

    /// Opens (creating if needed) the store at `path`.
    /// - Throws: `StoreError` if the file cannot be opened or is not a JobSentry store.
    public init(path: String) throws {
        self.path = path
        do {
            var config = Configuration()
            config.busyMode = .timeout(30)
            db = try DatabaseQueue(path: path, configuration: config)
            try db.writeWithoutTransaction(StoreSchema.migrate)
        } catch let e as DatabaseError {
            throw StoreError("cannot open store \(path): \(e.message ?? e.description)")
        }
    }

    /// The ledger, oldest first.
    public func ledger() throws -> [LedgerEntry] {
        try db.read { db in
            try Row.fetchAll(db, sql: """
                SELECT ingestion.*, withdrawal.withdrawn_at FROM ingestion
                LEFT JOIN withdrawal ON withdrawal.ingestion_id = ingestion.id ORDER BY id
                """).map(Store.ledgerEntry)
        }
    }

    static func ledgerEntry(_ r: Row) -> LedgerEntry {
        LedgerEntry(id: r["id"], sha256: r["sha256"], path: r["path"],
                    kind: SignalKind(rawValue: r["kind"]) ?? .series,
                    ingestedAt: Date(timeIntervalSince1970: r["ingested_at"]),
                    rowsRead: r["rows_read"], accepted: r["accepted"], rejected: r["rejected"],
                    duplicates: r["duplicates"], quarantinePath: r["quarantine_path"],
                    withdrawnAt: (r["withdrawn_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    /// The highest ledger id included by `knownAt`, or `nil` when nothing qualifies.
    func vintage(_ knownAt: KnownAt, _ db: Database) throws -> Int64? {
        switch knownAt {
        case .latest: return try Int64.fetchOne(db, sql: "SELECT max(id) FROM ingestion")
        case .vintage(let v): return v
        case .date(let d):
            return try Int64.fetchOne(db, sql: "SELECT max(id) FROM ingestion WHERE ingested_at <= ?",
                                      arguments: [d.timeIntervalSince1970])
        }
    }
}
