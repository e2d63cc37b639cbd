import Codes
import Foundation
import GroundTruth
import SyntheticProvince
import XCTest

/// Every event in truth.csv visibly moves the series it names; the survey follows real job
/// losses with a lag and ignores the data break; the Spring Festival lands in the right month.
///
/// Effects are measured against a control (the other cities, or the same months a year
/// earlier), so seasonality and the other events cancel; thresholds are fractions of the
/// stated magnitude, loose enough for sampling noise in a 2,500-enterprise province.
final class GeneratorEventTests: XCTestCase {
    static let seeds: [UInt64] = ProcessInfo.processInfo.environment["JOBSENTRY_GENERATOR_SEEDS"]
        .map { $0.split(separator: ",").compactMap { UInt64($0) } } ?? [11, 12, 13]

    struct Event {
        let id: String, type: String, region: String, sector: String, enterprise: String
        let start: Int, end: Int, magnitude: Double
        var city: String { String(region.prefix(4)) }
    }

    private func events(_ d: GeneratedDataset) throws -> [Event] {
        try d.truth.map {
            Event(id: $0["event_id"]!, type: $0["type"]!, region: $0["region_code"]!, sector: $0["sector"]!,
                  enterprise: $0["enterprise_id"]!, start: d.index($0["start"]!), end: d.index($0["end"]!),
                  magnitude: Double($0["magnitude"]!)!)
        }
    }

    func testTruthListsEveryEventTypeWithValidFields() throws {
        for seed in Self.seeds {
            let d = try GeneratedDataset.demo(seed: seed)
            XCTAssertEqual(try d.table("truth.csv").header,
                           ["event_id", "type", "region_code", "sector", "enterprise_id", "start", "end", "magnitude"])
            let ev = try events(d)
            XCTAssertEqual(Set(ev.map(\.type)), Set(EventType.allCases.map(\.rawValue)), "seed \(seed)")
            for e in ev {
                XCTAssertNotNil(RegionCode(e.region))
                XCTAssertTrue(e.sector == "ALL" || Sector(e.sector) != nil)
                XCTAssertTrue(e.enterprise.isEmpty || CreditCode(e.enterprise) != nil)
                XCTAssertTrue(0 <= e.start && e.start <= e.end && e.end < d.spec.months, e.id)
                XCTAssertTrue(e.magnitude > 0 && e.magnitude < 1)
            }
        }
    }

    /// Ratio of a series' mean over `during` to its mean over `before`, divided by the same
    /// ratio for the sum of `control` (1 = no effect).
    private func relativeChange(_ s: [String: Double], key: String, control: [String], before: ClosedRange<Int>,
                                during: ClosedRange<Int>, _ d: GeneratedDataset) -> Double {
        let own = mean(s, key: key, months: during, d) / mean(s, key: key, months: before, d)
        guard !control.isEmpty else { return own }
        let c = { (r: ClosedRange<Int>) in control.map { mean(s, key: $0, months: r, d) }.filter { !$0.isNaN }.reduce(0, +) }
        return own / (c(during) / c(before))
    }

    /// Effect of an event on `key` relative to the sum of `control`: the log ratio key/control is
    /// fitted by a line over the 24 months before `start` (the two grow at different trend rates),
    /// and the mean observed ratio over `during` is compared with the line's. 1 = no effect.
    private func detrendedEffect(_ s: [String: Double], key: String, control: [String], start: Int,
                                 during: ClosedRange<Int>, _ d: GeneratedDataset) -> Double {
        func r(_ t: Int) -> Double? {
            guard let own = s[d.period(t) + "|" + key] else { return nil }
            let c = control.compactMap { s[d.period(t) + "|" + $0] }.reduce(0, +)
            return log(own / c)
        }
        let fit = (max(0, start - 24)..<start).compactMap { t in r(t).map { (Double(t), $0) } }
        let mt = fit.map(\.0).reduce(0, +) / Double(fit.count), my = fit.map(\.1).reduce(0, +) / Double(fit.count)
        let slope = fit.map { ($0.0 - mt) * ($0.1 - my) }.reduce(0, +) / fit.map { ($0.0 - mt) * ($0.0 - mt) }.reduce(0, +)
        let gaps = during.compactMap { t in r(t).map { $0 - (my + slope * (Double(t) - mt)) } }
        return exp(gaps.reduce(0, +) / Double(gaps.count))
    }

