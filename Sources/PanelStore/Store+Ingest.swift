import Codes
import Foundation
import GRDB
import Ingest
import TabularIO

/// `--strict` and a file had rejected rows: nothing of it was stored.
public struct StrictRejection: Error, CustomStringConvertible {
    public let report: IngestReport
    public let quarantinePath: String?
    public var description: String {
        "\(report.path): \(report.rejected.count) of \(report.rowsRead) rows rejected; strict mode stores nothing of this file"
            + (quarantinePath.map { " (rejected rows in \($0))" } ?? "")
    }
}

extension Store {
    /// Where rejected rows of a file go unless told otherwise: `<store>.quarantine/`.
    public var defaultQuarantineDirectory: String { path + ".quarantine" }

    /// Ingests one file as a new vintage, in a single transaction.
    ///
    /// A file whose bytes were ingested before (same SHA-256) is skipped: re-running on
    /// the same inbox changes nothing. A file unchanged since it was last hashed (same
    /// device, inode, size, modification and status-change times) is not hashed again
    /// (see `digest(path:)` for what that trusts). A corrected file for months already stored gives
    /// new values for the same cells and enterprise-months; the earlier ones are kept under
    /// their vintage and `panel(knownAt:)` and `enterpriseSeries(knownAt:)` can still read
    /// them. Rejected rows are written to
    /// `<quarantineDirectory>/<file name>.<first 12 hex digits of its SHA-256>.rejected.csv`.
    ///
    /// The file's facts are encoded and compressed before the transaction opens (on every
    /// core), so the write lock is held only for the ledger row and a few BLOBs.
    ///
    /// - Parameters:
    ///   - strict: reject the whole file if any row is rejected (throws `StrictRejection`).
    ///   - now: the ingestion time recorded in the ledger (passed in so tests are reproducible).
    /// - Throws: `IngestError` for unusable files (`.noValidRow` when no row was accepted:
    ///   nothing is recorded), `StrictRejection`, `StoreError`.
    public func ingest(path file: String, options: IngestOptions = IngestOptions(), strict: Bool = false,
                       quarantineDirectory: String? = nil, now: Date = Date(),
                       progress: ((Int, Int) -> Void)? = nil) throws -> IngestOutcome {
        guard file != "-" else { throw StoreError("the store ingests files, not standard input: the ledger keys each file by its content") }
        let (sha, recorded, identity) = try digest(path: file)
        if let seen = try db.read({ db in
            try Row.fetchOne(db, sql: """
                SELECT ingestion.*, withdrawal.withdrawn_at FROM ingestion
                LEFT JOIN withdrawal ON withdrawal.ingestion_id = ingestion.id WHERE sha256 = ?
                """, arguments: [sha]).map(Store.ledgerEntry)
        }) {
            if !recorded { try db.write { try recordIdentity(path: file, identity, sha256: sha, $0) } }
            return .alreadyIngested(seen)
        }
        var opts = options
        opts.collectRows = true
        let report = try Ingestor.run(path: file, options: opts, progress: progress)
        var quarantine: String?
        if !report.rejected.isEmpty {
            let dir = quarantineDirectory ?? defaultQuarantineDirectory
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let name = (file as NSString).lastPathComponent
            quarantine = "\(dir)/\(name).\(sha.prefix(12)).rejected.csv"
            try Quarantine.write(report.rejected, header: report.header, to: quarantine!)
        }
        if strict && !report.rejected.isEmpty { throw StrictRejection(report: report, quarantinePath: quarantine) }
        // The ledger records what was stored: a file that gave nothing stays unrecorded, so
        // that its corrected or correctly read bytes are not refused as "already ingested".
        if report.accepted == 0 { throw IngestError.noValidRow(file: report.path, rowsRead: report.rowsRead, quarantine: quarantine) }
        let blocks = try Store.factBlocks(report, label: file)
        let entry = try db.write { db -> LedgerEntry in
            try db.execute(sql: """
                INSERT INTO ingestion (sha256, path, kind, ingested_at, rows_read, accepted, rejected, duplicates, quarantine_path)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [sha, file, report.kind.rawValue, now.timeIntervalSince1970, report.rowsRead,
                                 report.accepted, report.rejected.count, report.duplicates.count, quarantine])
            let id = db.lastInsertedRowID
            let stmt = try db.makeStatement(sql: """
                INSERT INTO fact_block (ingestion_id, part, chunk, first_period, last_period, first_key, last_key, rows, data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for b in blocks {
                try stmt.execute(arguments: [id, b.part, b.chunk, Int(b.firstPeriod), Int(b.lastPeriod), b.firstKey, b.lastKey,
                                             b.rows, Data(b.data)])
            }
            try Store.upsertRegistry(report, ingestion: id, db)
            try recordIdentity(path: file, identity, sha256: sha, db)
            return try Row.fetchOne(db, sql: "SELECT * FROM ingestion WHERE id = ?", arguments: [id]).map(Store.ledgerEntry)!
        }
        return .ingested(entry, report)
    }

    /// A fact block ready to insert.
    struct PendingBlock {
        var part: String
        var chunk: Int
        var firstPeriod: Int32
        var lastPeriod: Int32
        var firstKey: String?
        var lastKey: String?
        var rows: Int
        var data: [UInt8]
    }

    /// The file's cells (every kind but the registry, when it has any) and its
    /// enterprise-month rows (payroll, insurance), encoded and compressed.
    static func factBlocks(_ report: IngestReport, label: String) throws -> [PendingBlock] {
        var out: [PendingBlock] = []
        let t = report.table
        if report.kind != .enterprises, t.count > 0 {
            let periods = t.keys.map(\.period)
            out.append(PendingBlock(part: "cells", chunk: 0, firstPeriod: periods.min()!, lastPeriod: periods.max()!,
                                    rows: t.count, data: try CellBlock.encode(t, label: "\(label) cells")))
        }
        if report.kind.isEnterpriseLevel, let columns = report.enterpriseColumns {
            for (i, b) in try EnterpriseBlock.encode(columns, label: label).enumerated() {
                out.append(PendingBlock(part: "enterprise", chunk: i, firstPeriod: b.firstPeriod, lastPeriod: b.lastPeriod,
                                        firstKey: b.firstKey, lastKey: b.lastKey, rows: b.rows, data: b.data))
            }
        }
        return out
    }

    static func upsertRegistry(_ report: IngestReport, ingestion id: Int64, _ db: Database) throws {
        guard report.kind == .enterprises else { return }
        let stmt = try db.makeStatement(sql: """
            INSERT OR REPLACE INTO enterprise (enterprise_id, name, region, sector, key_enterprise, ingestion_id)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        for e in report.registry {
            try stmt.execute(arguments: [e.enterpriseID, e.name, String(e.region), e.sectorCode, e.isKeyEnterprise ? 1 : 0, id])
        }
    }
}
