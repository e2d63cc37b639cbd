import Codes
import TabularIO

/// Byte-level decoders for the fields of every kind; none makes a `String` unless the
/// field is bad and a message must show it.
enum FieldDecoding {
    typealias Field = UnsafeBufferPointer<UInt8>

    /// Sector ids: 0...19 are sections A...T, `allSectors` is the roll-up.
    static let allSectors: Int32 = 20
    /// Group ids: the index in `KeyGroup.allCases`; `.all` is the last.
    static let allGroups = Int32(KeyGroup.allCases.firstIndex(of: .all)!)

    @inline(__always)
    static func count(_ f: Field, _ column: String, _ index: Int) throws(FieldIssue) -> Int64 {
        if let v = ByteParse.unsigned(f) { return v }
        if f.isEmpty { throw FieldIssue(index: index, problem: .missing(column: column)) }
        if f.first == UInt8(ascii: "-"), ByteParse.double(f) != nil {
            throw FieldIssue(index: index, problem: .negative(column: column, found: ByteParse.show(f), expected: "integer"))
        }
        throw FieldIssue(index: index, problem: .notCount(column: column, found: ByteParse.show(f)))
    }

    /// An optional count: `nil` when blank.
    @inline(__always)
    static func optionalCount(_ f: Field, _ column: String, _ index: Int) throws(FieldIssue) -> Int64? {
        if f.isEmpty || ByteParse.isBlank(f) { return nil }
        return try count(f, column, index)
    }

    /// An amount in hundredths (fen).
    @inline(__always)
    static func amount(_ f: Field, _ column: String, _ index: Int) throws(FieldIssue) -> Int64 {
        if let v = ByteParse.hundredths(f) { return v }
        if f.isEmpty { throw FieldIssue(index: index, problem: .missing(column: column)) }
        if f.first == UInt8(ascii: "-"), ByteParse.double(f) != nil {
            throw FieldIssue(index: index, problem: .negative(column: column, found: ByteParse.show(f), expected: "amount"))
        }
        throw FieldIssue(index: index, problem: .notAmount(column: column, found: ByteParse.show(f)))
    }

    static func optionalAmount(_ f: Field, _ column: String, _ index: Int) throws(FieldIssue) -> Int64? {
        if f.isEmpty || ByteParse.isBlank(f) { return nil }
        return try amount(f, column, index)
    }

    /// A percentage in 0...100, or `nil` when blank.
    static func optionalRate(_ f: Field, _ column: String, _ index: Int) throws(FieldIssue) -> Double? {
        if f.isEmpty || ByteParse.isBlank(f) { return nil }
        guard let v = ByteParse.double(f) else {
            throw FieldIssue(index: index, problem: .notNumber(column: column, found: ByteParse.show(f)))
        }
        guard v >= 0 && v <= 100 else {
            throw FieldIssue(index: index, problem: .rateOutOfRange(column: column, found: ByteParse.show(f)))
        }
        return v
    }

    /// `YYYY-MM` → `Period.index`.
    @inline(__always)
    static func period(_ f: Field, _ column: String, _ index: Int) throws(FieldIssue) -> Int32 {
        if f.count == 7 && f[4] == UInt8(ascii: "-") {
            let y0 = f[0] &- 48, y1 = f[1] &- 48, y2 = f[2] &- 48, y3 = f[3] &- 48
            let m0 = f[5] &- 48, m1 = f[6] &- 48
            if y0 < 10 && y1 < 10 && y2 < 10 && y3 < 10 && m0 < 10 && m1 < 10 {
                let y = Int(y0) * 1000 + Int(y1) * 100 + Int(y2) * 10 + Int(y3)
                let m = Int(m0) * 10 + Int(m1)
                if m >= 1 && m <= 12 && Period.validYears.contains(y) { return Int32(y * 12 + m - 1) }
            }
        }
        if f.isEmpty { throw FieldIssue(index: index, problem: .missing(column: column)) }
        throw FieldIssue(index: index, problem: .period(column: column, found: ByteParse.show(f)))
    }

