// `jobsentry-bench ingest`: `jobsentry aggregate` against DuckDB's read_csv + GROUP BY on
// generated payroll files of 1 M and 10 M rows, side by side, with peak memory (and Polars'
// streaming engine when it is installed).
import Foundation

/// Wall seconds and peak resident memory (MiB) of one child process.
struct ChildRun {
    let seconds: Double
    let peakMiB: Double
    let status: Int32
    let stdout: String
}

/// Runs `argv` to completion, measuring wall time and the child's peak RSS (wait4).
func measure(_ argv: [String]) throws -> ChildRun {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).out").path
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    defer { posix_spawn_file_actions_destroy(&actions); unlink(out) }
    var cargs = argv.map { strdup($0) } + [nil]
    defer { for p in cargs { free(p) } }
    var pid: pid_t = 0
    let t0 = now()
    let rc = posix_spawnp(&pid, argv[0], &actions, nil, &cargs, environ)
    guard rc == 0 else { throw NSError(domain: "bench", code: Int(rc), userInfo: [NSLocalizedDescriptionKey: "cannot start \(argv[0])"]) }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let t = now() - t0
    let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    return ChildRun(seconds: t, peakMiB: Double(usage.ru_maxrss) / 1024, status: status, stdout: text)
}

func benchIngest(directory: String, sizes: [Int], repeats: Int) throws {
    let exeDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let jobsentry = exeDir.appendingPathComponent("jobsentry").path
    guard FileManager.default.isExecutableFile(atPath: jobsentry) else {
        print("build it first: swift build -c release --product jobsentry"); exit(1)
    }
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    print("ingest: jobsentry aggregate vs DuckDB read_csv + GROUP BY and Polars scan_csv + group_by (streaming);")
    print("best of \(repeats), wall time incl. process start, query time alone in brackets")
    print("rows       | jobsentry s | MiB | DuckDB s (query)  | MiB | Polars s (query)  | MiB | DuckDB/js | Polars/js")
    for rows in sizes {
        let input = "\(directory)/payroll-\(rows).csv"
        if !FileManager.default.fileExists(atPath: input) {
            let g = try measure(["python3", "scripts/bench/make_payroll.py", String(rows), input])
            guard g.status == 0 else { print("generator failed (run from the repository root)"); exit(1) }
        }
        let ours = "\(directory)/jobsentry-\(rows).csv", duck = "\(directory)/duckdb-\(rows).csv"
        let polars = "\(directory)/polars-\(rows).csv"
        var js = [ChildRun](), dk = [ChildRun](), pl = [ChildRun]()
        for _ in 0..<repeats {
            js.append(try measure([jobsentry, "aggregate", "--kind", "payroll", input, "--out", ours]))
            dk.append(try measure(["python3", "scripts/bench/duckdb_payroll.py", input, duck]))
            pl.append(try measure(["python3", "scripts/bench/polars_payroll.py", input, polars]))
        }
        func best(_ r: [ChildRun]) -> ChildRun { r.min { $0.seconds < $1.seconds }! }
        let bj = best(js), bd = best(dk), bp = best(pl)
        func bytes(_ p: String) -> Data? { try? Data(contentsOf: URL(fileURLWithPath: p)) }
        let polarsRan = bp.status == 0  // Polars is optional (pip install polars)
        let same = bytes(ours) == bytes(duck) && (!polarsRan || bytes(ours) == bytes(polars))
        func query(_ r: ChildRun) -> Double { Double(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .nan }
        print(String(format: "%-10d | %11.3f | %3.0f | %7.3f (%7.3f) | %3.0f | %7.3f (%7.3f) | %3.0f | %8.2f× | %8.2f×%@",
                     rows, bj.seconds, bj.peakMiB, bd.seconds, query(bd), bd.peakMiB, polarsRan ? bp.seconds : .nan, query(bp),
                     bp.peakMiB, bd.seconds / bj.seconds, polarsRan ? bp.seconds / bj.seconds : .nan, same ? "" : "  OUTPUTS DIFFER"))
    }
}
