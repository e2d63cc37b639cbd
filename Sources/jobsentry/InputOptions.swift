import ArgumentParser
import Foundation
import Ingest
import TabularIO

extension SignalKind: ExpressibleByArgument {}

extension TextEncoding: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { ["auto", "utf-8", "gb18030", "utf-16le", "utf-16be"] }
}

/// Options shared by the commands that read raw input files.
struct InputOptions: ParsableArguments {
    @Option(name: .long, help: "Kind of input: payroll, insurance, claims, transport, survey, enterprises or series. Detected from the header when omitted.")
    var kind: SignalKind?

    @Option(name: .long, help: "Text encoding: auto (UTF-16 by its byte-order mark or zero bytes, else UTF-8, else GB18030), utf-8, gb18030, utf-16le or utf-16be.")
    var encoding: TextEncoding = .auto

    @Flag(name: .long, help: "Fail (exit 65) if any row is rejected, instead of keeping the good rows.")
    var strict = false

    @Option(name: .customLong("future-months"), help: ArgumentHelp(
        "Reject rows dated more than this many months after the current month (JOBSENTRY_TODAY=YYYY-MM-DD fixes today).",
        valueName: "n"))
    var futureMonths: Int = 1

    func validate() throws {
        guard (0...120).contains(futureMonths) else { throw ValidationError("--future-months must be 0…120, got \(futureMonths)") }
    }

    /// The reading options these flags ask for, screening months after today + `futureMonths`.
    func ingestOptions() throws -> IngestOptions {
        do {
            return IngestOptions(kind: kind, encoding: encoding,
                                 latestPeriod: try IngestClock.latestAccepted(toleranceMonths: futureMonths))
        } catch let e as IngestClock.InvalidToday {
            throw ValidationError(e.description)
        }
    }
}

/// Prints the per-file diagnostics: ignored columns once, rejected rows (the first
/// `limit`), duplicates, a truncated gzip's break, and a one-line summary.
func report(_ r: IngestReport, command: String, limit: Int = 20) {
    printRowDiagnostics(r, limit: limit)
    if let t = r.truncation { diagnose("error: \(t)") }
    diagnose("\(command): \(r.path): \(r.kind), \(r.rowsRead) rows read, \(r.accepted) accepted, \(r.rejected.count) rejected, \(r.duplicates.count) duplicates replaced\(inputForm(r))")
}

/// Ignored columns once, then the first `limit` rejected rows and duplicates, each with
/// file, line and column.
func printRowDiagnostics(_ r: IngestReport, limit: Int = 20) {
    for c in r.ignoredColumns { diagnose("warning: \(r.path): ignoring unknown column \"\(c)\"") }
    for x in r.rejected.prefix(limit) { diagnose("error: \(x) (row rejected)") }
    if r.rejected.count > limit { diagnose("error: \(r.path): … and \(r.rejected.count - limit) more rejected rows") }
    for d in r.duplicates.prefix(limit) { diagnose("warning: \(d)") }
    if r.duplicates.count > limit { diagnose("warning: \(r.path): … and \(r.duplicates.count - limit) more duplicates") }
}

/// Runs `body` under a progress line for reading `path`: decoded bytes against the file's
/// size (a count alone for compressed input and standard input).
func withReadProgress<T>(_ path: String, _ body: (_ update: @escaping (Int) -> Void) throws -> T) rethrows -> T {
    let size = path == "-" || path.hasSuffix(".gz") ? nil
        : (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
    let progress = ProgressBar(label: path, total: size, quiet: false)
    defer { progress.finish() }
    return try body { progress.update($0) }
}

/// Reads one input file with a progress line, mapping failures to exit statuses.
func ingestFile(_ path: String, options: IngestOptions) throws -> IngestReport {
    do {
        return try withReadProgress(path) { update in
            try Ingestor.run(path: path, options: options) { bytes, _ in update(bytes) }
        }
    } catch let e as IngestError {
        diagnose("error: \(e)")
        if e.isUnreadable { throw ExitStatus.noInput }
        throw ExitStatus.dataError
    }
}

/// `""`, `"; read as gzip"`, `"; read as gzip, GB18030"`: how the bytes were decoded.
func inputForm(_ r: IngestReport) -> String {
    var extras: [String] = []
    if r.compressed { extras.append("gzip") }
    if r.encoding == .gb18030 { extras.append("GB18030") }
    if r.encoding == .utf16le || r.encoding == .utf16be { extras.append(r.encoding == .utf16le ? "UTF-16LE" : "UTF-16BE") }
    return extras.isEmpty ? "" : "; read as \(extras.joined(separator: ", "))"
}
