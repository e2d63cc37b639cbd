import Alerting
import ArgumentParser
import Codes
import Crypto
import Foundation
import Modeling
import PanelData
import PanelStore
import Publishing
import Scenarios

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

    @Option(name: .long, help: "Month to evaluate (YYYY-MM; default: the last month in the store).")
    var asOf: String?

    @Option(name: .long, help: "Months of headline forecast to show (1-6).")
    var horizon: Int = 3

    @Option(name: .long, help: "Write the scenario's bundles (an exercise, signed) to this new directory.")
    var out: String?

    func validate() throws {
        if shock.isEmpty && file == nil { throw ValidationError("give at least one --shock or a --file of scenarios") }
        if !shock.isEmpty && file != nil { throw ValidationError("give --shock or --file, not both") }
        if let a = asOf, Period(a) == nil { throw ValidationError("--as-of must be a month YYYY-MM, got \"\(a)\"") }
        if !(1...6).contains(horizon) { throw ValidationError("--horizon must be 1...6 months, got \(horizon)") }
        for s in shock {
            do { _ = try Shock(parsing: s) } catch { throw ValidationError("\(error)") }
        }
    }

    func run() throws {
        try AnalystFailure.reporting {
            let (storePath, config) = try source.resolve()
            var shocks = try shock.map { try Shock(parsing: $0) }
            var title = "scenario"
            var month = asOf.flatMap { Period($0) }
            if let file {
                let chosen = try pickScenario(file)
                shocks = chosen.shocks
                title = "scenario \(chosen.name)" + (chosen.description.map { ": \($0)" } ?? "")
                month = month ?? chosen.asOf
            }
            let copy = try StoreCopy(of: storePath)
            defer { copy.close() }
            let analysis = Analysis(store: try Store(path: copy.path), config: config)
            let base = try analysis.inputs(asOf: month)
            guard let last = Analysis.lastMonth(base.panel) else {
                throw AnalystFailure(status: ExitStatus.noInput, message: "the store holds no data")
            }
            let when = month ?? last
            var enterprises = base.enterprises
            let areaShocks: [Shock]
            do {
                let applied = try EnterpriseShocks.apply(shocks, to: &enterprises, panel: base.panel, asOf: when)
                areaShocks = applied.shocks
                for note in applied.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
            } catch {
                throw AnalystFailure(status: ExitStatus.dataError, message: "\(error)")
            }
            let (shocked, report) = base.panel.applying(areaShocks, asOf: when)
            let baseline = try analysis.evaluate(panel: base.panel, enterprises: base.enterprises, asOf: when)
            let stressed = try analysis.evaluate(panel: shocked, enterprises: enterprises, asOf: when)

            print("\(title)")
            for s in shocks { print("  shock \(s)") }
            print("as of \(when): \(report.shockedSeries) series shocked, \(report.aggregatesAdjusted) aggregates adjusted, \(report.ratiosRecomputed) ratios recomputed")
            let b = Dictionary(uniqueKeysWithValues: baseline.alerts.filter { $0.status.isOpen }.map { ($0.id, $0) })
            let s = Dictionary(uniqueKeysWithValues: stressed.alerts.filter { $0.status.isOpen }.map { ($0.id, $0) })
            print("open alerts: baseline \(b.count), with the shock \(s.count)")
            var rows: [(String, Alert, String)] = []
            for (id, a) in s {
                if let old = b[id] {
                    if a.level > old.level { rows.append(("escalated", a, "\(old.level.rawValue) -> \(a.level.rawValue)")) }
                    if a.level < old.level { rows.append(("de-escalated", a, "\(old.level.rawValue) -> \(a.level.rawValue)")) }
                } else {
                    rows.append(("new", a, a.level.rawValue))
                }
            }
            for (id, a) in b where s[id] == nil { rows.append(("resolved", a, "\(a.level.rawValue) -> none")) }
            rows.sort { ($0.0, -$0.1.riskScore, $0.1.id) < ($1.0, -$1.1.riskScore, $1.1.id) }
            if rows.isEmpty {
                print("no alert changes")
            } else {
                print("")
                for (change, a, level) in rows {
                    print("\(change.padding(13)) \(a.id.padding(44)) \(level.padding(18)) \(a.headline)")
                }
            }
            try printForecasts(baseline: base.panel, shocked: shocked, shocks: areaShocks, asOf: when)
            if let out {
                try writeBundles(stressed.alerts, store: analysis.store, config: config, enterprises: enterprises,
                                 asOf: when, assumed: title + ": " + shocks.map(\.description).joined(separator: "; "), to: out)
                print("\nscenario bundles: \(out)/public, \(out)/restricted")
            }
        }
    }

    /// The shocked run's bundles, as `run` writes them but marked as an exercise, into `dir`
    /// (which must not exist yet), through a temporary sibling renamed at the end.
    private func writeBundles(_ alerts: [Alert], store: Store, config: AlertConfig, enterprises: [EnterpriseSeries],
                              asOf: Period, assumed: String, to dir: String) throws {
        guard let ws = source.resolvedWorkspace else {
            throw AnalystFailure(status: ExitStatus.usage, message: "--out signs the bundles with a workspace's key; give --workspace")
        }
        let key: Curve25519.Signing.PrivateKey
        do { key = try Signing.loadPrivateKey(path: ws.privateKey.path) } catch {
            throw AnalystFailure(status: ExitStatus.config, message: "signing key: \(error)")
        }
        let fm = FileManager.default
        let final = URL(fileURLWithPath: dir)
        if fm.fileExists(atPath: final.path) {
            throw AnalystFailure(status: ExitStatus.cannotCreate, message: "\(dir) already exists; --out writes a new directory")
        }
        let inputs = try RunInputs.ledgerDigests(store, workspace: ws)
        let cells = CellComposition.compute(enterprises, period: asOf, dominanceCount: config.disclosure.dominanceCount)
        let output = RunOutput(runID: "scenario-\(asOf)", asOf: asOf.description, sent: RunClock.sent(), config: config,
                               alerts: alerts, inputs: inputs, disclosure: DisclosureControl(policy: config.disclosure, cells: cells),
                               generator: "jobsentry \(JobSentry.version) scenario", exercise: assumed)
        let partial = final.deletingLastPathComponent().appendingPathComponent(".partial-\(final.lastPathComponent)-\(UUID().uuidString)")
        do {
            try BundleWriter.publish(output, to: final, through: partial, signingKey: key)
        } catch {
            throw AnalystFailure(status: ExitStatus.cannotCreate, message: "cannot write the bundles to \(dir): \(error)")
        }
    }

    private func pickScenario(_ path: String) throws -> ScenarioFile.Scenario {
        let f: ScenarioFile
        do { f = try ScenarioFile.load(path: path) } catch {
            throw AnalystFailure(status: ExitStatus.dataError, message: "\(error)")
        }
        if let name {
            guard let s = f.scenarios.first(where: { $0.name == name }) else {
                throw AnalystFailure(status: ExitStatus.usage,
                                     message: "\(path): no scenario \"\(name)\"; it has \(f.scenarios.map(\.name).joined(separator: ", "))")
            }
            return s
        }
        guard f.scenarios.count == 1 else {
            throw AnalystFailure(status: ExitStatus.usage,
                                 message: "\(path) holds \(f.scenarios.count) scenarios; choose one with --name (\(f.scenarios.map(\.name).joined(separator: ", ")))")
        }
        return f.scenarios[0]
    }

    /// Forecasts of the province's headline rates and each shocked selection's total.
    private func printForecasts(baseline: Panel, shocked: Panel, shocks: [Shock], asOf: Period) throws {
        var keys: [SeriesKey] = []
        let province = baseline.keys.first { RegionCode($0.region)?.level == .province }?.region
        if let province {
            for sig in ["surveyed_unemployment_rate", "registered_unemployment_rate"] {
                keys.append(SeriesKey(region: province, sector: "ALL", group: "ALL", signal: sig))
            }
        }
        for s in shocks {
            keys.append(SeriesKey(region: s.region?.description ?? province ?? "", sector: s.sector?.code ?? "ALL",
                                  group: s.group ?? "ALL", signal: s.signal))
        }
        let index = baseline.columnIndex
        var seen = Set<SeriesKey>()
        let wanted = keys.filter { index[$0] != nil && seen.insert($0).inserted }
        guard !wanted.isEmpty else { return }
        let spec = try SeasonalTrendSpec()
        func forecast(_ panel: Panel) throws -> (Forecast, SeasonalTrendFit) {
            let sub = panel.selecting(wanted.map { index[$0]! }, through: asOf)
            let fit = try spec.fit(sub)
            return (try fit.forecast(months: horizon), fit)
        }
        let (fb, _) = try forecast(baseline)
        let (fs, _) = try forecast(shocked)
        print("\nforecast (95% interval)                                 month    baseline                         with shock")
        for (j, key) in wanted.enumerated() {
            for h in 0..<horizon {
                let i = h + j * horizon
                let label = h == 0 ? key.description : ""
                func cell(_ f: Forecast) -> String {
                    f.mean[i].isNaN ? "n/a" : "\(parameterText(f.mean[i])) [\(parameterText(f.lower[i])), \(parameterText(f.upper[i]))]"
                }
                print("\(label.padding(55)) \(fb.start + h)  \(cell(fb).padding(32)) \(cell(fs))")
            }
        }
    }
}

extension String {
    /// Left-aligned in a field of `width` characters (never truncated).
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
