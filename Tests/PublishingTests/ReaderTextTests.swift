import Alerting
import Crypto
import Foundation
import Publishing
import TestSupport
import XCTest

/// What readers of a bundle see: headlines and CAP descriptions in the configured
/// languages, figures with units, summary lines led by the level.
final class ReaderTextTests: XCTestCase {
    func write(language: String?) throws -> URL {
        var run = BundleFixture.run(BundleFixture.alerts().second)
        if let language { run.config = try AlertConfig.parse(AlertConfig.defaultText.replacingOccurrences(of: "language: zh+en", with: "language: \(language)"), file: "test") }
        let dir = try temporaryDirectory(self)
        try BundleWriter.write(run, audience: .restricted, to: dir, signingKey: Curve25519.Signing.PrivateKey(), capSigner: CAPSignerForTests.shared)
        return dir
    }

    func testCAPHasOneInfoPerConfiguredLanguageWithFormattedFigures() throws {
        let both = try String(contentsOf: write(language: nil).appendingPathComponent("cap/A-430100-C-ALL.xml"), encoding: .utf8)
        XCTAssertEqual(both.components(separatedBy: "<info>").count - 1, 2)
        XCTAssertTrue(both.contains("<headline>Payroll headcount 10% below expected since 2025-04 — Changsha, Manufacturing</headline>"), both)
        XCTAssertTrue(both.contains("<headline>发薪人数低于预期10%（2025年4月起）——长沙市 制造业</headline>"), both)
        XCTAssertTrue(both.contains("<description>发薪人数 2025年6月：观测 9,000人，预期 10,000人，95%区间 9,800人 – 10,200人（低于预期 7σ）</description>"), both)
        XCTAssertTrue(both.contains("<areaDesc>长沙市</areaDesc>") && both.contains("<areaDesc>Changsha</areaDesc>"))

        let zh = try String(contentsOf: write(language: "zh").appendingPathComponent("cap/A-430100-C-ALL.xml"), encoding: .utf8)
        XCTAssertEqual(zh.components(separatedBy: "<info>").count - 1, 1)
        XCTAssertTrue(zh.contains("<language>zh-CN</language>") && !zh.contains("<language>en-US</language>"))
    }

    func testSummaryLinesLeadWithTheLevelInTheConfiguredLanguages() throws {
        let en = try String(contentsOf: write(language: "en").appendingPathComponent("summary.txt"), encoding: .utf8)
        XCTAssertTrue(en.contains("- [orange II, escalated] Payroll headcount 10% below expected since 2025-04 — Changsha, Manufacturing\n"), en)
        XCTAssertFalse(en.contains("发薪人数") || en.contains("在办预警"))
        let zh = try String(contentsOf: write(language: "zh").appendingPathComponent("summary.txt"), encoding: .utf8)
        XCTAssertTrue(zh.hasPrefix("就业失业预警 run-0002-2025-07 — 数据截至 2025-07 — 限定范围版\n\n在办预警 "), zh)
        XCTAssertTrue(zh.contains("- [orange II, escalated] 发薪人数低于预期10%（2025年4月起）——长沙市 制造业\n"), zh)
        XCTAssertFalse(zh.contains("Open alerts") || zh.contains("Payroll headcount"))
    }

    func testCSVHasReadersNamesBesideTheCodes() throws {
        let csv = try String(contentsOf: write(language: nil).appendingPathComponent("alerts.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n")
        XCTAssertTrue(rows[0].hasSuffix(",region_name_zh,sector_name,sector_name_zh"), String(rows[0]))
        let row = try XCTUnwrap(rows.first { $0.contains(",A-430100-C-ALL,") })
        XCTAssertTrue(row.contains(",430100,Changsha,C,") && row.hasSuffix(",长沙市,Manufacturing,制造业"), String(row))
    }

    func testUnknownLanguageIsAConfigError() {
        XCTAssertThrowsError(try AlertConfig.parse(AlertConfig.defaultText.replacingOccurrences(of: "language: zh+en", with: "language: fr"), file: "x.yaml")) { e in
            // file:line:column of the `language` value (issue 15: config errors say where).
            XCTAssertNotNil("\(e)".range(of: #"^x\.yaml:\d+:\d+: "#, options: .regularExpression), "\(e)")
            XCTAssertTrue("\(e)".contains("language"), "\(e)")
        }
    }
}
