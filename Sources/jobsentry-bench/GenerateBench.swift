import Foundation
import SyntheticProvince

/// `jobsentry-bench generate`: the province scale (122 counties, 110,000 enterprises, 120 months)
/// written gzip-compressed, then uncompressed, then the peer: system `gzip -1` compressing the
/// uncompressed files, i.e. the compression work alone that the first run also does.
func benchGenerate() throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("jobsentry-bench-generate-\(getpid())")
    defer { try? FileManager.default.removeItem(at: base) }
    func size(_ dir: URL) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent($1).path)[.size] as? Int) ?? 0) }
    }
    let gz = base.appendingPathComponent("gzip"), plain = base.appendingPathComponent("plain")
    var t0 = now()
    let summary = try Generator.run(try GeneratorSpec(seed: 20260401, scale: .province), into: gz.path)
    let tGzip = now() - t0
    let rss = peakRSSMiB()
    let rows = summary.files.reduce(0) { $0 + $1.rows }
    print(String(format: "generate --scale province (gzip)  %d enterprises, %d counties, %d rows  %.1f s  %.0f MiB on disk  peak RSS %.0f MiB",
                 summary.enterprises, summary.counties, rows, tGzip, Double(size(gz)) / 1048576, rss))
    t0 = now()
    _ = try Generator.run(try GeneratorSpec(seed: 20260401, scale: .province, compression: .none), into: plain.path)
    let tPlain = now() - t0
    print(String(format: "generate --scale province --compress none  %.1f s  %.0f MiB on disk", tPlain, Double(size(plain)) / 1048576))
    // Peer: gzip -1 on the same uncompressed bytes (the three large files), one after the other.
    t0 = now()
    for kind in ["payroll", "insurance", "transport"] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "gzip -1 -c \(plain.path)/\(kind).csv > /dev/null"]
        try p.run()
        p.waitUntilExit()
    }
    let tPeer = now() - t0
    print(String(format: "peer: gzip -1 of payroll, insurance, transport (compression only)  %.1f s  ratio generate(gzip)/gzip-only %.2f",
                 tPeer, tGzip / tPeer))
}
