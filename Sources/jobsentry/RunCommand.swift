import Alerting
import ArgumentParser
import Codes
import Foundation
import Logging
import Publishing
import Workbench

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Ingest new inbox files, model, alert and publish signed bundles: the cron job.",
        discussion: """
        One run at a time per workspace (a lock); a second run exits 75 at once. A run that \
        finds nothing new since the last one (same inputs, as-of month and config) publishes \
        nothing and exits 0. A crash at any point leaves the previous store and outbox as they \
        were; the next run completes the work. Bundles go to outbox/<run id>/public and \
        outbox/<run id>/restricted; outbox/LATEST names the newest complete run.

        Exit codes: 0 done (or nothing new), 64 usage (e.g. --as-of before the last run), \
        65 bad input data, 66 no workspace or no input, 70 internal error, 73 cannot write \
        the outbox or store, 75 another run holds the lock, 78 bad config.

        Everything the run creates is owner-only (folders 0700, files 0600); --outbox-umask 027 \
        lets the owner's group read the outbox and its bundles. Rows dated more than \
        ingest.future_months (config, default 1) after the current month are rejected to the \
        quarantine, and the run judges no month after the latest payroll or insurance data.

        Set SOURCE_DATE_EPOCH to fix the messages' sent time (reproducible bundles), and \
        JOBSENTRY_TODAY=YYYY-MM-DD to fix the date future months are judged from.

        Example:
          jobsentry run --workspace /srv/jobsentry --log-format json
        """
    )

    @Option(name: .long, help: "Workspace made by `jobsentry init`.")
    var workspace: String = "."

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Month to judge (default: the latest month in the data).", valueName: "YYYY-MM"))
    var asOf: Period?

    @Option(name: .customLong("log-format"), help: "Log lines on stderr: text or json.")
    var logFormat: LogFormat = .text

    @Flag(name: .customLong("csv-bom"), help: "Start alerts.csv with a UTF-8 byte-order mark (for spreadsheets).")
    var csvBOM = false

    @Option(name: .long, help: "CAP sender address of the messages.")
    var sender: String = CAPMessage.defaultSender

    @Option(name: .customLong("outbox-umask"), help: ArgumentHelp(
        "Permission bits the outbox and its bundles do not get, in octal: 077 owner only, 027 to let the owner's group read them.",
        valueName: "octal"))
    var outboxUmask: FileMask = .ownerOnly

    func run() throws {
        // The store, its quarantine and lock files are the owner's alone, whatever the shell's umask.
        FileMask.ownerOnly.applyToProcess()
        let logger = Logger(label: "run") { StderrLogHandler(label: $0, format: logFormat) }
        let ws = Workspace(workspace)
        guard FileManager.default.fileExists(atPath: ws.root.path) else {
            logger.error("no workspace at \(ws.root.path); create one with `jobsentry init`")
            throw ExitStatus.noInput
        }
        let config: AlertConfig
        do { config = try ws.loadConfig() } catch let e as ConfigError {
            logger.error("config: \(e)")
            throw ExitStatus.config
        }
        let lock: RunLock
        do { lock = try RunLock(path: ws.lockFile.path) } catch RunLock.Failure.held(let who) {
            logger.error("another run (pid \(who)) holds the workspace lock; not starting", metadata: ["lock": "\(ws.lockFile.path)"])
            throw ExitStatus.locked
        }
        defer { withExtendedLifetime(lock) {} }
        // The store's writer lock too, which `ingest` takes: wait a while for one to finish.
        let storeLock: RunLock
        do {
            try FileManager.default.createDirectory(at: ws.storeDir, withIntermediateDirectories: true)
            storeLock = try RunLock(path: ws.store.path + ".lock", wait: 30)
        } catch RunLock.Failure.held(let who) {
            logger.error("another writer (pid \(who)) holds the store lock; not starting", metadata: ["lock": "\(ws.store.path).lock"])
            throw ExitStatus.locked
        } catch {
            logger.error("cannot take the store lock: \(error)")
            throw ExitStatus.cannotCreate
        }
        defer { withExtendedLifetime(storeLock) {} }
        FaultPoint.reach("locked")
        let clock: RunClock
        do { clock = try CommandClock.run() } catch {
            logger.error("\(error)")
            throw ExitStatus.usage
        }
        var pipeline = RunPipeline(ws: ws, config: config, logger: logger, asOf: asOf, clock: clock,
                                   generator: "jobsentry \(JobSentry.version)")
        pipeline.csvBOM = csvBOM
        pipeline.sender = sender
        pipeline.outboxUmask = outboxUmask.bits
        do {
            let result = try pipeline.execute()
            print(result.bundle.path)
            if let failure = result.ingestFailure { throw failure }
        } catch let e as WorkbenchFailure {
            logger.error("\(e.message)")
            throw e.exitCode
        }
    }
}
