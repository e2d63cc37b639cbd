import Codes
import Foundation
import GRDB
import Ingest
import PanelData

/// The JobSentry store: one SQLite file holding
/// - the ingestion ledger (one row per file, keyed by the SHA-256 of its bytes),
/// - aggregate cells at each file's own grain, every value tagged with the ledger id
///   of the file that gave it (its vintage), so earlier figures stay readable,
/// - enterprise-month rows (payroll and insurance, latest file wins; unlike the cells
///   they keep no earlier vintages) for enterprise-level rules such as mass layoffs and
///   wage arrears,
/// - the enterprise registry.
///
/// Every file is ingested in one SQLite transaction: a crash or `kill -9` midway leaves
/// the store exactly as it was before that file (SQLite's rollback journal).
///
/// ```swift
/// let store = try Store(path: "jobsentry.sqlite")
/// _ = try store.ingest(path: "inbox/payroll-2025-03.csv.gz")
/// let panel = try store.panel(asOf: Period("2025-03"), knownAt: .latest)
/// let months = try store.enterpriseMonthly(enterpriseID: "91430102MA5FHK410A")
/// ```
public final class Store: @unchecked Sendable {  // GRDB's DatabaseQueue serialises access
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
            try Store.migrator.migrate(db)
        } catch let e as DatabaseError {
            throw StoreError("cannot open store \(path): \(e.message ?? e.description)")
        }
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE ingestion (
                  id INTEGER PRIMARY KEY,
                  sha256 TEXT NOT NULL UNIQUE,
                  path TEXT NOT NULL,
                  kind TEXT NOT NULL,
                  ingested_at REAL NOT NULL,
                  rows_read INTEGER NOT NULL,
                  accepted INTEGER NOT NULL,
                  rejected INTEGER NOT NULL,
                  duplicates INTEGER NOT NULL,
                  quarantine_path TEXT
                );
                -- Aggregate cells at the file's own grain; roll-ups are computed on load
                -- so that cells from several files (say, one per city) add up correctly.
                CREATE TABLE cell (
                  kind TEXT NOT NULL,
                  region TEXT NOT NULL,
                  sector TEXT NOT NULL,
                  grp TEXT NOT NULL,
                  signal TEXT NOT NULL,
                  measure TEXT NOT NULL,
                  period INTEGER NOT NULL,
                  ingestion_id INTEGER NOT NULL REFERENCES ingestion(id),
                  value REAL,
                  PRIMARY KEY (kind, region, sector, grp, signal, measure, period, ingestion_id)
                ) WITHOUT ROWID;
                CREATE TABLE enterprise_month (
                  enterprise_id TEXT NOT NULL,
                  period INTEGER NOT NULL,
                  region TEXT NOT NULL,
                  sector TEXT NOT NULL,
                  headcount INTEGER, wages_cny REAL, days_late INTEGER,
                  insured INTEGER, enrolled INTEGER, separated INTEGER, arrears_cny REAL,
                  payroll_ingestion INTEGER, insurance_ingestion INTEGER,
                  PRIMARY KEY (enterprise_id, period)
                ) WITHOUT ROWID;
                CREATE TABLE enterprise (
                  enterprise_id TEXT PRIMARY KEY,
                  name TEXT NOT NULL,
                  region TEXT NOT NULL,
                  sector TEXT NOT NULL,
                  key_enterprise INTEGER NOT NULL,
                  ingestion_id INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        return m
    }

    /// The ledger, oldest first.
    public func ledger() throws -> [LedgerEntry] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM ingestion ORDER BY id").map(Store.ledgerEntry)
        }
    }

    static func ledgerEntry(_ r: Row) -> LedgerEntry {
        LedgerEntry(id: r["id"], sha256: r["sha256"], path: r["path"],
                    kind: SignalKind(rawValue: r["kind"]) ?? .series,
                    ingestedAt: Date(timeIntervalSince1970: r["ingested_at"]),
                    rowsRead: r["rows_read"], accepted: r["accepted"], rejected: r["rejected"],
                    duplicates: r["duplicates"], quarantinePath: r["quarantine_path"])
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
