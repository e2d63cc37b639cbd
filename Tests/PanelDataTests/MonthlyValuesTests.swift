import PanelData
import XCTest

/// `MonthlyValues` over a 32-bit `MonthColumn` reads every value as the `Double` the
/// store's 64-bit integer converted to before (`Double(Int64(raw)) / divisor`, computed here
/// independently), and a write makes the enterprise's own copy.
final class MonthlyValuesTests: XCTestCase {
    private func column(_ raw: [Int32]) -> MonthColumn {
        let c = MonthColumn(count: raw.count)
        for (i, v) in raw.enumerated() { c.values[i] = v }
        return c
    }

    func testAViewReadsEachRawValueAsTheDoubleItStandsFor() {
        // Two enterprises of 3 months; the second's wages in fen: 1234.56, missing, 21,474,836.47 CNY.
        let c = column([7, 8, 9, 123_456, MonthColumn.missing, Int32.max])
        let wages = MonthlyValues(column: c, offset: 3, count: 3, divisor: 100)
        XCTAssertEqual(wages.count, 3)
        XCTAssertEqual(wages[0].bitPattern, (Double(Int64(123_456)) / 100).bitPattern)
        XCTAssertEqual(wages[0], 1234.56)
        XCTAssertTrue(wages[1].isNaN)
        XCTAssertEqual(wages[2], 21_474_836.47)
        let heads = MonthlyValues(column: c, offset: 0, count: 3, divisor: 1)
        XCTAssertEqual(heads, [7, 8, 9])
        XCTAssertEqual(Array(heads[1...2]), [8, 9])
        XCTAssertEqual(heads.array, [7, 8, 9])
        heads.withUnsafeBufferPointer { XCTAssertEqual(Array($0), [7, 8, 9]) }
    }

    func testAWriteCopiesTheViewAndLeavesTheColumnAlone() {
        let c = column([50, 50, 50, 50])
        let shared = MonthlyValues(column: c, offset: 0, count: 4, divisor: 1)
        var shocked = shared
        shocked[2] -= 20
        shocked[3] = .nan
        XCTAssertEqual(shared, [50, 50, 50, 50])
        XCTAssertEqual(Array(shocked.prefix(3)), [50, 50, 30])
        XCTAssertTrue(shocked[3].isNaN)
        XCTAssertEqual(c.values[2], 50, "the column other enterprises share is not written")
    }

    func testOwnValuesBehaveAsTheArray() {
        let own: MonthlyValues = [1, .nan, 3]
        XCTAssertEqual(own.count, 3)
        XCTAssertEqual(own.map { $0.isNaN }, [false, true, false])
        XCTAssertNotEqual(own, [1, .nan, 3], "NaN is unequal to itself, as in [Double]")
        XCTAssertEqual(MonthlyValues.missing(count: 2).filter(\.isNaN).count, 2)
        XCTAssertEqual(own.description, [1, Double.nan, 3].description)
    }
}
