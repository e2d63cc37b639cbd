import Foundation
import Codes
import TestSupport
import XCTest

final class CodesTests: XCTestCase {
    func testPeriodParsesOnlyWellFormedMonths() {
        XCTAssertEqual(Period("2024-03")?.description, "2024-03")
        XCTAssertEqual(Period("2024-03")! - Period("2023-03")!, 12)
        for bad in ["2024-3", "2024-13", "2024-00", "24-03", "2024/03", "1800-01", "2024-03-01", ""] {
            XCTAssertNil(Period(bad), bad)
        }
        XCTAssertEqual(Period(year: 2024, month: 2).dayCount, 29)
        XCTAssertEqual(Period(year: 2023, month: 2).dayCount, 28)
    }

    func testCivilDateRoundTripsThroughDayNumbers() {
        XCTAssertEqual(CivilDate("1990-01-01")?.dayNumber, 7305)  // 20·365 + 5 leap days since 1970
        XCTAssertEqual(CivilDate("1939-01-01")?.dayNumber, -11323)  // `date -d 1939-01-01 +%s` / 86400
        XCTAssertEqual(Period("1900-01")?.description, "1900-01", "history from 1900 on is read")
        XCTAssertNil(CivilDate("1899-12-31"), "years before 1900 are treated as typos")
        XCTAssertEqual(CivilDate("2024-02-10")?.dayNumber, 19763)  // `date -d 2024-02-10 +%s` / 86400
        XCTAssertNil(CivilDate("2023-02-29"))
        let d = CivilDate("2026-02-17")!
        XCTAssertEqual(CivilDate(dayNumber: d.dayNumber), d)
    }

    /// Check characters verified by hand with the GB 32100-2015 weights on the shared samples.
    func testCreditCodeCheckCharacter() {
        XCTAssertNotNil(CreditCode("914301020524899606"))
        XCTAssertNotNil(CreditCode("91430102383031970T"))
        XCTAssertEqual(CreditCode.validate("914301020524899607"),
                       .failure(.checkCharacter(expected: "6", found: "7")))
        XCTAssertEqual(CreditCode.validate("91430102052489960"), .failure(.length(17)))
        XCTAssertEqual(CreditCode.validate("9143010205248996I6"), .failure(.character(position: 17, found: "I")))
        XCTAssertEqual(CreditCode.withCheckCharacter("91430102383031970").text, "91430102383031970T")
    }

    func testRegionCodeRollsUpByPrefix() {
        let c = RegionCode("430102")!
        XCTAssertEqual(c.level, .county)
        XCTAssertEqual(c.lineage.map(\.value), [430102, 430100, 430000])
        XCTAssertEqual(RegionCode("433100")?.level, .city)
        XCTAssertTrue(c.isWithin(RegionCode("430100")!))
        XCTAssertFalse(c.isWithin(RegionCode("430200")!))
        for bad in ["43010", "4301020", "43O102", "030102"] { XCTAssertNil(RegionCode(bad), bad) }
    }

    func testSectorAcceptsLettersAndDivisions() {
        XCTAssertEqual(Sector("C")?.code, "C")
        XCTAssertEqual(Sector("c")?.code, "C")
        XCTAssertEqual(Sector("36")?.code, "C")  // 汽车制造业 is division 36, section C
        XCTAssertEqual(Sector("70")?.code, "K")
        XCTAssertEqual(Sector("97")?.code, "T")
        XCTAssertNil(Sector("U"))
        XCTAssertNil(Sector("98"))
        XCTAssertEqual(Sector("ALL"), Sector.all)
    }

    /// Hand-checked: 2024's festival is 10 February, so a window of the 7 days before it lies wholly
    /// in February (share 1 in Feb, 0 in Jan); 2023's (22 January) puts the 7 days before in January;
    /// 2025's (29 January): window [22 Jan, 29 Jan) is all January, and [29 Jan, 12 Feb) after it is
    /// 3 of 14 days in January and 11 of 14 in February.
    func testSpringFestivalWindowShares() {
        XCTAssertEqual(SpringFestival.windowShare(of: Period("2024-02")!, fromDay: -7, toDay: 0), 1)
        XCTAssertEqual(SpringFestival.windowShare(of: Period("2024-01")!, fromDay: -7, toDay: 0), 0)
        XCTAssertEqual(SpringFestival.windowShare(of: Period("2023-01")!, fromDay: -7, toDay: 0), 1)
        XCTAssertEqual(SpringFestival.windowShare(of: Period("2025-01")!, fromDay: -7, toDay: 0), 1)
        XCTAssertEqual(SpringFestival.windowShare(of: Period("2025-01")!, fromDay: 0, toDay: 14), 3.0 / 14, accuracy: 1e-15)
        XCTAssertEqual(SpringFestival.windowShare(of: Period("2025-02")!, fromDay: 0, toDay: 14), 11.0 / 14, accuracy: 1e-15)
        // 2010-02-14: the whole 14 days after it fall in February.
        XCTAssertEqual(SpringFestival.windowShare(of: Period("2010-02")!, fromDay: 0, toDay: 14), 1)
        XCTAssertEqual(SpringFestival.windowShare(of: Period(year: 1899, month: 2), fromDay: 0, toDay: 14), 0, "outside the table")
    }

    /// The festival table against DESIGN.md's check values (2015–2030), dates from the
    /// Hong Kong Observatory's Gregorian–lunar tables for a few historical years, and ICU's
    /// Chinese calendar for every year 1900–2100 (where the table follows the Observatory
    /// in 1916, see `SpringFestival.monthDay`).
    func testSpringFestivalDatesFrom1900To2100() {
        let design = ["2015-02-19", "2016-02-08", "2017-01-28", "2018-02-16", "2019-02-05", "2020-01-25", "2021-02-12",
                      "2022-02-01", "2023-01-22", "2024-02-10", "2025-01-29", "2026-02-17", "2027-02-06", "2028-01-26",
                      "2029-02-13", "2030-02-03"]
        for (i, d) in design.enumerated() { XCTAssertEqual(SpringFestival.date(in: 2015 + i)?.description, d) }
        let historical = [1900: "1900-01-31", 1916: "1916-02-03", 1939: "1939-02-19", 1949: "1949-01-29",
                          1978: "1978-02-07", 1985: "1985-02-20", 2000: "2000-02-05", 2100: "2100-02-09"]
        for (y, d) in historical { XCTAssertEqual(SpringFestival.date(in: y)?.description, d, "\(y)") }
        XCTAssertNil(SpringFestival.date(in: 1899))
        XCTAssertNil(SpringFestival.date(in: 2101))

        var chinese = Calendar(identifier: .chinese)
        chinese.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = chinese.timeZone
        for y in SpringFestival.years where y != 1916 {
            let f = SpringFestival.date(in: y)!
            let noon = gregorian.date(from: DateComponents(year: f.year, month: f.month, day: f.day, hour: 12))!
            let lunar = chinese.dateComponents([.month, .day], from: noon)
            XCTAssertEqual([lunar.month, lunar.day], [1, 1], "\(f) is not the first day of the lunar year")
            let eve = chinese.dateComponents([.month], from: noon.addingTimeInterval(-86_400))
            XCTAssertEqual(eve.month, 12, "the day before \(f) is not in the twelfth lunar month")
        }
    }
}
