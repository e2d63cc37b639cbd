import ArgumentParser
import Codes
import Ingest
import TabularIO

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge partial aggregates written by `aggregate` (the reduce step of a sharded run).",
        discussion: """
        All partials must be of one kind (recognised from the header). Counts and amounts \
        are summed; rates are recomputed from the summed numerators and denominators. For \
        kinds whose rows are already aggregates (claims, survey, series) a cell present in \
        two partials is a duplicate: the later file wins and it is reported. The result \
        equals aggregating all the raw files in one run.

        Examples:
          jobsentry merge shard-*.csv --out payroll-cells.csv --rollup
          cat partials/*.csv | jobsentry merge - --out -     (one header per partial is fine)
        """
    )

    @Flag(name: .long, help: "Add roll-ups to the merged result: county -> city -> province and sector -> ALL.")
    var rollup = false

    @Option(name: .long, help: "Where to write the merged CSV ('-' for standard output).")
    var out: String

    @Argument(help: "Partial aggregate files ('-' for standard input).")
    var partials: [String]

    func validate() throws {
        guard !partials.isEmpty else { throw ValidationError("give at least one partial file") }
    }

    func run() throws {
        var table: AggregateTable?
        for p in partials {
            let part: AggregateTable
            var repeated: [AggregateKey]
            do {
                (part, repeated) = try AggregateTable.readPartial(path: p)
            } catch let e as CSVError {
                diagnose("error: \(e)"); throw ExitStatus.dataError
            } catch let e as IOFailure {
                diagnose("error: \(e)"); throw ExitStatus.noInput
            }
            if var t = table {
                guard t.layout.kind == part.layout.kind else {
                    diagnose("error: \(p): is a \(part.layout.kind) aggregate but earlier partials are \(t.layout.kind)")
                    throw ExitStatus.dataError
                }
                repeated += t.merge(part)
                table = t
            } else {
                table = part
            }
            for k in repeated.prefix(20) {
                let n = table!.names(k)
                diagnose("warning: \(p): cell \(n.region)/\(n.sector)/\(n.group)\(n.signal.isEmpty ? "" : "/" + n.signal) period \(Period(index: Int(k.period))) given again; the later one wins")
            }
        }
        var result = table!
        if rollup { result = result.rolledUp() }
        try writeTable(result, to: out)
        diagnose("merge: \(partials.count) input(s), \(result.count) cells")
    }
}
