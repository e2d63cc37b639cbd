@testable import Alerting
import Codes
import Foundation
import PanelData
import XCTest

/// Typed rules (issue 14): every kind's parameters are read from the YAML, written by `init`
/// with the values the rules were built with, checked at their line and column, and each one
/// changes what its rule finds.
final class RuleParametersTests: XCTestCase {
    let months = 60
    var asOf: Period { Fixture.start + (months - 1) }

    /// The default config text with `key: value` in rule `id`'s block (the line replaced, or
    /// added after `kind:` when the block has none), parsed like a config file.
    func config(_ id: String, _ key: String, _ value: String) throws -> AlertConfig {
        try AlertConfig.parse(Self.text(id, key, value), file: "jobsentry.yaml")
    }

    static func text(_ id: String, _ key: String, _ value: String) -> String {
        var lines = AlertConfig.defaultText.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "  - id: \(id)") else { preconditionFailure("no rule \(id)") }
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("  - id: ") } ?? lines.count
        if let i = lines[start..<end].firstIndex(where: { $0.hasPrefix("    \(key): ") }) {
            lines[i] = "    \(key): \(value)"
        } else {
            lines.insert("    \(key): \(value)", at: start + 2)
        }
        return lines.joined(separator: "\n")
    }

    func raised(_ f: [Finding], rule: String) -> [Finding] { f.filter { $0.evidence.rule == rule && $0.raises } }

    func evaluate(_ c: AlertConfig, _ series: [(SeriesKey, [Double])], enterprises: [EnterpriseSeries] = [], asOf: Period? = nil) throws -> [Finding] {
        try AlertEngine(config: c).evaluate(panel: Fixture.panel(series), enterprises: enterprises, asOf: asOf ?? self.asOf)
    }

    // MARK: The YAML

    /// Parameters that were constants in the code before issue 14, per kind.
    static let moved: [RuleKind: [String]] = [
        .sahmRise: ["average_months", "lookback_months"],
        .downturn: ["average_months", "lookback_months", "minimum_changes", "sd_floor_share"],
        .contraction: ["change_scan_months"], .surge: ["change_scan_months"],
        .suddenFall: ["baseline_months", "minimum_changes", "scale_floor"],
        .massLayoff: ["baseline_months", "minimum_history", "noise_months", "noise_multiple", "size_bands", "band_minimum",
                      "tail_fraction", "usual_cut_years", "minimum_peers"],
        .wagesFallingHeadcountHolds: ["headcount_tolerance", "reference_months", "minimum_history"],
        .contributionArrears: ["wage_bill_months"],
        .festivalOutflowShortfall: ["maximum_z", "judged_months"],
        .outlier: ["judged_months"],
        .sourceDisagreement: ["reference_months", "scale_floor"],
        .regionalStress: ["minimum_history", "holdout_months", "minimum_series", "minimum_sd", "false_alarm_rate"],
    ]

    /// `init` writes every parameter of every rule; the moved constants, left out, take the
    /// same values (so a config written before issue 14 means what it meant) and the same hash.
    func testInitWritesEveryParameterAndLeftOutMeansTheOldConstant() throws {
        let d = AlertConfig.defaults
        var stripped = AlertConfig.defaultText.components(separatedBy: "\n")
        for r in d.rules {
            let start = try XCTUnwrap(stripped.firstIndex(of: "  - id: \(r.id)"))
            let end = stripped[(start + 1)...].firstIndex { $0.hasPrefix("  - id: ") } ?? stripped.count
            let block = stripped[start..<end]
            for (key, _) in r.parameterValues {
                XCTAssertTrue(block.contains { $0.hasPrefix("    \(key): ") }, "\(r.id) writes \(key)")
            }
            let moved = Self.moved[r.kind] ?? []
            stripped.removeSubrange(start..<end)
            stripped.insert(contentsOf: block.filter { line in !moved.contains { line.hasPrefix("    \($0): ") } }, at: start)
        }
        let old = try AlertConfig.parse(stripped.joined(separator: "\n"), file: "old.yaml")
        XCTAssertEqual(old, d)
        XCTAssertEqual(old.hash, d.hash)
        XCTAssertEqual(Set(Self.moved.keys).count, 12)
        // The values are the old constants.
        guard case .massLayoff(let p) = d.rule("mass_layoff")!.parameters else { return XCTFail() }
        XCTAssertEqual([p.baselineMonths, p.minimumHistory, p.noiseMonths, p.bandMinimum, p.usualCutYears, p.minimumPeers], [6, 12, 24, 50, 3, 8])
        XCTAssertEqual([p.noiseMultiple, p.tailFraction], [3, 0.01]); XCTAssertEqual(p.sizeBands, [50, 200, 1000])
        guard case .regionalStress(let s) = d.rule("regional_stress")!.parameters else { return XCTFail() }
        XCTAssertEqual([s.minimumHistory, s.holdoutMonths, s.minimumSeries], [36, 12, 3]); XCTAssertEqual([s.minimumSD, s.falseAlarmRate], [0.25, 0.01])
        guard case .festivalOutflowShortfall(let f) = d.rule("festival_outflow_shortfall")!.parameters else { return XCTFail() }
        XCTAssertEqual(f.maximumZ, -2); XCTAssertEqual(f.judgedMonths, 3)
        guard case .suddenFall(let u) = d.rule("sudden_employment_fall")!.parameters else { return XCTFail() }
        XCTAssertEqual(u.scaleFloor, 0.002); XCTAssertEqual(u.minimumChanges, 24)
        guard case .contraction(let c) = d.rule("employment_contraction")!.parameters else { return XCTFail() }
        XCTAssertEqual(c.changeScanMonths, 24)
        guard case .sahmRise(let h) = d.rule("sahm_rise")!.parameters else { return XCTFail() }
        XCTAssertEqual([h.minimumHistory, h.averageMonths, h.lookbackMonths], [15, 3, 12])
    }

    func testAParameterTheKindDoesNotTakeIsAnErrorAtItsKey() {
        let text = Self.text("sahm_rise", "window", "3")
        let line = text.components(separatedBy: "\n").firstIndex(of: "    window: 3")! + 1
        XCTAssertThrowsError(try AlertConfig.parse(text, file: "jobsentry.yaml")) { e in
            XCTAssertEqual("\(e)", "jobsentry.yaml:\(line):13: rule \"sahm_rise\": kind sahm_rise has no parameter \"window\"; its parameters are minimum_history, average_months, lookback_months")
        }
        let typo = Self.text("mass_layoff", "false_discovery_rat", "0.1")
        XCTAssertThrowsError(try AlertConfig.parse(typo, file: "jobsentry.yaml")) { e in
            XCTAssertTrue("\(e)".contains("kind mass_layoff has no parameter \"false_discovery_rat\""), "\(e)")
        }
    }

    func testAParameterOutOfRangeIsAnErrorAtItsKey() {
        for (id, key, value, message) in [
            ("sahm_rise", "average_months", "0", "average_months must be 1…12 months, got 0"),
            ("regional_stress", "false_alarm_rate", "0.7", "false_alarm_rate must be a probability between 0 and 0.5, got 0.7"),
            ("mass_layoff", "size_bands", "[200, 50]", "size_bands must be positive staff sizes in increasing order, got [200, 50]"),
            ("festival_outflow_shortfall", "maximum_z", "1.5", "maximum_z must be a robust z of at most 0 (a shortfall), got 1.5"),
            ("sudden_employment_fall", "scale_floor", "0", "scale_floor must be a positive relative change, got 0"),
            // A range that depends on another parameter (minimum_history from lookback_months + 1)
            // is checked after it: the out-of-range look-back is named, where the range
            // 701…600 used to trap.
            ("sahm_rise", "lookback_months", "700", "lookback_months must be 2…60 months, got 700"),
            ("employment_downturn", "lookback_months", "700", "lookback_months must be 2…60 months, got 700"),
            ("regional_stress", "holdout_months", "700", "holdout_months must be 1…60 months, got 700"),
        ] {
            let text = Self.text(id, key, value)
            let line = text.components(separatedBy: "\n").firstIndex(of: "    \(key): \(value)")! + 1
            XCTAssertThrowsError(try AlertConfig.parse(text, file: "jobsentry.yaml")) { e in
                XCTAssertEqual("\(e)", "jobsentry.yaml:\(line):\(key.count + 7): rule \"\(id)\": \(message)")
            }
        }
    }

    func testSetReachesEveryParameterOfTheKind() throws {
        let c = try AlertConfig.defaults.setting("sahm_rise.minimum_history=20")
        guard case .sahmRise(let p) = c.rule("sahm_rise")!.parameters else { return XCTFail() }
        XCTAssertEqual(p.minimumHistory, 20)
        XCTAssertNotEqual(c.hash, AlertConfig.defaults.hash)
        let t = try AlertConfig.defaults.setting("employment_contraction.thresholds.blue=2.5")
        XCTAssertEqual(t.rule("employment_contraction")?.thresholds.blue, 2.5)
        XCTAssertThrowsError(try AlertConfig.defaults.setting("sahm_rise.window=3")) { e in
            XCTAssertTrue("\(e)".hasPrefix("--set sahm_rise.window=3: unknown field \"window\" of rule sahm_rise (kind sahm_rise); expected one of enabled, clear, "), "\(e)")
        }
        XCTAssertThrowsError(try AlertConfig.defaults.setting("sahm_rise.minimum_history=x")) { e in
            XCTAssertTrue("\(e)".hasPrefix("--set sahm_rise.minimum_history=x: cannot set minimum_history to \"x\""), "\(e)")
        }
        let bands = try AlertConfig.defaults.setting("mass_layoff.size_bands=[100/500]")
        guard case .massLayoff(let m) = bands.rule("mass_layoff")!.parameters else { return XCTFail() }
        XCTAssertEqual(m.sizeBands, [100, 500])
        XCTAssertThrowsError(try AlertConfig.defaults.setting("mass_layoff.size_bands=[500/100]")) { e in
            XCTAssertTrue("\(e)".hasSuffix("size_bands must be positive staff sizes in increasing order, got [500, 100]"), "\(e)")
        }
        XCTAssertThrowsError(try AlertConfig.defaults.setting("sahm_rise.average_months=0")) { e in
            XCTAssertEqual("\(e)", "--set sahm_rise.average_months=0: rule \"sahm_rise\": average_months must be 1…12 months, got 0")
        }
    }

    /// `jobsentry rules` prints every parameter in force under its config key.
    func testListingPrintsEveryParameter() throws {
        let listing = AlertConfig.defaults.listing
        XCTAssertTrue(listing.contains("clear below 0.3; minimum_history 15; average_months 3; lookback_months 12\n"), listing)
        XCTAssertTrue(listing.contains("; size_bands [50, 200, 1000]; band_minimum 50; tail_fraction 0.01; usual_cut_years 3; minimum_peers 8\n"))
        XCTAssertTrue(listing.contains("; against payroll_headcount; reference_months 12; scale_floor 0.002; false_discovery_rate 0.05\n"))
        XCTAssertTrue(listing.contains("; maximum_z -2; judged_months 3\n"))
        XCTAssertTrue(listing.contains("control limits at a 1% false-alarm rate per region-month"))
        let changed = try AlertConfig.parse(Self.text("regional_stress", "false_alarm_rate", "0.05"), file: "x.yaml")
        XCTAssertTrue(changed.listing.contains("; false_alarm_rate 0.05\n"))
        XCTAssertTrue(changed.listing.contains("control limits at a 5% false-alarm rate"))
    }

    // MARK: Each parameter changes what its rule finds

    /// A rate at 4.0 that rises to 4.6, 4.9 and 5.9 over its last three months.
    func risingRate(_ n: Int) -> [(SeriesKey, [Double])] {
        var rate = Array(repeating: 4.0, count: n)
        rate[n - 3] = 4.6; rate[n - 2] = 4.9; rate[n - 1] = 5.9
        return [(Fixture.key("430100", "ALL", signal: "surveyed_unemployment_rate"), rate)]
    }

    func testSahmParameters() throws {
        let n = 30, at = Fixture.start + (n - 1)
        // 30 months: judged with a minimum of 24 months, not with 31.
        XCTAssertEqual(raised(try evaluate(config("sahm_rise", "minimum_history", "24"), risingRate(n), asOf: at), rule: "sahm_rise").count, 1)
        XCTAssertTrue(raised(try evaluate(config("sahm_rise", "minimum_history", "31"), risingRate(n), asOf: at), rule: "sahm_rise").isEmpty)
        // One-month "averages": 5.9 − 4.0 rather than (4.6 + 4.9 + 5.9)/3 − 4.0.
        let one = try XCTUnwrap(raised(try evaluate(config("sahm_rise", "average_months", "1"), risingRate(months)), rule: "sahm_rise").first)
        XCTAssertEqual(one.evidence.measure, 1.9, accuracy: 1e-9)
        // A low 6 months back is out of a 4-month look-back.
        var rate = risingRate(months)
        for t in (months - 10)..<(months - 7) { rate[0].1[t] = 3.0 }
        let long = try XCTUnwrap(raised(try evaluate(.defaults, rate), rule: "sahm_rise").first)
        let short = try XCTUnwrap(raised(try evaluate(config("sahm_rise", "lookback_months", "4"), rate), rule: "sahm_rise").first)
        XCTAssertGreaterThan(long.evidence.measure, short.evidence.measure + 0.5)
    }

    func testDeviationChangeScan() throws {
        var y = Fixture.seasonal(months: months, base: 10_000)
        for t in 56..<months { y[t] *= 0.85 }
        let s = [(Fixture.key(signal: "payroll_headcount"), y)]
        XCTAssertEqual(raised(try evaluate(.defaults, s), rule: "employment_contraction").first?.evidence.changeStart, "2024-09")
        XCTAssertEqual(raised(try evaluate(config("employment_contraction", "change_scan_months", "2"), s), rule: "employment_contraction")
            .first?.evidence.changeStart, "2024-11", "the scan reaches back 2 months only")
    }

    func cyclicalFall() -> [(SeriesKey, [Double])] {
        var y = Fixture.seasonal(months: months, base: 10_000, noiseShare: 0.004, seed: 3)
        for t in 0..<months { y[t] *= 1 + 0.07 * sin(2 * Double.pi * Double(t) / 60) }
        for t in (months - 3)..<months { y[t] *= 0.85 }
        return [(Fixture.key(signal: "payroll_headcount"), y)]
    }

    func testSuddenFallParameters() throws {
        let rule = "sudden_employment_fall"
        let base = try XCTUnwrap(raised(try evaluate(.defaults, cyclicalFall()), rule: rule).first)
        XCTAssertTrue(raised(try evaluate(config(rule, "scale_floor", "0.5"), cyclicalFall()), rule: rule).isEmpty,
                      "a 15% fall is 0.3 of a 50% floor")
        XCTAssertTrue(try evaluate(config(rule, "minimum_changes", "600"), cyclicalFall()).filter { $0.evidence.rule == rule }.isEmpty)
        let six = try XCTUnwrap(try evaluate(config(rule, "baseline_months", "6"), cyclicalFall()).first { $0.evidence.rule == rule })
        XCTAssertNotEqual(six.evidence.measure, base.evidence.measure)
    }

    func disagreeing() -> [(SeriesKey, [Double])] {
        let head = Fixture.seasonal(months: months, base: 20_000, seed: 5)
        var n = Fixture.Noise(state: 6)
        var insured = head.map { $0 * (0.95 + 0.002 * n.next()) }
        for t in (months - 2)..<months { insured[t] = head[t] * 0.80 }
        return [(Fixture.key(signal: "payroll_headcount"), head), (Fixture.key(signal: "insured"), insured)]
    }

    func testSourceDisagreementParameters() throws {
        let rule = "payroll_insurance_disagree"
        let base = try XCTUnwrap(raised(try evaluate(.defaults, disagreeing()), rule: rule).first)
        XCTAssertTrue(raised(try evaluate(config(rule, "scale_floor", "0.5"), disagreeing()), rule: rule).isEmpty)
        let short = try XCTUnwrap(try evaluate(config(rule, "reference_months", "3"), disagreeing()).first { $0.evidence.rule == rule })
        XCTAssertNotEqual(short.evidence.expected, base.evidence.expected, "the reference median over 3 months, not 12")
    }

    func festivalRail(_ months: Int) -> [(SeriesKey, [Double])] {
        var n = Fixture.Noise(state: 17)
        var rail = (0..<months).map { t -> Double in
            1000 + 6000 * SpringFestival.windowShare(of: Fixture.start + t, fromDay: 0, toDay: 30) + 20 * n.next()
        }
        rail[SpringFestival.date(in: 2024)!.period - Fixture.start] *= 0.6
        return [(Fixture.key("433100", "ALL", signal: "rail_departures"), rail)]
    }

    func testFestivalParameters() throws {
        let rule = "festival_outflow_shortfall", march = Period(year: 2024, month: 3)
        XCTAssertEqual(raised(try evaluate(.defaults, festivalRail(51), asOf: march), rule: rule).count, 1)
        let strict = try evaluate(config(rule, "maximum_z", "-500"), festivalRail(51), asOf: march).filter { $0.evidence.rule == rule }
        XCTAssertEqual(strict.count, 1); XCTAssertNil(strict.first?.evidence.level, "found, but its z is not below -500")
        XCTAssertEqual(try evaluate(.defaults, festivalRail(52), asOf: march + 1).filter { $0.evidence.rule == rule }.count, 1)
        XCTAssertTrue(try evaluate(config(rule, "judged_months", "1"), festivalRail(52), asOf: march + 1)
            .filter { $0.evidence.rule == rule }.isEmpty, "judged in the first month after the festival's window only")
    }

    func stressPanel() -> [(SeriesKey, [Double])] {
        (["A", "B", "C", "E", "F", "G"].enumerated()).map { i, sector in
            var y = Fixture.seasonal(months: months, base: 10_000, noiseShare: 0.02, seed: UInt64(40 + i))
            y[months - 1] += 10_000 * 0.02 * 0.29 * 3
            return (Fixture.key("430300", sector, signal: "payroll_headcount"), y)
        }
    }

    func testRegionalStressParameters() throws {
        func stress(_ c: AlertConfig) throws -> Finding? { try evaluate(c, stressPanel()).first { $0.evidence.rule == "regional_stress" } }
        let base = try XCTUnwrap(try stress(.defaults))
        XCTAssertNil(try stress(config("regional_stress", "minimum_series", "7")), "6 series")
        XCTAssertNil(try stress(config("regional_stress", "minimum_sd", "5")), "no series' z moves that much")
        XCTAssertNil(try stress(config("regional_stress", "minimum_history", "61")))
        let strict = try XCTUnwrap(try stress(config("regional_stress", "false_alarm_rate", "0.001")))
        XCTAssertLessThan(strict.evidence.measure, base.evidence.measure, "higher limits at a lower false-alarm rate")
        XCTAssertNotEqual(try stress(config("regional_stress", "holdout_months", "6"))?.evidence.measure, base.evidence.measure)
    }

    func testDownturnParameters() throws {
        var y = Fixture.seasonal(months: months, base: 50_000, noiseShare: 0.002, seed: 3)
        for t in (months - 12)..<months { y[t] *= 1 - 0.04 * Double(t - (months - 13)) / 12 }
        let s = [(Fixture.key("430000", "ALL", signal: "payroll_headcount"), y)]
        let rule = "employment_downturn"
        let base = try XCTUnwrap(raised(try evaluate(.defaults, s), rule: rule).first)
        XCTAssertTrue(try evaluate(config(rule, "minimum_changes", "600"), s).filter { $0.evidence.rule == rule }.isEmpty)
        XCTAssertTrue(raised(try evaluate(config(rule, "sd_floor_share", "20"), s), rule: rule).isEmpty, "a floor of 20 SDs")
        let short = try XCTUnwrap(try evaluate(config(rule, "lookback_months", "3"), s).first { $0.evidence.rule == rule })
        XCTAssertLessThan(short.evidence.measure, base.evidence.measure, "the high of 3 months back is lower than that of 12")
        let one = try XCTUnwrap(try evaluate(config(rule, "average_months", "1"), s).first { $0.evidence.rule == rule })
        XCTAssertNotEqual(one.evidence.measure, base.evidence.measure)
    }

    func testOutlierJudgedMonths() throws {
        var y = Fixture.seasonal(months: months, base: 10_000)
        y[months - 2] *= 10
        let s = [(Fixture.key(signal: "payroll_headcount"), y)]
        XCTAssertEqual(raised(try evaluate(.defaults, s), rule: "single_month_outlier").count, 1)
        XCTAssertTrue(raised(try evaluate(config("single_month_outlier", "judged_months", "1"), s), rule: "single_month_outlier").isEmpty,
                      "the spike is the month before the latest")
    }

    func testMassLayoffParameters() throws {
        let rule = "mass_layoff"
        var cut = Array(repeating: 500.0, count: months)
        for t in 58..<months { cut[t] = 440 }
        let firm = [Fixture.enterprise(id: Fixture.creditCode(1), headcount: cut)]
        XCTAssertEqual(raised(try evaluate(.defaults, [], enterprises: firm), rule: rule).first?.evidence.measure, 3)
        XCTAssertTrue(raised(try evaluate(config(rule, "noise_multiple", "100"), [], enterprises: firm), rule: rule).isEmpty,
                      "60 people are 60 of the floor's 1-person SDs, under 100")
        XCTAssertTrue(raised(try evaluate(config(rule, "minimum_history", "59"), [], enterprises: firm), rule: rule).isEmpty)
        // The usual festival cut of 75 is subtracted from this year's 200 unless no earlier year counts.
        var h = Array(repeating: 500.0, count: months)
        for y in 2020...2024 { let f = SpringFestival.date(in: y)!.period - Fixture.start; if f < months { h[f] = 425 } }
        let f24 = SpringFestival.date(in: 2024)!.period - Fixture.start
        h[f24] = 300; h[f24 + 1] = 300
        let festival = [Fixture.enterprise(id: Fixture.creditCode(9), headcount: h)]
        let at = Fixture.start + (f24 + 1)
        XCTAssertEqual(raised(try evaluate(.defaults, [], enterprises: festival, asOf: at), rule: rule).first?.evidence.measure, 125.0 / 20)
        XCTAssertEqual(raised(try evaluate(config(rule, "usual_cut_years", "0"), [], enterprises: festival, asOf: at), rule: rule)
            .first?.evidence.measure, 200.0 / 20)
        // A firm that grew from 400 to 500 three months before cutting to 440: against the
        // median of 6 months (450) the cut is 10 people, against that of 3 months (500) it is 60.
        var grown = Array(repeating: 400.0, count: months)
        for t in 55..<58 { grown[t] = 500 }
        for t in 58..<months { grown[t] = 440 }
        let grew = [Fixture.enterprise(id: Fixture.creditCode(2), headcount: grown)]
        XCTAssertTrue(raised(try evaluate(.defaults, [], enterprises: grew), rule: rule).isEmpty)
        XCTAssertEqual(raised(try evaluate(config(rule, "baseline_months", "3"), [], enterprises: grew), rule: rule).first?.evidence.measure, 3)
        // Size bands, band pooling and the tail share, on the functions the rule calls with them.
        guard case .massLayoff(let p) = try config(rule, "size_bands", "[100]").rule(rule)!.parameters else { return XCTFail() }
        XCTAssertEqual(LayoffSizeBands(p.sizeBands).count, 2)
        XCTAssertEqual(LayoffSizeBands(p.sizeBands).band(staff: 150), 1)
        XCTAssertEqual(LayoffSizeBands(MassLayoffParameters(window: 3).sizeBands).band(staff: 150), 1)
        XCTAssertEqual(LayoffSizeBands(MassLayoffParameters(window: 3).sizeBands).band(staff: 250), 2)
        guard case .massLayoff(let q) = try config(rule, "tail_fraction", "0.05").rule(rule)!.parameters else { return XCTFail() }
        XCTAssertEqual(LayoffNull.tailCount(months: 800, fraction: q.tailFraction), 40)
        XCTAssertEqual(LayoffNull.tailCount(months: 800, fraction: 0.01), 10)
        guard case .massLayoff(let b) = try config(rule, "band_minimum", "5").rule(rule)!.parameters else { return XCTFail() }
        XCTAssertEqual(b.bandMinimum, 5)
    }

    func testWageRuleParameters() throws {
        let flat = Array(repeating: 500.0, count: months)
        var wages = flat.map { $0 * 6000 }; wages[months - 1] = 500 * 4000
        let falling = [Fixture.enterprise(id: Fixture.creditCode(3), headcount: flat, wages: wages)]
        let rule = "wages_falling_headcount_holds"
        XCTAssertEqual(raised(try evaluate(.defaults, [], enterprises: falling), rule: rule).count, 1)
        XCTAssertTrue(raised(try evaluate(config(rule, "minimum_history", "60"), [], enterprises: falling), rule: rule).isEmpty)
        var shrinking = flat; shrinking[months - 1] = 485   // −3%
        let three = [Fixture.enterprise(id: Fixture.creditCode(3), headcount: shrinking, wages: wages)]
        XCTAssertEqual(raised(try evaluate(.defaults, [], enterprises: three), rule: rule).count, 1)
        XCTAssertTrue(raised(try evaluate(config(rule, "headcount_tolerance", "0.02"), [], enterprises: three), rule: rule).isEmpty)
        var step = wages; for t in (months - 4)..<(months - 1) { step[t] = 500 * 3000 }
        let stepped = [Fixture.enterprise(id: Fixture.creditCode(3), headcount: flat, wages: step)]
        XCTAssertEqual(raised(try evaluate(.defaults, [], enterprises: stepped), rule: rule).count, 1)
        XCTAssertTrue(raised(try evaluate(config(rule, "reference_months", "3"), [], enterprises: stepped), rule: rule).isEmpty,
                      "against the last 3 months the wages did not fall")

        var arrears = Array(repeating: 0.0, count: months); arrears[months - 1] = 2.5 * 500 * 6000
        var doubled = flat.map { $0 * 6000 }; doubled[months - 1] *= 2
        let owing = [Fixture.enterprise(id: Fixture.creditCode(4), headcount: flat, wages: doubled, arrears: arrears)]
        XCTAssertEqual(raised(try evaluate(.defaults, [], enterprises: owing), rule: "contribution_arrears").first?.evidence.measure, 2.5)
        XCTAssertEqual(raised(try evaluate(config("contribution_arrears", "wage_bill_months", "1"), [], enterprises: owing),
                              rule: "contribution_arrears").first?.evidence.measure, 1.25)
    }
}
