import Ingest
import XCTest

/// The dense cell index behind roll-ups and the store's panel: slot order, name order, and
/// roll-ups whose sums depend on the order children are added in.
final class CellGridTests: XCTestCase {
    private func key(_ period: Int32, _ region: Int32, _ sector: Int32 = 20, group: Int32 = 0) -> AggregateKey {
        AggregateKey(period: period, region: region, sector: sector, group: group)
    }

    func testTableRoundTripKeepsSlotOrder() {
        var t = AggregateTable(layout: .of(.payroll))
        for (k, v) in [(key(5, 430102, 2), 3.0), (key(3, 430111, 0), 7), (key(4, 430102, 2), 1)] {
            let s = t.slot(k)
            for m in 0..<t.width { t.setValue(s, m, v + Double(m)) }
        }
        let back = CellGrid(t).table()
        XCTAssertEqual(back.keys, t.keys)
        XCTAssertEqual(back.values, t.values)
    }

    func testOrderedByNameSortsSectorsAsTextThenMonths() {
        // Sector "ALL" (id 20) sorts between "A" (0) and "B" (1) as text.
        var t = AggregateTable(layout: .of(.payroll))
        for k in [key(2, 430102, 1), key(1, 430102, 20), key(2, 430102, 0), key(1, 430102, 0), key(1, 430100, 1)] {
            _ = t.slot(k)
        }
        let ordered = CellGrid(t).orderedByName()
        XCTAssertEqual((0..<ordered.count).map { ordered.key($0) },
                       [key(1, 430100, 1), key(1, 430102, 0), key(2, 430102, 0), key(1, 430102, 20), key(2, 430102, 1)])
    }

    func testMeansOfRolledCitiesAreAddedInSlotOrder() {
        // Transport: the province is summed from its cities' means in slot order: the
        // published city 430900 first (a source cell), then 430100 and 430200 as they were
        // rolled up from their counties. Floating-point addition is not associative, so the
        // order is part of the result: (0.1 + 0.2) + 0.3 = 0.6000000000000001, where the
        // order of the codes would give (0.2 + 0.3) + 0.1 = 0.6.
        var t = AggregateTable(layout: .of(.transport))
        let sum = t.layout.measureIndex("mobile_population_sum")!, days = t.layout.measureIndex("mobile_population_days")!
        for (region, mean) in [(Int32(430900), 0.1), (430102, 0.2), (430202, 0.3)] {
            let s = t.slot(key(1, region))
            t.setValue(s, sum, mean); t.setValue(s, days, 1)
        }
        let rolled = t.rolledUp()
        let mean = t.layout.measureIndex("mobile_population")!
        func value(_ region: Int32) -> Double? { rolled.find(key(1, region)).map { rolled.value($0, mean) } }
        XCTAssertEqual(value(430100), 0.2)
        XCTAssertEqual(value(430200), 0.3)
        XCTAssertEqual(value(430000), (0.1 + 0.2) + 0.3)
        XCTAssertEqual(value(430000), 0.6000000000000001)
        XCTAssertEqual(rolled.keys.map(\.region), [430900, 430102, 430202, 430100, 430200, 430000])
    }
}
