import Codes

/// A valid Unified Social Credit Code packed exactly into 85 bits: the 17 body
/// characters, 5 bits each (the check character is implied by the body). Comparing
/// and hashing two integers is what makes per-enterprise de-duplication cheap.
public struct EnterpriseKey: Hashable, Sendable, Comparable {
    /// First 5 characters (25 bits).
    public let high: UInt32
    /// Last 12 body characters (60 bits).
    public let low: UInt64

    /// The key of a packed body (as stored by `high` and `low`); not validated.
    public init(high: UInt32, low: UInt64) { self.high = high; self.low = low }

    /// Validates the 18 bytes (alphabet and check character) and packs the body.
    @inline(__always)
    public init?(bytes f: UnsafeBufferPointer<UInt8>) {
        guard f.count == 18 else { return nil }
        let tables = CodeTables.shared
        let t = tables.values, wt = tables.weights
        var sum = 0
        var hi: UInt32 = 0, lo: UInt64 = 0
        for k in 0..<5 {
            let v = t[Int(f[k])]
            if v < 0 { return nil }
            sum &+= Int(v) &* wt[k]
            hi = hi << 5 | UInt32(v)
        }
        for k in 5..<17 {
            let v = t[Int(f[k])]
            if v < 0 { return nil }
            sum &+= Int(v) &* wt[k]
            lo = lo << 5 | UInt64(v)
        }
        guard Int(t[Int(f[17])]) == (31 - sum % 31) % 31 else { return nil }
        high = hi; low = lo
    }

    /// The 18-character code, with its check character.
    public var text: String {
        var body = [UInt8](repeating: 0, count: 17)
        var h = high, l = low
        for k in stride(from: 16, through: 5, by: -1) { body[k] = CreditCode.alphabet[Int(l & 31)]; l >>= 5 }
        for k in stride(from: 4, through: 0, by: -1) { body[k] = CreditCode.alphabet[Int(h & 31)]; h >>= 5 }
        return CreditCode.withCheckCharacter(String(decoding: body, as: UTF8.self)).text
    }

    public static func < (a: EnterpriseKey, b: EnterpriseKey) -> Bool {
        (a.high, a.low) < (b.high, b.low)
    }
}

/// The credit-code alphabet as a byte → value table and the check weights, allocated
/// once, so the hot loop reads plain memory (no lazy-global check per access).
final class CodeTables: @unchecked Sendable {  // no lock: written once in `init`, read only after
    static let shared = CodeTables()
    let values: UnsafeMutablePointer<Int8>
    let weights: UnsafeMutablePointer<Int>

    private init() {
        values = .allocate(capacity: 256)
        values.initialize(repeating: -1, count: 256)
        for (i, c) in CreditCode.alphabet.enumerated() { values[Int(c)] = Int8(i) }
        weights = .allocate(capacity: 17)
        for (i, w) in CreditCode.weights.enumerated() { weights[i] = w }
    }
}
