import ArgumentParser
import Ingest
import TabularIO

struct AggregateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Aggregate raw input files to their cells, without a store (the map step of a sharded run).",
        discussion: """
        Reads one or more files of one kind (payroll, insurance, claims, transport, survey, \
        enterprises, series; .gz and GB18030 recognised) and writes their aggregate at the \
        files' own grain, sorted by key. For payroll the columns are \
        period,region_code,sector,enterprises,headcount,wages_cny,late_payers, late payers \
        being enterprises with days_late > 30. Rows repeating an (enterprise, month) are \
        replaced by the later row and reported. Rejected rows are reported on standard \
        error and, with --quarantine, written to a CSV with their line and reason.

        The output is a partial that `jobsentry merge` combines exactly with others, so \
        files can be split across machines. Use --rollup only on a final result: it adds \
        county -> city -> province and sector -> ALL cells.

        Examples:
          jobsentry aggregate --kind payroll payroll-2025-03.csv.gz --out cells.csv
          cat part-0001.csv | jobsentry aggregate --kind payroll - --out -
        """
    )

    @OptionGroup var input: InputOptions

    @Flag(name: .long, help: "Add roll-ups: county -> city -> province and sector -> ALL.")
    var rollup = false

    @Option(name: .long, help: "Write rejected rows (line, column, reason, original fields) to this CSV.")
    var quarantine: String?

    @Option(name: .long, help: "Where to write the aggregate CSV ('-' for standard output).")
    var out: String

    @Argument(help: "Input files ('-' for standard input).")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one input file") }
    }

    func run() throws {
        var table: AggregateTable?
        var rejected: [RowRejection] = []
        var header: [String] = []
        for f in files {
            let r = try ingestFile(f, options: try input.ingestOptions())
            report(r, command: "aggregate")
            if input.strict && !r.rejected.isEmpty {
                diagnose("error: \(f): \(r.rejected.count) rows rejected and --strict given; no output written")
                throw ExitStatus.dataError
            }
            if var t = table {
                guard t.layout.kind == r.kind else {
                    diagnose("error: \(f): is a \(r.kind) file but earlier files are \(t.layout.kind); aggregate one kind at a time")
                    throw ExitStatus.dataError
                }
                t.merge(r.table)
                table = t
            } else {
                table = r.table
            }
            rejected += r.rejected
            if header.isEmpty { header = r.header }
        }
        if let q = quarantine {
            do { try Quarantine.write(rejected, header: header, to: q) } catch {
                diagnose("error: cannot write \(q): \(error)"); throw ExitStatus.cannotCreate
            }
        }
        var result = table!
        if rollup { result = result.rolledUp() }
        try writeTable(result, to: out)
    }
}

/// Writes an aggregate CSV, mapping failures to exit 73.
func writeTable(_ t: AggregateTable, to out: String) throws {
    do {
        let w = try CSVWriter(path: out)
        try t.write(to: w)
        try w.close()
    } catch {
        diagnose("error: cannot write \(out): \(error)")
        throw ExitStatus.cannotCreate
    }
}
