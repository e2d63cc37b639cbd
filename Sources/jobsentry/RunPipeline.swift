import Alerting
import ArgumentParser
import Codes
import Crypto
import Foundation
import Ingest
import Logging
import PanelData
import PanelStore
import Publishing

/// The stages of one `run`, in an order that makes a crash at any point harmless:
///
/// 1. ingest and evaluate (nothing written yet);
/// 2. write both bundles into `outbox/.partial-<run>`, then rename it to `outbox/<run>`;
/// 3. commit the run, its alerts and the new lifecycle states in one SQLite transaction;
/// 4. point `outbox/LATEST` at the run.
///
/// A run folder whose sequence is past the last committed run is a leftover of a crash
/// between 2 and 3: the next run removes it and publishes again from the committed state.
struct RunPipeline {
    let ws: Workspace
    let config: AlertConfig
    let logger: Logger
    let asOf: Period?
    let csvBOM: Bool
    let sender: String
    /// Bits the outbox folder and the bundles do not get (`BundleWriter.publish`).
    var outboxUmask: mode_t = 0o077

    struct Failure: Error {
        let status: ExitCode
        let message: String
    }

    func execute() throws {
        let fm = FileManager.default
        for dir in [ws.outbox, ws.storeDir] {
            do { try fm.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
                throw Failure(status: ExitStatus.cannotCreate, message: "cannot create \(dir.path): \(error)")
            }
        }
        guard chmod(ws.outbox.path, 0o777 & ~outboxUmask) == 0 else {
            throw Failure(status: ExitStatus.cannotCreate, message: "cannot set the mode of \(ws.outbox.path): \(String(cString: strerror(errno)))")
        }
        let key: Curve25519.Signing.PrivateKey
        do { key = try Signing.loadPrivateKey(path: ws.privateKey.path) } catch {
            throw Failure(status: ExitStatus.config, message: "signing key: \(error); make one with `jobsentry keygen --out \(ws.keys.path)/signing`")
        }

        let store: Store
        do { store = try Store(path: ws.store.path) } catch {
            throw Failure(status: ExitStatus.cannotCreate, message: "store \(ws.store.path): \(error)")
        }
        let clock = ContinuousClock(), started = clock.now
        func seconds() -> String { let d = clock.now - started; return String(format: "%.2f", Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18) }
        let screen: IngestOptions
        do { screen = IngestOptions(latestPeriod: try IngestClock.latestAccepted(toleranceMonths: config.ingestPolicy.futureMonths)) } catch {
            throw Failure(status: ExitStatus.usage, message: "\(error)")
        }
        let ingested: (ledger: [Manifest.FileDigest], failed: [String])
        do { ingested = try RunInputs.ingest(ws, store: store, options: screen, now: RunClock.date(), logger: logger) } catch {
            throw Failure(status: ExitStatus.dataError, message: "ingest: \(error)")
        }
        let history: AlertHistory
        do { history = try AlertHistory(path: ws.store.path) } catch {
            throw Failure(status: ExitStatus.cannotCreate, message: "store \(ws.store.path): \(error)")
        }
        let last = try history.lastRun()
        try removeUncommitted(after: last?.sequence ?? 0)

        // Same inputs, same as-of request, same config: the same outcome. Checked before
        // reading the panel, so that a cron job with nothing new costs next to nothing.
        let stateKey = Manifest.sha256Hex(Data(([asOf?.description ?? "latest", config.hash]
            + ingested.ledger.map(\.sha256).sorted()).joined(separator: "\n").utf8))
        if let l = last, l.stateKey == stateKey {
            logger.info("nothing new since the last run; no bundle published", metadata: ["run": "\(l.runID)", "as_of": "\(l.asOf)"])
            try pointLatest(at: l.runID)
            print(ws.outbox.appendingPathComponent(l.runID).path)
            try reportFailed(ingested.failed)
            return
        }

        let inputs: RunInputs
        do { inputs = try RunInputs.read(store, ledger: ingested.ledger, failed: ingested.failed) } catch {
            throw Failure(status: ExitStatus.dataError, message: "reading the store: \(error)")
        }
        guard inputs.panel.periodCount > 0 else {
            let why = inputs.failed.isEmpty ? "holds no input file" : "holds no usable input file (\(inputs.failed.joined(separator: ", ")) failed)"
            throw Failure(status: inputs.failed.isEmpty ? ExitStatus.noInput : ExitStatus.dataError,
                          message: "no data: the inbox \(ws.inbox.path) \(why)")
        }
        logger.info("loaded", metadata: ["series": "\(inputs.panel.seriesCount)", "months": "\(inputs.panel.periodCount)",
                                         "enterprises": "\(inputs.enterprises.count)", "elapsed_s": "\(seconds())"])
        // Judge no month past the main sources' data: a survey or transport file running
        // ahead must not make every payroll-based rule read its absence as a collapse.
        let dataEnd = inputs.panel.lastObservedMonth(signals: Panel.mainSourceSignals)
            ?? inputs.panel.start + (inputs.panel.periodCount - 1)
        if let a = asOf, a > dataEnd {
            throw Failure(status: ExitStatus.usage, message: "as-of \(a) is after \(dataEnd), the latest month with payroll or insurance data")
        }
        let month = asOf ?? dataEnd
        if let l = last, let prev = Period(l.asOf), month < prev {
            guard prev > dataEnd else {
                throw Failure(status: ExitStatus.usage, message: "as-of \(month) is before the last run's \(l.asOf) (\(l.runID)); runs go forward in time")
            }
            // The last run judged a month the store no longer holds (its vintage was withdrawn).
            logger.warning("the last run judged \(l.asOf), after the latest data now held (\(dataEnd)); going back to \(month)",
                           metadata: ["run": "\(l.runID)"])
        }

        let evaluation = try AlertEngine(config: config).evaluation(panel: inputs.panel, enterprises: inputs.enterprises, asOf: month)
        let findings = evaluation.findings
        if !evaluation.unfitted.isEmpty {
            logger.warning("series not fitted, not judged", metadata: [
                "count": "\(evaluation.unfitted.count)",
                "series": "\(evaluation.unfitted.prefix(10).map { "\($0.name) (\($0.reason))" }.joined(separator: "; "))\(evaluation.unfitted.count > 10 ? "; …" : "")"])
        }
        let sent = RunClock.sent()
        let outcome = AlertLifecycle(config: config).advance(previous: try history.states(), findings: findings,
                                                              asOf: month.description, sent: sent)
        let sequence = (last?.sequence ?? 0) + 1
        let runID = RunRecord.runID(sequence: sequence, asOf: month.description)
        logger.info("evaluated", metadata: ["run": "\(runID)", "as_of": "\(month)", "findings": "\(findings.count)",
                                            "alerts": "\(outcome.alerts.count)", "elapsed_s": "\(seconds())"])

        let cells = CellComposition.compute(inputs.enterprises, period: month, dominanceCount: config.disclosure.dominanceCount)
        let output = RunOutput(runID: runID, asOf: month.description, sent: sent, config: config, alerts: outcome.alerts,
                               inputs: inputs.ledger, disclosure: DisclosureControl(policy: config.disclosure, cells: cells),
                               generator: "jobsentry \(JobSentry.version)", sender: sender, csvByteOrderMark: csvBOM,
                               unfitted: evaluation.unfitted)
        let partial = ws.outbox.appendingPathComponent(".partial-\(runID)")
        let final = ws.outbox.appendingPathComponent(runID)
        do {
            try BundleWriter.publish(output, to: final, through: partial, signingKey: key, umask: outboxUmask) { FaultPoint.reach("bundle-written") }
        } catch {
            throw Failure(status: ExitStatus.cannotCreate, message: "cannot write the bundle \(final.path): \(error)")
        }
        FaultPoint.reach("published")

        var counts: [String: Int] = [:]
        for a in outcome.alerts { counts[a.status.rawValue, default: 0] += 1; if a.status.isOpen { counts[a.level.rawValue, default: 0] += 1 } }
        let record = RunRecord(sequence: sequence, runID: runID, asOf: month.description, stateKey: stateKey,
                               configHash: config.hash, sent: sent, counts: counts)
        do { try history.record(run: record, alerts: outcome.alerts, states: outcome.states) } catch {
            throw Failure(status: ExitStatus.cannotCreate, message: "cannot commit the run to \(ws.store.path): \(error)")
        }
        FaultPoint.reach("committed")
        try pointLatest(at: runID)
        var meta: Logger.Metadata = ["run": "\(runID)", "bundle": "\(final.path)", "elapsed_s": "\(seconds())"]
        for (k, v) in counts { meta[k] = "\(v)" }
        logger.info("published", metadata: meta)
        print(final.path)
        try reportFailed(inputs.failed)
    }

