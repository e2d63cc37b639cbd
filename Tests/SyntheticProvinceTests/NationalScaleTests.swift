import Codes
import Foundation
import SyntheticProvince
import TestSupport
import XCTest

/// The national scale: Hunan plus synthetic prefectures under every other provincial code.
final class NationalScaleTests: XCTestCase {
    func testOtherProvincesGetSyntheticDivisionsUnderTheirOwnPrefix() throws {
        let dir = try temporaryDirectory(self)
        let spec = try GeneratorSpec(seed: 9, scale: .national, from: .init("2022-01"), to: .init("2024-12"),
                                     enterprises: 1_200, compression: .none)
        let summary = try Generator.run(spec, into: dir.path)
        XCTAssertEqual(summary.counties, 122 + 30 * 9)
        let regions = try Table(path: dir.appendingPathComponent("regions.csv").path)
        let provinces = regions.rows.filter { $0[2] == "province" }
        XCTAssertEqual(provinces.count, 31)
        XCTAssertTrue(provinces.contains { $0 == ["440000", "广东省", "province", ""] })
        for r in regions.rows {
            let code = try XCTUnwrap(RegionCode(r[0]))
            XCTAssertEqual(code.parent?.description ?? "", r[3])
            if !r[0].hasPrefix("43") && r[2] != "province" { XCTAssertTrue(r[1].contains("合成"), "synthetic names say so: \(r)") }
        }
        XCTAssertEqual(regions.rows.map { $0[0] }, regions.rows.map { $0[0] }.sorted())
        // Every province publishes its survey row each month; events stay in Hunan.
        let survey = try Table(path: dir.appendingPathComponent("survey.csv").path)
        XCTAssertEqual(survey.rows.filter { RegionCode($0[1])!.level == .province }.count, 31 * spec.months)
        let truth = try Table(path: dir.appendingPathComponent("truth.csv").path)
        XCTAssertFalse(truth.rows.isEmpty)
        XCTAssertTrue(truth.rows.allSatisfy { $0[2].hasPrefix("43") })
        let ents = try Table(path: dir.appendingPathComponent("enterprises.csv").path)
        let outside = ents.rows.filter { !$0[2].hasPrefix("43") }.count
        XCTAssertEqual(Double(outside) / Double(ents.rows.count), 120.0 / 230.0, accuracy: 0.01)
    }
}
