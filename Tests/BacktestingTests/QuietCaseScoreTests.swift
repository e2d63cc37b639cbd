import Backtesting
import Codes
import GroundTruth
import TestSupport
import XCTest

/// The `none` rows of a truth file: a data-quality (`D-`) alert on an outlier or a break is
/// right, any other alert raised on a quiet case that no event explains is a failure and a
/// false alert put down to the case's cause.
final class QuietCaseScoreTests: XCTestCase {
    let p = { (s: String) in Period(s)! }
    let firmX = "91430302MA4L000000", firmY = "91430202MA4L000001", firmZ = "91431302MA4L000002"

    func row(_ asOf: String, _ id: String, _ rule: String, _ region: String, _ sector: String, ent: String = "") -> TimelineRow {
        TimelineRow(asOf: p(asOf), alertID: id, rule: rule, level: "yellow", status: "new", region: region,
                    sector: sector, group: "ALL", enterpriseID: ent, score: 4)
    }

    func quiet(_ id: String, _ cause: QuietCause, _ region: String, _ sector: String?, ent: String? = nil,
               _ start: String, _ end: String, signal: String = "") -> TruthEvent {
        TruthEvent(id: id, type: .quiet, region: RegionCode(region)!, sector: sector, enterpriseID: ent, start: p(start),
                   end: p(end), magnitude: 10, cause: cause, signal: signal)
    }

    var truth: [TruthEvent] {
        [
            TruthEvent(id: "E1", type: .massLayoff, region: RegionCode("430302")!, sector: "C", enterpriseID: firmX,
                       start: p("2024-06"), end: p("2024-06"), magnitude: 0.3),
            TruthEvent(id: "E2", type: .sectorDownturn, region: RegionCode("431300")!, sector: "C", enterpriseID: nil,
                       start: p("2024-03"), end: p("2024-09"), magnitude: 0.2),
            quiet("N1", .outlier, "430202", "C", ent: firmY, "2024-03", "2024-03", signal: "headcount"),
            quiet("N2", .dataBreak, "430621", nil, "2024-05", "2024-12", signal: "insured"),
            quiet("N3", .decoySeasonal, "430821", "H", "2021-01", "2025-12"),
            quiet("N4", .graduationSeason, "430100", nil, "2024-07", "2024-08", signal: "youth_unemployment_rate"),
            quiet("N5", .outlier, "430521", nil, "2024-09", "2024-09", signal: "new_claims"),
            quiet("N6", .outlier, "431302", "C", ent: firmZ, "2024-04", "2024-04", signal: "headcount"),
            // Around N4 and N5: their alerts are put down to them (smaller place, later start), not to it.
            quiet("N7", .graduationSeason, "430000", nil, "2024-07", "2024-08", signal: "youth_unemployment_rate"),
        ]
    }

    var timeline: [TimelineRow] {
        [
            row("2024-06", "E-a1", "mass_layoff", "430302", "C", ent: firmX),          // E1: true
            row("2024-03", "E-a2", "mass_layoff", "430202", "C", ent: firmY),          // N1 failed
            row("2024-03", "D-1", "source_disagreement", "430202", "C"),               // N1: right
            row("2024-05", "D-2", "source_disagreement", "430621", "ALL"),             // N2: right
            row("2024-06", "A-a3", "employment_contraction", "430621", "F"),           // N2 failed (a break moves every sector)
            row("2024-02", "A-a4", "employment_contraction", "430821", "H"),           // N3 failed
            row("2024-02", "D-3", "source_disagreement", "430821", "H"),               // N3 not failed, but a false D- alert
            row("2024-09", "A-a5", "sahm_rise", "430100", "ALL"),                      // N4 failed (within 3 months after)
            row("2024-08", "A-a6", "employment_contraction", "430100", "C"),           // not N4's: a sector alert; noise
            row("2024-09", "A-a7", "claims_separations_surge", "430521", "ALL"),       // N5 failed
            row("2024-10", "A-a7", "claims_separations_surge", "430521", "ALL"),
            row("2024-03", "A-a8", "employment_contraction", "430100", "ALL"),         // raised before N4: noise
            row("2024-07", "A-a8", "employment_contraction", "430100", "ALL"),
            row("2024-04", "A-a9", "employment_contraction", "431300", "C"),           // E2 explains it: not N6's failure
        ]
    }

