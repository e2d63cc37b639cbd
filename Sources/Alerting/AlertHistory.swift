import Foundation
import GRDB
import StoreSchema

/// One completed `run`, as the store remembers it.
public struct RunRecord: Sendable, Codable, Equatable {
    /// 1, 2, … in the order runs completed.
    public var sequence: Int
    /// `run-0003-2025-06`: sequence and as-of month.
    public var runID: String
    public var asOf: String
    /// SHA-256 over the as-of month, the config hash and the input ledger: a run with the
    /// same key as the last one has nothing new to do.
    public var stateKey: String
    public var configHash: String
    public var sent: String
    public var counts: [String: Int]

    public init(sequence: Int, runID: String, asOf: String, stateKey: String, configHash: String, sent: String,
                counts: [String: Int]) {
        self.sequence = sequence; self.runID = runID; self.asOf = asOf; self.stateKey = stateKey
        self.configHash = configHash; self.sent = sent; self.counts = counts
    }

    public static func runID(sequence: Int, asOf: String) -> String {
        "run-\(String(format: "%04d", sequence))-\(asOf)"
    }
}

/// The alert history in the SQLite store: completed runs, each alert's lifecycle state,
/// and every alert as published by every run (for `alerts` and `explain`).
///
/// Its tables live beside the ingest stage's tables in the same file, whose schema
/// `StoreSchema` owns (step `alerting-v1`); a run's whole outcome is committed in one
/// transaction, so a crash leaves either the previous state or the new one.
public final class AlertHistory {
    public let db: DatabaseWriter

    public init(writer: DatabaseWriter) throws {
        db = writer
        try writer.writeWithoutTransaction(StoreSchema.migrate)
    }

    /// Opens (creating if needed) the store at `path`.
    public convenience init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        try self.init(writer: try DatabaseQueue(path: path, configuration: config))
    }

    public func lastRun() throws -> RunRecord? {
        try db.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM alert_run ORDER BY sequence DESC LIMIT 1").map(RunRecord.init(row:))
        }
    }

    public func states() throws -> [AlertState] {
        try db.read { db in
            try String.fetchAll(db, sql: "SELECT json FROM alert_state ORDER BY id").map { try decode(AlertState.self, $0) }
        }
    }

    /// Records a completed run atomically: the run, every alert it published, every state.
    public func record(run: RunRecord, alerts: [Alert], states: [AlertState]) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try db.write { db in
            try db.execute(sql: "INSERT INTO alert_run VALUES (?, ?, ?, ?, ?, ?, ?)", arguments: [
                run.sequence, run.runID, run.asOf, run.stateKey, run.configHash, run.sent,
                String(decoding: try enc.encode(run.counts), as: UTF8.self)])
            for a in alerts {
                try db.execute(sql: "INSERT INTO alert_message VALUES (?, ?, ?, ?, ?, ?)", arguments: [
                    run.sequence, a.id, a.status.rawValue, a.level.rawValue, a.riskScore,
                    String(decoding: try enc.encode(a), as: UTF8.self)])
            }
            for s in states {
                try db.execute(sql: "INSERT OR REPLACE INTO alert_state VALUES (?, ?, ?, ?)", arguments: [
                    s.id, s.isOpen, s.level.rawValue, String(decoding: try enc.encode(s), as: UTF8.self)])
            }
        }
    }

    /// Alerts published by a run (the last one by default), highest risk first.
    public func alerts(run sequence: Int? = nil) throws -> [Alert] {
        try db.read { db in
            guard let seq = try sequence ?? Int.fetchOne(db, sql: "SELECT MAX(sequence) FROM alert_run") else { return [] }
            return try String.fetchAll(db, sql: """
                SELECT json FROM alert_message WHERE run_sequence = ? ORDER BY status = 'resolved', risk DESC, alert_id
                """, arguments: [seq]).map { try decode(Alert.self, $0) }
        }
    }

    /// Every message about one alert, oldest first, with the run that published it.
    public func history(of id: String) throws -> [(run: String, alert: Alert)] {
        try db.read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.run_id AS run_id, m.json AS json FROM alert_message m JOIN alert_run r ON r.sequence = m.run_sequence
                WHERE m.alert_id = ? ORDER BY m.run_sequence
                """, arguments: [id]).map { row in (row["run_id"] as String, try decode(Alert.self, row["json"] as String)) }
        }
    }
}

private func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
    let dec = JSONDecoder()
    dec.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try dec.decode(T.self, from: Data(json.utf8))
}

extension RunRecord {
    init(row: Row) throws {
        self.init(sequence: row["sequence"], runID: row["run_id"], asOf: row["as_of"], stateKey: row["state_key"],
                  configHash: row["config_hash"], sent: row["sent"],
                  counts: try decode([String: Int].self, row["counts"]))
    }
}
