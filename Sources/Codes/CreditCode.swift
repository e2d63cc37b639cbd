/// The 18-character Unified Social Credit Code (统一社会信用代码, GB 32100-2015).
///
/// Layout: registration authority (1), organisation type (1), administrative division (6),
/// organisation code (9), check character (1). The alphabet is the 31 characters
/// `0-9A-HJ-NPQRTUWXY` (no I, O, S, V, Z); the check character is
/// `31 − (Σ wᵢ·cᵢ mod 31)` (31 maps to 0) with weights wᵢ = 3ⁱ mod 31.
public struct CreditCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let text: String

    public static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)
    public static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// Why a candidate code is not valid.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case length(Int)
        case character(position: Int, found: Character)
        case checkCharacter(expected: Character, found: Character)

        public var description: String {
            switch self {
            case .length(let n): return "expected 18 characters, found \(n)"
            case let .character(p, c): return "character \(p) \"\(c)\" is not in the code alphabet (0-9, A-Y without I, O, S, V, Z)"
            case let .checkCharacter(e, f): return "check character should be \"\(e)\", found \"\(f)\""
            }
        }
    }

    /// Validates `text`, returning the code or the first problem found.
    public static func validate(_ text: some StringProtocol) -> Result<CreditCode, Problem> {
        let u = Array(text.utf8)
        guard u.count == 18 else { return .failure(.length(text.count)) }
        var values = [Int]()
        values.reserveCapacity(18)
        for (i, c) in u.enumerated() {
            guard let v = value(of: c) else {
                return .failure(.character(position: i + 1, found: Character(UnicodeScalar(c))))
            }
            values.append(v)
        }
        let check = checkValue(values[0..<17])
        guard values[17] == check else {
            return .failure(.checkCharacter(expected: Character(UnicodeScalar(alphabet[check])),
                                            found: Character(UnicodeScalar(u[17]))))
        }
        return .success(CreditCode(verified: String(text)))
    }

    /// `nil` unless `text` is a valid code.
    public init?(_ text: some StringProtocol) {
        guard case .success(let c) = CreditCode.validate(text) else { return nil }
        self = c
    }

    private init(verified: String) { self.text = verified }

    /// Completes a 17-character body with its check character.
    /// - Precondition: every character of `body` is in the alphabet.
    public static func withCheckCharacter(_ body: String) -> CreditCode {
        let vals = body.utf8.map { value(of: $0)! }
        precondition(vals.count == 17, "body must have 17 characters")
        return CreditCode(verified: body + String(UnicodeScalar(alphabet[checkValue(vals[...])])))
    }

    static func value(of c: UInt8) -> Int? {
        alphabet.firstIndex(of: c)
    }

    static func checkValue(_ v: ArraySlice<Int>) -> Int {
        var sum = 0
        for (i, x) in v.enumerated() { sum += x * weights[i] }
        let c = 31 - sum % 31
        return c == 31 ? 0 : c
    }

    public var description: String { text }
    public static func < (a: CreditCode, b: CreditCode) -> Bool { a.text < b.text }
}
