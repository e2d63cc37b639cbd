import Codes
import Foundation
import SyntheticProvince
import XCTest

/// Invariants every generated dataset must satisfy (seed 11, the demo scale).
final class GeneratorInvariantTests: XCTestCase {
    private var d: GeneratedDataset { get throws { try GeneratedDataset.demo(seed: 11) } }

    func testCodesAreValidAndConsistent() throws {
        let d = try d
        let regions = try d.table("regions.csv")
        XCTAssertEqual(regions.header, ["code", "name", "level", "parent"])
        var level = [String: String]()
        for r in regions.rows {
            let code = try XCTUnwrap(RegionCode(r[0]), r[0])
            XCTAssertEqual(code.level.rawValue, r[2], r[0])
            XCTAssertEqual(code.parent?.description ?? "", r[3], r[0])
            level[r[0]] = r[2]
        }
        XCTAssertEqual(regions.rows.filter { $0[2] == "city" }.map { $0[0] },
                       HunanDivisions.cities.map { $0.code.description })
        XCTAssertEqual(try d.table("sectors.csv").rows.map { $0[0] }, ["ALL"] + Sector.sections.map(\.letter))

        let ents = try d.table("enterprises.csv")
        XCTAssertEqual(ents.header, ["enterprise_id", "name", "region_code", "sector", "key_enterprise"])
        var registry = [String: (String, String)]()
        for r in ents.rows {
            switch CreditCode.validate(r[0]) {
            case .success: break
            case .failure(let p): XCTFail("\(r[0]): \(p)")
            }
            XCTAssertEqual(String(r[0].dropFirst(2).prefix(6)), r[2], "the code embeds the division")
            XCTAssertEqual(level[r[2]], "county")
            XCTAssertNotNil(Sector(r[3]))
            XCTAssertTrue(r[4] == "0" || r[4] == "1")
            XCTAssertNil(registry[r[0]], "duplicate id \(r[0])")
            registry[r[0]] = (r[2], r[3])
        }
        XCTAssertEqual(registry.count, 2_500)
        for file in ["payroll.csv", "insurance.csv"] {
            let t = try d.table(file)
            for r in t.rows {
                let reg = try XCTUnwrap(registry[r[1]], "\(file): \(r[1]) not in the registry")
                XCTAssertTrue(reg == (r[2], r[3]), "\(file): \(r[1]) region/sector differ from the registry")
                XCTAssertNotNil(Period(r[0]))
            }
        }
    }

    /// Heavy tail: most enterprises small, a few employing thousands, those flagged key.
    func testEnterpriseSizesAreHeavyTailedWithKeyEnterprises() throws {
        let d = try d
        let pay = try d.table("payroll.csv")
        let first = d.period(0)
        var sizes = [String: Int]()
        for r in pay.rows where r[0] == first { sizes[r[1]] = Int(r[4])! }
        let sorted = sizes.values.sorted()
        let median = sorted[sorted.count / 2], top = sorted.last!
        XCTAssertLessThan(median, 40)
        XCTAssertGreaterThan(top, 2_000)
        let topShare = Double(sorted.suffix(sorted.count / 100).reduce(0, +)) / Double(sorted.reduce(0, +))
        XCTAssertGreaterThan(topShare, 0.25, "the largest 1 % should employ over a quarter of staff")
        let key = try d.table("enterprises.csv").rows.filter { $0[4] == "1" }.map { $0[0] }
        XCTAssertGreaterThanOrEqual(key.count, 5)
        for id in key { if let s = sizes[id] { XCTAssertGreaterThan(s, 500, id) } }
    }

