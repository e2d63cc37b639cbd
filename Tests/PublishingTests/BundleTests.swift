import Alerting
import PanelData
import Foundation
import Publishing
import TestSupport
import XCTest

final class BundleTests: XCTestCase {
    func testEveryCAPFileValidatesAgainstTheCAP12Schema() throws {
        let dir = try temporaryDirectory(self)
        let b = try BundleFixture.write(in: dir)
        let xsd = repositoryRoot.appendingPathComponent("schemas/CAP-v1.2.xsd").path
        let caps = (BundleFixture.files(under: b.public) + BundleFixture.files(under: b.restricted)).filter { $0.pathExtension == "xml" }
        XCTAssertEqual(caps.count, 3 + 4, "public: two area alerts and the resolved data-quality one; restricted adds the enterprise")
        let (status, out) = try shell(["xmllint", "--noout", "--schema", xsd] + caps.map(\.path))
        XCTAssertEqual(status, 0, out)
        let types = try caps.map { try String(contentsOf: $0, encoding: .utf8) }
        XCTAssertTrue(types.contains { $0.contains("<msgType>Update</msgType>") && $0.contains("<references>jobsentry@hrss.hunan.gov.cn,A-430100-C-ALL-m1,2025-07-01T09:00:00+08:00</references>") })
        XCTAssertTrue(types.contains { $0.contains("<msgType>Cancel</msgType>") && $0.contains("<urgency>Past</urgency>") })
        XCTAssertTrue(types.contains { $0.contains("<geocode><valueName>GB/T 2260</valueName><value>430100</value></geocode>") })
    }

    func testExerciseBundleIsMarkedAndStillValidCAP() throws {
        let dir = try temporaryDirectory(self)
        var run = BundleFixture.run(BundleFixture.alerts().first, runID: "scenario-2025-06")
        run.exercise = "Changsha manufacturing -15% from 2025-04"
        try BundleWriter.write(run, audience: .public, to: dir, signingKey: Curve25519PrivateKeyForTests.make(), capSigner: CAPSignerForTests.shared)
        let cap = dir.appendingPathComponent("cap/A-430100-C-ALL.xml")
        let xml = try String(contentsOf: cap, encoding: .utf8)
        XCTAssertTrue(xml.contains("<identifier>scenario-2025-06-A-430100-C-ALL-m1</identifier>"), "never a real message's id")
        XCTAssertTrue(xml.contains("<status>Exercise</status>"))
        XCTAssertTrue(xml.contains("<note>What-if scenario, not a warning: Changsha manufacturing -15% from 2025-04</note>"))
        let xsd = repositoryRoot.appendingPathComponent("schemas/CAP-v1.2.xsd").path
        let (status, out) = try shell(["xmllint", "--noout", "--schema", xsd, cap.path])
        XCTAssertEqual(status, 0, out)
        let summary = try String(contentsOf: dir.appendingPathComponent("summary.txt"), encoding: .utf8)
        XCTAssertTrue(summary.contains("EXERCISE — a what-if scenario, not a warning: Changsha manufacturing -15% from 2025-04"), summary)
    }

    func testFirstMessageIsAnAlertWithoutReferences() throws {
        let dir = try temporaryDirectory(self)
        let key = Curve25519PrivateKeyForTests.make()
        try BundleWriter.write(BundleFixture.run(BundleFixture.alerts().first, runID: "run-0001-2025-06"), audience: .public, to: dir, signingKey: key, capSigner: CAPSignerForTests.shared)
        let xml = try String(contentsOf: dir.appendingPathComponent("cap/A-430100-C-ALL.xml"), encoding: .utf8)
        XCTAssertTrue(xml.contains("<msgType>Alert</msgType>"))
        XCTAssertFalse(xml.contains("<references>"))
        XCTAssertTrue(xml.contains("<severity>Moderate</severity>"), "yellow maps to Moderate")
        XCTAssertTrue(xml.contains("<language>zh-CN</language>"))
    }

