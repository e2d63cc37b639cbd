import Presentation
import TestSupport
import XCTest

/// The headline of each rule kind, in both languages, against `Golden/headlines.txt`
/// (`JOBSENTRY_RECORD=1` rewrites it; the diff shows reviewers what readers will see).
final class HeadlineGoldenTests: XCTestCase {
    /// One finding per rule kind, with figures of the size the demo province produces.
    static let cases: [(HeadlineFact, PlaceName)] = {
        let city = PlaceName(region: "430100", sector: "C")
        let county = PlaceName(region: "431321", sector: "ALL")
        let firm = PlaceName(region: "430181", sector: "C", enterprise: "浏阳花炮制造有限公司")
        let province = PlaceName(region: "430000", sector: "ALL")
        return [
            (HeadlineFact(kind: "contraction", signal: "payroll_headcount", period: "2025-03", observed: 41_230, expected: 46_900,
                          lower: 44_100, upper: 49_700, measure: 5.6, changeStart: "2025-01"), city),
            (HeadlineFact(kind: "surge", signal: "ui_new_claims", period: "2025-03", observed: 1_480, expected: 910,
                          lower: 700, upper: 1_120, measure: 4.9, changeStart: "2025-02"), county),
            (HeadlineFact(kind: "surge", signal: "contribution_arrears", period: "2025-03", observed: 16_666_300, expected: 403_509.7,
                          lower: -4_013_550, upper: 4_820_570, measure: 7.2, changeStart: "2025-03"), city),
            (HeadlineFact(kind: "sudden_fall", signal: "insured", period: "2025-03", observed: 18_800, expected: 20_500,
                          measure: 4.4, changeStart: "2025-02"), county),
            (HeadlineFact(kind: "ceiling", signal: "surveyed_unemployment_rate", period: "2025-03", observed: 5.8,
                          measure: 0.3, ceiling: 5.5), province),
            (HeadlineFact(kind: "ceiling_forecast", signal: "registered_unemployment_rate", period: "2025-09", observed: 4.2,
                          measure: 0.62, ceiling: 4.5), province),
            (HeadlineFact(kind: "sahm_rise", signal: "surveyed_unemployment_rate", period: "2025-03", observed: 5.4,
                          measure: 0.6), city),
            (HeadlineFact(kind: "mass_layoff", signal: "headcount", period: "2025-03", observed: 412, expected: 760,
                          measure: 17.4, changeStart: "2025-03"), firm),
            (HeadlineFact(kind: "wage_days_late", signal: "days_late", period: "2025-03", observed: 45, measure: 38), firm),
            (HeadlineFact(kind: "wages_falling_headcount_holds", signal: "wages_cny", period: "2025-03", observed: 4_120,
                          expected: 5_360, measure: 23.1, changeStart: "2025-03"), firm),
            (HeadlineFact(kind: "contribution_arrears", signal: "arrears_cny", period: "2025-03", observed: 1_280_000,
                          measure: 3.2), firm),
            (HeadlineFact(kind: "festival_outflow_shortfall", signal: "mobile_net_outflow", period: "2025-03", observed: 52_000,
                          expected: 64_000, measure: 18.75), county),
            (HeadlineFact(kind: "source_disagreement", signal: "insured/payroll_headcount", period: "2025-03", observed: 0.82,
                          expected: 0.95, measure: 6.1), city),
            (HeadlineFact(kind: "regional_stress", signal: "spe", period: "2025-03", observed: 412.5, measure: 2.34,
                          changeStart: "2025-02"), PlaceName(region: "430700", sector: "ALL")),
            (HeadlineFact(kind: "downturn", signal: "payroll_headcount", period: "2025-03", observed: 48_900, expected: 50_200,
                          measure: 4.8, changeStart: "2024-06"), PlaceName(region: "430000", sector: "C")),
            (HeadlineFact(kind: "outlier", signal: "payroll_headcount", period: "2025-03", observed: 412_000, expected: 41_300,
                          measure: 310), city),
        ]
    }()

    func testHeadlinesOfEveryRuleKindInBothLanguages() throws {
        var text = ""
        for (f, place) in Self.cases {
            text += "\(f.kind) \(f.signal)\n"
            for lang in [Language.zh, .en] { text += "  \(lang.rawValue): \(Headlines.sentence(f, place: place, lang))\n" }
        }
        let p = PlaceName(region: "430100", sector: "C")
        text += "more rules, resolved\n"
        for lang in [Language.zh, .en] {
            text += "  \(lang.rawValue): \(Headlines.sentence(Self.cases[0].0, place: p, more: 2, resolved: true, lang))\n"
        }
        text += "withheld\n"
        text += "  zh: \(Headlines.withheld(title: "就业人数降幅超出趋势和季节规律", place: p, .zh))\n"
        text += "  en: \(Headlines.withheld(title: "Employment falling beyond trend and season", place: p, .en))\n"
        text += "cleared\n"
        for lang in [Language.zh, .en] { text += "  \(lang.rawValue): \(Headlines.cleared(place: p, lang))\n" }
        try assertGolden(text, "Tests/PresentationTests/Golden/headlines.txt")
    }

    /// One short sentence per language: under ~40 Chinese characters and ~100 English ones.
    func testHeadlinesAreShortSingleLines() {
        for (f, place) in Self.cases {
            let zh = Headlines.sentence(f, place: place, .zh), en = Headlines.sentence(f, place: place, .en)
            XCTAssertLessThanOrEqual(zh.count, 45, zh)
            XCTAssertLessThanOrEqual(en.count, 100, en)
            XCTAssertFalse(zh.contains("\n") || en.contains("\n"))
            XCTAssertFalse(en.contains("e+") || en.contains("e-0"), "no scientific notation: \(en)")
        }
    }

    /// The issue's example: an arrears surge with an expected value far below the observed
    /// one reads as two amounts with units, not as floats.
    func testHugeGapReadsAsAmountsNotAPercentage() {
        let (f, place) = Self.cases[2]
        XCTAssertEqual(Headlines.sentence(f, place: place, .en),
                       "Contribution arrears CNY 16.7 million against CNY 404 thousand expected — Changsha, Manufacturing")
        XCTAssertEqual(Headlines.sentence(f, place: place, .zh), "社保欠费1,667万元，预期40.4万元——长沙市 制造业")
    }
}
