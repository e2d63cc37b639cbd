import Crypto
import Foundation

/// `manifest.json`: what a bundle holds and where it came from. `manifest.sig` is an
/// Ed25519 signature over this file's exact bytes.
public struct Manifest: Sendable, Codable, Equatable {
    public static let schemaVersion = "jobsentry.manifest/1"

    /// A file and its SHA-256 (lower-case hex).
    public struct FileDigest: Sendable, Codable, Equatable {
        public var path: String
        public var sha256: String
        public var bytes: Int
        public init(path: String, sha256: String, bytes: Int) { self.path = path; self.sha256 = sha256; self.bytes = bytes }

        /// Digest of `data`, recorded under `path`.
        public init(path: String, data: Data) {
            self.init(path: path, sha256: Manifest.sha256Hex(data), bytes: data.count)
        }
    }

    public struct Counts: Sendable, Codable, Equatable {
        public var total: Int
        public var byLevel: [String: Int]
        public var byStatus: [String: Int]
        public var suppressed: Int
        enum CodingKeys: String, CodingKey { case total, byLevel = "by_level", byStatus = "by_status", suppressed }
    }

    public var schema: String
    public var runID: String
    public var audience: Audience
    public var asOf: String
    public var created: String
    public var generator: String
    public var configHash: String
    /// Settings that shaped the outputs (disclosure thresholds, alert-record schema …).
    public var parameters: [String: String]
    /// Every input file the store has ingested, with its SHA-256.
    public var inputs: [FileDigest]
    /// Every file of the bundle except `manifest.json` and `manifest.sig`.
    public var outputs: [FileDigest]
    public var counts: Counts
    /// Watched series the model could not fit (absent when every one was fitted).
    public var unfitted: Unfitted?

    /// Series left unjudged: how many, and their keys (`region/sector/group/signal`).
    public struct Unfitted: Sendable, Codable, Equatable {
        public var count: Int
        public var series: [String]
        public init(count: Int, series: [String]) { self.count = count; self.series = series }
    }

    enum CodingKeys: String, CodingKey {
        case schema, runID = "run_id", audience, asOf = "as_of", created, generator, configHash = "config_hash"
        case parameters, inputs, outputs, counts, unfitted
    }

    /// The canonical bytes (sorted keys, pretty-printed, trailing newline).
    public func encoded() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var d = try enc.encode(self)
        d.append(0x0A)
        return d
    }

    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
