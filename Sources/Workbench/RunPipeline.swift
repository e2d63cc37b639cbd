import Alerting
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
///
/// The caller holds the workspace's locks (the CLI's `RunLock`) and passes the clock in.
public struct RunPipeline: Sendable {
    public let ws: Workspace
    public let config: AlertConfig
    public let logger: Logger
    /// The month to judge (default: the latest month with payroll or insurance data).
    public let asOf: Period?
    public let clock: RunClock
    /// Names the program in the bundles' manifests, e.g. `jobsentry 0.1.0`.
    public let generator: String
    public var csvBOM = false
    public var sender = CAPMessage.defaultSender
    /// Bits the outbox folder and the bundles do not get (`BundleWriter.publish`).
    public var outboxUmask: mode_t = 0o077

    public init(ws: Workspace, config: AlertConfig, logger: Logger, asOf: Period?, clock: RunClock, generator: String) {
        self.ws = ws; self.config = config; self.logger = logger; self.asOf = asOf; self.clock = clock
        self.generator = generator
    }

    /// What a run did.
    public struct Result: Sendable {
        /// The run's bundle folder (the last run's when nothing was new).
        public let bundle: URL
        /// Whether this run published a new bundle (false: nothing new since the last run).
        public let published: Bool
        /// Inbox files that could not be ingested (retried by every run until fixed or removed).
        public let failed: [String]

        /// Exit 65's reason when an inbox file could not be ingested: the rest was
        /// processed, but the file needs someone's attention.
        public var ingestFailure: WorkbenchFailure? {
            failed.isEmpty ? nil : WorkbenchFailure(.dataError,
                "\(failed.count) inbox file(s) could not be ingested: \(failed.joined(separator: ", ")); the rest was processed")
        }
    }