    /// Shift-share effect on a city's payroll: its observed headcount over `during` divided by
    /// what it would be had each of its sectors grown as that sector did in the other cities
    /// since `before`. Sector trends, seasons and the province-wide shock (which hits a sector
    /// alike everywhere) cancel; what is left is the city's own story. 1 = no effect.
    private func shiftShareEffect(_ byCitySector: [String: Double], city: String, cities: [String],
                                  before: ClosedRange<Int>, during: ClosedRange<Int>, _ d: GeneratedDataset) -> Double {
        var observed = 0.0, expected = 0.0
        for letter in Sector.sections.map(\.letter) {
            let own = city + letter
            let b = mean(byCitySector, key: own, months: before, d), a = mean(byCitySector, key: own, months: during, d)
            guard !b.isNaN, !a.isNaN else { continue }
            let others = cities.filter { $0 != city }.map { $0 + letter }
            let ob = others.map { mean(byCitySector, key: $0, months: before, d) }.filter { !$0.isNaN }.reduce(0, +)
            let oa = others.map { mean(byCitySector, key: $0, months: during, d) }.filter { !$0.isNaN }.reduce(0, +)
            observed += a
            expected += ob > 0 ? b * oa / ob : b
        }
        return observed / expected
    }

    func testEachEventMovesTheSeriesItNames() throws {
        for seed in Self.seeds {
            let d = try GeneratedDataset.demo(seed: seed)
            let cities = HunanDivisions.cities.map { String($0.code.description.prefix(4)) }
            let byCity = try d.sums("payroll.csv", "headcount") { _, r in String(r[2].prefix(4)) }
            let byCitySector = try d.sums("payroll.csv", "headcount") { _, r in String(r[2].prefix(4)) + r[3] }
            let total = try d.sums("payroll.csv", "headcount") { _, _ in "" }
            let insByCity = try d.sums("insurance.csv", "insured") { _, r in String(r[2].prefix(4)) }
            let claims = try d.sums("claims.csv", "new_claims") { _, r in r[1] }
            for e in try events(d) {
                let label = "seed \(seed) \(e.id) \(e.type) \(e.region) \(e.sector) m=\(e.magnitude)"
                let before = max(0, e.start - 3)...(e.start - 1)
                switch e.type {
                case "sector_downturn":
                    let others = cities.filter { $0 != e.city }.map { $0 + e.sector }
                        .filter { byCitySector[d.period(0) + "|" + $0] ?? 0 > 50 }
                    let r = detrendedEffect(byCitySector, key: e.city + e.sector, control: others, start: e.start,
                                            during: (e.start + 2)...e.end, d)
                    XCTAssertLessThan(r, 1 - 0.5 * e.magnitude, label)
                case "gradual_deterioration":
                    let r = shiftShareEffect(byCitySector, city: e.city, cities: cities, before: before,
                                             during: (e.end - 2)...e.end, d)
                    // 0.35: a city's own trend drifts a few percent over the two years of a slide,
                    // and tourist cities' seasons differ from the others'.
                    XCTAssertLessThan(r, 1 - 0.35 * e.magnitude, label)
                case "province_shock":
                    // Against the same months a year earlier, so the season cancels.
                    let during = (e.start + 1)...e.end
                    let yoy = mean(total, key: "", months: during, d)
                        / mean(total, key: "", months: (during.lowerBound - 12)...(during.upperBound - 12), d)
                    let pre = mean(total, key: "", months: before, d)
                        / mean(total, key: "", months: (before.lowerBound - 12)...(before.upperBound - 12), d)
                    XCTAssertLessThan(yoy / pre, 1 - 0.4 * e.magnitude, label)
                case "mass_layoff":
                    // This month over last, against the same two months a year earlier (season).
                    let s = try enterpriseSeries(d, e.enterprise, "payroll.csv", "headcount")
                    let r = (s[e.start]! / s[e.start - 1]!) / (s[e.start - 12]! / s[e.start - 13]!)
                    XCTAssertLessThan(r, 1 - 0.7 * e.magnitude, label)
                    let base = mean(claims, key: e.region, months: (e.start - 6)...(e.start - 1), d)
                    XCTAssertGreaterThan(claims[d.period(e.start) + "|" + e.region]!, 1.5 * base, label + " claims")
                case "wage_arrears":
                    let wages = try enterpriseSeries(d, e.enterprise, "payroll.csv", "wages_cny")
                    let heads = try enterpriseSeries(d, e.enterprise, "payroll.csv", "headcount")
                    let perHead = (wages[e.end]! / heads[e.end]!) / (wages[e.end - 12]! / heads[e.end - 12]!)
                    XCTAssertLessThan(perHead, 1 - 0.5 * e.magnitude, label)
                    let held = (heads[e.end]! / heads[e.start - 1]!) / (heads[e.end - 12]! / heads[e.start - 13]!)
                    XCTAssertGreaterThan(held, 0.8, label + ": headcount holds (against the same months a year earlier)")
                    let late = try enterpriseSeries(d, e.enterprise, "payroll.csv", "days_late")
                    XCTAssertGreaterThan(late[e.end] ?? 0, 30, label)
                    let arrears = try enterpriseSeries(d, e.enterprise, "insurance.csv", "arrears_cny")
                    XCTAssertGreaterThan(arrears[e.end] ?? 0, arrears[e.start] ?? 0, label)
                case "migrant_outflow_shortfall":
                    let r = try festivalOutflowRatio(d, city: e.city, year: d.spec.from.year + e.start / 12)
                    XCTAssertLessThan(r, 1 - 0.25 * e.magnitude, label)
                case "data_break":
                    let after = e.start...(e.start + 2)
                    let insRatio = relativeChange(insByCity, key: e.city, control: [], before: before, during: after, d)
                    let payRatio = relativeChange(byCity, key: e.city, control: [], before: before, during: after, d)
                    XCTAssertLessThan(insRatio / payRatio, 1 - 0.6 * e.magnitude, label)
                    let payVsOthers = shiftShareEffect(byCitySector, city: e.city, cities: cities, before: before, during: after, d)
                    XCTAssertEqual(payVsOthers, 1, accuracy: 0.03, label + ": payroll does not move")
                default:
                    XCTFail("unknown event type \(e.type)")
                }
            }
        }
    }

