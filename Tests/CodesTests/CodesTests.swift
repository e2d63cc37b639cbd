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
        XCTAssertNil(CivilDate("1970-01-01"), "years before 1990 are treated as typos")
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
        XCTAssertEqual(SpringFestival.windowShare(of: Period("2010-02")!, fromDay: 0, toDay: 14), 0)
    }
}
