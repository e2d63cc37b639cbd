import Alerting
import Codes
import PanelData
import TestSupport
import XCTest

final class AlertEngineTests: XCTestCase {
    let engine = AlertEngine(config: .defaults)
    let months = 60
    var asOf: Period { Fixture.start + (months - 1) }

    func raised(_ f: [Finding], rule: String) -> [Finding] { f.filter { $0.evidence.rule == rule && $0.raises } }

    func testContractionFindsAnInjectedDropAndItsStartMonth() throws {
        var y = Fixture.seasonal(months: months, base: 10_000)
        for t in 56..<months { y[t] *= 0.85 }
        let f = try engine.evaluate(panel: Fixture.panel([(Fixture.key(signal: "payroll_headcount"), y)]), enterprises: [], asOf: asOf)
        let hit = try XCTUnwrap(raised(f, rule: "employment_contraction").first)
        XCTAssertEqual(hit.subject.id, "A-430100-C-ALL")
        XCTAssertEqual(hit.evidence.changeStart, "2024-09", "the drop began in month 56 = 2024-09")
        XCTAssertEqual(hit.evidence.period, "2024-12")
        XCTAssertEqual(hit.evidence.level, .red, "a 15% drop in a series with 0.3% noise is far beyond 9σ")
        XCTAssertLessThan(hit.evidence.observed, hit.evidence.lower!)
    }

    /// A series wandering with a business cycle (±7% over 60 months, which trend and season
    /// follow only in part): a 15% step over the last 3 months is far beyond its usual change
    /// from one quarter to the next.
    func cyclical(step: Double, seed: UInt64 = 3) -> [Double] {
        var y = Fixture.seasonal(months: months, base: 10_000, noiseShare: 0.004, seed: seed)
        for t in 0..<months { y[t] *= 1 + 0.07 * sin(2 * Double.pi * Double(t) / 60) }
        for t in (months - 3)..<months { y[t] *= 1 + step }
        return y
    }

    func testSuddenFallFindsAStepThatTheCycleHides() throws {
        let f = try engine.evaluate(panel: Fixture.panel([(Fixture.key(signal: "payroll_headcount"), cyclical(step: -0.15))]),
                                    enterprises: [], asOf: asOf)
        let hit = try XCTUnwrap(raised(f, rule: "sudden_employment_fall").first, f.map { "\($0.evidence.rule) \($0.evidence.measure)" }.joined(separator: "\n"))
        XCTAssertEqual(hit.subject.id, "A-430100-C-ALL")
        XCTAssertEqual(hit.evidence.changeStart, "2024-10", "the last 3 months, 2024-10 … 2024-12")
        XCTAssertEqual(hit.evidence.measureName, "robust_z_of_seasonally_adjusted_change")
        // Observed is the latest month, expected that month at the level of the 3 months before
        // the window: 15% less the cycle's drift.
        let fall = 1 - hit.evidence.observed / hit.evidence.expected!
        XCTAssertEqual(fall, 0.15, accuracy: 0.04)
        XCTAssertTrue(hit.evidence.detail.contains("fell"), hit.evidence.detail)

        let calm = try engine.evaluate(panel: Fixture.panel([(Fixture.key(signal: "payroll_headcount"), cyclical(step: 0))]),
                                       enterprises: [], asOf: asOf)
        XCTAssertTrue(raised(calm, rule: "sudden_employment_fall").isEmpty, "the cycle alone is not a sudden fall")
    }

    func testSuddenFallInInsuredAloneIsTheDataChecksQuestion() throws {
        let payroll = cyclical(step: 0)
        let insured = cyclical(step: -0.15).map { $0 * 0.9 }
        let f = try engine.evaluate(panel: Fixture.panel([(Fixture.key(signal: "payroll_headcount"), payroll),
                                                          (Fixture.key(signal: "insured"), insured)]), enterprises: [], asOf: asOf)
        XCTAssertTrue(raised(f, rule: "sudden_employment_fall").isEmpty, "payroll holds: a definition change, not job loss")
        XCTAssertFalse(raised(f, rule: "payroll_insurance_disagree").isEmpty)
        let both = try engine.evaluate(panel: Fixture.panel([(Fixture.key(signal: "payroll_headcount"), cyclical(step: -0.15)),
                                                             (Fixture.key(signal: "insured"), insured)]), enterprises: [], asOf: asOf)
        XCTAssertEqual(Set(raised(both, rule: "sudden_employment_fall").map(\.evidence.signal)), ["payroll_headcount", "insured"])
    }

