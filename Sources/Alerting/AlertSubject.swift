import Crypto
import Foundation

/// The place (and, for enterprise alerts, the enterprise) an alert is about.
///
/// Its `id` is the alert's stable identity across runs: every run that finds something
/// about the same subject updates the same alert, whichever rules fired.
public struct AlertSubject: Hashable, Comparable, Sendable, Codable {
    public let scope: AlertScope
    public let region: String
    public let sector: String
    /// Key group, `ALL` when the signal has none.
    public let group: String
    /// Unified Social Credit Code of the enterprise, for enterprise alerts only.
    public let enterpriseID: String?

    public init(scope: AlertScope, region: String, sector: String, group: String = "ALL", enterpriseID: String? = nil) {
        self.scope = scope; self.region = region; self.sector = sector; self.group = group
        self.enterpriseID = enterpriseID
    }

    /// `A-430100-C-ALL` for an area, `D-430100-C-ALL` for data quality, and
    /// `E-430100-C-<12 hex digits>` for an enterprise: the credit code is hashed (SHA-256)
    /// so that the identifier itself never discloses which enterprise it is.
    ///
    /// Only letters, digits, `-` and `_` appear, as CAP's `identifier` requires.
    public var id: String {
        func clean(_ s: String) -> String {
            String(s.unicodeScalars.map { c -> Character in
                (c.properties.isAlphabetic && c.isASCII) || ("0"..."9").contains(c) || c == "_" ? Character(c) : "_"
            })
        }
        switch scope {
        case .area: return "A-\(clean(region))-\(clean(sector))-\(clean(group))"
        case .dataQuality: return "D-\(clean(region))-\(clean(sector))-\(clean(group))"
        case .enterprise:
            let digest = SHA256.hash(data: Data((enterpriseID ?? "").utf8))
            let digits = Array("0123456789abcdef".utf8)
            let hex = String(decoding: digest.prefix(6).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
            return "E-\(clean(region))-\(clean(sector))-\(hex)"
        }
    }

    public static func < (a: AlertSubject, b: AlertSubject) -> Bool { a.id < b.id }
}
