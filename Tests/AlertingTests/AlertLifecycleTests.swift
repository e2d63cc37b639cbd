import Alerting
import TestSupport
import XCTest

final class AlertLifecycleTests: XCTestCase {
    let config = AlertConfig.defaults
    let subject = AlertSubject(scope: .area, region: "430100", sector: "C")

    func finding(_ rule: String, _ measure: Double, subject s: AlertSubject? = nil) -> Finding {
        let r = config.rule(rule)!
        return Finding(subject: s ?? subject, evidence: Evidence(
            rule: rule, signal: "payroll_headcount", period: "2025-01", observed: 1, measure: measure,
            measureName: "robust_z_shortfall", level: r.thresholds.level(for: measure), detail: "d", detailZh: "d"))
    }

    func testCombinationLevelAndRiskScore() {
        let c = AlertCombiner(config: config).combine([
            finding("employment_contraction", 5.25),      // yellow, halfway to orange: 2.5
            finding("claims_separations_surge", 3.75),    // blue, halfway to yellow: 1.5
        ])
        XCTAssertEqual(c.count, 1)
        XCTAssertEqual(c[0].level, .yellow)
        XCTAssertEqual(c[0].rules, ["employment_contraction", "claims_separations_surge"])
        XCTAssertEqual(c[0].riskScore, 10 * 2.5 + 2.5 * 1.5, accuracy: 1e-9)
    }

    func testCorroborationRaisesOneLevel() {
        let c = AlertCombiner(config: config).combine([
            finding("employment_contraction", 6.5),       // orange
            finding("claims_separations_surge", 5.0),     // yellow
            finding("late_payment_surge", 4.6),           // yellow
        ])
        XCTAssertEqual(c[0].level, .red, "two other rules at yellow or above corroborate the orange evidence")
    }

    func testLifecycleWithHysteresis() {
        let lc = AlertLifecycle(config: config)
        var states: [AlertState] = []
        func step(_ f: [Finding], _ month: String) -> Alert? {
            let o = lc.advance(previous: states, findings: f, asOf: month, sent: "\(month)-28T09:00:00+08:00")
            states = o.states
            return o.alerts.first
        }
        let a1 = step([finding("employment_contraction", 5)], "2025-01")!
        XCTAssertEqual(a1.status, .new); XCTAssertEqual(a1.level, .yellow)
        XCTAssertEqual(a1.messageID, "A-430100-C-ALL-m1"); XCTAssertNil(a1.previousMessageID)
        let a2 = step([finding("employment_contraction", 7)], "2025-02")!
        XCTAssertEqual(a2.status, .escalated); XCTAssertEqual(a2.previousLevel, .yellow)
        XCTAssertEqual(a2.previousMessageID, "A-430100-C-ALL-m1"); XCTAssertEqual(a2.previousMessageSent, "2025-01-28T09:00:00+08:00")
        XCTAssertEqual(step([finding("employment_contraction", 7.5)], "2025-03")!.status, .continuing)
        XCTAssertEqual(step([finding("employment_contraction", 4.6)], "2025-04")!.status, .deescalated)
        // Between clear (1.5) and blue (3): held at blue, a quiet run …
        let held = step([finding("employment_contraction", 2)], "2025-05")!
        XCTAssertEqual(held.status, .deescalated); XCTAssertEqual(held.level, .blue); XCTAssertEqual(held.lastRaised, "2025-04")
        // … back above blue resets the count …
        XCTAssertEqual(step([finding("employment_contraction", 3.1)], "2025-06")!.status, .continuing)
        XCTAssertEqual(step([finding("employment_contraction", 2)], "2025-07")!.status, .continuing)
        // … and the second quiet run in a row resolves it.
        let resolved = step([finding("employment_contraction", 2)], "2025-08")!
        XCTAssertEqual(resolved.status, .resolved)
        XCTAssertEqual(resolved.firstRaised, "2025-01")
        XCTAssertTrue(resolved.headline.hasPrefix("Resolved: "), resolved.headline)
        XCTAssertTrue(resolved.headlineZh.hasPrefix("已解除："), resolved.headlineZh)
        XCTAssertNil(step([], "2025-09"), "a resolved alert is not published again")
        // Raised again: new, with the message sequence continuing.
        let again = step([finding("employment_contraction", 3.5)], "2025-10")!
        XCTAssertEqual(again.status, .new); XCTAssertEqual(again.firstRaised, "2025-10")
        XCTAssertEqual(again.messageID, "A-430100-C-ALL-m9", "eight messages before, none while closed")
    }

    func testBelowClearResolvesAtOnce() {
        let lc = AlertLifecycle(config: config)
        let o1 = lc.advance(previous: [], findings: [finding("employment_contraction", 9.5)], asOf: "2025-01", sent: "s1")
        XCTAssertEqual(o1.alerts.first?.level, .red)
        let o2 = lc.advance(previous: o1.states, findings: [], asOf: "2025-02", sent: "s2")
        XCTAssertEqual(o2.alerts.map(\.status), [.resolved])
        XCTAssertEqual(o2.alerts.first?.previousMessageID, "A-430100-C-ALL-m1")
        XCTAssertEqual(o2.states.first?.isOpen, false)
    }

    func testHoldingEvidenceAloneRaisesNothing() {
        let o = AlertLifecycle(config: config).advance(previous: [], findings: [finding("employment_contraction", 2)], asOf: "2025-01", sent: "s")
        XCTAssertTrue(o.alerts.isEmpty)
    }

    func testHeadlinesAreBilingualAndNameThePlace() {
        var f = finding("employment_contraction", 5)
        f.evidence.observed = 88_000; f.evidence.expected = 100_000; f.evidence.changeStart = "2024-11"
        let o = AlertLifecycle(config: config).advance(previous: [], findings: [f], asOf: "2025-01", sent: "s")
        let a = o.alerts[0]
        XCTAssertEqual(a.headline, "Payroll headcount 12% below expected since 2024-11 — Changsha, Manufacturing")
        XCTAssertEqual(a.headlineZh, "发薪人数低于预期12%（2024年11月起）——长沙市 制造业")
    }

    func testHistoryRoundTripsInSQLite() throws {
        let dir = try temporaryDirectory(self)
        let h = try AlertHistory(path: dir.appendingPathComponent("s.sqlite").path)
        XCTAssertNil(try h.lastRun())
        let o = AlertLifecycle(config: config).advance(previous: [], findings: [finding("employment_contraction", 5)], asOf: "2025-01", sent: "s")
        let run = RunRecord(sequence: 1, runID: RunRecord.runID(sequence: 1, asOf: "2025-01"), asOf: "2025-01", stateKey: "k",
                            configHash: config.hash, sent: "s", counts: ["new": 1])
        try h.record(run: run, alerts: o.alerts, states: o.states)
        let again = try AlertHistory(path: dir.appendingPathComponent("s.sqlite").path)  // migration is idempotent
        XCTAssertEqual(try again.lastRun(), run)
        XCTAssertEqual(try again.states(), o.states)
        XCTAssertEqual(try again.alerts(), o.alerts)
        XCTAssertEqual(try again.history(of: "A-430100-C-ALL").map(\.run), ["run-0001-2025-01"])
        XCTAssertThrowsError(try again.record(run: run, alerts: [], states: []), "a run id is recorded once")
    }
}
