import Foundation
import TestSupport
import XCTest

/// The demo's bundles as an office receives them: every CAP message carries its own XML
/// Signature that xmlsec1, WMO's capvalidator (strict) and `jobsentry verify` accept with the
/// workspace's certificate, and one flipped byte inside an `<info>` fails all three.
final class CAPSignatureCLITests: XCTestCase {
    func testDemoBundleMessagesVerifyWithXmlsec1CapvalidatorAndVerifyAndAFlippedByteFailsThem() throws {
        let ws = try temporaryDirectory(self).appendingPathComponent("ws")
        XCTAssertEqual(try runJobSentry(["init", ws.path]).status, 0)
        let demo = repositoryRoot.appendingPathComponent("datasets/hunan-demo")
        for name in ["payroll.csv.gz", "insurance.csv.gz", "claims.csv.gz", "transport.csv.gz", "survey.csv", "enterprises.csv"] {
            try FileManager.default.copyItem(at: demo.appendingPathComponent(name), to: ws.appendingPathComponent("inbox/\(name)"))
        }
        let run = try runJobSentry(["run", "--workspace", ws.path], environment: RunFixture.epoch)
        XCTAssertEqual(run.status, 0, run.stderr)
        let bundle = URL(fileURLWithPath: run.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let cert = ws.appendingPathComponent("keys/signing-cap.crt").path, pub = ws.appendingPathComponent("keys/signing.pub").path
        let python = (try? runProcess("/usr/bin/env", ["python3", "--version"]))?.status == 0
        for audience in ["public", "restricted"] {
            let dir = bundle.appendingPathComponent("\(audience)/cap")
            let caps = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().map { dir.appendingPathComponent($0).path }
            XCTAssertGreaterThanOrEqual(caps.count, 5, "\(audience): one message per alert of the demo as of 2025-12 (6 since the calibrated ceiling forecast)")
            for f in caps {
                let x = try runProcess("/usr/bin/env", ["xmlsec1", "--verify", "--trusted-pem", cert, f])
                XCTAssertEqual(x.status, 0, "\(f): \(x.stderr)")
            }
            let v = try runJobSentry(["verify", bundle.appendingPathComponent(audience).path, "--public-key", pub, "--cap-certificate", cert])
            XCTAssertEqual(v.status, 0, v.stderr)
            XCTAssertTrue(v.stdout.hasSuffix("every file matches the manifest, \(caps.count) CAP messages signed by the given certificate\n"), v.stdout)
            if python {
                let script = """
                import sys
                from capvalidator import validate_cap_message
                bad = [p for p in sys.argv[1:] if not validate_cap_message(open(p, "rb").read(), strict=True).passed]
                print(len(sys.argv) - 1 - len(bad), "passed,", len(bad), "failed")
                """
                let c = try runProcess("/usr/bin/env", ["python3", "-c", script] + caps)
                XCTAssertEqual(c.status, 0, "capvalidator (pip) is needed: \(c.stderr)")
                XCTAssertEqual(c.stdout, "\(caps.count) passed, 0 failed\n")
            }
        }
        if !python { print("capvalidator step skipped: python3 is not installed") }

        // One flipped bit in the first <info>'s headline of one public message.
        let victim = try FileManager.default.contentsOfDirectory(atPath: bundle.appendingPathComponent("public/cap").path).sorted()[0]
        let file = bundle.appendingPathComponent("public/cap/\(victim)")
        var bytes = try Data(contentsOf: file)
        bytes[bytes.range(of: Data("<headline>".utf8))!.upperBound] ^= 0x01
        try bytes.write(to: file)
        XCTAssertNotEqual(try runProcess("/usr/bin/env", ["xmlsec1", "--verify", "--trusted-pem", cert, file.path]).status, 0)
        let v = try runJobSentry(["verify", bundle.appendingPathComponent("public").path, "--public-key", pub])
        XCTAssertEqual(v.status, 65)
        XCTAssertTrue(v.stderr.contains("FAIL cap/\(victim): XML Signature: the message was changed after it was signed"), v.stderr)
        if python {
            let c = try runProcess("/usr/bin/env", ["python3", "-c",
                "import sys; from capvalidator import validate_cap_message as v; print(v(open(sys.argv[1], 'rb').read(), strict=True).message)", file.path])
            XCTAssertEqual(c.stdout, "CAP alert signature is invalid or the data has been tampered with.\n", c.stderr)
        }
    }

    func testKeygenAddsTheCAPPairToAnOlderKeyFolderAndRunSaysHowWhenItIsMissing() throws {
        let ws = try RunFixture.workspace(self)
        let keys = ws.appendingPathComponent("keys")
        for f in ["signing-cap.key", "signing-cap.crt"] {
            XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: keys.appendingPathComponent(f).path)[.posixPermissions] as? NSNumber)?.intValue, 0o600, f)
            try FileManager.default.removeItem(at: keys.appendingPathComponent(f))
        }
        let r = try RunFixture.run(ws)
        XCTAssertEqual(r.status, 78, r.stderr)
        XCTAssertTrue(r.stderr.contains("CAP signing key: \(keys.path)/signing-cap.key: cannot read the CAP signing key; make one with `jobsentry keygen --out \(keys.path)/signing`"), r.stderr)
        let k = try runJobSentry(["keygen", "--out", keys.appendingPathComponent("signing").path])
        XCTAssertEqual(k.status, 0, k.stderr)
        XCTAssertEqual(k.stdout, "\(keys.path)/signing-cap.crt\n", "only the missing pair is made")
        XCTAssertEqual(try RunFixture.run(ws).status, 0)
        XCTAssertEqual(try runJobSentry(["keygen", "--out", keys.appendingPathComponent("signing").path]).status, 73)
    }
}
