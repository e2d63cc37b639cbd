import Codes
import Crypto
import Foundation
import GRDB
import PanelData
import StoreSchema

/// The candidates of a `mass_layoff` evaluation, with their p-values and whether each passes
/// the false-discovery bound (`AlertEngine.judgeLayoffs`).
typealias LayoffJudgement = (candidates: [Candidate], p: [Double], passes: [Bool])

/// Results of a rule kept between evaluations, by a key that names everything they were
/// computed from. A cache: a result that cannot be read or written is computed again, so
/// its failures are not errors.
public protocol RuleResultCache: Sendable {
    func load(_ key: String) -> Data?
    func keep(_ value: Data, key: String)
}

extension AlertEngine {
    /// `judgeLayoffs`, read from `resultCache` when it holds the judgement of the same input.
    ///
    /// The judgement reads every firm's whole history (the baselines and peer medians of
    /// every firm-month, and the null of every earlier month's score): at 1,000,000 firms
    /// most of a run without a new file, and both sides of a scenario without an enterprise
    /// shock judge the same series. It is a function of the headcounts, starts, regions and
    /// sectors of the firms in their order, the rule's parameters and clear threshold, the
    /// as-of month, and the program's code; the key is a SHA-256 of all of them
    /// (`layoffKey`). So a new or withdrawn file that changes any firm's figures, a `--known-at`
    /// or backtest month that sees other figures, another parameter or another build of the
    /// program gives another key, never a stale result.
    func cachedLayoffJudgement(_ rule: Rule, _ params: MassLayoffParameters, _ enterprises: [EnterpriseSeries],
                               asOf: Period) -> LayoffJudgement {
        guard let cache = resultCache, let program = ProgramIdentity.current else {
            return judgeLayoffs(rule, params, enterprises, asOf: asOf)
        }
        let key = Self.layoffKey(rule, params, enterprises, asOf: asOf, program: program)
        if let data = cache.load(key), let judged = LayoffJudgementCoding.decode(data, enterprises: enterprises) {
            return judged
        }
        let judged = judgeLayoffs(rule, params, enterprises, asOf: asOf)
        cache.keep(LayoffJudgementCoding.encode(judged), key: key)
        return judged
    }

