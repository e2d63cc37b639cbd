import ArgumentParser
import Foundation
import Ingest
import PanelStore
import TabularIO

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Validate input files and store their aggregates in the SQLite store.",
        discussion: """
        Each file (payroll, insurance, claims, transport, survey, enterprises, series; .gz \
        and GB18030 recognised; kind detected from the header unless --kind) is read in \
        one pass and stored in one transaction as a new vintage. A file whose bytes were \
        ingested before is skipped, so re-running on the same inbox changes nothing. A \
        corrected file for the same months supersedes the earlier figures, which stay \
        readable as an older vintage. Rejected rows go to \
        <store>.quarantine/<file>.<sha>.rejected.csv with their line and reason; the good \
        rows are kept, unless --strict, which stores nothing of such a file and exits 65. \
        A crash or kill midway leaves the store as it was before the file. A file of which \
        no row could be stored (a header alone, or every row rejected) is not recorded, \
        so a corrected file can follow; it exits 65. Rows dated more than --future-months \
        after the current month are rejected (JOBSENTRY_TODAY=YYYY-MM-DD fixes today). \
        --kind must agree with the header.

        --withdraw FILE|SHA takes a stored vintage out again (a file dated 2099 by mistake, \
        a wrong delivery): its figures leave the store in one transaction, earlier vintages \
        of the same months come back into force, the ledger records the withdrawal, and the \
        same bytes are not ingested again. The next `run` publishes what changed.

        One writer at a time per store (the lock <store>.lock, which `run` holds too): a \
        second one waits up to --lock-timeout seconds, then exits 75.

        Summary per file on standard error: rows read, accepted, rejected, quarantine path.

        Examples:
          jobsentry ingest --store jobsentry.sqlite inbox/payroll-2025-03.csv.gz inbox/claims-2025-03.csv
          jobsentry ingest --store jobsentry.sqlite --withdraw inbox/payroll-2099-01.csv
        """
    )

    @Option(name: .long, help: "The SQLite store (created if missing).")
    var store: String = "jobsentry.sqlite"

    @OptionGroup var input: InputOptions

    @Option(name: .long, help: "Directory for quarantine files (default: <store>.quarantine).")
    var quarantine: String?

    @Option(name: .long, help: ArgumentHelp("Withdraw the vintage of this file, or of this SHA-256 (8 or more hex digits).", valueName: "file-or-sha"))
    var withdraw: String?

    @Option(name: .customLong("lock-timeout"), help: ArgumentHelp("Seconds to wait for another writer of the store before exiting 75.", valueName: "seconds"))
    var lockTimeout: Double = 30

    @Argument(help: "Input files.")
    var files: [String] = []

    func validate() throws {
        if withdraw != nil {
            guard files.isEmpty else { throw ValidationError("--withdraw takes one vintage and no input files") }
        } else {
            guard !files.isEmpty else { throw ValidationError("give at least one input file") }
        }
        if files.contains("-") { throw ValidationError("ingest reads files, not standard input: the ledger keys each file by its content") }
        guard lockTimeout >= 0 else { throw ValidationError("--lock-timeout must be 0 or more seconds") }
    }

    func run() throws {
        // The store and the quarantine hold enterprise figures: owner-only, whatever the shell's umask.
        FileMask.ownerOnly.applyToProcess()
        let options = try input.ingestOptions()
        let lock: RunLock
        do { lock = try RunLock(path: store + ".lock", wait: lockTimeout) } catch RunLock.Failure.held(let who) {
            diagnose("error: \(store): another writer (pid \(who)) holds \(store).lock after \(lockTimeout) s; try later")
            throw ExitStatus.locked
        } catch {
            diagnose("error: \(error)"); throw ExitStatus.cannotCreate
        }
        defer { withExtendedLifetime(lock) {} }
        let db: Store
        do { db = try Store(path: store) } catch {
            diagnose("error: \(error)"); throw ExitStatus.cannotCreate
        }
        if let withdraw {
            try withdrawVintage(withdraw, from: db)
            return
        }
        var worst: ExitCode = ExitStatus.ok
        for f in files {
            do {
                let outcome = try withReadProgress(f) { update in
                    try db.ingest(path: f, options: options, strict: input.strict, quarantineDirectory: quarantine) { b, _ in update(b) }
                }
                switch outcome {
                case let .ingested(entry, report):
                    printRowDiagnostics(report)
                    var line = "ingest: \(f): \(report.kind), \(report.rowsRead) rows read, \(report.accepted) accepted, \(report.rejected.count) rejected"
                    if let q = entry.quarantinePath { line += " (quarantine: \(q))" }
                    line += ", \(report.duplicates.count) duplicates replaced; stored as vintage \(entry.id)\(inputForm(report))"
                    diagnose(line)
                    if let t = report.truncation {
                        // Stored as far as it goes; the exit status asks for the complete file.
                        diagnose("error: \(t)")
                        worst = ExitStatus.dataError
                    }
                case .alreadyIngested(let entry) where entry.withdrawnAt != nil:
                    diagnose("ingest: \(f): was ingested as vintage \(entry.id) and withdrawn; nothing changed (a corrected file has other bytes)")
                case .alreadyIngested(let entry):
                    diagnose("ingest: \(f): already ingested as vintage \(entry.id) (\(entry.path), sha256 \(entry.sha256.prefix(12))…); nothing changed")
                }
            } catch let e as StrictRejection {
                printRowDiagnostics(e.report)
                diagnose("error: \(e)")
                worst = ExitStatus.dataError
            } catch let e as IngestError {
                diagnose("error: \(e)")
                if e.isUnreadable {
                    if worst == ExitStatus.ok { worst = ExitStatus.noInput }
                } else {
                    worst = ExitStatus.dataError
                }
            } catch let e as StoreError {
                diagnose("error: \(e)"); throw ExitStatus.cannotCreate
            } catch let e as IOFailure {
                // The quarantine could not be written: the file was not stored.
                diagnose("error: \(e)"); throw ExitStatus.cannotCreate
            }
        }
        if worst != ExitStatus.ok { throw worst }
    }

    private func withdrawVintage(_ reference: String, from db: Store) throws {
        do {
            let w = try db.withdraw(reference)
            print("withdrew vintage \(w.entry.id) (\(w.entry.path), sha256 \(w.entry.sha256.prefix(12))…): \(w.blocks) fact blocks, \(w.registryEntries) registry entries removed")
        } catch let e as IngestError {
            diagnose("error: \(e)")
            throw e.isUnreadable ? ExitStatus.noInput : ExitStatus.dataError
        } catch let e as StoreError {
            diagnose("error: \(e)")
            throw ExitStatus.dataError
        }
    }
}
