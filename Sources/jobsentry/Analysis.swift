import Alerting
import Codes
import Foundation
import PanelData
import PanelStore

/// The evaluation half of `run` (read the store, fit, apply the rules, advance the
/// lifecycle) without ingesting or publishing, for analyst commands that must leave the
/// workspace as it is.
struct Analysis {
    let store: Store
    let config: AlertConfig

    /// The panel up to `asOf` as known at `knownAt`, and the enterprise series aligned to it.
    func inputs(asOf: Period?, knownAt: KnownAt = .latest) throws -> (panel: Panel, enterprises: [EnterpriseSeries]) {
        try Analysis.inputs(try store.snapshot(knownAt: knownAt), registry: try RunInputs.registry(store), asOf: asOf, knownAt: knownAt)
    }

    /// The same from fact blocks already in memory: a backtest reads the store once and
    /// slices every month from `facts`.
    static func inputs(_ facts: FactSnapshot, registry: [String: Enterprise], asOf: Period?,
                       knownAt: KnownAt) throws -> (panel: Panel, enterprises: [EnterpriseSeries]) {
        let panel = try facts.panel(asOf: asOf, knownAt: knownAt)
        return (panel, try RunInputs.enterpriseSeries(facts, registry: registry, panel: panel, knownAt: knownAt))
    }

    /// Alerts for `asOf` given the lifecycle states of the month before.
    func evaluate(panel: Panel, enterprises: [EnterpriseSeries], asOf: Period,
                  previous: [AlertState] = []) throws -> AlertLifecycle.Outcome {
        let findings = try AlertEngine(config: config).evaluate(panel: panel, enterprises: enterprises, asOf: asOf)
        return AlertLifecycle(config: config).advance(previous: previous, findings: findings, asOf: asOf.description,
                                                      sent: RunClock.sent())
    }

    /// The last month of `panel`.
    static func lastMonth(_ panel: Panel) -> Period? {
        panel.periodCount > 0 ? panel.start + (panel.periodCount - 1) : nil
    }
}

/// A private copy of a SQLite store in a temporary folder, removed on `close()`, so that
/// what-if work can never change the original's bytes. Taken with SQLite's online backup
/// API: one consistent snapshot even while `run` or `ingest` writes to the original.
final class StoreCopy {
    let directory: URL
    let path: String

    init(of original: String) throws {
        let fm = FileManager.default
        directory = fm.temporaryDirectory.appendingPathComponent("jobsentry-copy-\(UUID().uuidString)")
        try fm.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        path = directory.appendingPathComponent("store.sqlite").path
        do { try Store.snapshot(of: original, to: path) } catch {
            try? fm.removeItem(at: directory)
            throw error
        }
    }

    func close() { try? FileManager.default.removeItem(at: directory) }
    deinit { close() }
}