    /// insured(t) = insured(t−1) + enrolled(t) − separated(t), except for the stated noise:
    /// 1 % of `enrolled` misreported by 1–3, and the one month a data break narrows the count.
    func testInsuranceFlowsReconcile() throws {
        let d = try d
        let t = try d.table("insurance.csv")
        let breaks = try d.truth.filter { $0["type"] == "data_break" }.map { ($0["region_code"]!.prefix(4), $0["start"]!) }
        var last = [String: (Int, Int)]()  // id -> (month index, insured)
        var checked = 0, exact = 0, small = 0
        for r in t.rows {
            let m = d.index(r[0]), insured = Int(r[4])!
            defer { last[r[1]] = (m, insured) }
            guard let prev = last[r[1]], prev.0 == m - 1 else { continue }
            if breaks.contains(where: { r[2].hasPrefix($0.0) && $0.1 == r[0] }) { continue }
            let residual = insured - (prev.1 + Int(r[5])! - Int(r[6])!)
            checked += 1
            if residual == 0 { exact += 1 } else if abs(residual) <= 3 { small += 1 }
        }
        XCTAssertGreaterThan(checked, 100_000)
        XCTAssertEqual(exact + small, checked, "every residual within ±3")
        let noisy = Double(small) / Double(checked)
        XCTAssertLessThan(noisy, 0.02, "misreporting rate is 1 %, got \(noisy)")
        XCTAssertGreaterThan(noisy, 0.005)
    }

    /// Hiring and separation flows track payroll: month over month, the province's payroll
    /// change and its net insurance flow (enrolled − separated) move together.
    func testNetInsuranceFlowsFollowPayrollChanges() throws {
        let d = try d
        let pay = try d.sums("payroll.csv", "headcount") { _, _ in "" }
        let enrolled = try d.sums("insurance.csv", "enrolled") { _, _ in "" }
        let separated = try d.sums("insurance.csv", "separated") { _, _ in "" }
        var dx = [Double](), dy = [Double]()
        for t in 1..<d.spec.months {
            let k = d.period(t) + "|"
            dx.append(pay[k]! - pay[d.period(t - 1) + "|"]!)
            dy.append(enrolled[k]! - separated[k]!)
        }
        let mx = dx.reduce(0, +) / Double(dx.count), my = dy.reduce(0, +) / Double(dy.count)
        let sxy = zip(dx, dy).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        let sxx = dx.map { ($0 - mx) * ($0 - mx) }.reduce(0, +), syy = dy.map { ($0 - my) * ($0 - my) }.reduce(0, +)
        // Not 1: insurance lags payroll by about a month, covers 70–99 % of staff, and a few
        // rows are missing each month.
        XCTAssertGreaterThan(sxy / (sxx * syy).squareRoot(), 0.7)
        let turnover = separated.values.reduce(0, +) / pay.values.reduce(0, +)
        XCTAssertTrue((0.02...0.06).contains(turnover), "monthly separations per employee \(turnover)")
    }

    /// Insured employees are close to payroll headcount but not equal to it.
    func testInsuredIsCloseToButNotEqualToHeadcount() throws {
        let d = try d
        let pay = try d.sums("payroll.csv", "headcount") { _, _ in "" }
        let ins = try d.sums("insurance.csv", "insured") { _, _ in "" }
        for t in 0..<d.spec.months {
            let k = d.period(t) + "|"
            let ratio = ins[k]! / pay[k]!
            XCTAssertTrue((0.78...0.97).contains(ratio), "\(k) insured/headcount = \(ratio)")
        }
        let p = try d.table("payroll.csv"), i = try d.table("insurance.csv")
        var head = [String: Int]()
        for r in p.rows where r[0] == d.period(12) { head[r[1]] = Int(r[4])! }
        var equal = 0, compared = 0
        for r in i.rows where r[0] == d.period(12) {
            guard let h = head[r[1]], h >= 20 else { continue }
            compared += 1
            if Int(r[4])! == h { equal += 1 }
        }
        XCTAssertLessThan(Double(equal) / Double(compared), 0.15)
    }

