import Alerting
import Workbench
import XCTest

/// The scenario diff and the message time format, without a store.
final class AlertChangeTests: XCTestCase {
    func alert(_ id: String, _ level: AlertLevel, risk: Double) -> Alert {
        Alert(id: id, subject: AlertSubject(scope: .area, region: "430100", sector: "C"), level: level, status: .new,
              riskScore: risk, asOf: "2024-12", firstRaised: "2024-12", lastRaised: "2024-12", rules: ["employment_contraction"],
              evidence: [], headline: id, headlineZh: id, sent: "2025-01-01T08:00:00+08:00")
    }

    func testDiffNamesEachChangeOnceInKindThenRiskOrder() {
        let baseline = [alert("A", .yellow, risk: 1), alert("B", .orange, risk: 2), alert("C", .blue, risk: 3), alert("D", .red, risk: 4)]
        let shocked = [alert("A", .red, risk: 5), alert("B", .blue, risk: 1), alert("C", .blue, risk: 3), alert("E", .yellow, risk: 2),
                       alert("F", .orange, risk: 6)]
        let changes = AlertChange.diff(baseline: baseline, shocked: shocked)
        // "de-escalated" < "escalated" < "new" < "resolved" (the CLI's order); C is unchanged.
        XCTAssertEqual(changes.map { "\($0.kind.rawValue) \($0.alert.id) \($0.levels)" }, [
            "de-escalated B orange -> blue",
            "escalated A yellow -> red",
            "new F orange",
            "new E yellow",
            "resolved D red -> none",
        ])
    }

    func testSentTimeIsChinaStandardTime() {
        // 1735689600 = 2025-01-01T00:00:00Z, which is 08:00 in UTC+08:00.
        XCTAssertEqual(RunClock.sentText(Date(timeIntervalSince1970: 1_735_689_600)), "2025-01-01T08:00:00+08:00")
        XCTAssertEqual(RunClock(now: Date(timeIntervalSince1970: 0), today: Date()).sent, "1970-01-01T08:00:00+08:00")
    }
}