    func testCleanSeriesRaiseNothing() throws {
        // 40 clean series: the deviation rules must stay quiet (window mean of |z| ≥ 3 is rare).
        var series: [(SeriesKey, [Double])] = []
        for i in 0..<20 {
            series.append((Fixture.key("4301\(String(format: "%02d", i))", "C", signal: "payroll_headcount"),
                           Fixture.seasonal(months: months, base: 5000, seed: UInt64(i + 10))))
            series.append((Fixture.key("4301\(String(format: "%02d", i))", "C", signal: "ui_new_claims"),
                           Fixture.seasonal(months: months, base: 200, noiseShare: 0.05, seed: UInt64(i + 100))))
        }
        let f = try engine.evaluate(panel: Fixture.panel(series), enterprises: [], asOf: asOf)
        XCTAssertEqual(f.filter(\.raises).map(\.subject.id), [])
    }

    func testGenericSeriesGetContractionAndSurgeByName() throws {
        var emp = Fixture.seasonal(months: months, base: 80_000, seed: 3)
        var unemp = Fixture.seasonal(months: months, base: 1_000, seed: 4)
        for t in 57..<months { emp[t] *= 0.9; unemp[t] *= 1.4 }
        let p = Fixture.panel([(Fixture.key("x-city", "mining", signal: "employment_persons"), emp),
                               (Fixture.key("x-city", "mining", signal: "registered_unemployed"), unemp)])
        let f = try engine.evaluate(panel: p, enterprises: [], asOf: asOf)
        XCTAssertEqual(raised(f, rule: "employment_contraction").map(\.evidence.signal), ["employment_persons"])
        XCTAssertEqual(raised(f, rule: "claims_separations_surge").map(\.evidence.signal), ["registered_unemployed"])
        XCTAssertEqual(Set(f.map(\.subject.id)), ["A-x_city-mining-ALL"])
    }

    func testCeilingAndSahmRise() throws {
        var rate = Array(repeating: 4.0, count: months)
        rate[months - 3] = 4.6; rate[months - 2] = 4.9; rate[months - 1] = 5.9
        let p = Fixture.panel([(Fixture.key("430100", "ALL", signal: "surveyed_unemployment_rate"), rate)])
        let f = try engine.evaluate(panel: p, enterprises: [], asOf: asOf)
        let ceiling = try XCTUnwrap(raised(f, rule: "surveyed_rate_ceiling").first)
        assertClose(ceiling.evidence.measure, 0.4, relativeTolerance: 1e-12, floor: 1e-9)  // 5.9 − 5.5
        XCTAssertEqual(ceiling.evidence.level, .yellow)
        XCTAssertEqual(ceiling.evidence.changeStart, "2024-12")
        let sahm = try XCTUnwrap(raised(f, rule: "sahm_rise").first)
        // (4.6 + 4.9 + 5.9)/3 − 4.0 = 1.1333…: orange (≥ 1.0)
        assertClose(sahm.evidence.measure, 15.4 / 3 - 4.0, relativeTolerance: 1e-12)
        XCTAssertEqual(sahm.evidence.level, .orange)
    }

    func testCeilingForecastOnlyBelowTheCeiling() throws {
        var n = Fixture.Noise(state: 9)
        let rising = (0..<months).map { 2.9 + 0.044 * Double($0) + 0.02 * n.next() }  // 5.50 at the end
        let f = try engine.evaluate(panel: Fixture.panel([(Fixture.key("430100", "ALL", signal: "surveyed_unemployment_rate"), rising)]),
                                    enterprises: [], asOf: asOf)
        let hit = raised(f, rule: "surveyed_rate_forecast")
        if rising[months - 1] <= 5.5 {
            XCTAssertEqual(hit.first?.evidence.level, .red, "crossing within 3 months is all but certain")
        } else {
            XCTAssertTrue(hit.isEmpty, "above the ceiling the ceiling rule speaks, not the forecast")
        }
    }

