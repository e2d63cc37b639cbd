import Codes
import Foundation
import GRDB
import Ingest
import PanelData

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
            try db.writeWithoutTransaction(Store.createSchema)
        } catch let e as DatabaseError {
            throw StoreError("cannot open store \(path): \(e.message ?? e.description)")
        }
    }

    /// `PRAGMA user_version` once the schema below is in place (with the `withdrawal` table).
    static let schemaVersion = 4

    /// Creates or upgrades the schema in one IMMEDIATE transaction, so that processes
    /// opening a new store at the same moment take turns: the second finds the migrations
    /// applied (checked again inside the transaction) instead of failing on "table
    /// ingestion already exists". The migrations run inside that transaction.
    static func createSchema(_ db: Database) throws {
        if try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 >= schemaVersion { return }
        try db.inTransaction(.immediate) {
            if try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 >= schemaVersion { return .commit }
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
            for (id, body) in migrations where !applied.contains(id) {
                try body(db)
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [id])
            }
            try db.execute(sql: "PRAGMA user_version = \(schemaVersion)")
            return .commit
        }
    }

    /// The same steps as a GRDB migrator (tests build stores of an earlier layout with it).
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        for (id, body) in migrations { m.registerMigration(id, migrate: body) }
        return m
    }

    /// The schema's steps in order, each recorded in `grdb_migrations` once applied (the
    /// table GRDB's migrator kept for stores made before `createSchema`).
    static var migrations: [(String, @Sendable (Database) throws -> Void)] {
        var m: [(String, @Sendable (Database) throws -> Void)] = []
        m.append(("v1", { db in
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
        }))
        // v2: facts move from one SQL row per cell measure and per enterprise-month to
        // columnar blocks per file. The row tables of a fresh store are dropped; a store
        // that already holds rows in them is refused (see `StoreLayoutError`).
        m.append(("v2-fact-blocks", { db in
            let rows = try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM cell) + (SELECT count(*) FROM enterprise_month)") ?? 0
            if rows > 0 {
                let files = try Int.fetchOne(db, sql: "SELECT count(*) FROM ingestion") ?? 0
                throw StoreLayoutError(files: files)
            }
            try db.execute(sql: """
                DROP TABLE cell;
                DROP TABLE enterprise_month;
                -- One file's facts: part 'cells' (chunk 0, its aggregate cells) or part
                -- 'enterprise' (chunk n: enterprises 8192·n … in credit-code order, with
                -- their first and last credit codes for lookups of one enterprise).
                -- first_period/last_period: the months the block holds rows for.
                CREATE TABLE fact_block (
                  id INTEGER PRIMARY KEY,
                  ingestion_id INTEGER NOT NULL REFERENCES ingestion(id),
                  part TEXT NOT NULL CHECK (part IN ('cells', 'enterprise')),
                  chunk INTEGER NOT NULL,
                  first_period INTEGER NOT NULL,
                  last_period INTEGER NOT NULL,
                  first_key TEXT,
                  last_key TEXT,
                  rows INTEGER NOT NULL,
                  data BLOB NOT NULL,
                  UNIQUE (ingestion_id, part, chunk)
                );
                """)
        }))
        // v3: vintages withdrawn with `jobsentry ingest --withdraw`; the ledger row stays,
        // so the same bytes are not ingested again from the inbox.
        m.append(("v3-withdrawal", { db in
            try db.execute(sql: """
                CREATE TABLE withdrawal (
                  ingestion_id INTEGER PRIMARY KEY REFERENCES ingestion(id),
                  withdrawn_at REAL NOT NULL,
                  blocks INTEGER NOT NULL,
                  registry_entries INTEGER NOT NULL
                );
                """)
        }))
        // v4: the identity (stat) of each file when its bytes were last hashed, so that an
        // unchanged inbox file is not read again on every run (`Store.digest(path:)`). A
        // cache: deleting its rows only costs hashing again.
        m.append(("v4-file-stat", { db in
            try db.execute(sql: """
                CREATE TABLE file_stat (
                  path TEXT PRIMARY KEY,
                  device INTEGER NOT NULL,
                  inode INTEGER NOT NULL,
                  size INTEGER NOT NULL,
                  mtime_ns INTEGER NOT NULL,
                  ctime_ns INTEGER NOT NULL,
                  sha256 TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
        }))
        return m
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
