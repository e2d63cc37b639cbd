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
    /// the same inbox changes nothing. A corrected file for months already stored gives
    /// new values for the same cells; the earlier ones are kept under their vintage and
    /// `panel(knownAt:)` can still read them. Rejected rows are written to
    /// `<quarantineDirectory>/<file name>.<first 12 hex digits of its SHA-256>.rejected.csv`.
    ///
    /// - Parameters:
    ///   - strict: reject the whole file if any row is rejected (throws `StrictRejection`).
    ///   - now: the ingestion time recorded in the ledger (passed in so tests are reproducible).
    /// - Throws: `IngestError` for unusable files, `StrictRejection`, `StoreError`.
    public func ingest(path file: String, options: IngestOptions = IngestOptions(), strict: Bool = false,
                       quarantineDirectory: String? = nil, now: Date = Date(),
                       progress: ((Int, Int) -> Void)? = nil) throws -> IngestOutcome {
        guard file != "-" else { throw StoreError("the store ingests files, not standard input: the ledger keys each file by its content") }
        let sha: String
        do { sha = try FileDigest.sha256(path: file) } catch let e as IOFailure { throw IngestError.input(e) }
        if let seen = try db.read({ db in
            try Row.fetchOne(db, sql: "SELECT * FROM ingestion WHERE sha256 = ?", arguments: [sha]).map(Store.ledgerEntry)
        }) {
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
        let entry = try db.write { db -> LedgerEntry in
            try db.execute(sql: """
                INSERT INTO ingestion (sha256, path, kind, ingested_at, rows_read, accepted, rejected, duplicates, quarantine_path)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [sha, file, report.kind.rawValue, now.timeIntervalSince1970, report.rowsRead,
                                 report.accepted, report.rejected.count, report.duplicates.count, quarantine])
            let id = db.lastInsertedRowID
            try Store.insertCells(report, ingestion: id, db)
            try Store.upsertEnterpriseRows(report, ingestion: id, db)
            try Store.upsertRegistry(report, ingestion: id, db)
            return try Row.fetchOne(db, sql: "SELECT * FROM ingestion WHERE id = ?", arguments: [id]).map(Store.ledgerEntry)!
        }
        return .ingested(entry, report)
    }

    static func insertCells(_ report: IngestReport, ingestion id: Int64, _ db: Database) throws {
        guard report.kind != .enterprises else { return }
        let t = report.table
        let stmt = try db.makeStatement(sql: """
            INSERT OR REPLACE INTO cell (kind, region, sector, grp, signal, measure, period, ingestion_id, value)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let kind = report.kind.rawValue
        for s in 0..<t.count {
            let k = t.keys[s]
            let n = t.names(k)
            for (m, spec) in t.layout.measures.enumerated() where !spec.isDerived {
                let v = t.value(s, m)
                try stmt.execute(arguments: [kind, n.region, n.sector, n.group, n.signal, spec.column, Int(k.period), id,
                                             v.isNaN ? nil : v])
            }
        }
    }

    static func upsertEnterpriseRows(_ report: IngestReport, ingestion id: Int64, _ db: Database) throws {
        guard report.kind.isEnterpriseLevel else { return }
        let payroll = report.kind == .payroll
        let stmt = try db.makeStatement(sql: payroll ? """
            INSERT INTO enterprise_month (enterprise_id, period, region, sector, headcount, wages_cny, days_late, payroll_ingestion)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (enterprise_id, period) DO UPDATE SET region = excluded.region, sector = excluded.sector,
              headcount = excluded.headcount, wages_cny = excluded.wages_cny, days_late = excluded.days_late,
              payroll_ingestion = excluded.payroll_ingestion
            """ : """
            INSERT INTO enterprise_month (enterprise_id, period, region, sector, insured, enrolled, separated, arrears_cny, insurance_ingestion)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (enterprise_id, period) DO UPDATE SET region = excluded.region, sector = excluded.sector,
              insured = excluded.insured, enrolled = excluded.enrolled, separated = excluded.separated,
              arrears_cny = excluded.arrears_cny, insurance_ingestion = excluded.insurance_ingestion
            """)
        for r in report.enterpriseRows {
            let sector = String(UnicodeScalar(UInt8(65 + r.sector)))
            let common: [DatabaseValueConvertible?] = [r.key.text, Int(r.period), String(r.region), sector]
            if payroll {
                try stmt.execute(arguments: StatementArguments(common + [
                    Int(r.m[0]), Double(r.m[1]) / 100, r.m[2] < 0 ? nil : Int(r.m[2]), id]))
            } else {
                try stmt.execute(arguments: StatementArguments(common + [
                    Int(r.m[0]), Int(r.m[1]), Int(r.m[2]), r.m[3] < 0 ? nil : Double(r.m[3]) / 100, id]))
            }
        }
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
