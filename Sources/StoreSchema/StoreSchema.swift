import GRDB

/// The one owner of the SQLite file's layout: every table of the store — the ingestion
/// ledger, the fact blocks, withdrawals and the file-stat cache (`PanelStore`), the alert
/// history and the rule-result cache (`Alerting.AlertHistory`, `Alerting.StoreResultCache`) — is created and upgraded here, by one list of steps,
/// whichever side opens the file first. Both sides call `migrate` when they open it.
///
/// Each step is recorded in `grdb_migrations` once applied (the table GRDB's migrator kept
/// for stores made before `migrate`, with the same identifiers), and `PRAGMA user_version`
/// says that every step is in place, so that opening an up-to-date store reads one pragma.
/// A store written before this module (user_version 4, the alert tables made by Alerting's
/// own migrator when a run first recorded, or not yet) is upgraded by the steps it lacks.
public enum StoreSchema {
    /// `PRAGMA user_version` once every step below is applied: 4 was the panel store's steps
    /// alone, 5 the same file with the alert history's tables, 6 with the rule-result cache.
    public static let version = 6

    /// Creates or upgrades the schema in one IMMEDIATE transaction, so that processes
    /// opening a new store at the same moment take turns: the second finds the steps
    /// applied (checked again inside the transaction) instead of failing on "table
    /// ingestion already exists".
    public static func migrate(_ db: Database) throws {
        if try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 >= version { return }
        try db.inTransaction(.immediate) {
            if try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 >= version { return .commit }
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
            for (id, body) in steps where !applied.contains(id) {
                try body(db)
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [id])
            }
            try db.execute(sql: "PRAGMA user_version = \(version)")
            return .commit
        }
    }

    /// The same steps as a GRDB migrator (tests build stores of an earlier layout with it).
    public static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        for (id, body) in steps { m.registerMigration(id, migrate: body) }
        return m
    }

    /// The schema's steps in order. The identifiers are those stores already carry: `v1` …
    /// `v4-file-stat` from the panel store, `alerting-v1` from the alert history.
    static var steps: [(String, @Sendable (Database) throws -> Void)] {
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
        // The alert history: completed runs, each alert's lifecycle state, every alert as
        // published by every run (JSON); a run's whole outcome is one transaction.
        m.append(("alerting-v1", { db in
            try db.execute(sql: """
                CREATE TABLE alert_run (
                  sequence INTEGER PRIMARY KEY, run_id TEXT NOT NULL UNIQUE, as_of TEXT NOT NULL,
                  state_key TEXT NOT NULL, config_hash TEXT NOT NULL, sent TEXT NOT NULL, counts TEXT NOT NULL);
                CREATE TABLE alert_state (
                  id TEXT PRIMARY KEY, is_open INTEGER NOT NULL, level TEXT NOT NULL, json TEXT NOT NULL);
                CREATE TABLE alert_message (
                  run_sequence INTEGER NOT NULL REFERENCES alert_run(sequence), alert_id TEXT NOT NULL,
                  status TEXT NOT NULL, level TEXT NOT NULL, risk REAL NOT NULL, json TEXT NOT NULL,
                  PRIMARY KEY (run_sequence, alert_id));
                CREATE INDEX alert_message_by_alert ON alert_message(alert_id, run_sequence);
                """)
        }))
        // v5: results rules compute from the whole enterprise history, kept by a SHA-256 of
        // their input (`Alerting.StoreResultCache`). A cache: deleting its rows only costs
        // computing them again.
        m.append(("v5-derived-result", { db in
            try db.execute(sql: """
                CREATE TABLE derived_result (
                  key TEXT PRIMARY KEY,
                  value BLOB NOT NULL,
                  sequence INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }))
        return m
    }
}

/// The store was written by the row layout of JobSentry before the columnar fact blocks
/// (schema v1, tables `cell` and `enterprise_month`). Its ledger cannot be rebuilt without
/// the input files, so it is not converted in place.
public struct StoreLayoutError: Error, CustomStringConvertible {
    public let files: Int
    public var description: String {
        "the store holds \(files) ingested file(s) in the row layout of an earlier JobSentry (schema v1); "
            + "this version keeps facts in columnar blocks (schema v2) and does not convert old stores. "
            + "Move the store file aside and run again: every file still in the inbox is ingested anew "
            + "(alert history starts over), or keep using the earlier jobsentry for this store"
    }
}