    func testEnterpriseRules() throws {
        let flat = Array(repeating: 500.0, count: months)
        var layoff = flat
        for t in 58..<months { layoff[t] = 440 }                       // −60 people (12%) in month 58
        var late = Array(repeating: 0.0, count: months); late[months - 2] = 40; late[months - 1] = 45
        var wages = flat.map { $0 * 6000 }; wages[months - 1] = 500 * 4000   // −33% per head, headcount held
        var arrears = Array(repeating: 0.0, count: months); arrears[months - 1] = 2.5 * 500 * 6000
        let es = [Fixture.enterprise(id: Fixture.creditCode(1), headcount: layoff),
                  Fixture.enterprise(id: Fixture.creditCode(2), headcount: flat, daysLate: late),
                  Fixture.enterprise(id: Fixture.creditCode(3), headcount: flat, wages: wages),
                  Fixture.enterprise(id: Fixture.creditCode(4), headcount: flat, arrears: arrears)]
        let f = try engine.evaluate(panel: Fixture.panel([]), enterprises: es, asOf: asOf)
        let layoffHit = try XCTUnwrap(raised(f, rule: "mass_layoff").first)
        XCTAssertEqual(layoffHit.evidence.measure, 3.0, "max(60/20, 12%/10%) = 3")
        XCTAssertEqual(layoffHit.evidence.level, .yellow)
        XCTAssertEqual(layoffHit.evidence.changeStart, "2024-11")
        XCTAssertEqual(layoffHit.subject.scope, .enterprise)
        XCTAssertEqual(layoffHit.enterpriseName, "测试企业\(Fixture.creditCode(1).suffix(4))")
        XCTAssertFalse(layoffHit.subject.id.contains(Fixture.creditCode(1)), "the alert id does not disclose the credit code")
        XCTAssertEqual(raised(f, rule: "wage_days_late").first?.evidence.level, .blue)
        XCTAssertEqual(raised(f, rule: "wage_days_late").first?.evidence.measure, 40, "min(45, 40): late two pay dates running")
        var once = Array(repeating: 0.0, count: months); once[months - 1] = 45
        let single = try engine.evaluate(panel: Fixture.panel([]), enterprises: [Fixture.enterprise(id: Fixture.creditCode(2), headcount: flat, daysLate: once)],
                                         asOf: asOf)
        XCTAssertTrue(raised(single, rule: "wage_days_late").isEmpty, "one late pay date settled by the next is not arrears")
        let wf = try XCTUnwrap(raised(f, rule: "wages_falling_headcount_holds").first)
        assertClose(wf.evidence.measure, 100.0 / 3, relativeTolerance: 1e-12)
        XCTAssertEqual(raised(f, rule: "contribution_arrears").first?.evidence.level, .orange)
        XCTAssertEqual(Set(raised(f, rule: "mass_layoff").map(\.subject.enterpriseID)), [Fixture.creditCode(1)])

        // A large firm whose headcount is 3000 ± 25 (uniform): its monthly changes have σ_Δ ≈ 22
        // (1.4826 × MAD of a triangular ±50), so a net fall of 50 passes the 20-person threshold
        // even net of the usual cut (the largest of a few such changes, ≲ 25) but not 3σ_Δ ≈ 65;
        // a fall of 150 passes both.
        var n = Fixture.Noise(state: 5)
        var big = (0..<months).map { _ in 3000 + 50 * n.next() }   // uniform ±25
        // The cut must still be there the month after (a cut that reverts is a data error).
        big[months - 2] = big[months - 3] - 50; big[months - 1] = big[months - 2]
        let swings = try engine.evaluate(panel: Fixture.panel([]), enterprises: [Fixture.enterprise(id: Fixture.creditCode(5), headcount: big)],
                                         asOf: asOf)
        XCTAssertTrue(raised(swings, rule: "mass_layoff").isEmpty, "a fall within the firm's ordinary movement")
        big[months - 2] = big[months - 3] - 150; big[months - 1] = big[months - 2]
        let cut = try engine.evaluate(panel: Fixture.panel([]), enterprises: [Fixture.enterprise(id: Fixture.creditCode(5), headcount: big)],
                                      asOf: asOf)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(raised(cut, rule: "mass_layoff").first).evidence.measure, 125.0 / 20)

