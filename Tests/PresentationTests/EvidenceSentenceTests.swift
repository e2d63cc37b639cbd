import Foundation
import Presentation
import XCTest

/// Evidence sentences (issue 14): worded here, apart from detection, with every figure in
/// the signal's units through `Figure`.
final class EvidenceSentenceTests: XCTestCase {
    func testFiguresGoThroughTheFormatterInBothLanguages() {
        let wages = EvidenceFact.deviation(signal: "payroll_wages", observed: 77_509_500, expected: 128_527_845.71,
                                           lower: 120_040_102.38, upper: 137_015_589.04, meanZ: -11.33, months: 2,
                                           since: "2024-09", falling: true)
        XCTAssertEqual(EvidenceSentence.text(wages, .en),
                       "wage bill CNY 77.5 million is 40% below the expected CNY 129 million (95% interval CNY 120 million – CNY 137 million, mean z -11.3 over 2 months) since 2024-09")
        XCTAssertEqual(EvidenceSentence.text(wages, .zh),
                       "工资总额为7,751万元，低于预期值1.29亿元 40%（95%区间 1.2亿元 – 1.37亿元，2个月平均z值 -11.3），始于2024年9月")
        let layoff = EvidenceFact.massLayoff(period: "2024-11", cut: 60, before: 500, held: 440, usual: 0, p: 0.00004)
        XCTAssertEqual(EvidenceSentence.text(layoff, .en),
                       "headcount fell by 60 people (12%) from 500 people in 2024-11 and stayed down (440 people the month after); the legal threshold is 20 people or 10%; p = < 0.0001 against earlier cuts of firms this size")
        XCTAssertEqual(EvidenceSentence.text(layoff, .zh),
                       "2024年11月在岗人数由500人减少60人（12%），次月仍为440人；法定标准为20人或10%；与同规模企业以往减员相比 p = < 0.0001")
        let rate = EvidenceFact.ceiling(signal: "surveyed_unemployment_rate", observed: 5.9, ceiling: 5.5)
        XCTAssertEqual(EvidenceSentence.text(rate, .en), "surveyed unemployment rate is 5.9%, 0.4 pt above the ceiling of 5.5%")
        XCTAssertEqual(EvidenceSentence.text(rate, .zh), "城镇调查失业率为5.9%，高于控制线5.5% 0.4个百分点")
    }

    /// No sentence prints a number with more digits than the formatter gives it.
    func testNoRawFloats() throws {
        let facts: [EvidenceFact] = [
            .sahmRise(signal: "surveyed_unemployment_rate", average: 5.133333333, low: 4.0000001, lowAt: "2024-01", averageMonths: 3, lookbackMonths: 12),
            .downturn(signal: "payroll_headcount", average: 48_123.4567, high: 50_001.2345, highAt: "2024-01", drawdown: 0.0375612,
                      multiple: 4.56789, yearOnYear: -0.0412345, averageMonths: 3, lookbackMonths: 12),
            .outlier(signal: "payroll_headcount", period: "2024-11", observed: 100_234.567, expected: 10_012.3456, z: 45.678, pending: true),
            .suddenFall(signal: "insured", fall: 0.350123, from: "2024-07", to: "2024-09", prior: 74.98123, since: "2024-10",
                        through: "2024-12", after: 48.7712, multiple: 26.4123),
            .festivalShortfall(signal: "rail_departures", period: "2024-02", festival: "2024-02-10", observed: 3_012.345,
                               expected: 5_123.456, shortfall: 0.412345, z: -5.6789),
            .sourceDisagreement(signal: "insured/payroll_headcount", ratio: 0.8012345, median: 0.9512345, z: 12.345, months: 12, since: "2024-11"),
            .regionalStress(statistic: "SPE", value: 123.4567, limit: 45.6789, multiple: 2.70271, series: 6, falseAlarmRate: 0.01,
                            contributors: ["C/payroll_headcount"]),
            .wagesFalling(period: "2024-12", perHead: 4_000.1234, fall: 0.3333333, median: 6_000.5678, headcount: 500, months: 12),
            .arrears(period: "2024-12", amount: 7_500_000.123, monthsOfWages: 2.5123),
            .wagesLate(period: "2024-12", daysLate: 45, previous: 40),
            .ceilingForecast(signal: "surveyed_unemployment_rate", latest: 5.45, latestPeriod: "2024-12", forecast: 5.61234,
                             lower: 5.21234, upper: 6.01234, level: 0.9, when: "2025-02", probability: 0.87654, horizon: 3, ceiling: 5.5),
        ]
        let raw = try NSRegularExpression(pattern: "[0-9]\\.[0-9]{4,}")
        for f in facts {
            for lang in [Language.en, .zh] {
                let t = EvidenceSentence.text(f, lang)
                XCTAssertNil(raw.firstMatch(in: t, range: NSRange(t.startIndex..., in: t)), t)
                XCTAssertFalse(t.isEmpty)
            }
        }
        XCTAssertTrue(EvidenceSentence.text(facts[2], .en).contains("held back until next month"))
        XCTAssertTrue(EvidenceSentence.text(facts[1], .en).contains("below its 12-month high"))
    }

    /// The forecast sentence and its evidence row name the level the interval is built at
    /// (`PathForecast.level`, 0.9), not the model's one-month 95%.
    func testForecastIntervalSaysItsLevel() {
        let fact = EvidenceFact.ceilingForecast(signal: "surveyed_unemployment_rate", latest: 5.45, latestPeriod: "2024-12",
                                                forecast: 5.6, lower: 5.2, upper: 6.0, level: 0.9, when: "2025-02",
                                                probability: 0.5, horizon: 3, ceiling: 5.5)
        XCTAssertEqual(EvidenceSentence.text(fact, .en),
                       "surveyed unemployment rate is 5.5% in 2024-12, forecast 5.6% in 2025-02 (90% interval 5.2% – 6.0%); probability 50% of crossing 5.5% within 3 months")
        XCTAssertTrue(EvidenceSentence.text(fact, .zh).contains("（90%区间 5.2% – 6.0%）"), EvidenceSentence.text(fact, .zh))
        let row = { (level: Double?, lang: Language) in
            EvidenceText(signal: "surveyed_unemployment_rate", period: "2025-02", observed: 5.45, expected: 5.6, lower: 5.2, upper: 6.0,
                         intervalLevel: level, measure: 0.5, measureName: "probability_of_crossing", lang).line(lang)
        }
        XCTAssertTrue(row(0.9, .en).contains("90% interval 5.2% – 6.0%"), row(0.9, .en))
        XCTAssertTrue(row(0.9, .zh).contains("90%区间 5.2% – 6.0%"), row(0.9, .zh))
        XCTAssertTrue(row(0.95, .en).contains("95% interval"), row(0.95, .en))
        XCTAssertTrue(row(nil, .en).contains(", interval 5.2% – 6.0%"), row(nil, .en))
    }
}
