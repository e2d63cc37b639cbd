import Foundation
import GRDB
import Ingest
import TabularIO

/// What withdrawing one vintage removed.
public struct Withdrawal: Sendable, Equatable {
    public let entry: LedgerEntry
    /// Fact blocks (the file's cells, and its enterprise-months in blocks of 8,192
    /// enterprises) removed.
    public let blocks: Int
    /// Registry entries last written by the file.
    public let registryEntries: Int
}

extension Store {
    /// Takes one vintage's figures out of the store, in one transaction, and records the
    /// withdrawal in the ledger.
    ///
    /// The ledger row stays (marked withdrawn), so the same bytes left in an inbox are not
    /// ingested again. Cells and enterprise-months keep every vintage, so the figures of
    /// earlier files for the same months come back into force.
    ///
    /// - Parameter reference: a ledger SHA-256 (or a prefix of at least 8 hex digits), or
    ///   the path of a file whose SHA-256 is in the ledger.
    /// - Throws: `StoreError` when the reference names no vintage, names several, or one
    ///   already withdrawn; `IngestError.input` when a path cannot be read.
    public func withdraw(_ reference: String, now: Date = Date()) throws -> Withdrawal {
        let entry = try ledgerEntry(for: reference)
        if let w = entry.withdrawnAt {
            throw StoreError("vintage \(entry.id) (\(entry.path), sha256 \(entry.sha256.prefix(12))…) was already withdrawn at \(w)")
        }
        return try db.write { db -> Withdrawal in
            let id = entry.id
            try db.execute(sql: "DELETE FROM fact_block WHERE ingestion_id = ?", arguments: [id])
            let blocks = db.changesCount
            try db.execute(sql: "DELETE FROM enterprise WHERE ingestion_id = ?", arguments: [id])
            let registry = db.changesCount
            try db.execute(sql: "INSERT INTO withdrawal VALUES (?, ?, ?, ?)",
                           arguments: [id, now.timeIntervalSince1970, blocks, registry])
            var withdrawn = entry
            withdrawn.withdrawnAt = now
            return Withdrawal(entry: withdrawn, blocks: blocks, registryEntries: registry)
        }
    }

    /// The ledger entry a SHA-256, SHA-256 prefix or file path names.
    func ledgerEntry(for reference: String) throws -> LedgerEntry {
        let hex = reference.lowercased()
        let isHash = hex.count >= 8 && hex.count <= 64 && hex.allSatisfy(\.isHexDigit)
            && !FileManager.default.fileExists(atPath: reference)
        let sha: String
        if isHash {
            sha = hex
        } else {
            do { sha = try FileDigest.sha256(path: reference) } catch let e as IOFailure { throw IngestError.input(e) }
        }
        let matches = try ledger().filter { $0.sha256.hasPrefix(sha) }
        switch matches.count {
        case 1: return matches[0]
        case 0: throw StoreError("\(reference): no vintage in the ledger of \(path) has sha256 \(sha.prefix(12))…")
        default: throw StoreError("\(reference): \(matches.count) vintages have a sha256 starting \(sha); give more digits")
        }
    }
}
