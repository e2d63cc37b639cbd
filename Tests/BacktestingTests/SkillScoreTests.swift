import Backtesting
import Codes
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
            TruthEvent(id: "E1", type: "sector_downturn", region: RegionCode("431300")!, sector: "C", enterpriseID: nil,
                       start: p("2024-03"), end: p("2024-09"), magnitude: 0.2),
            TruthEvent(id: "E2", type: "data_break", region: RegionCode("430200")!, sector: nil, enterpriseID: nil,
                       start: p("2024-05"), end: p("2024-05"), magnitude: 0.1),
            TruthEvent(id: "E3", type: "mass_layoff", region: RegionCode("430302")!, sector: "C", enterpriseID: "91430302MA4L000000",
                       start: p("2024-06"), end: p("2024-06"), magnitude: 0.3),
        ]
        let timeline = [
            row("2024-04", "a1", "employment_contraction", "431300", "C"),
            row("2024-05", "a1", "employment_contraction", "431300", "C"),
            row("2024-05", "a2", "source_disagreement", "430200", "ALL"),
            row("2024-06", "a3", "employment_contraction", "430200", "ALL"),
            row("2024-06", "a4", "mass_layoff", "430302", "C", ent: "91430302MA4L000000"),
            row("2024-06", "a5", "claims_separations_surge", "430100", "F"),
        ]
        let s = SkillScore(timeline: timeline, events: events, dataQualityRules: ["source_disagreement"],
                           officialRateMoved: ["E1": p("2024-08")], seriesYears: 200)
        XCTAssertEqual(s.types.map(\.type), ["data_break", "mass_layoff", "sector_downturn"])
        XCTAssertEqual(s.types.map(\.detected), [1, 1, 1])
        XCTAssertEqual(s.types[2].medianLeadToPeak, 1)
        XCTAssertEqual(s.types[2].medianLeadToOfficialRate, 4)
        XCTAssertEqual(s.types[1].rateDidNotMove, 1)
        XCTAssertEqual(s.types[0].misread, 1, "the contraction alert on the data break")
        XCTAssertEqual(s.types[2].misread, 0)
        XCTAssertEqual(s.alerts, 5)
        XCTAssertEqual(s.falseAlerts, 2, "the misread data break and the unrelated Changsha alert")
        XCTAssertEqual(s.falseAlertsPer100SeriesYears, 1)
        XCTAssertEqual(s.rules.first { $0.rule == "employment_contraction" }, .init(rule: "employment_contraction", alerts: 2, matched: 1))
    }

    func testOfficialRateMoveMonth() {
        var rate: [Period: Double] = [:]
        for i in 0..<24 { rate[p("2023-01") + i] = 4.5 }
        rate[p("2024-04")] = 4.7
        rate[p("2024-05")] = 4.85
        XCTAssertEqual(SkillScore.officialRateMoved(rate: rate, start: p("2024-02"), until: p("2024-12")), p("2024-05"))
        XCTAssertNil(SkillScore.officialRateMoved(rate: rate, start: p("2024-02"), until: p("2024-04")))
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