    /// Exit 65 when an inbox file could not be ingested: the rest was processed, but the
    /// file needs someone's attention (it is retried by every run until fixed or removed).
    func reportFailed(_ failed: [String]) throws {
        guard !failed.isEmpty else { return }
        throw Failure(status: ExitStatus.dataError,
                      message: "\(failed.count) inbox file(s) could not be ingested: \(failed.joined(separator: ", ")); the rest was processed")
    }

    /// Removes crash leftovers: partial folders, and run folders past the last committed run.
    func removeUncommitted(after committed: Int) throws {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: ws.outbox.path)) ?? [] {
            let leftover: Bool
            if name.hasPrefix(".partial-") { leftover = true }
            else if name.hasPrefix("run-"), let seq = Int(name.dropFirst(4).prefix(4)) { leftover = seq > committed }
            else { leftover = false }
            if leftover {
                logger.warning("removing the leftover of an interrupted run", metadata: ["path": "\(name)"])
                try fm.removeItem(at: ws.outbox.appendingPathComponent(name))
            }
        }
    }

    func pointLatest(at runID: String) throws {
        try writeAtomically(Data((runID + "\n").utf8), to: ws.latest)
    }
}

/// The time stamped on messages: `SOURCE_DATE_EPOCH` when set (reproducible builds'
/// convention), else now; written in China Standard Time (UTC+08:00) as CAP wants it.
enum RunClock {
    static func date() -> Date {
        let env = ProcessInfo.processInfo.environment
        return env["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init).map(Date.init(timeIntervalSince1970:)) ?? Date()
    }

    static func sent() -> String {
        let date = date()
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'+08:00'"
        return f.string(from: date)
    }
}