    func testNonDataQualityAlertsOnQuietCasesFailAndDataQualityOnesAreRight() {
        let s = SkillScore(timeline: timeline, events: truth, officialRateMoved: [:], seriesYears: 400, until: p("2024-12"))
        XCTAssertEqual(s.types.map(\.type), [.massLayoff, .sectorDownturn], "quiet rows are not event types")
        XCTAssertEqual(s.types.map(\.detected), [1, 1])
        XCTAssertEqual(s.alerts, 12)
        XCTAssertEqual(s.falseAlerts, 8, "a2, a3, a4, D-3, a5, a6, a7, a8")
        XCTAssertEqual(s.precision, 4.0 / 12, accuracy: 1e-12, "a1, a9 and the D- alerts on the outlier and the break")
        XCTAssertEqual(s.falseAlertsPer100SeriesYears, 2)
        XCTAssertEqual(s.quiet, [
            .init(cause: .outlier, cases: 3, failed: 2, jobLossAlerts: 2, dataQualityAlerts: 1),
            .init(cause: .decoySeasonal, cases: 1, failed: 1, jobLossAlerts: 1, dataQualityAlerts: 1),
            .init(cause: .dataBreak, cases: 1, failed: 1, jobLossAlerts: 1, dataQualityAlerts: 1),
            .init(cause: .graduationSeason, cases: 2, failed: 1, jobLossAlerts: 1, dataQualityAlerts: 0),
        ])
        XCTAssertEqual(s.failures.map(\.quietCase.id), ["N1", "N2", "N3", "N4", "N5"])
        XCTAssertEqual(s.failures.map { $0.alerts.map(\.alertID) }, [["E-a2"], ["A-a3"], ["A-a4"], ["A-a5"], ["A-a7"]])
        XCTAssertEqual(s.falseAlertsByCause.map(\.cause), ["outlier", "decoy_seasonal", "break", "graduation_season", "noise"])
        XCTAssertEqual(s.falseAlertsByCause.map(\.alerts), [2, 2, 1, 1, 2])
        // Each false alert once, as raised (a8's first month, not its second), by month then id.
        XCTAssertEqual(s.falseAlertRows.map { "\($0.row.asOf) \($0.row.alertID) \($0.cause)" }, [
            "2024-02 A-a4 decoy_seasonal", "2024-02 D-3 decoy_seasonal", "2024-03 A-a8 noise", "2024-03 E-a2 outlier",
            "2024-06 A-a3 break", "2024-08 A-a6 noise", "2024-09 A-a5 graduation_season", "2024-09 A-a7 outlier",
        ])
        XCTAssertTrue(s.table.contains("""
            quiet case (type none)      cases  failed  job-loss alerts  D- alerts
            outlier                         3       2                2          1
            decoy_seasonal                  1       1                1          1
            break                           1       1                1          1
            graduation_season               2       1                1          0
            """), s.table)
        XCTAssertTrue(s.table.contains("  N1 outlier headcount 430202 C \(firmY) 2024-03: mass_layoff 430202/C/firm 2024-03\n"), s.table)
        XCTAssertTrue(s.table.contains("  N2 break insured 430621 ALL 2024-05..2024-12: employment_contraction 430621/F 2024-06\n"), s.table)
        XCTAssertTrue(s.table.contains("false alerts by cause: outlier 2, decoy_seasonal 2, break 1, graduation_season 1, noise 2\n"),
                      s.table)
    }

    func testATableWithoutQuietCasesHasNoQuietSection() {
        let s = SkillScore(timeline: timeline, events: truth.filter { $0.type != .quiet }, officialRateMoved: [:], seriesYears: 400)
        XCTAssertTrue(s.quiet.isEmpty)
        XCTAssertFalse(s.table.contains("quiet case"))
        XCTAssertFalse(s.table.contains("by cause"))
    }

    func testTruthFileWithQuietRowsReadsBackAndANoneRowNeedsACause() throws {
        let dir = try temporaryDirectory(self)
        let path = dir.appendingPathComponent("truth.csv").path
        let text = (TruthEvent.header + TruthEvent.quietColumns).joined(separator: ",") + "\n"
            + truth.map { $0.fields(withCause: true).joined(separator: ",") }.joined(separator: "\n") + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let back = try TruthEvent.read(path: path)
        XCTAssertEqual(back.map(\.id), truth.map(\.id))
        XCTAssertEqual(back.map(\.cause), truth.map(\.cause))
        XCTAssertEqual(back.map(\.signal), truth.map(\.signal))
        XCTAssertEqual(back[1].type, .sectorDownturn)

        try "event_id,type,region_code,sector,enterprise_id,start,end,magnitude\nN1,none,430202,C,,2024-03,2024-03,10\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TruthEvent.read(path: path)) { e in
            XCTAssertEqual("\(e)", "\(path):2:1: expected the cause of a \"none\" row (outlier, decoy_seasonal, decoy_expansion, break, graduation_season, firm_birth, firm_closure, nonresponse) in column \"cause\", found \"\"")
        }
        try "event_id,type,region_code,sector,enterprise_id,start,end,magnitude\nH1,recession,430000,ALL,,2008-01,2009-06,0.05\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try TruthEvent.read(path: path).first?.type, .other("recession"), "a documented historical event type is kept")
    }
}