        // Three months after the layoff month it is out of the window and says nothing.
        let later = try engine.evaluate(panel: Fixture.panel([]), enterprises: [Fixture.enterprise(id: Fixture.creditCode(1), headcount: layoff + [440, 440, 440])],
                                        asOf: asOf + 3)
        XCTAssertTrue(raised(later, rule: "mass_layoff").isEmpty)
    }

    func testFestivalOutflowShortfall() throws {
        // Departures: 1000 a month plus 6000 spread over the 30 days after each festival,
        // by the share of those days in each month; 2024's post-festival month is 40% short.
        let months = 51  // 2020-01 … 2024-03
        var n = Fixture.Noise(state: 17)
        var rail = (0..<months).map { t -> Double in
            let p = Fixture.start + t
            return 1000 + 6000 * SpringFestival.windowShare(of: p, fromDay: 0, toDay: 30) + 20 * n.next()
        }
        let f24 = SpringFestival.date(in: 2024)!.period - Fixture.start   // 2024-02 (10 Feb)
        rail[f24] *= 0.6
        let p = Fixture.panel([(Fixture.key("433100", "ALL", signal: "rail_departures"), rail)])
        let f = try engine.evaluate(panel: p, enterprises: [], asOf: Period(year: 2024, month: 3))
        let hit = try XCTUnwrap(raised(f, rule: "festival_outflow_shortfall").first)
        XCTAssertEqual(hit.evidence.period, "2024-02", "February holds most of the 30 days after 10 February")
        // Judged out of sample (the fit ends before the festival month): about 40% short.
        XCTAssertEqual(hit.evidence.measure, 40, accuracy: 6)
        XCTAssertGreaterThanOrEqual(hit.evidence.level ?? .blue, .orange)
        let normal = try engine.evaluate(panel: Fixture.panel([(Fixture.key("433100", "ALL", signal: "rail_departures"),
                                                                 (0..<months).map { t in t == f24 ? rail[t] / 0.6 : rail[t] })]),
                                         enterprises: [], asOf: Period(year: 2024, month: 3))
        XCTAssertTrue(raised(normal, rule: "festival_outflow_shortfall").isEmpty, "a normal year raises nothing")
        let outside = try engine.evaluate(panel: p, enterprises: [], asOf: Period(year: 2024, month: 3) - 6)
        XCTAssertTrue(raised(outside, rule: "festival_outflow_shortfall").isEmpty, "judged only after the festival")
    }

    func testFestivalDeparturesAreNotAMassLayoff() throws {
        // Every year 15% leave in the festival month and come back the month after.
        var h = Array(repeating: 500.0, count: months)
        for y in 2020...2024 { let f = SpringFestival.date(in: y)!.period - Fixture.start; if f < months { h[f] = 425 } }
        let fest24 = SpringFestival.date(in: 2024)!.period
        let es = [Fixture.enterprise(id: Fixture.creditCode(9), headcount: h)]
        let f = try engine.evaluate(panel: Fixture.panel([]), enterprises: es, asOf: fest24)
        XCTAssertTrue(raised(f, rule: "mass_layoff").isEmpty, "the usual festival cut is not a layoff")
        var cut = h
        cut[fest24 - Fixture.start] = 300   // 200 leave this year instead of the usual 75, and stay away
        cut[fest24 - Fixture.start + 1] = 300
        let f2 = try engine.evaluate(panel: Fixture.panel([]), enterprises: [Fixture.enterprise(id: Fixture.creditCode(9), headcount: cut)], asOf: fest24 + 1)
        XCTAssertEqual(raised(f2, rule: "mass_layoff").first?.evidence.measure, 125.0 / 20, "(200 − 75) / 20 = 6.25 > 25%/10%")
    }

    func testSourceDisagreementIsADataQualityAlert() throws {
        let head = Fixture.seasonal(months: months, base: 20_000, seed: 5)
        var n = Fixture.Noise(state: 6)
        var insured = head.map { $0 * (0.95 + 0.002 * n.next()) }
        for t in (months - 2)..<months { insured[t] = head[t] * 0.80 }
        let p = Fixture.panel([(Fixture.key(signal: "payroll_headcount"), head), (Fixture.key(signal: "insured"), insured)])
        let f = try engine.evaluate(panel: p, enterprises: [], asOf: asOf)
        let hit = try XCTUnwrap(raised(f, rule: "payroll_insurance_disagree").first)
        XCTAssertEqual(hit.subject.scope, .dataQuality)
        XCTAssertEqual(hit.subject.id, "D-430100-C-ALL")
        XCTAssertEqual(hit.evidence.changeStart, "2024-11")
        XCTAssertTrue(hit.evidence.detail.contains("not of employment"))
        // Insured fell 16% while payroll held: not read as job loss, neither the insured count
        // (contraction) nor the separation rate over it (surge).
        XCTAssertTrue(f.filter { $0.raises && $0.subject.scope != .dataQuality }.isEmpty,
                      f.filter(\.raises).map { "\($0.subject.id) \($0.evidence.rule) \($0.evidence.signal)" }.joined(separator: "\n"))
    }

    func testInsuredAndSeparationRateCountAsJobLossWhenPayrollFallsToo() throws {
        var head = Fixture.seasonal(months: months, base: 20_000, seed: 5)
        var n = Fixture.Noise(state: 6)
        var insured = head.map { $0 * (0.95 + 0.002 * n.next()) }
        var separated = head.map { $0 * (0.02 + 0.0005 * n.next()) }
        for t in (months - 2)..<months { insured[t] *= 0.80; separated[t] *= 3 }
        let rate = zip(separated, insured).map { $0 / $1 }
        let alone = try engine.evaluate(panel: Fixture.panel([
            (Fixture.key(signal: "payroll_headcount"), head), (Fixture.key(signal: "insured"), insured),
            (Fixture.key(signal: "separation_rate"), rate)]), enterprises: [], asOf: asOf)
        let deviations: Set<String> = ["employment_contraction", "claims_separations_surge"]
        XCTAssertTrue(alone.filter { $0.raises && deviations.contains($0.evidence.rule) }.isEmpty,
                      "payroll holds: the insured fall and the separation rate over it are the data check's")
        XCTAssertTrue(alone.contains { $0.raises && $0.evidence.rule == "payroll_insurance_disagree" })
        for t in (months - 2)..<months { head[t] *= 0.80 }
        let both = try engine.evaluate(panel: Fixture.panel([
            (Fixture.key(signal: "payroll_headcount"), head), (Fixture.key(signal: "insured"), insured),
            (Fixture.key(signal: "separation_rate"), rate)]), enterprises: [], asOf: asOf)
        let jobLoss = both.filter { $0.raises && deviations.contains($0.evidence.rule) }
        XCTAssertEqual(Set(jobLoss.map(\.evidence.signal)), ["payroll_headcount", "insured", "separation_rate"])
        XCTAssertTrue(both.filter { $0.evidence.rule == "payroll_insurance_disagree" && $0.raises }.isEmpty, "the sources agree")
    }

    func testCountiesAreLeftOutUnlessTheConfigAsksForThem() throws {
        var y = Fixture.seasonal(months: months, base: 10_000)
        for t in 56..<months { y[t] *= 0.85 }
        let p = Fixture.panel([(Fixture.key("430102", "C", signal: "payroll_headcount"), y)])
        XCTAssertTrue(try engine.evaluate(panel: p, enterprises: [], asOf: asOf).filter(\.raises).isEmpty)
        var c = AlertConfig.defaults
        for i in c.rules.indices where c.rules[i].id == "employment_contraction" { c.rules[i].regionLevels = ["city", "county"] }
        let f = try AlertEngine(config: c).evaluate(panel: p, enterprises: [], asOf: asOf)
        XCTAssertEqual(f.filter(\.raises).map(\.subject.id), ["A-430102-C-ALL"])
    }

    func testSparseCountSeriesAreNotJudgedByTrendAndSeason() throws {
        var late = Array(repeating: 0.0, count: months)
        for t in stride(from: 3, to: months, by: 7) { late[t] = 1 }
        late[months - 2] = 6; late[months - 1] = 9
        let f = try engine.evaluate(panel: Fixture.panel([(Fixture.key("430100", "C", signal: "late_payers"), late)]),
                                    enterprises: [], asOf: asOf)
        XCTAssertTrue(f.filter(\.raises).isEmpty, "mostly zeros: no seasonal-trend z, so no surge claim")
    }

    func testDisabledRuleSaysNothing() throws {
        var c = AlertConfig.defaults
        for i in c.rules.indices where c.rules[i].id == "surveyed_rate_ceiling" { c.rules[i].enabled = false }
        var rate = Array(repeating: 4.0, count: months); rate[months - 1] = 6.5
        let f = try AlertEngine(config: c).evaluate(panel: Fixture.panel([(Fixture.key("430100", "ALL", signal: "surveyed_unemployment_rate"), rate)]),
                                                    enterprises: [], asOf: asOf)
        XCTAssertTrue(f.filter { $0.evidence.rule == "surveyed_rate_ceiling" }.isEmpty)
    }
}

final class RegionalStressRuleTests: XCTestCase {
    func testManySmallJointMovesRaiseRegionalStressOnly() throws {
        let months = 60
        var series: [(SeriesKey, [Double])] = []
        for (i, sector) in ["A", "B", "C", "E", "F", "G"].enumerated() {
            var y = Fixture.seasonal(months: months, base: 10_000, noiseShare: 0.02, seed: UInt64(40 + i))
            y[months - 1] += 10_000 * 0.02 * 0.29 * 3  // +3σ of the uniform noise, all at once
            series.append((Fixture.key("430300", sector, signal: "payroll_headcount"), y))
        }
        let f = try AlertEngine(config: .defaults).evaluate(panel: Fixture.panel(series), enterprises: [],
                                                            asOf: Fixture.start + (months - 1))
        let stress = try XCTUnwrap(f.first { $0.evidence.rule == "regional_stress" && $0.raises })
        XCTAssertEqual(stress.subject.id, "A-430300-ALL-ALL")
        XCTAssertEqual(stress.evidence.changeStart, "2024-12")
        XCTAssertTrue(f.filter { $0.evidence.rule == "employment_contraction" && $0.raises }.isEmpty)
    }
}
