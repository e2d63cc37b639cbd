import ArgumentParser
import Codes
import Foundation
import SyntheticProvince
import TabularIO

extension GenerationScale: ExpressibleByArgument {}
extension Compression: ExpressibleByArgument {}
extension GenerationProfile: ExpressibleByArgument {}

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic province (every input kind) with the truth of its injected events.",
        discussion: """
        Writes payroll, insurance, transport and claims (.csv.gz unless --compress none), \
        survey.csv, enterprises.csv, regions.csv, sectors.csv and truth.csv into --out. The \
        bytes depend only on the options: the same seed gives the same files. Scales: demo \
        (3 counties per prefecture, 2,500 enterprises, 2021-01..2025-12), province (122 \
        counties, 110,000 enterprises, 2016-01..2025-12), national (the province plus \
        synthetic prefectures in the 30 other provincial units). truth.csv lists the injected \
        events (sector_downturn, province_shock, mass_layoff, wage_arrears, \
        migrant_outflow_shortfall, data_break, gradual_deterioration); datasets/hunan-demo/README.md \
        documents every column and what each event's magnitude means.

        --profile hard keeps the same events and adds what must not raise a job-loss alert: \
        firm births that ramp up, small-firm closures, heavy-tailed firm noise, one-month \
        outliers in every source, a tourism county's ×3–4 seasonal swing, a firm that expands \
        and stays, city youth rates with the graduation season and a county's insured count \
        stepping to ×0.85. Each is a row of type none in truth.csv, with two more columns: \
        cause (outlier, decoy_seasonal, decoy_expansion, break, graduation_season) and signal \
        (the column or series it touches).

        Examples:
          jobsentry generate --out datasets/hunan-demo --seed 20260401 --scale demo
          jobsentry generate --out hard-1 --seed 1 --profile hard
        """
    )

    @Option(name: .long, help: "Directory to write into (created if missing).")
    var out: String

    @Option(name: .long, help: "Random seed; the same seed gives the same bytes.")
    var seed: UInt64 = 20260401

    @Option(name: .long, help: "demo, province or national.")
    var scale: GenerationScale = .demo

    @Option(name: .long, help: "First month (YYYY-MM); defaults to the scale's range.")
    var from: String?

    @Option(name: .long, help: "Last month (YYYY-MM); defaults to the scale's range.")
    var to: String?

    @Option(name: .long, help: "Number of enterprises (default: 2500 demo, 110000 province).")
    var enterprises: Int?

    @Option(name: .long, help: "gzip (payroll, insurance, transport, claims as .csv.gz) or none.")
    var compress: Compression = .gzip

    @Option(name: .long, help: "standard, or hard: the same events among outliers, decoys, seasonal peaks and breaks.")
    var profile: GenerationProfile = .standard

    func makeSpec() throws -> GeneratorSpec {
        func period(_ text: String?, _ flag: String) throws -> Period? {
            guard let t = text else { return nil }
            guard let p = Period(t) else { throw ValidationError("\(flag) expects YYYY-MM, got \"\(t)\"") }
            return p
        }
        do {
            return try GeneratorSpec(seed: seed, scale: scale, from: period(from, "--from"), to: period(to, "--to"),
                                     enterprises: enterprises, compression: compress, profile: profile)
        } catch let p as GeneratorSpec.Problem {
            throw ValidationError(p.description)
        }
    }

    func validate() throws { _ = try makeSpec() }

    func run() throws {
        let spec = try makeSpec()
        let started = Date()
        let summary: Generator.Summary
        do {
            summary = try Generator.run(spec, into: out)
        } catch let e as IOFailure {
            diagnose("error: \(e)")
            throw ExitStatus.cannotCreate
        }
        let seconds = Date().timeIntervalSince(started)
        for f in summary.files {
            diagnose("  \(f.name): \(f.rows) rows, \(f.bytes) bytes")
        }
        diagnose("generate: \(summary.enterprises) enterprises (\(summary.keyEnterprises) key) in \(summary.counties) counties, "
            + "\(spec.from)..\(spec.to), \(summary.events.count) events"
            + (summary.quiet.isEmpty ? "" : ", \(summary.quiet.count) quiet cases") + ", seed \(spec.seed), "
            + NumberText.fixed(seconds, 1) + " s -> \(out)")
    }
}