    /// Rejects a month after `latest` (a `Period.index`; `Int32.max` accepts every month).
    @inline(__always)
    static func notAfter(_ p: Int32, _ latest: Int32, _ f: Field, _ column: String, _ index: Int) throws(FieldIssue) {
        if p > latest {
            throw FieldIssue(index: index, problem: .future(column: column, found: ByteParse.show(f), latest: Period(index: Int(latest))))
        }
    }

    /// `YYYY-MM-DD` → (period index, day).
    static func date(_ f: Field, _ column: String, _ index: Int) throws(FieldIssue) -> (Int32, Int32) {
        let text = String(decoding: f, as: UTF8.self)
        if let d = CivilDate(text), Period.validYears.contains(d.year) {
            return (Int32(d.period.index), Int32(d.day))
        }
        if f.isEmpty { throw FieldIssue(index: index, problem: .missing(column: column)) }
        throw FieldIssue(index: index, problem: .date(column: column, found: ByteParse.show(f)))
    }

    /// Six digits not starting with 0 → the code's value.
    @inline(__always)
    static func region(_ f: Field, _ column: String, _ index: Int) throws(FieldIssue) -> Int32 {
        if f.count == 6 && f[0] != UInt8(ascii: "0") {
            var v: Int32 = 0
            var ok = true
            for k in 0..<6 {
                let d = f[k] &- 48
                if d >= 10 { ok = false; break }
                v = v * 10 + Int32(d)
            }
            if ok { return v }
        }
        if f.isEmpty { throw FieldIssue(index: index, problem: .missing(column: column)) }
        throw FieldIssue(index: index, problem: .region(column: column, found: ByteParse.show(f)))
    }

    /// Section letter or 2-digit division → 0...19; `ALL` → 20. `blankIsAll` for optional columns.
    @inline(__always)
    static func sector(_ f: Field, _ column: String, _ index: Int, blankIsAll: Bool = false) throws(FieldIssue) -> Int32 {
        if f.count == 1 {
            let c = f[0] & 0xDF
            if c >= UInt8(ascii: "A") && c <= UInt8(ascii: "T") { return Int32(c - UInt8(ascii: "A")) }
        } else if f.isEmpty {
            if blankIsAll { return allSectors }
            throw FieldIssue(index: index, problem: .missing(column: column))
        } else if let s = Sector(String(decoding: f, as: UTF8.self)) {
            return s.isAll ? allSectors : Int32(s.code.utf8.first! - UInt8(ascii: "A"))
        }
        throw FieldIssue(index: index, problem: .sector(column: column, found: ByteParse.show(f)))
    }

    static func group(_ f: Field, _ column: String, _ index: Int) throws(FieldIssue) -> Int32 {
        if f.isEmpty { return allGroups }
        if let g = KeyGroup(field: String(decoding: f, as: UTF8.self)) {
            return Int32(KeyGroup.allCases.firstIndex(of: g)!)
        }
        throw FieldIssue(index: index, problem: .group(column: column, found: ByteParse.show(f)))
    }

    static func flag(_ f: Field, _ column: String, _ index: Int) throws(FieldIssue) -> Bool {
        if f.count == 1 && (f[0] == UInt8(ascii: "0") || f[0] == UInt8(ascii: "1")) { return f[0] == UInt8(ascii: "1") }
        if f.isEmpty { return false }
        throw FieldIssue(index: index, problem: .flag(column: column, found: ByteParse.show(f)))
    }

    static func creditCode(_ f: Field, _ column: String, _ index: Int) throws(FieldIssue) -> EnterpriseKey {
        if let k = EnterpriseKey(bytes: f) { return k }
        if f.isEmpty { throw FieldIssue(index: index, problem: .missing(column: column)) }
        let text = String(decoding: f, as: UTF8.self)
        let problem: CreditCode.Problem
        switch CreditCode.validate(text) {
        case .failure(let p): problem = p
        case .success: problem = .length(f.count)  // unreachable: the fast check agrees with Codes
        }
        throw FieldIssue(index: index, problem: .creditCode(column: column, found: ByteParse.show(f), problem: problem))
    }

    static func sectorName(_ id: Int32) -> String {
        id == allSectors ? "ALL" : String(UnicodeScalar(UInt8(ascii: "A") + UInt8(id)))
    }

    static func groupName(_ id: Int32) -> String { KeyGroup.allCases[Int(id)].rawValue }
}
