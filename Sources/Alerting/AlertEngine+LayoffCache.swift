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
        // Not this input: the null's cuts of an earlier run are used where the firms' inputs
        // through that run's month are the same (a new month of files, and no revision of an
        // earlier month), and this run's are kept for the next.
        let bands = params.sizeBands.count + 1
        let nullKey = Self.layoffNullKey(rule, params, program: program)
        let kept = cache.load(nullKey).flatMap { LayoffNullCoding.decode($0, bands: bands) }
        let digests = Self.layoffPrefixDigests(rule, params, enterprises, through: [asOf.index] + (kept.map { [$0.state.through] } ?? []),
                                               program: program)
        let prior = kept.flatMap { $0.digest == digests[1] ? $0.state : nil }
        let (judged, null, _) = judgeLayoffs(rule, params, enterprises, asOf: asOf, reusing: prior)
        cache.keep(LayoffJudgementCoding.encode(judged), key: key)
        cache.keep(LayoffNullCoding.encode(null, digest: digests[0]), key: nullKey)
        return judged
    }

    /// The key of the kept null (`LayoffNullState`) of this rule, its parameters and this
    /// build: one per rule, replaced by each run that computes a judgement.
    static func layoffNullKey(_ rule: Rule, _ params: MassLayoffParameters, program: String) -> String {
        var hash = SHA256()
        let text = ["mass_layoff null 1", program, rule.id, "\(rule.clear.bitPattern)", String(describing: params)].joined(separator: "\u{0}")
        hash.update(data: Data(text.utf8))
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Per month M of `through` (Period indices), SHA-256 of what the null's cuts of months
    /// up to M read: the program, rule and parameters, and per firm with a headcount by M, in order,
    /// its id, region, sector, first month and headcount bits through M. One pass over the firms.
    static func layoffPrefixDigests(_ rule: Rule, _ params: MassLayoffParameters, _ enterprises: [EnterpriseSeries],
                                    through: [Int], program: String) -> [[UInt8]] {
        var hashes = through.map { _ in SHA256() }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(256)
        func text(_ s: String) { buffer.append(contentsOf: s.utf8); buffer.append(0) }
        func integer(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { buffer.append(contentsOf: $0) } }
        for (k, m) in through.enumerated() {
            text("mass_layoff null inputs 1")
            text(program)
            text(rule.id)
            integer(Int(truncatingIfNeeded: rule.clear.bitPattern))
            text(String(describing: params))
            integer(m)
            buffer.withUnsafeBytes { hashes[k].update(bufferPointer: $0) }
            buffer.removeAll(keepingCapacity: true)
        }
        for e in enterprises {
            let wanted = through.map { e.hasHeadcount(through: $0) }
            guard wanted.contains(true) else { continue }
            e.headcount.withUnsafeBytes { heads in
                for (k, m) in through.enumerated() where wanted[k] {
                    let n = min(e.periodCount, m - e.start.index + 1)
                    text(e.id)
                    text(e.region)
                    text(e.sector)
                    integer(e.start.index)
                    integer(n)
                    buffer.withUnsafeBytes { hashes[k].update(bufferPointer: $0) }
                    buffer.removeAll(keepingCapacity: true)
                    hashes[k].update(bufferPointer: UnsafeRawBufferPointer(rebasing: heads[0..<(n * MemoryLayout<Double>.size)]))
                }
            }
        }
        return hashes.map { Array($0.finalize()) }
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

/// The mass-layoff null of one run (`AlertEngine.judgeLayoffs(…, reusing:)`), kept for the
/// next. A null score is a month's net cut (cut − usual − common) over the σ_Δ of the months
/// before that month's own window, so it reads the firm's headcounts up to its confirming
/// month and its peers' up to that month, all at or before `through`: with the same inputs
/// through `through` (checked by the caller) it is the same number, and the score itself is
/// kept (`cuts`).
struct LayoffNullState {
    /// The as-of month (`Period.index`) of the run that computed it.
    var through: Int
    /// Size bands (`LayoffSizeBands.count`).
    let bands: Int
    /// Per firm with a headcount by `through`, in order: its null months computed are those before
    /// ends[k] (from `minimum_history`);
    var ends: [Int32] = []
    /// the months without a cut, per band (zeros[k · bands + b]);
    var zeros: [UInt32] = []
    /// and its scores, cuts[starts[k] ..< starts[k + 1]], each with its band.
    var starts: [UInt32] = [0]
    var cuts: [Double] = []
    var cutBands: [UInt8] = []

    init(through: Int, bands: Int) {
        self.through = through
        self.bands = bands
    }

    var count: Int { ends.count }
    mutating func beginFirm() { zeros.append(contentsOf: repeatElement(0, count: bands)) }
    mutating func addZeros(_ n: Int, band: Int) { zeros[zeros.count - bands + band] += UInt32(n) }
    mutating func addCut(_ c: Double, band: Int) { cuts.append(c); cutBands.append(UInt8(band)) }
    mutating func endFirm(at end: Int) { ends.append(Int32(end)); starts.append(UInt32(cuts.count)) }
}

/// The bytes of a `LayoffNullState` and the digest of the inputs it was computed from:
/// "JSLN1", the digest (32 bytes), `through` (Int64), the bands (UInt8), the firms n (UInt32)
/// and cuts m (UInt64), then ends (n × Int32), zeros (n · bands × UInt32), starts
/// ((n + 1) × UInt32), cuts (m × Double bits) and their bands (m × UInt8); little-endian.
enum LayoffNullCoding {
    static let magic = Array("JSLN1".utf8)

    static func encode(_ s: LayoffNullState, digest: [UInt8]) -> Data {
        var out = Data()
        out.reserveCapacity(64 + s.count * (8 + 4 * s.bands) + s.cuts.count * 9)
        out.append(contentsOf: magic)
        out.append(contentsOf: digest)
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func putAll<T: FixedWidthInteger>(_ a: [T]) { a.map(\.littleEndian).withUnsafeBytes { out.append(contentsOf: $0) } }
        put(Int64(s.through))
        put(UInt8(s.bands))
        put(UInt32(s.count))
        put(UInt64(s.cuts.count))
        putAll(s.ends)
        putAll(s.zeros)
        putAll(s.starts)
        putAll(s.cuts.map(\.bitPattern))
        putAll(s.cutBands)
        return out
    }

    /// `nil` when the bytes are not a null of `bands` size bands (wrong length or layout).
    static func decode(_ data: Data, bands: Int) -> (state: LayoffNullState, digest: [UInt8])? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> (state: LayoffNullState, digest: [UInt8])? in
            var at = 0
            func take(_ n: Int) -> UnsafeRawBufferPointer? {
                guard n >= 0, at + n <= raw.count else { return nil }
                defer { at += n }
                return UnsafeRawBufferPointer(rebasing: raw[at..<(at + n)])
            }
            func get<T: FixedWidthInteger>(_: T.Type) -> T? { take(MemoryLayout<T>.size).map { T(littleEndian: $0.loadUnaligned(as: T.self)) } }
            func array<T: FixedWidthInteger>(_: T.Type, _ n: Int) -> [T]? {
                guard n >= 0, n <= raw.count, let b = take(n * MemoryLayout<T>.size) else { return nil }
                return (0..<n).map { T(littleEndian: b.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
            }
            guard let m = take(magic.count), Array(m) == magic, let d = take(32) else { return nil }
            let digest = Array(d)
            guard let through = get(Int64.self), let b = get(UInt8.self), Int(b) == bands,
                  let n32 = get(UInt32.self), let m64 = get(UInt64.self), m64 <= UInt64(raw.count) else { return nil }
            let n = Int(n32), cutCount = Int(m64)
            guard let ends = array(Int32.self, n), let zeros = array(UInt32.self, n * bands),
                  let starts = array(UInt32.self, n + 1), let bits = array(UInt64.self, cutCount),
                  let cutBands = array(UInt8.self, cutCount), at == raw.count else { return nil }
            guard starts.first == 0, Int(starts[n]) == cutCount, zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 }),
                  cutBands.allSatisfy({ Int($0) < bands }) else { return nil }
            var s = LayoffNullState(through: Int(through), bands: bands)
            s.ends = ends
            s.zeros = zeros
            s.starts = starts
            s.cuts = bits.map(Double.init(bitPattern:))
            s.cutBands = cutBands
            return (s, digest)
        }
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
