import Backtesting
import Codes
import GroundTruth
import TestSupport
import XCTest

final class SkillScoreTests: XCTestCase {
    let p = { (s: String) in Period(s)! }

    func row(_ asOf: String, _ id: String, _ rule: String, _ region: String, _ sector: String, ent: String = "") -> TimelineRow {
        TimelineRow(asOf: p(asOf), alertID: id, rule: rule, level: "yellow", status: "new", region: region,
                    sector: sector, group: "ALL", enterpriseID: ent, score: 4)
    }

    /// A hand-worked case: a downturn in Loudi manufacturing caught one month after it starts
    /// (peak two months after start, so lead to peak +1; the rate moved in 2024-08, lead +4),
    /// a data break caught by the disagreement rule and also misread by a contraction alert
    /// (false), a layoff caught at its enterprise, and an unrelated false alert in Changsha.
    func testHandWorkedTimeline() {
        let events = [
            TruthEvent(id: "E1", type: .sectorDownturn, region: RegionCode("431300")!, sector: "C", enterpriseID: nil,
                       start: p("2024-03"), end: p("2024-09"), magnitude: 0.2),
            TruthEvent(id: "E2", type: .dataBreak, region: RegionCode("430200")!, sector: nil, enterpriseID: nil,
                       start: p("2024-05"), end: p("2024-05"), magnitude: 0.1),
            TruthEvent(id: "E3", type: .massLayoff, region: RegionCode("430302")!, sector: "C", enterpriseID: "91430302MA4L000000",
                       start: p("2024-06"), end: p("2024-06"), magnitude: 0.3),
        ]
        let timeline = [
            row("2024-04", "a1", "employment_contraction", "431300", "C"),
            row("2024-05", "a1", "employment_contraction", "431300", "C"),
            row("2024-05", "D-a2", "source_disagreement", "430200", "ALL"),
            row("2024-06", "a3", "employment_contraction", "430200", "ALL"),
            row("2024-06", "a4", "mass_layoff", "430302", "C", ent: "91430302MA4L000000"),
            row("2024-06", "a5", "claims_separations_surge", "430100", "F"),
            // Open during the data break but raised before it: not a misreading of it.
            row("2024-04", "a6", "employment_contraction", "430200", "G"),
            row("2024-05", "a6", "employment_contraction", "430200", "G"),
            // Province-wide: around the break's city, not inside it (and another sector than E1's).
            row("2024-05", "a7", "claims_separations_surge", "430000", "F"),
        ]
        let s = SkillScore(timeline: timeline, events: events,
                           officialRateMoved: ["E1": p("2024-08")], seriesYears: 200, until: p("2024-12"))
        XCTAssertEqual(s.types.map(\.type), [.dataBreak, .massLayoff, .sectorDownturn])
        XCTAssertEqual(s.types.map(\.detected), [1, 1, 1])
        XCTAssertEqual(s.types[2].medianLeadToPeak, 1)
        XCTAssertEqual(s.types[2].medianLeadToOfficialRate, 4)
        XCTAssertEqual(s.types[1].rateDidNotMove, 1)
        XCTAssertEqual(s.types[1].leadBeyondWindow, 6, "first alert 2024-06, window ends 2024-12")
        XCTAssertNil(s.types[2].leadBeyondWindow)
        XCTAssertTrue(s.table.contains("rate did not move, lead > +6"), s.table)
        XCTAssertEqual(s.types[0].misread, 1, "the contraction alert on the data break")
        XCTAssertEqual(s.types[2].misread, 0)
        XCTAssertEqual(s.alerts, 7)
        XCTAssertEqual(s.falseAlerts, 4, "the misread data break, the unrelated Changsha alert, a6 and a7")
        XCTAssertEqual(s.falseAlertsPer100SeriesYears, 2)
        XCTAssertEqual(s.rules.first { $0.rule == "employment_contraction" }, .init(rule: "employment_contraction", alerts: 3, matched: 1))
    }

