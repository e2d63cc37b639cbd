import XCTest
import Codes
import PanelData
@testable import Alerting

/// `wage_days_late` and `contribution_arrears` under Benjamini–Hochberg over the run's
/// enterprises (`FirmRun`): the p-value of a run of late months, how long a run must be as the
/// number of firms grows, the firm's own history, and the false alerts of many firms late at
/// random.
final class SkillFirmRunTests: XCTestCase {
    let asOf = Fixture.start + 59

    func firm(_ n: Int, late: [Int] = [], days: Double = 45, arrearsAt: [Int] = []) -> EnterpriseSeries {
        var d = [Double](repeating: 0, count: 60), a = [Double](repeating: 0, count: 60)
        for t in late { d[t] = days }
        for t in arrearsAt { a[t] = 2.5 * 100 * 6000 }
        return Fixture.enterprise(id: Fixture.creditCode(n), headcount: [Double](repeating: 100, count: 60), daysLate: d, arrears: a)
    }

    func raised(_ firms: [EnterpriseSeries], rule: String) throws -> [Finding] {
        try AlertEngine(config: .defaults).evaluate(panel: Fixture.panel([]), enterprises: firms, asOf: asOf)
            .filter { $0.evidence.rule == rule && $0.raises }
    }

    /// The p-value is r^L, r = (x + 1)/(n + 1) over the firm-months before the as-of month.
    /// Hand count: 10 firms × 59 earlier months = 590 firm-months; firm 0 late in months 57
    /// and 58 and firm 1 in month 20 make x = 3, so r = 4/591; firm 0's run (57, 58, 59) is
    /// L = 3, p = (4/591)³ = 3.100…e-7; firm 1 is in no run, p = 1.
    func testPValueIsTheRunAtTheCrossSectionRate() {
        var firms = (2..<10).map { firm($0) }
        firms.insert(firm(1, late: [20]), at: 0)
        firms.insert(firm(0, late: [57, 58, 59]), at: 0)
        let run = FirmRun(firms, asOf: asOf, rate: 0.05) { e, t in e.daysLate[t] >= 30 }
        XCTAssertEqual(run.rate, 4.0 / 591.0, accuracy: 1e-15)
        XCTAssertEqual(run.tests, 10)
        XCTAssertEqual(run.runs[0], 3)
        XCTAssertEqual(run.p[0], pow(4.0 / 591.0, 3), accuracy: 1e-20)
        XCTAssertEqual(run.runs[1], 0)
        XCTAssertEqual(run.p[1], 1)
        XCTAssertEqual(run.passes, [true] + [Bool](repeating: false, count: 9))
    }

    /// A firm often late before its run is judged at its own rate: 12 late months out of its
    /// 58 before the run (r = 12/58) make a run of 2 p = 0.0428, which fails at q = 0.05 among
    /// 5 firms (the second smallest p needs ≤ 2 · 0.05/5 = 0.02), while the same run at a firm
    /// never late, at the cross-section's r = 15/296 (p = 0.00257 ≤ 0.01), passes.
    func testAFirmOftenLateNeedsALongerRun() throws {
        let habitual = firm(0, late: Array(stride(from: 0, to: 48, by: 4)) + [58, 59])
        let steady = firm(1, late: [58, 59])
        let others = (2..<5).map { firm($0) }
        let run = FirmRun([habitual, steady] + others, asOf: asOf, rate: 0.05) { e, t in e.daysLate[t] >= 30 }
        XCTAssertEqual(run.p[0], pow(12.0 / 58.0, 2), accuracy: 1e-12)
        XCTAssertEqual(run.p[1], pow(15.0 / 296.0, 2), accuracy: 1e-12)
        XCTAssertEqual(run.passes[0], false)
        XCTAssertEqual(run.passes[1], true)
        let ids = Set(try raised([habitual, steady] + others, rule: "wage_days_late").compactMap(\.subject.enterpriseID))
        XCTAssertEqual(ids, [steady.id])
    }

    /// How long a run must be follows from the number of firms tested: at a cross-section rate
    /// of 1/200, a run of two (p = 2.5e-5) passes among 200 firms (BH bound 0.05/200 = 2.5e-4)
    /// but not among 4,000 (1.25e-5), where a run of three (1.25e-7) does.
    func testTheRunNeededGrowsWithTheFirmsTested() throws {
        func province(_ firms: Int, run: Int) -> [EnterpriseSeries] {
            var out: [EnterpriseSeries] = [firm(0, late: Array((60 - run)..<60))]
            for k in 1..<firms {
                // 59 earlier months per firm, 1 late month in every 200 firm-months.
                let late = (0..<59).filter { (k * 59 + $0) % 200 == 0 }
                out.append(firm(k, late: late))
            }
            return out
        }
        for (firms, length, passes) in [(200, 2, true), (4000, 2, false), (4000, 3, true)] {
            let f = province(firms, run: length)
            let run = FirmRun(f, asOf: asOf, rate: 0.05) { e, t in e.daysLate[t] >= 30 }
            XCTAssertEqual(run.rate, 0.005, accuracy: 0.0005, "\(firms) firms")
            XCTAssertEqual(run.passes[0], passes, "\(firms) firms, run \(length), p \(run.p[0])")
            XCTAssertEqual(run.passes.dropFirst().filter { $0 }.count, 0)
        }
    }

    /// Many firms late at random, 3 months in 100 each (a fixed pseudo-random stream), and one
    /// in real arrears for 5 months: only the real one raises, on both rules. Without the
    /// bound each chance pair of late months in the latest two months would raise
    /// (expected 3,000 × 0.03² = 2.7; at r = 0.03 and 3,000 firms a run needs 4 months).
    func testChanceRunsAmongManyFirmsRaiseNothing() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var firms: [EnterpriseSeries] = []
        var pairs = 0
        for k in 1..<3000 {
            let late = (0..<60).filter { _ in uniform() < 0.03 }
            if late.contains(58) && late.contains(59) { pairs += 1 }
            firms.append(firm(k, late: late, arrearsAt: late))
        }
        firms.append(firm(0, late: Array(55..<60), arrearsAt: Array(55..<60)))
        for rule in ["wage_days_late", "contribution_arrears"] {
            let ids = try raised(firms, rule: rule).compactMap(\.subject.enterpriseID)
            XCTAssertEqual(ids, [firms.last!.id], rule)
        }
        // The stream's chance pairs in the latest two months: false alerts without the bound.
        XCTAssertGreaterThan(pairs, 0, "the stream has chance pairs for the bound to hold back")
    }

    /// Months not on file are skipped, neither ending the run nor counting in it.
    func testMonthsNotOnFileAreSkipped() {
        var gap = firm(0, late: [56, 57, 59])
        gap.headcount[58] = .nan; gap.daysLate[58] = .nan; gap.arrears[58] = .nan
        let run = FirmRun([gap, firm(1)], asOf: asOf, rate: 0.05) { e, t in e.daysLate[t] >= 30 }
        XCTAssertEqual(run.runs[0], 3)
    }
}
