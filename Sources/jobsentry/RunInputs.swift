import Alerting
import Codes
import Foundation
import Ingest
import Logging
import PanelData
import PanelStore
import Publishing

/// What `run` feeds the alert stage: the area panel and per-enterprise series from the
/// store, and the ledger of every input file the store holds (for the manifest).
struct RunInputs {
    var panel: Panel
    var enterprises: [EnterpriseSeries]
    var ledger: [Manifest.FileDigest]
    /// Inbox files that could not be ingested (reported, retried by the next run).
    var failed: [String]

    /// Ingests every inbox file the store has not seen (the ledger keys files by SHA-256,
    /// so files already ingested are skipped; each file is one transaction) and returns the
    /// whole ledger, and the files that could not be ingested. Rejected rows go to the
    /// store's quarantine.
    static func ingest(_ ws: Workspace, store: Store, options: IngestOptions, now: Date, logger: Logger) throws -> (ledger: [Manifest.FileDigest], failed: [String]) {
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

    /// Every input file the store holds (withdrawn vintages left out), as a manifest lists it: path relative to the
    /// workspace, SHA-256, size on disk (0 when the file is gone).
    static func ledgerDigests(_ store: Store, workspace ws: Workspace) throws -> [Manifest.FileDigest] {
        try store.ledger().filter { $0.withdrawnAt == nil }.map { e -> Manifest.FileDigest in
            let size = (try? FileManager.default.attributesOfItem(atPath: e.path)[.size] as? Int) ?? nil
            let rel = e.path.hasPrefix(ws.root.path + "/") ? String(e.path.dropFirst(ws.root.path.count + 1)) : e.path
            return Manifest.FileDigest(path: rel, sha256: e.sha256, bytes: size ?? 0)
        }
    }

    /// The panel and the enterprise series as the store holds them now, from one read of
    /// the store's fact blocks.
    static func read(_ store: Store, ledger: [Manifest.FileDigest], failed: [String]) throws -> RunInputs {
        let (panel, enterprises) = try Analysis.inputs(try store.snapshot(), registry: try registry(store), asOf: nil, knownAt: .latest)
        return RunInputs(panel: panel, enterprises: enterprises, ledger: ledger, failed: failed)
    }

    /// The enterprise registry by credit code.
    static func registry(_ store: Store) throws -> [String: Enterprise] {
        var registry: [String: Enterprise] = [:]
        for e in try store.enterprises() { registry[e.enterpriseID] = e }
        return registry
    }

    /// Enterprise months as known at `knownAt`, aligned to the panel's months, with names and
    /// key flags from the registry (an enterprise missing from the registry is named by its
    /// credit code).
    static func enterpriseSeries(_ facts: FactSnapshot, registry: [String: Enterprise], panel: Panel,
                                 knownAt: KnownAt) throws -> [EnterpriseSeries] {
        let T = panel.periodCount
        guard T > 0 else { return [] }
        return try facts.enterpriseSeries(from: panel.start, through: panel.start + (T - 1), knownAt: knownAt).map { m in
            let reg = registry[m.id]
            return EnterpriseSeries(id: m.id, name: reg?.name ?? m.id, region: m.region, sector: m.sector,
                                    isKey: reg?.isKeyEnterprise ?? false, start: panel.start,
                                    headcount: m.headcount, wages: m.wages, daysLate: m.daysLate, arrears: m.arrears)
        }
    }
}