    public func execute() throws -> Result {
        let fm = FileManager.default
        for dir in [ws.outbox, ws.storeDir] {
            do { try fm.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
                throw WorkbenchFailure(.cannotCreate, "cannot create \(dir.path): \(error)")
            }
        }
        guard chmod(ws.outbox.path, 0o777 & ~outboxUmask) == 0 else {
            throw WorkbenchFailure(.cannotCreate, "cannot set the mode of \(ws.outbox.path): \(String(cString: strerror(errno)))")
        }
        let (key, capSigner) = try ws.loadSigningKeys()

        let store: Store
        do { store = try Store(path: ws.store.path) } catch {
            throw WorkbenchFailure(.cannotCreate, "store \(ws.store.path): \(error)")
        }
        let stopwatch = ContinuousClock(), started = stopwatch.now
        func seconds() -> String {
            let d = stopwatch.now - started
            return String(format: "%.2f", Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
        }
        let screen = IngestOptions(latestPeriod: IngestOptions.latestAccepted(today: clock.today,
                                                                              toleranceMonths: config.ingestPolicy.futureMonths))
        let ingested: (ledger: [Manifest.FileDigest], failed: [String])
        do { ingested = try InboxIngest.ingest(ws, store: store, options: screen, now: clock.now, logger: logger) } catch {
            throw WorkbenchFailure(.dataError, "ingest: \(error)")
        }
        let history: AlertHistory
        do { history = try AlertHistory(path: ws.store.path) } catch {
            throw WorkbenchFailure(.cannotCreate, "store \(ws.store.path): \(error)")
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
            return Result(bundle: ws.outbox.appendingPathComponent(l.runID), published: false, failed: ingested.failed)
        }

        let inputs: AlertInputs
        do { inputs = try InputSource(store: store).inputs() } catch {
            throw WorkbenchFailure(.dataError, "reading the store: \(error)")
        }
        guard let dataEnd = inputs.dataEnd else {
            let why = ingested.failed.isEmpty ? "holds no input file"
                : "holds no usable input file (\(ingested.failed.joined(separator: ", ")) failed)"
            throw WorkbenchFailure(ingested.failed.isEmpty ? .noInput : .dataError, "no data: the inbox \(ws.inbox.path) \(why)")
        }
        logger.info("loaded", metadata: ["series": "\(inputs.panel.seriesCount)", "months": "\(inputs.panel.periodCount)",
                                         "enterprises": "\(inputs.enterprises.count)", "elapsed_s": "\(seconds())"])
        if let a = asOf, a > dataEnd {
            throw WorkbenchFailure(.usage, "as-of \(a) is after \(dataEnd), the latest month with payroll or insurance data")
        }
        let month = asOf ?? dataEnd
        if let l = last, let prev = Period(l.asOf), month < prev {
            guard prev > dataEnd else {
                throw WorkbenchFailure(.usage, "as-of \(month) is before the last run's \(l.asOf) (\(l.runID)); runs go forward in time")
            }
            // The last run judged a month the store no longer holds (its vintage was withdrawn).
            logger.warning("the last run judged \(l.asOf), after the latest data now held (\(dataEnd)); going back to \(month)",
                           metadata: ["run": "\(l.runID)"])
        }

        // The month's mass-layoff judgement is kept in the store for `scenario` and `report`
        // (and a run of the same input): see `AlertEngine.cachedLayoffJudgement`.
        let analysis = Analysis(config: config, resultCache: try? StoreResultCache(path: ws.store.path))
        let step = try analysis.step(inputs, asOf: month, previous: try history.states(), sent: clock.sent)
        if !step.unfitted.isEmpty {
            logger.warning("series not fitted, not judged", metadata: [
                "count": "\(step.unfitted.count)",
                "series": "\(step.unfitted.prefix(10).map { "\($0.name) (\($0.reason))" }.joined(separator: "; "))\(step.unfitted.count > 10 ? "; …" : "")"])
        }
        if step.imputedFirmMonths > 0 {
            logger.info("payroll non-response imputed (last report carried forward) for the area rules", metadata: [
                "firm_months": "\(step.imputedFirmMonths)", "in_latest_month": "\(step.imputedLatestMonth)"])
        }
        if step.imputedInsuredFirmMonths > 0 {
            logger.info("insurance non-response imputed (last report carried forward) for the area rules", metadata: [
                "firm_months": "\(step.imputedInsuredFirmMonths)", "in_latest_month": "\(step.imputedInsuredLatestMonth)"])
        }
        let sequence = (last?.sequence ?? 0) + 1
        let runID = RunRecord.runID(sequence: sequence, asOf: month.description)
        logger.info("evaluated", metadata: ["run": "\(runID)", "as_of": "\(month)", "findings": "\(step.findings.count)",
                                            "alerts": "\(step.alerts.count)", "elapsed_s": "\(seconds())"])

        let output = BundleAssembly.output(runID: runID, asOf: month, sent: step.sent, config: config, alerts: step.alerts,
                                           ledger: ingested.ledger, enterprises: inputs.enterprises, generator: generator,
                                           sender: sender, csvByteOrderMark: csvBOM, unfitted: step.unfitted)
        let partial = ws.outbox.appendingPathComponent(".partial-\(runID)")
        let final = ws.outbox.appendingPathComponent(runID)
        do {
            try BundleWriter.publish(output, to: final, through: partial, signingKey: key, capSigner: capSigner, umask: outboxUmask) { FaultPoint.reach("bundle-written") }
        } catch {
            throw WorkbenchFailure(.cannotCreate, "cannot write the bundle \(final.path): \(error)")
        }
        FaultPoint.reach("published")

        var counts: [String: Int] = [:]
        for a in step.alerts { counts[a.status.rawValue, default: 0] += 1; if a.status.isOpen { counts[a.level.rawValue, default: 0] += 1 } }
        let record = RunRecord(sequence: sequence, runID: runID, asOf: month.description, stateKey: stateKey,
                               configHash: config.hash, sent: step.sent, counts: counts)
        do { try history.record(run: record, alerts: step.alerts, states: step.states) } catch {
            throw WorkbenchFailure(.cannotCreate, "cannot commit the run to \(ws.store.path): \(error)")
        }
        FaultPoint.reach("committed")
        try pointLatest(at: runID)
        var meta: Logger.Metadata = ["run": "\(runID)", "bundle": "\(final.path)", "elapsed_s": "\(seconds())"]
        for (k, v) in counts { meta[k] = "\(v)" }
        logger.info("published", metadata: meta)
        return Result(bundle: final, published: true, failed: ingested.failed)
    }

    /// Removes crash leftovers: partial folders, and run folders past the last committed run.
    func removeUncommitted(after committed: Int) throws {
        let fm = FileManager.default
        // `execute` made the outbox; one that cannot be listed would leave a crash's leftovers
        // in place for the bundle rename to stumble on, so it is this run's failure.
        let names: [String]
        do { names = try fm.contentsOfDirectory(atPath: ws.outbox.path) } catch {
            throw WorkbenchFailure(.cannotCreate, "cannot list the outbox \(ws.outbox.path): \(error)")
        }
        for name in names {
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
