import Alerting
import ArgumentParser
import Codes
import Foundation
import PanelStore
import Scenarios
import Workbench

struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Run the alert pipeline on shocked data and show what changes.",
        discussion: """
        A shock selects series (region — a city code covers its counties —, sector, group, \
        signal) and changes them by a percentage or an amount from a month, for some months, \
        optionally building up over a ramp. The pipeline runs on a private copy of the store, \
        once as it is and once shocked; the store itself is never changed. Printed: alerts that \
        are new, escalated, de-escalated or resolved under the shock, and the forecast of the \
        headline rates and of each shocked selection with and without it.

        Shock keys: region, sector, group, signal (required), change (required: -15% or -300), \
        from (YYYY-MM, default the as-of month), months (default: to the end), ramp (months). \
        enterprise=CODE (a Unified Social Credit Code, with signal payroll_headcount or \
        payroll_wages) changes that enterprise's own figures, which the enterprise rules read \
        (mass layoff, wages), and its county and sector by the same amount; a headcount cut \
        also takes the cell's insured employees down in proportion to its insured share.

        --out DIR writes the shocked run's bundles (DIR/public and DIR/restricted, as `run` \
        publishes them, signed with the workspace's key) marked as an exercise: CAP status \
        Exercise with the shocks as the note, and a summary that says it is not a warning.

        Example:
          jobsentry scenario --workspace ws \\
            --shock 'region=430100,sector=C,signal=payroll_headcount,change=-15%,from=2024-03,months=6'
          jobsentry scenario --workspace ws --file scenarios.yaml --name changsha-manufacturing --out what-if
        """
    )

    @OptionGroup var source: AnalystOptions

    @Option(name: .long, help: "A shock as key=value pairs (repeatable).")
    var shock: [String] = []

    @Option(name: .long, help: "A YAML file of named scenarios.")
    var file: String?

    @Option(name: .long, help: "The scenario of --file to run (default: the only one).")
    var name: String?

    @Option(name: .long, help: ArgumentHelp("Month to evaluate (default: the last month in the store).", valueName: "YYYY-MM"))
    var asOf: Period?

    @Option(name: .long, help: "Months of headline forecast to show (1-6).")
    var horizon: Int = 3

    @Option(name: .long, help: "Write the scenario's bundles (an exercise, signed) to this new directory.")
    var out: String?

    func validate() throws {
        if shock.isEmpty && file == nil { throw ValidationError("give at least one --shock or a --file of scenarios") }
        if !shock.isEmpty && file != nil { throw ValidationError("give --shock or --file, not both") }
        if !(1...6).contains(horizon) { throw ValidationError("--horizon must be 1...6 months, got \(horizon)") }
        for s in shock {
            do { _ = try Shock(parsing: s) } catch { throw ValidationError("\(error)") }
        }
    }

    func run() throws {
        try reportingFailures {
            let (storePath, config) = try source.resolve()
            var shocks = try shock.map { try Shock(parsing: $0) }
            var title = "scenario"
            var month = asOf
            if let file {
                let chosen = try pickScenario(file)
                shocks = chosen.shocks
                title = "scenario \(chosen.name)" + (chosen.description.map { ": \($0)" } ?? "")
                month = month ?? chosen.asOf
            }
            let copy = try StoreCopy(of: storePath)
            defer { copy.close() }
            let store = try Store(path: copy.path)
            let outcome = try ScenarioOutcome.evaluate(shocks, source: try InputSource(store: store), config: config,
                                                       asOf: month, sent: CommandClock.sent(),
                                                       resultCache: try? StoreResultCache(path: copy.path))
            for note in outcome.notes { diagnose("note: \(note)") }

            let forecasts = try outcome.forecasts(horizon: horizon)
            for line in outcome.lines(title: title, shocks: shocks, forecasts: forecasts, horizon: horizon) { print(line) }
            if let out {
                guard let ws = source.resolvedWorkspace else {
                    throw WorkbenchFailure(.usage, "--out signs the bundles with a workspace's key; give --workspace")
                }
                try ExerciseBundles.write(outcome, assumed: title + ": " + shocks.map(\.description).joined(separator: "; "),
                                          workspace: ws, store: store, config: config,
                                          generator: "jobsentry \(JobSentry.version) scenario", to: out)
                print("\nscenario bundles: \(out)/public, \(out)/restricted")
            }
        }
    }

    private func pickScenario(_ path: String) throws -> ScenarioFile.Scenario {
        let f: ScenarioFile
        do { f = try ScenarioFile.load(path: path) } catch {
            throw WorkbenchFailure(.dataError, "\(error)")
        }
        if let name {
            guard let s = f.scenarios.first(where: { $0.name == name }) else {
                throw WorkbenchFailure(.usage, "\(path): no scenario \"\(name)\"; it has \(f.scenarios.map(\.name).joined(separator: ", "))")
            }
            return s
        }
        guard f.scenarios.count == 1 else {
            throw WorkbenchFailure(.usage,
                                   "\(path) holds \(f.scenarios.count) scenarios; choose one with --name (\(f.scenarios.map(\.name).joined(separator: ", ")))")
        }
        return f.scenarios[0]
    }
}
