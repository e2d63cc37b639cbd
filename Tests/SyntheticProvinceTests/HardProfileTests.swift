import Codes
import Foundation
import GroundTruth
import SyntheticProvince
import TestSupport
import XCTest

/// `--profile hard`: reproducible by seed, the same events as the standard profile, and every
/// hazard listed in truth.csv where it is and visible in the series it names.
final class HardProfileTests: XCTestCase {
    static let seed: UInt64 = 7

    func testSameSeedGivesSameBytesAndTheStandardProfilesEvents() throws {
        func run(_ profile: GenerationProfile, seed: UInt64 = 42) throws -> [String: Data] {
            let dir = try temporaryDirectory(self)
            _ = try Generator.run(GeneratorSpec(seed: seed, scale: .demo, from: .init("2022-01"), to: .init("2024-12"),
                                                enterprises: 600, profile: profile), into: dir.path)
            var out = [String: Data]()
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
                out[name] = try Data(contentsOf: dir.appendingPathComponent(name))
            }
            return out
        }
        let a = try run(.hard), b = try run(.hard)
        for (name, data) in a { XCTAssertEqual(data, b[name], "\(name) differs between two hard runs with seed 42") }
        XCTAssertNotEqual(a["truth.csv"], try run(.hard, seed: 43)["truth.csv"], "hazards vary with the seed")
        let standard = try run(.standard)
        XCTAssertNotEqual(a["payroll.csv.gz"], standard["payroll.csv.gz"])
        XCTAssertEqual(a["regions.csv"], standard["regions.csv"])
        // The events (E rows) are the standard profile's, with two blank quiet columns.
        let hardEvents = String(decoding: a["truth.csv"]!, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("E") }
        let standardEvents = String(decoding: standard["truth.csv"]!, as: UTF8.self).split(separator: "\n").dropFirst()
        XCTAssertEqual(hardEvents, standardEvents.map { $0 + ",," })
    }

    func testTruthListsEveryHazardWithItsPlace() throws {
        let d = try GeneratedDataset.demo(seed: Self.seed, profile: .hard)
        XCTAssertEqual(try d.table("truth.csv").header, TruthEvent.header + ["cause", "signal"])
        let truth = try TruthEvent.read(path: d.directory.appendingPathComponent("truth.csv").path)
        XCTAssertEqual(Set(truth.filter { $0.type != .quiet }.map(\.type)),
                       Set(EventType.allCases).union([EventType(rawValue: "enterprise_closure")]))
        let quiet = truth.filter { $0.type == .quiet }
        XCTAssertEqual(quiet, d.summary.quiet)
        XCTAssertEqual(Set(quiet.compactMap(\.cause)), Set(QuietCause.allCases))
        XCTAssertEqual(Set(quiet.filter { $0.cause == .outlier }.map(\.signal)),
                       ["headcount", "wages_cny", "insured", "new_claims", "rail_departures", "surveyed_unemployment_rate"])
        let registry = try d.table("enterprises.csv")
        let firms = Dictionary(uniqueKeysWithValues: registry.rows.map { ($0[0], (region: $0[2], sector: $0[3])) })
        let eventHosts = Set(truth.compactMap { $0.type == .quiet ? nil : $0.enterpriseID })
        for q in quiet {
            switch (q.cause!, q.signal) {
            case (.outlier, "headcount"), (.outlier, "wages_cny"), (.outlier, "insured"), (.decoyExpansion, _),
                 (.firmBirth, _), (.firmClosure, _), (.nonresponse, _):
                let firm = try XCTUnwrap(q.enterpriseID.flatMap { firms[$0] }, q.id)
                XCTAssertEqual(firm.region, q.region.description, q.id)
                XCTAssertEqual(firm.sector, q.sector, q.id)
                XCTAssertFalse(eventHosts.contains(q.enterpriseID!), "\(q.id) is on an event's host")
                if q.cause == .firmBirth || q.cause == .firmClosure { XCTAssertLessThan(q.magnitude, 300, q.id) }
                if q.cause == .nonresponse { XCTAssertEqual(q.magnitude, Double(q.end - q.start + 1), q.id) }
            case (.outlier, "new_claims"), (.outlier, "rail_departures"), (.dataBreak, _):
                XCTAssertEqual(q.region.level, .county, q.id)
                XCTAssertNil(q.sector, q.id); XCTAssertNil(q.enterpriseID, q.id)
            case (.outlier, _), (.graduationSeason, _):
                XCTAssertNotEqual(q.region.level, .county, q.id)
                XCTAssertNil(q.sector, q.id)
            case (.decoySeasonal, _):
                XCTAssertEqual(q.region.level, .county, q.id)
                XCTAssertEqual(q.sector, "H", q.id)
                XCTAssertTrue(["4308", "4331"].contains(String(q.region.description.prefix(4))), "a tourism county")
            }
            if q.cause == .outlier { XCTAssertEqual(q.start, q.end, q.id) }
        }
        // One graduation row per city and the province for each July–August of the range.
        XCTAssertEqual(quiet.filter { $0.cause == .graduationSeason }.count, 15 * 5)
        let dataBreakCities = truth.filter { $0.type == .dataBreak }.map(\.region)
        for q in quiet where q.cause == .dataBreak {
            XCTAssertFalse(dataBreakCities.contains { q.region.isWithin($0) }, "a county break away from the data_break event")
        }
    }

    /// Each hazard shows in the series it names, by about the stated factor.
    func testEachHazardMovesItsSeries() throws {
        let d = try GeneratedDataset.demo(seed: Self.seed, profile: .hard)
        let quiet = d.summary.quiet
        /// The month's value over the mean of its neighbours (two each side; a firm or a city may miss a month).
        func ratio(_ s: [String: Double], _ key: String, _ m: Int) -> Double {
            let around = [m - 2, m - 1, m + 1, m + 2].compactMap { s[d.period($0) + "|" + key] }
            return (s[d.period(m) + "|" + key] ?? .nan) / (around.reduce(0, +) / Double(around.count))
        }
        for q in quiet where q.cause == .outlier {
            let m = q.start - d.spec.from
            switch q.signal {
            case "headcount", "wages_cny", "insured":
                let file = q.signal == "insured" ? "insurance.csv" : "payroll.csv"
                let s = try d.sums(file, q.signal) { t, r in r[t.column("enterprise_id")] == q.enterpriseID ? "" : nil }
                // Wages carry the festival bonus (up to +50 %) and firm noise; headcount and insured hold closer.
                XCTAssertEqual(ratio(s, "", m), q.magnitude, accuracy: q.magnitude * (q.signal == "wages_cny" ? 0.6 : 0.3),
                               "\(q.id) \(q.signal)")
            case "new_claims":
                let s = try d.sums("claims.csv", "new_claims") { t, r in r[t.column("region_code")] == q.region.description ? "" : nil }
                XCTAssertGreaterThan(ratio(s, "", m), 4, q.id)
            case "surveyed_unemployment_rate":
                let s = try d.sums("survey.csv", q.signal) { t, r in r[t.column("region_code")] == q.region.description ? "" : nil }
                XCTAssertEqual(ratio(s, "", m), 10, accuracy: 2.5, q.id)
            case "rail_departures":
                let t = try d.table("transport.csv")
                let rail = t.rows.filter { $0[1] == q.region.description && $0[0].hasPrefix(q.start.description) }
                    .compactMap { Double($0[t.column("rail_departures")]) }.sorted()
                XCTAssertGreaterThan(rail.last! / rail[rail.count / 2], 5, q.id)
            default:
                XCTFail("unexpected outlier signal \(q.signal)")
            }
        }
        let county = { (q: TruthEvent) in { (t: Table, r: [String]) in r[t.column("region_code")] == q.region.description ? "" : nil } }
        for q in quiet where q.cause == .dataBreak {
            let m = q.start - d.spec.from
            let insured = try d.sums("insurance.csv", "insured", key: county(q)), payroll = try d.sums("payroll.csv", "headcount", key: county(q))
            let stepI = mean(insured, key: "", months: m...(m + 2), d) / mean(insured, key: "", months: (m - 3)...(m - 1), d)
            let stepP = mean(payroll, key: "", months: m...(m + 2), d) / mean(payroll, key: "", months: (m - 3)...(m - 1), d)
            XCTAssertEqual(stepI / stepP, 0.85, accuracy: 0.04, "\(q.id): insured steps to ×0.85 against payroll")
        }
        for q in quiet where q.cause == .decoySeasonal {
            let h = try d.sums("payroll.csv", "headcount") { t, r in
                r[t.column("region_code")] == q.region.description && r[t.column("sector")] == "H" ? "" : nil
            }
            // Every year, though firms are born and close in a small county.
            for year in 0..<5 {
                let aug = mean(h, key: "", months: (12 * year + 7)...(12 * year + 7), d)
                let feb = mean(h, key: "", months: (12 * year + 1)...(12 * year + 1), d)
                XCTAssertGreaterThan(aug / feb, 0.6 * q.magnitude, "\(q.id) year \(year): August against February")
            }
        }
        for q in quiet where q.cause == .decoyExpansion {
            let s = try d.sums("payroll.csv", "headcount") { t, r in r[t.column("enterprise_id")] == q.enterpriseID ? "" : nil }
            let m = q.start - d.spec.from
            let after = mean(s, key: "", months: (m + 5)...(m + 8), d), before = mean(s, key: "", months: (m - 4)...(m - 1), d)
            XCTAssertEqual(after / before, 1.518, accuracy: 0.15, q.id)
        }
        // City youth rates: published, and July above May by about the graduation peak.
        let survey = try d.table("survey.csv")
        let youth = survey.column("youth_unemployment_rate"), region = survey.column("region_code"), period = survey.column("period")
        var july = [Double](), may = [Double]()
        for r in survey.rows where r[region].hasSuffix("00") && !r[region].hasSuffix("0000") {
            let y = try XCTUnwrap(Double(r[youth]), "city youth rate published: \(r)")
            if r[period].hasSuffix("-07") { july.append(y) }
            if r[period].hasSuffix("-05") { may.append(y) }
        }
        XCTAssertEqual(july.reduce(0, +) / Double(july.count) - may.reduce(0, +) / Double(may.count), 5.3, accuracy: 0.6)
    }

    /// A large firm's closure is job loss (`enterprise_closure`, C rows): from its month on the
    /// firm files no payroll, and its insured count is 0 that month and absent after. A payroll
    /// gap (`nonresponse`) is the same payroll silence in one source while the insured count
    /// holds. Neither changes any other firm's rows (the same random draws).
    func testClosuresStopBothFilesAndPayrollGapsOnlyOne() throws {
        let d = try GeneratedDataset.demo(seed: Self.seed, profile: .hard)
        let closures = d.summary.events.filter { $0.type == EventType(rawValue: "enterprise_closure") }
        XCTAssertEqual(closures.map(\.id), ["C01", "C02"])
        let gaps = d.summary.quiet.filter { $0.cause == .nonresponse }
        XCTAssertEqual(gaps.count, 2)
        let byFirm = { (id: String?) in { (t: Table, r: [String]) in r[t.column("enterprise_id")] == id ? "" : nil } }
        for c in closures {
            let m = c.start - d.spec.from
            XCTAssertEqual(c.start, c.end, c.id)
            XCTAssertEqual(c.magnitude, 1, c.id)
            let payroll = try d.sums("payroll.csv", "headcount", key: byFirm(c.enterpriseID))
            let insured = try d.sums("insurance.csv", "insured", key: byFirm(c.enterpriseID))
            XCTAssertGreaterThanOrEqual(mean(payroll, key: "", months: (m - 3)...(m - 1), d), 200, c.id)
            XCTAssertTrue((m..<d.spec.months).allSatisfy { payroll[d.period($0) + "|"] == nil }, "\(c.id): no payroll from its month")
            XCTAssertEqual(insured[d.period(m) + "|"], 0, "\(c.id): insured 0 in its month")
            XCTAssertTrue(((m + 1)..<d.spec.months).allSatisfy { insured[d.period($0) + "|"] == nil }, c.id)
        }
        for q in gaps {
            let (a, b) = (q.start - d.spec.from, q.end - d.spec.from)
            let payroll = try d.sums("payroll.csv", "headcount", key: byFirm(q.enterpriseID))
            let insured = try d.sums("insurance.csv", "insured", key: byFirm(q.enterpriseID))
            XCTAssertTrue((a...b).allSatisfy { payroll[d.period($0) + "|"] == nil }, "\(q.id): payroll missing")
            XCTAssertNotNil(payroll[d.period(b + 1) + "|"], "\(q.id): payroll back after the gap")
            let before = mean(insured, key: "", months: (a - 3)...(a - 1), d), during = mean(insured, key: "", months: a...b, d)
            XCTAssertEqual(during / before, 1, accuracy: 0.1, "\(q.id): insured holds")
        }
    }
}