    func testAlertsJSONLinesValidateAgainstTheShippedSchema() throws {
        let dir = try temporaryDirectory(self)
        let b = try BundleFixture.write(in: dir)
        let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        n = 0
        for path in sys.argv[2:]:
            for line in open(path, encoding="utf-8"):
                jsonschema.validate(json.loads(line), schema, cls=jsonschema.Draft202012Validator)
                n += 1
        print(n)
        """
        let (status, out) = try shell(["python3", "-c", script, repositoryRoot.appendingPathComponent("schemas/alerts.schema.json").path,
                                       b.public.appendingPathComponent("alerts.jsonl").path,
                                       b.restricted.appendingPathComponent("alerts.jsonl").path])
        XCTAssertEqual(status, 0, out)
        XCTAssertEqual(out.trimmingCharacters(in: .whitespacesAndNewlines), "7")
        let first = try String(contentsOf: b.public.appendingPathComponent("alerts.jsonl"), encoding: .utf8).split(separator: "\n")[0]
        XCTAssertTrue(first.contains("\"schema\":\"jobsentry.alert/1\""))
    }

    func testVerifyPassesThenFailsAfterAnyByteFlip() throws {
        let dir = try temporaryDirectory(self)
        let b = try BundleFixture.write(in: dir)
        let pub = b.key.publicKey
        XCTAssertEqual(BundleVerifier.verify(bundle: b.public, publicKey: pub), [])
        XCTAssertEqual(BundleVerifier.verify(bundle: b.restricted, publicKey: pub), [])
        for file in BundleFixture.files(under: b.public) {
            let original = try Data(contentsOf: file)
            for offset in [0, original.count / 2, original.count - 1] {
                var flipped = original
                flipped[offset] ^= 0x01
                try flipped.write(to: file)
                let problems = BundleVerifier.verify(bundle: b.public, publicKey: pub)
                XCTAssertFalse(problems.isEmpty, "flipping byte \(offset) of \(file.lastPathComponent) went unnoticed")
                try original.write(to: file)
            }
        }
        XCTAssertEqual(BundleVerifier.verify(bundle: b.public, publicKey: pub), [])
        try Data("extra".utf8).write(to: b.public.appendingPathComponent("cap/extra.xml"))
        XCTAssertEqual(BundleVerifier.verify(bundle: b.public, publicKey: pub), ["cap/extra.xml: present in the bundle but not in the manifest"])
        let other = Curve25519PrivateKeyForTests.make().publicKey
        XCTAssertTrue(BundleVerifier.verify(bundle: b.restricted, publicKey: other).first!.hasSuffix("the signature does not match manifest.json for this public key"))
    }

    func testManifestListsInputsOutputsAndCounts() throws {
        let dir = try temporaryDirectory(self)
        let b = try BundleFixture.write(in: dir)
        let m = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: b.restricted.appendingPathComponent("manifest.json")))
        XCTAssertEqual(m.schema, "jobsentry.manifest/1")
        XCTAssertEqual(m.runID, "run-0002-2025-07")
        XCTAssertEqual(m.configHash, AlertConfig.defaults.hash)
        XCTAssertEqual(m.inputs.map(\.path), ["inbox/series.csv"])
        XCTAssertEqual(m.inputs[0].sha256, "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881")  // sha256("x")
        XCTAssertEqual(m.outputs.map(\.path), ["alerts.csv", "alerts.jsonl", "cap/A-430100-C-ALL.xml", "cap/A-430800-B-ALL.xml",
                                               "cap/D-430200-ALL-ALL.xml", "cap/\(BundleFixture.enterprise.id).xml", "report.html", "summary.txt"])
        XCTAssertEqual(m.counts.byStatus["escalated"], 1)
        XCTAssertEqual(m.counts.byStatus["resolved"], 1)
        XCTAssertEqual(m.counts.byLevel["orange"], 2, "the escalated area alert and the enterprise")
    }

    func testPublicBundleHoldsNoEnterpriseIdentifierOrName() throws {
        let dir = try temporaryDirectory(self)
        let b = try BundleFixture.write(in: dir)
        for file in BundleFixture.files(under: b.public) {
            let text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
            XCTAssertFalse(text.contains(BundleFixture.enterpriseID), file.path)
            XCTAssertFalse(text.contains(BundleFixture.enterpriseName), file.path)
            XCTAssertFalse(text.contains("\"scope\":\"enterprise\""), file.path)
        }
        let restricted = try String(contentsOf: b.restricted.appendingPathComponent("alerts.jsonl"), encoding: .utf8)
        XCTAssertTrue(restricted.contains(BundleFixture.enterpriseID))
        XCTAssertTrue(restricted.contains(BundleFixture.enterpriseName))
    }

    func testSmallAndDominatedCellsAreSuppressedInPublic() throws {
        let dir = try temporaryDirectory(self)
        let b = try BundleFixture.write(in: dir)
        let lines = try String(contentsOf: b.public.appendingPathComponent("alerts.jsonl"), encoding: .utf8).split(separator: "\n")
        let records = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let byID = Dictionary(uniqueKeysWithValues: records.map { ($0["id"] as! String, $0) })
        XCTAssertTrue(byID["A-430100-C-ALL"]!["suppressed"] is NSNull, "40 enterprises, top two 30%: shown")
        XCTAssertEqual(byID["A-430800-B-ALL"]!["suppressed"] as? String, "fewer_than_k")
        let ev = (byID["A-430800-B-ALL"]!["evidence"] as! [[String: Any]])[0]
        XCTAssertTrue(ev["observed"] is NSNull)
        XCTAssertEqual((ev["recent"] as! [Any]).count, 0)
        let dq = BundleFixture.evidence("payroll_insurance_disagree", "insured/payroll_headcount", 9)
        XCTAssertEqual(DisclosureControl(policy: BundleFixture.config.disclosure, cells: BundleFixture.cells)
            .suppression(dq, subject: BundleFixture.dq), .unknownComposition, "no composition known: withheld")
        let policy = DisclosurePolicy(minimumEnterprises: 3, dominanceCount: 2, dominanceShare: 0.85)
        let dc = DisclosureControl(policy: policy, cells: [CellKey(region: "430100", sector: "C"): CellComposition(enterprises: 10, topShare: 0.9)])
        XCTAssertEqual(dc.suppression(BundleFixture.evidence("employment_contraction", "payroll_headcount", 5), subject: BundleFixture.area), .dominance)
        XCTAssertNil(dc.suppression(BundleFixture.evidence("claims_separations_surge", "ui_new_claims", 5), subject: BundleFixture.area),
                     "claims are counts of people, not enterprise returns")
        // In restricted, the same cell shows its figures.
        let restricted = try String(contentsOf: b.restricted.appendingPathComponent("alerts.jsonl"), encoding: .utf8)
        XCTAssertFalse(restricted.contains("fewer_than_k"))
    }

    func testCellCompositionCountsAndDominance() {
        let es = [(1, 100.0), (2, 50.0), (3, 10.0)].map { n, h in
            EnterpriseSeries(id: "E\(n)", name: "e\(n)", region: "430102", sector: "C", isKey: false, start: Fixture0.start,
                             headcount: [h], wages: [h], daysLate: [0], arrears: [0])
        }
        let cells = CellComposition.compute(es, period: Fixture0.start, dominanceCount: 2)
        XCTAssertEqual(cells[CellKey(region: "430102", sector: "C")], CellComposition(enterprises: 3, topShare: 150.0 / 160.0))
        XCTAssertEqual(cells[CellKey(region: "430100", sector: "ALL")]?.enterprises, 3, "rolled up to the city and all sectors")
        XCTAssertEqual(cells[CellKey(region: "430000", sector: "C")]?.enterprises, 3, "and to the province")
    }

    func testCSVHasHeaderAndOptionalBOM() throws {
        let dir = try temporaryDirectory(self)
        let b = try BundleFixture.write(in: dir, bom: true)
        let data = try Data(contentsOf: b.public.appendingPathComponent("alerts.csv"))
        XCTAssertEqual(Array(data.prefix(3)), [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix(BundleWriter.csvHeader.joined(separator: ",") + "\n"))
        XCTAssertEqual(text.split(separator: "\n").count, 1 + 3, "header and the three public alerts")
    }
}

import Codes
import Crypto
enum Fixture0 { static let start = Period(year: 2025, month: 1) }
enum Curve25519PrivateKeyForTests { static func make() -> Curve25519.Signing.PrivateKey { .init() } }

/// One RSA key and self-signed certificate for every test of the process (2048-bit keys take
/// a moment to generate).
enum CAPSignerForTests { static let shared = try! CAPSigner.generate(commonName: "JobSentry tests") }