    /// Missing rows and blanks occur at the stated rates, never in required columns.
    func testMissingValuesAtRealisticRates() throws {
        let d = try d
        let pay = try d.table("payroll.csv")
        let possible = d.summary.enterprises * d.spec.months
        let missing = 1 - Double(pay.rows.count) / Double(possible)
        XCTAssertTrue((0.0...0.15).contains(missing), "payroll rows missing: \(missing)")
        XCTAssertTrue(pay.rows.allSatisfy { !$0[4].isEmpty && !$0[5].isEmpty })
        let blankLate = Double(pay.rows.filter { $0[6].isEmpty }.count) / Double(pay.rows.count)
        XCTAssertTrue((0.4...0.8).contains(blankLate), "days_late blank share \(blankLate)")
        let tr = try d.table("transport.csv")
        let blankRail = Double(tr.rows.filter { $0[2].isEmpty }.count) / Double(tr.rows.count)
        XCTAssertTrue((0.05...0.4).contains(blankRail), "rail blank share \(blankRail) (counties without a station)")
    }

    /// Survey rates only for prefectures and the province, in plausible ranges.
    func testSurveyRatesArePlausibleAndPublishedAtCityAndProvinceOnly() throws {
        let d = try d
        let s = try d.table("survey.csv")
        XCTAssertEqual(s.header, ["period", "region_code", "group", "surveyed_unemployment_rate", "youth_unemployment_rate",
                                  "registered_unemployment_rate", "new_urban_jobs", "job_vacancies", "job_seekers"])
        XCTAssertEqual(s.rows.count, d.spec.months * 15)
        var published = 0
        for r in s.rows {
            let code = RegionCode(r[1])!
            XCTAssertNotEqual(code.level, .county)
            if let u = Double(r[3]) { XCTAssertTrue((3.0...9.5).contains(u), "\(r)"); published += 1 }
            if let y = Double(r[4]) {
                XCTAssertEqual(code.level, .province)
                XCTAssertTrue((6.0...25.0).contains(y), "\(r)")
            }
            if let g = Double(r[5]) { XCTAssertTrue((1.5...6.0).contains(g), "\(r)") }
            XCTAssertGreaterThan(Int(r[6])!, 0)
        }
        XCTAssertGreaterThan(Double(published) / Double(s.rows.count), 0.97)
        // The province rate is the labour-force-weighted mean of its cities: inside their range.
        for t in 0..<d.spec.months {
            let rows = s.rows.filter { $0[0] == d.period(t) }
            let cities = rows.filter { $0[1] != "430000" }.compactMap { Double($0[3]) }
            let province = Double(rows.first { $0[1] == "430000" }![3])!
            XCTAssertTrue(cities.min()! - 0.15 <= province && province <= cities.max()! + 0.15, d.period(t))
        }
    }

    /// Mobile population changes by exactly inflow − outflow between consecutive published days.
    func testMobilePopulationReconcilesWithFlows() throws {
        let d = try d
        let t = try d.table("transport.csv")
        var last = [String: (Int, Int)]()
        var checked = 0
        for r in t.rows {
            guard let pop = Int(r[4]), let inflow = Int(r[5]), let outflow = Int(r[6]) else { continue }
            let day = CivilDate(r[0])!.dayNumber
            if let prev = last[r[1]], prev.0 == day - 1 {
                XCTAssertEqual(pop, prev.1 + inflow - outflow, "\(r)")
                checked += 1
            }
            last[r[1]] = (day, pop)
        }
        XCTAssertGreaterThan(checked, 50_000)
    }

    /// Claims: six key groups per county and month, recipients a stock fed by new claims.
    func testClaimsCoverEveryGroupAndRecipientsFollowClaims() throws {
        let d = try d
        let c = try d.table("claims.csv")
        XCTAssertEqual(c.header, ["period", "region_code", "sector", "group", "new_claims", "recipients"])
        XCTAssertEqual(c.rows.count, d.spec.months * d.summary.counties * 6)
        for r in c.rows {
            XCTAssertNotNil(KeyGroup(field: r[3]))
            XCTAssertEqual(RegionCode(r[1])!.level, .county)
            XCTAssertGreaterThanOrEqual(Int(r[5])!, Int(r[4])!)
        }
    }
}