    /// The surveyed rate rises a few months after real job losses (payroll moves first) and
    /// does not react to a data break.
    func testSurveyFollowsJobLossesWithALagAndIgnoresTheDataBreak() throws {
        for seed in Self.seeds {
            let d = try GeneratedDataset.demo(seed: seed)
            let rate = try d.sums("survey.csv", "surveyed_unemployment_rate") { _, r in r[1] }
            let cities = HunanDivisions.cities.map(\.code.description)
            // Month-of-year profile of each series from the two event-free years, removed before
            // comparing windows, so the season (festival, graduation) does not read as an effect.
            var season = [String: [Double]]()
            for code in cities + ["430000"] {
                let clean = (0..<24).compactMap { t in rate[d.period(t) + "|" + code].map { (t % 12, $0) } }
                let all = clean.map(\.1).reduce(0, +) / Double(clean.count)
                season[code] = (0..<12).map { m in
                    let v = clean.filter { $0.0 == m }.map(\.1)
                    return v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count) - all
                }
            }
            func shift(_ code: String, _ before: ClosedRange<Int>, _ after: ClosedRange<Int>) -> Double {
                func level(_ r: ClosedRange<Int>) -> Double {
                    let v = r.compactMap { t in rate[d.period(t) + "|" + code].map { $0 - season[code]![t % 12] } }
                    return v.reduce(0, +) / Double(v.count)
                }
                return level(after) - level(before)
            }
            // Cities are also compared with the other cities, which share the province's cycle.
            func relativeShift(_ code: String, _ before: ClosedRange<Int>, _ after: ClosedRange<Int>) -> Double {
                let others = cities.filter { $0 != code }.map { shift($0, before, after) }
                return shift(code, before, after) - others.reduce(0, +) / Double(others.count)
            }
            for e in try events(d) {
                let label = "seed \(seed) \(e.id) \(e.type) \(e.region) m=\(e.magnitude)"
                let before = (e.start - 3)...(e.start - 1)
                let code = e.city + "00"
                // Lead time: in the event's first two months payroll has moved but the rate has
                // not yet (at most half of its later rise).
                switch e.type {
                case "province_shock":
                    let late = shift("430000", before, (e.start + 3)...(e.end + 2))
                    XCTAssertGreaterThan(late, 0.5, label)
                    XCTAssertLessThan(shift("430000", before, e.start...(e.start + 1)), 0.5 * late, label + ": not before the lag")
                case "sector_downturn":
                    // A sector is a fifth to a third of a city's payroll: a 20–30 % downturn moves
                    // the city's rate by about a point; 0.12 leaves room for the cycle and noise.
                    let late = relativeShift(code, before, (e.start + 4)...(e.end + 2))
                    XCTAssertGreaterThan(late, 0.12, label)
                    // + 0.1: a city's rate is noisier than the province's (s.d. ≈ 0.08 for these windows).
                    XCTAssertLessThan(relativeShift(code, before, e.start...(e.start + 1)), 0.5 * late + 0.1,
                                      label + ": not before the lag")
                case "gradual_deterioration":
                    XCTAssertGreaterThan(relativeShift(code, before, (e.end - 2)...min(e.end + 2, d.spec.months - 1)), 0.5, label)
                case "data_break":
                    // Read as job loss, the insured drop would add 28·m ≈ 4–8 points; other events
                    // (the province shock hits cities unequally) move a city by well under one.
                    let after = (e.start + 3)...min(e.start + 8, d.spec.months - 1)
                    XCTAssertEqual(relativeShift(code, before, after), 0, accuracy: 1.0, label)
                default:
                    break
                }
            }
        }
    }

    /// In years whose festival falls in January, January's headcount dips below February's;
    /// when it falls in mid-February, the other way round. Rail departures peak within two
    /// weeks after the festival day, every year.
    func testSpringFestivalEffectsFollowTheCalendar() throws {
        let d = try GeneratedDataset.demo(seed: 11)
        let migrantSectors = try d.sums("payroll.csv", "headcount") { _, r in ["C", "E"].contains(r[3]) ? "" : nil }
        var ratios = [(share: Double, logRatio: Double)]()
        for year in d.spec.from.year...d.spec.to.year {
            let jan = Period(year: year, month: 1), feb = Period(year: year, month: 2)
            let share = SpringFestival.windowShare(of: jan, fromDay: -7, toDay: 21)
                - SpringFestival.windowShare(of: feb, fromDay: -7, toDay: 21)
            ratios.append((share, log(migrantSectors[jan.description + "|"]! / migrantSectors[feb.description + "|"]!)))
        }
        for a in ratios { for b in ratios where a.share > b.share + 0.3 {
            XCTAssertLessThan(a.logRatio, b.logRatio, "January's dip must follow the festival: \(ratios)")
        } }
        let t = try d.table("transport.csv")
        var daily = [Int: Double]()
        for r in t.rows { if let v = Double(r[2]) { daily[CivilDate(r[0])!.dayNumber, default: 0] += v } }
        for year in d.spec.from.year...d.spec.to.year {
            let f = SpringFestival.date(in: year)!.dayNumber
            let peak = daily.filter { CivilDate(dayNumber: $0.key).year == year && CivilDate(dayNumber: $0.key).month <= 4 }
                .max { $0.value < $1.value }!.key
            XCTAssertTrue((f + 1)...(f + 14) ~= peak, "\(year): rail departures peak on \(CivilDate(dayNumber: peak)), festival \(SpringFestival.date(in: year)!)")
        }
    }

    private func enterpriseSeries(_ d: GeneratedDataset, _ id: String, _ file: String, _ column: String) throws -> [Int: Double] {
        let t = try d.table(file)
        let c = t.column(column)
        var out = [Int: Double]()
        for r in t.rows where r[1] == id { if let v = Double(r[c]) { out[d.index(r[0])] = v } }
        return out
    }

    /// Mobile outflow of a city over festival days +1...+40 in `year`, over its mean in the other years.
    private func festivalOutflowRatio(_ d: GeneratedDataset, city: String, year: Int) throws -> Double {
        let t = try d.table("transport.csv")
        var byYear = [Int: Double]()
        for r in t.rows where r[1].hasPrefix(city) {
            guard let v = Double(r[6]) else { continue }
            let day = CivilDate(r[0])!
            guard let f = SpringFestival.date(in: day.year)?.dayNumber, (f + 1)...(f + 40) ~= day.dayNumber else { continue }
            byYear[day.year, default: 0] += v
        }
        let others = byYear.filter { $0.key != year }.map(\.value)
        return byYear[year]! / (others.reduce(0, +) / Double(others.count))
    }
}
