import Codes
import Foundation
import GroundTruth
import SyntheticProvince
import TestSupport
import XCTest

/// The same options give the same bytes; another seed gives other data and other events.
final class GeneratorDeterminismTests: XCTestCase {
    private func generate(_ spec: GeneratorSpec) throws -> URL {
        let dir = try temporaryDirectory(self)
        _ = try Generator.run(spec, into: dir.path)
        return dir
    }

    private func files(_ dir: URL) throws -> [String: Data] {
        var out = [String: Data]()
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            out[name] = try Data(contentsOf: dir.appendingPathComponent(name))
        }
        return out
    }

    func testSameSeedGivesSameBytes() throws {
        let spec = try GeneratorSpec(seed: 42, scale: .demo, from: .init("2022-01"), to: .init("2024-12"), enterprises: 600)
        let a = try files(generate(spec)), b = try files(generate(spec))
        XCTAssertEqual(Set(a.keys), ["payroll.csv.gz", "insurance.csv.gz", "transport.csv.gz", "claims.csv.gz",
                                     "survey.csv", "enterprises.csv", "regions.csv", "sectors.csv", "truth.csv"])
        for (name, data) in a { XCTAssertEqual(data, b[name], "\(name) differs between two runs with seed 42") }

        let other = try files(generate(GeneratorSpec(seed: 43, scale: .demo, from: .init("2022-01"), to: .init("2024-12"),
                                                     enterprises: 600)))
        XCTAssertNotEqual(a["payroll.csv.gz"], other["payroll.csv.gz"])
        XCTAssertNotEqual(a["truth.csv"], other["truth.csv"], "event timing and places must vary with the seed")
        XCTAssertEqual(a["regions.csv"], other["regions.csv"], "the geography does not depend on the seed")
    }

    /// The gzip files hold exactly the bytes of the uncompressed run.
    func testGzipFilesDecompressToThePlainFiles() throws {
        let range = (from: Period("2022-01")!, to: Period("2024-12")!)
        let gz = try generate(GeneratorSpec(seed: 5, scale: .demo, from: range.from, to: range.to, enterprises: 400))
        let plain = try generate(GeneratorSpec(seed: 5, scale: .demo, from: range.from, to: range.to, enterprises: 400,
                                               compression: .none))
        for kind in ["payroll", "insurance", "transport", "claims"] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/gzip")
            p.arguments = ["-dc", gz.appendingPathComponent("\(kind).csv.gz").path]
            let pipe = Pipe()
            p.standardOutput = pipe
            try p.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0)
            XCTAssertEqual(data, try Data(contentsOf: plain.appendingPathComponent("\(kind).csv")), kind)
        }
    }

    /// The smallest run allowed (200 enterprises, 36 months) still hosts every event type.
    func testSmallestRunStillInjectsEveryEventType() throws {
        for seed: UInt64 in [1, 2, 3] {
            let spec = try GeneratorSpec(seed: seed, scale: .demo, from: .init("2022-01"), to: .init("2024-12"),
                                         enterprises: 200, compression: .none)
            let summary = try Generator.run(spec, into: try temporaryDirectory(self).path)
            XCTAssertEqual(Set(summary.events.map(\.type)), Set(EventType.allCases), "seed \(seed)")
        }
    }

    func testSpecRejectsRangesOutsideTheFestivalTableAndShortRanges() {
        XCTAssertThrowsError(try GeneratorSpec(seed: 1, scale: .demo, from: .init("2014-01"), to: .init("2020-12"))) {
            XCTAssertEqual($0 as? GeneratorSpec.Problem, .range(from: Period("2014-01")!, to: Period("2020-12")!))
        }
        XCTAssertThrowsError(try GeneratorSpec(seed: 1, scale: .demo, from: .init("2022-01"), to: .init("2023-06"))) {
            XCTAssertEqual($0 as? GeneratorSpec.Problem, .tooShort(months: 18))
        }
        XCTAssertThrowsError(try GeneratorSpec(seed: 1, scale: .demo, enterprises: 10)) {
            XCTAssertEqual($0 as? GeneratorSpec.Problem, .enterprises(10))
        }
    }
}