    /// SHA-256 (hex) of what `judgeLayoffs` reads: the program, the rule's id, clear
    /// threshold and parameters, the as-of month, and per firm in order its region, sector,
    /// first month and headcount bits (NaN for a month without one).
    static func layoffKey(_ rule: Rule, _ params: MassLayoffParameters, _ enterprises: [EnterpriseSeries], asOf: Period,
                          program: String) -> String {
        var hash = SHA256()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        func text(_ s: String) { buffer.append(contentsOf: s.utf8); buffer.append(0) }
        func integer(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { buffer.append(contentsOf: $0) } }
        func flush() { buffer.withUnsafeBytes { hash.update(bufferPointer: $0) }; buffer.removeAll(keepingCapacity: true) }
        text("mass_layoff judgement 1")
        text(program)
        text(rule.id)
        integer(Int(truncatingIfNeeded: rule.clear.bitPattern))
        text(String(describing: params))
        integer(asOf.index)
        integer(enterprises.count)
        for e in enterprises {
            text(e.region)
            text(e.sector)
            integer(e.start.index)
            integer(e.periodCount)
            flush()
            e.headcount.withUnsafeBytes { hash.update(bufferPointer: $0) }
        }
        flush()
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// The bytes of a `LayoffJudgement`: "JSLJ1", the candidate count (UInt32), then per candidate
/// its firm and month indices (Int64), cut, usual, common, before, score and p (Double bits),
/// and its tested and passes flags (one byte each); little-endian.
enum LayoffJudgementCoding {
    static let magic = Array("JSLJ1".utf8)
    static let recordSize = 2 * 8 + 6 * 8 + 2

    static func encode(_ j: LayoffJudgement) -> Data {
        var out = magic
        out.reserveCapacity(magic.count + 4 + j.candidates.count * recordSize)
        withUnsafeBytes(of: UInt32(j.candidates.count).littleEndian) { out.append(contentsOf: $0) }
        for (k, c) in j.candidates.enumerated() {
            for v in [Int64(c.firm), Int64(c.t)] { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
            for d in [c.cut, c.usual, c.common, c.before, c.score, j.p[k]] {
                withUnsafeBytes(of: d.bitPattern.littleEndian) { out.append(contentsOf: $0) }
            }
            out.append(c.tested ? 1 : 0)
            out.append(j.passes[k] ? 1 : 0)
        }
        return Data(out)
    }

    /// `nil` when the bytes are not a judgement of `enterprises` (wrong length, or a firm or
    /// month outside them): the caller computes it again.
    static func decode(_ data: Data, enterprises: [EnterpriseSeries]) -> LayoffJudgement? {
        let bytes = [UInt8](data)
        guard bytes.count >= magic.count + 4, Array(bytes[0..<magic.count]) == magic else { return nil }
        var at = magic.count
        func u64() -> UInt64 {
            var v: UInt64 = 0
            for b in 0..<8 { v |= UInt64(bytes[at + b]) << (8 * b) }
            at += 8
            return v
        }
        var n = 0
        for b in 0..<4 { n |= Int(bytes[at + b]) << (8 * b) }
        at += 4
        guard bytes.count == at + n * recordSize else { return nil }
        var candidates: [Candidate] = [], p: [Double] = [], passes: [Bool] = []
        candidates.reserveCapacity(n); p.reserveCapacity(n); passes.reserveCapacity(n)
        for _ in 0..<n {
            let firm = Int(Int64(bitPattern: u64())), t = Int(Int64(bitPattern: u64()))
            guard enterprises.indices.contains(firm), (0..<enterprises[firm].periodCount).contains(t) else { return nil }
            let d = (0..<6).map { _ in Double(bitPattern: u64()) }
            let tested = bytes[at] == 1, pass = bytes[at + 1] == 1
            at += 2
            candidates.append(Candidate(firm: firm, t: t, cut: d[0], usual: d[1], common: d[2], before: d[3], score: d[4],
                                        tested: tested))
            p.append(d[5])
            passes.append(pass)
        }
        return (candidates, p, passes)
    }
}

/// The running program's file (device, inode, size, modification time): rule results kept
/// by one build are not read by another, whose code may judge differently. `nil` when the
/// file cannot be found (then nothing is cached).
enum ProgramIdentity {
    static let current: String? = {
        #if os(Linux)
        let path = "/proc/self/exe"  // stat follows the link to the executable
        #else
        guard let path = Bundle.main.executablePath else { return nil }
        #endif
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        #if os(Linux)
        let mtime = st.st_mtim
        #else
        let mtime = st.st_mtimespec
        #endif
        return "\(st.st_dev)-\(st.st_ino)-\(st.st_size)-\(mtime.tv_sec).\(mtime.tv_nsec)"
    }()
}

/// Rule results kept in the store file (table `derived_result`, StoreSchema step
/// `v5-derived-result`), the newest `capacity` of them. A run keeps its month's judgement
/// there; `scenario` and `report`, which read a copy of the store, find it.
public final class StoreResultCache: RuleResultCache {
    let db: DatabaseQueue
    /// Results kept; older ones are deleted when a new one is written.
    public static let capacity = 8

    /// Opens the store at `path` (creating its tables if needed).
    public init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        db = try DatabaseQueue(path: path, configuration: config)
        try db.writeWithoutTransaction(StoreSchema.migrate)
    }

    public func load(_ key: String) -> Data? {
        (try? db.read { try Data.fetchOne($0, sql: "SELECT value FROM derived_result WHERE key = ?", arguments: [key]) }) ?? nil
    }

    public func keep(_ value: Data, key: String) {
        try? db.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO derived_result (key, value, sequence)
                VALUES (?, ?, (SELECT coalesce(max(sequence), 0) + 1 FROM derived_result))
                """, arguments: [key, value])
            try db.execute(sql: """
                DELETE FROM derived_result WHERE key NOT IN
                  (SELECT key FROM derived_result ORDER BY sequence DESC LIMIT ?)
                """, arguments: [Self.capacity])
        }
    }
}
