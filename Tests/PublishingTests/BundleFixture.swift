import Alerting
import Crypto
import Foundation
import Publishing
import TestSupport
import XCTest

/// Alerts of every scope and status, built through the real lifecycle.
enum BundleFixture {
    static let config = AlertConfig.defaults
    static let enterpriseID = "91430100MA4L000017"  // check character not checked here
    static let enterpriseName = "湘江重工有限公司"

    static func evidence(_ rule: String, _ signal: String, _ measure: Double) -> Evidence {
        let r = config.rule(rule)!
        return Evidence(rule: rule, signal: signal, period: "2025-06", observed: 9000, expected: 10000, lower: 9800,
                        upper: 10200, intervalLevel: 0.95, measure: measure, measureName: "robust_z_shortfall", level: r.thresholds.level(for: measure),
                        changeStart: "2025-04", detail: "\(signal) fell", detailZh: "\(signal) 下降",
                        recent: [10000, .nan, 9000], recentExpected: [10000, 10000, 10000])
    }

    static let area = AlertSubject(scope: .area, region: "430100", sector: "C")
    static let small = AlertSubject(scope: .area, region: "430800", sector: "B")
    static let enterprise = AlertSubject(scope: .enterprise, region: "430102", sector: "C", enterpriseID: enterpriseID)
    static let dq = AlertSubject(scope: .dataQuality, region: "430200", sector: "ALL")

    /// Two runs: the first raises four alerts, the second escalates one, resolves one.
    static func alerts() -> (first: [Alert], second: [Alert]) {
        let lc = AlertLifecycle(config: config)
        let f1 = [Finding(subject: area, evidence: evidence("employment_contraction", "payroll_headcount", 5)),
                  Finding(subject: small, evidence: evidence("employment_contraction", "payroll_headcount", 4)),
                  Finding(subject: enterprise, evidence: Evidence(rule: "mass_layoff", signal: "headcount", period: "2025-06",
                          observed: 400, expected: 500, measure: 5, measureName: "multiples_of_legal_threshold", level: .orange,
                          detail: "headcount fell by 100", detailZh: "减员100人"), enterpriseName: enterpriseName),
                  Finding(subject: dq, evidence: evidence("payroll_insurance_disagree", "insured/payroll_headcount", 9))]
        let o1 = lc.advance(previous: [], findings: f1, asOf: "2025-06", sent: "2025-07-01T09:00:00+08:00")
        let f2 = [Finding(subject: area, evidence: evidence("employment_contraction", "payroll_headcount", 7)), f1[1], f1[2]]
        let o2 = lc.advance(previous: o1.states, findings: f2, asOf: "2025-07", sent: "2025-08-01T09:00:00+08:00")
        return (o1.alerts, o2.alerts)
    }

    static let cells: [CellKey: CellComposition] = [
        CellKey(region: "430100", sector: "C"): CellComposition(enterprises: 40, topShare: 0.3),
        CellKey(region: "430800", sector: "B"): CellComposition(enterprises: 2, topShare: 1.0),
    ]

    static func run(_ alerts: [Alert], runID: String = "run-0002-2025-07", bom: Bool = false) -> RunOutput {
        RunOutput(runID: runID, asOf: "2025-07", sent: "2025-08-01T09:00:00+08:00", config: config, alerts: alerts,
                  inputs: [Manifest.FileDigest(path: "inbox/series.csv", data: Data("x".utf8))],
                  disclosure: DisclosureControl(policy: config.disclosure, cells: cells), generator: "jobsentry test",
                  csvByteOrderMark: bom)
    }

    /// Writes both bundles of the second run; returns their folders and the key pair.
    static func write(in dir: URL, bom: Bool = false) throws -> (public: URL, restricted: URL, key: Curve25519.Signing.PrivateKey) {
        let key = Curve25519.Signing.PrivateKey()
        let out = run(alerts().second, bom: bom)
        let pub = dir.appendingPathComponent("public"), res = dir.appendingPathComponent("restricted")
        try BundleWriter.write(out, audience: .public, to: pub, signingKey: key, capSigner: CAPSignerForTests.shared)
        try BundleWriter.write(out, audience: .restricted, to: res, signingKey: key, capSigner: CAPSignerForTests.shared)
        return (pub, res, key)
    }

    static func files(under dir: URL) -> [URL] {
        let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey])!
        return e.compactMap { $0 as? URL }.filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .sorted { $0.path < $1.path }
    }
}

/// Runs a command line tool; (status, stdout + stderr).
func shell(_ args: [String]) throws -> (Int32, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = args
    let pipe = Pipe()
    p.standardOutput = pipe; p.standardError = pipe
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}
