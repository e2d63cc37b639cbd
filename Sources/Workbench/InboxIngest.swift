import Foundation
import Ingest
import Logging
import PanelStore
import Publishing

/// The ingest half of `run`: every inbox file the store has not seen goes into the store.
public enum InboxIngest {
    /// Ingests every inbox file the store has not seen (the ledger keys files by SHA-256, so
    /// files already ingested are skipped; each file is one transaction) and returns the whole
    /// ledger and the files that could not be ingested. Rejected rows go to the store's
    /// quarantine.
    public static func ingest(_ ws: Workspace, store: Store, options: IngestOptions, now: Date,
                              logger: Logger) throws -> (ledger: [Manifest.FileDigest], failed: [String]) {
        var failed: [String] = []
        for url in try ws.inboxFiles() {
            let name = url.lastPathComponent
            do {
                switch try store.ingest(path: url.path, options: options, now: now) {
                case let .ingested(entry, report):
                    var meta: Logger.Metadata = ["file": "\(name)", "kind": "\(report.kind)", "rows": "\(report.rowsRead)",
                                                 "accepted": "\(report.accepted)", "rejected": "\(report.rejected.count)",
                                                 "vintage": "\(entry.id)"]
                    if let q = entry.quarantinePath { meta["quarantine"] = "\(q)" }
                    logger.info("ingested", metadata: meta)
                    for r in report.rejected.prefix(5) { logger.warning("row rejected: \(r)") }
                    if let t = report.truncation { logger.error("truncated: \(t)") }
                case .alreadyIngested:
                    break
                }
            } catch {
                logger.error("cannot ingest \(name): \(error)")
                failed.append(name)
            }
        }
        FaultPoint.reach("ingested")
        return (try ledgerDigests(store, workspace: ws), failed)
    }

    /// Every input file the store holds (withdrawn vintages left out), as a manifest lists it:
    /// path relative to the workspace, SHA-256, size on disk (0 when the file is gone).
    public static func ledgerDigests(_ store: Store, workspace ws: Workspace) throws -> [Manifest.FileDigest] {
        try store.ledger().filter { $0.withdrawnAt == nil }.map { e -> Manifest.FileDigest in
            let size = (try? FileManager.default.attributesOfItem(atPath: e.path)[.size] as? Int) ?? nil
            let rel = e.path.hasPrefix(ws.root.path + "/") ? String(e.path.dropFirst(ws.root.path.count + 1)) : e.path
            return Manifest.FileDigest(path: rel, sha256: e.sha256, bytes: size ?? 0)
        }
    }
}
