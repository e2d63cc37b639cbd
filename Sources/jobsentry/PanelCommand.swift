import ArgumentParser
import Codes
import Foundation
import PanelStore
import TabularIO
import Workbench

struct PanelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "panel",
        abstract: "Read the panel of monthly series out of the store.",
        subcommands: [PanelExportCommand.self]
    )
}

struct PanelExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every panel series in the long format that `detect` reads.",
        discussion: """
        Columns: period,region_code,sector,group,signal,value — one row per observed month \
        of each series (region × sector × key group × signal), roll-ups included (county \
        -> city -> province, sector -> ALL), rates recomputed from rolled-up numerators \
        and denominators. --vintage N or --known-at DATE read the figures as they were \
        known then (for backtests).

        Example:
          jobsentry panel export --store jobsentry.sqlite --as-of 2025-03 --out panel.csv
        """
    )

    @Option(name: .long, help: "The SQLite store.")
    var store: String = "jobsentry.sqlite"

    @Option(name: .long, help: ArgumentHelp("Last month to include.", valueName: "YYYY-MM"))
    var asOf: Period?

    @Option(name: .long, help: "Read as of this ledger vintage (see `ingest` output).")
    var vintage: Int64?

    @Option(name: .long, help: "Read what was known at this time (ISO 8601, e.g. 2025-04-01T00:00:00Z).")
    var knownAt: String?

    @Option(name: .long, help: "Where to write the CSV ('-' for standard output).")
    var out: String

    func validate() throws {
        if let k = knownAt, ISO8601DateFormatter().date(from: k) == nil {
            throw ValidationError("--known-at expects an ISO 8601 time such as 2025-04-01T00:00:00Z, got \"\(k)\"")
        }
        if vintage != nil && knownAt != nil { throw ValidationError("give --vintage or --known-at, not both") }
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: store) else {
            diagnose("error: \(store): no such store; run `jobsentry ingest --store \(store) FILE...` first")
            throw ExitStatus.noInput
        }
        let known: KnownAt = vintage.map { .vintage($0) } ?? knownAt.map { .date(ISO8601DateFormatter().date(from: $0)!) } ?? .latest
        let panel = try Store(path: store).panel(asOf: asOf, knownAt: known)
        let w: CSVWriter
        do { w = try CSVWriter(path: out) } catch {
            diagnose("error: cannot write \(out): \(error)"); throw ExitStatus.cannotCreate
        }
        let rows = try SeriesFile.write(panel, to: w)
        try w.close()
        diagnose("panel export: \(panel.seriesCount) series, \(panel.periodCount) months, \(rows) rows")
    }
}