    /// The rule for a firm's job-loss alert inside an area job-loss event: a firm in the
    /// event's area and sector (its division code read as the section) whose alert is raised in
    /// [start, end + grace] lost jobs: not a false alert, and not a detection of the event
    /// (recall and lead come from the area alerts alone). Outside the area, the sector, the
    /// months, or inside a data break, it stays false.
    func testFirmJobLossInsideAreaEventIsTrueButNoDetection() {
        let firm = { (n: Int) in "91431302MA4L00000\(n)" }
        let events = [
            TruthEvent(id: "E1", type: .sectorDownturn, region: RegionCode("431300")!, sector: "C", enterpriseID: nil,
                       start: p("2024-03"), end: p("2024-05"), magnitude: 0.2),
            TruthEvent(id: "E2", type: .provinceShock, region: RegionCode("430000")!, sector: nil, enterpriseID: nil,
                       start: p("2025-01"), end: p("2025-02"), magnitude: 0.08),
            TruthEvent(id: "E3", type: .dataBreak, region: RegionCode("430200")!, sector: nil, enterpriseID: nil,
                       start: p("2024-03"), end: p("2024-03"), magnitude: 0.1),
        ]
        let timeline = [
            // Inside E1: a county of Loudi, section C (as a division code) and as a letter; the
            // second raised at end + grace (2024-11) exactly.
            row("2024-04", "f1", "mass_layoff", "431302", "36", ent: firm(1)),
            row("2024-11", "f2", "wage_days_late", "431302", "C", ent: firm(2)),
            // Inside E2 (all sectors, the whole province): any firm.
            row("2025-02", "f3", "mass_layoff", "430102", "G", ent: firm(3)),
            // False: another sector (F) in E1's area; raised the month after E1's grace; raised
            // before E1 and still open inside it; a data-quality alert naming a firm; a firm in
            // the data break's city (not a job-loss event).
            row("2024-04", "f4", "mass_layoff", "431302", "F", ent: firm(4)),
            row("2024-12", "f5", "mass_layoff", "431302", "C", ent: firm(5)),
            row("2024-02", "f6", "mass_layoff", "431302", "C", ent: firm(6)),
            row("2024-03", "f6", "mass_layoff", "431302", "C", ent: firm(6)),
            row("2024-04", "D-f7", "payroll_insurance_disagree", "431302", "C", ent: firm(7)),
            row("2024-03", "f8", "mass_layoff", "430202", "C", ent: firm(8)),
        ]
        let s = SkillScore(timeline: timeline, events: events, officialRateMoved: [:], seriesYears: 100, until: p("2025-12"))
        XCTAssertEqual(s.alerts, 8)
        XCTAssertEqual(Set(s.falseAlertRows.map(\.row.alertID)), ["f4", "f5", "f6", "D-f7", "f8"])
        XCTAssertEqual(s.falseAlerts, 5)
        XCTAssertEqual(s.firmLossInAreaCount, 3)
        XCTAssertEqual(s.firmLossInAreaEvents.map(\.rule), ["mass_layoff", "wage_days_late"])
        XCTAssertEqual(s.firmLossInAreaEvents.map(\.alerts), [2, 1])
        XCTAssertEqual(s.types.map(\.detected), [0, 0, 0], "no area event is detected by a firm's alert")
        XCTAssertEqual(s.rules.first { $0.rule == "mass_layoff" }, .init(rule: "mass_layoff", alerts: 6, matched: 2))
        XCTAssertTrue(s.table.contains("(true, not detections): mass_layoff 2, wage_days_late 1; counted false before: false 8, precision 0.00"), s.table)
    }

    func testOfficialRateMoveMonth() {
        // Hand-made excess path: flat at 0.1 before the event; one noisy month (2024-03) is not
        // a move; 2024-05 and 2024-06 are both ≥ 0.3 above the 6-month baseline of 0.1.
        var excess: [Period: Double] = [:]
        for i in 0..<24 { excess[p("2023-01") + i] = 0.1 }
        excess[p("2024-03")] = 0.6
        excess[p("2024-04")] = 0.3
        excess[p("2024-05")] = 0.4
        excess[p("2024-06")] = 0.5
        XCTAssertEqual(SkillScore.officialRateMoved(excess: excess, start: p("2024-02"), until: p("2024-12")), p("2024-05"))
        XCTAssertNil(SkillScore.officialRateMoved(excess: excess, start: p("2024-02"), until: p("2024-05")),
                     "a move must hold for a second month within the window")
        XCTAssertNil(SkillScore.officialRateMoved(excess: excess, start: p("2023-03"), until: p("2023-12")),
                     "two months of history are fewer than half the 6-month baseline")
    }

    func testRateExcessAgainstOtherCitiesOrLastYear() {
        let m = p("2024-03")
        let city = [m: 5.0, m - 12: 4.4]
        let others = [[m: 4.5], [m: 4.8], [m: 4.6], [m - 12: 9.0]]
        let vsCities = SkillScore.rateExcess(rate: city, others: others)
        XCTAssertEqual(vsCities[m]!, 0.4, accuracy: 1e-12, "5.0 − median(4.5, 4.6, 4.8)")
        XCTAssertEqual(vsCities[m - 12]!, -4.6, accuracy: 1e-12, "only one other city reported a year before")
        let vsLastYear = SkillScore.rateExcess(rate: city, others: [])
        XCTAssertEqual(vsLastYear[m]!, 0.6, accuracy: 1e-12)
        XCTAssertNil(vsLastYear[m - 12], "no figure a year before that")
    }

    func testTruthFileErrorsNameTheCell() throws {
        let dir = try temporaryDirectory(self)
        let path = dir.appendingPathComponent("truth.csv").path
        try "event_id,type,region_code,sector,enterprise_id,start,end,magnitude\nE1,mass_layoff,4313,C,,2024-01,2024-01,0.2\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TruthEvent.read(path: path)) { e in
            XCTAssertEqual("\(e)", "\(path):2:3: expected a 6-digit region code in column \"region_code\", found \"4313\"")
        }
    }
}
