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
        A crash or kill midway leaves the store as it was before the file.

        Summary per file on standard error: rows read, accepted, rejected, quarantine path.

        Example:
          jobsentry ingest --store jobsentry.sqlite inbox/payroll-2025-03.csv.gz inbox/claims-2025-03.csv
        """
    )

    @Option(name: .long, help: "The SQLite store (created if missing).")
    var store: String = "jobsentry.sqlite"

    @OptionGroup var input: InputOptions

    @Option(name: .long, help: "Directory for quarantine files (default: <store>.quarantine).")
    var quarantine: String?

    @Argument(help: "Input files.")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one input file") }
        if files.contains("-") { throw ValidationError("ingest reads files, not standard input: the ledger keys each file by its content") }
    }

    func run() throws {
        let db: Store
        do { db = try Store(path: store) } catch {
            diagnose("error: \(error)"); throw ExitStatus.cannotCreate
        }
        var worst: ExitCode = ExitStatus.ok
        for f in files {
            let size = (try? FileManager.default.attributesOfItem(atPath: f)[.size] as? Int) ?? nil
            let progress = ProgressBar(label: f, total: f.hasSuffix(".gz") ? nil : size, quiet: false)
            defer { progress.finish() }
            do {
                let outcome = try db.ingest(path: f, options: IngestOptions(kind: input.kind, encoding: input.encoding),
                                            strict: input.strict, quarantineDirectory: quarantine) { b, _ in progress.update(b) }
                progress.finish()
                switch outcome {
                case let .ingested(entry, report):
                    printDiagnostics(report)
                    var line = "ingest: \(f): \(report.kind), \(report.rowsRead) rows read, \(report.accepted) accepted, \(report.rejected.count) rejected"
                    if let q = entry.quarantinePath { line += " (quarantine: \(q))" }
                    line += ", \(report.duplicates.count) duplicates replaced; stored as vintage \(entry.id)\(inputForm(report))"
                    diagnose(line)
                case .alreadyIngested(let entry):
                    diagnose("ingest: \(f): already ingested as vintage \(entry.id) (\(entry.path), sha256 \(entry.sha256.prefix(12))…); nothing changed")
                }
            } catch let e as StrictRejection {
                printDiagnostics(e.report)
                diagnose("error: \(e)")
                worst = ExitStatus.dataError
            } catch let e as IngestError {
                diagnose("error: \(e)")
                if case .input(let io) = e, io.message.contains("No such file") || io.message.contains("Permission") {
                    if worst == ExitStatus.ok { worst = ExitStatus.noInput }
                } else {
                    worst = ExitStatus.dataError
                }
            } catch let e as StoreError {
                diagnose("error: \(e)"); throw ExitStatus.usage
            }
        }
        if worst != ExitStatus.ok { throw worst }
    }

    private func printDiagnostics(_ r: IngestReport, limit: Int = 20) {
        for c in r.ignoredColumns { diagnose("warning: \(r.path): ignoring unknown column \"\(c)\"") }
        for x in r.rejected.prefix(limit) { diagnose("error: \(x) (row rejected)") }
        if r.rejected.count > limit { diagnose("error: \(r.path): … and \(r.rejected.count - limit) more rejected rows") }
        for d in r.duplicates.prefix(limit) { diagnose("warning: \(d)") }
        if r.duplicates.count > limit { diagnose("warning: \(r.path): … and \(r.duplicates.count - limit) more duplicates") }
    }
}
