import Presentation
import XCTest

final class FigureTests: XCTestCase {
    func testMoneyIn万And亿AndInThousandsAndMillions() {
        XCTAssertEqual(Figure.text(16_666_300, .cny, .zh), "1,667万元")
        XCTAssertEqual(Figure.text(16_666_300, .cny, .en), "CNY 16.7 million")
        XCTAssertEqual(Figure.text(403_509.7, .cny, .zh), "40.4万元")
        XCTAssertEqual(Figure.text(403_509.7, .cny, .en), "CNY 404 thousand")
        XCTAssertEqual(Figure.text(2.346e9, .cny, .zh), "23.5亿元")
        XCTAssertEqual(Figure.text(2.346e9, .cny, .en), "CNY 2.35 billion")
        XCTAssertEqual(Figure.text(8_512.4, .cny, .zh), "8,512元")
        XCTAssertEqual(Figure.text(8_512.4, .cny, .en), "CNY 8,512")
    }

    func testCountsAreWholeAndGrouped() {
        XCTAssertEqual(Figure.text(12_345.4, .people, .en), "12,345 people")
        XCTAssertEqual(Figure.text(12_345.4, .people, .zh), "12,345人")
        XCTAssertEqual(Figure.text(1, .people, .en), "1 person")
        XCTAssertEqual(Figure.text(1_234_567, .people, .zh), "123万人")
        XCTAssertEqual(Figure.text(1_234_567, .people, .en), "1.23 million people")
        XCTAssertEqual(Figure.text(45, .days, .zh), "45天")
        XCTAssertEqual(Figure.text(98_765, .trips, .zh), "98,765人次")
    }

    func testRatesPointsAndShares() {
        XCTAssertEqual(Figure.text(5.83, .percent, .en), "5.8%")
        XCTAssertEqual(Figure.text(0.456, .percent, .en), "0.46%")
        XCTAssertEqual(Figure.text(0.0123, .share, .zh), "1.2%")
        XCTAssertEqual(Figure.text(0.0045, .share, .zh), "0.45%")
        XCTAssertEqual(Figure.text(0.3, .points, .zh), "0.3个百分点")
        XCTAssertEqual(Figure.text(0.25, .points, .en), "0.25 pt")
        XCTAssertEqual(Figure.text(0.8234, .ratio, .en), "0.823")
    }

    func testIntervalsAreClippedToTheDomain() {
        // The example: an arrears band of -4.01355e+06 – 4.82057e+06.
        XCTAssertEqual(Figure.interval(-4_013_550, 4_820_570, .cny, .en), "CNY 0 – CNY 4.82 million")
        XCTAssertEqual(Figure.interval(-4_013_550, 4_820_570, .cny, .zh), "0元 – 482万元")
        XCTAssertEqual(Figure.interval(-0.4, 0.6, .points, .en), "-0.4 pt – 0.6 pt", "a change in points can be negative")
    }

    func testSignificantDigitsAndGrouping() {
        XCTAssertEqual(Figure.significant(16_666.3), "16,666")
        XCTAssertEqual(Figure.significant(0.05234), "0.0523")
        XCTAssertEqual(Figure.significant(2.5), "2.5")
        XCTAssertEqual(Figure.significant(-1234.6), "-1,235")
        XCTAssertEqual(Figure.grouped(-0.001, decimals: 1), "0")
        XCTAssertEqual(Figure.text(.nan, .people, .en), "—")
    }

    func testNamesComeFromOneTable() {
        XCTAssertEqual(SignalName.of("payroll_headcount").zh, "发薪人数")
        XCTAssertEqual(SignalName.of("insured/payroll_headcount").en, "insured workers per payroll headcount")
        XCTAssertEqual(SignalName.of("my_series").en, "my series", "unknown signals keep their column name")
        XCTAssertEqual(SectorName.text("I", .zh), "信息传输软件和信息技术服务业")
        XCTAssertEqual(SectorName.text("L", .en), "Leasing and business services")
        XCTAssertEqual(PlaceName(region: "430100", sector: "C", group: "graduate").zh, "长沙市 制造业 高校毕业生")
        XCTAssertEqual(Figure.month("2025-03", .zh), "2025年3月")
    }
}
