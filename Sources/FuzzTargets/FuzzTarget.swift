import Alerting
import Crypto
import Foundation
import Ingest
import Publishing
import TabularIO

/// The parsers that read bytes from outside, each as a function of one input that must
/// return (never crash, hang or touch memory it does not own) whatever the bytes are.
///
/// The same functions run under libFuzzer (`jobsentry-fuzz`, built with
/// `-sanitize=fuzzer,address`) and, on the saved corpus, as ordinary tests in CI
/// (`FuzzTargetsTests`).
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// `CSVScanner` over the raw bytes, in small chunks so records cross buffer boundaries.
    case csv
    /// `Ingestor.run` on the bytes as a file: the first byte picks the kind (or detection),
    /// so every field decoder is reached; the rest is the file.
    case ingest
    /// `TextInput.open` (gzip, UTF-16 and GB18030 detection and decoding) read to the end.
    case decode
    /// `AlertConfig.parse` on the bytes as YAML text.
    case config
    /// `BundleVerifier.verify` on a bundle whose manifest.json is the bytes (signed, so the
    /// reader gets past the signature to the manifest itself).
    case manifest
    /// `CAPSignature.verify` on the bytes as one CAP message: the layout checks, base64,
    /// the certificate's DER and the RSA check behind `verify`'s XML Signature step.
    case cap

    /// Runs the target on one input.
    public func run(_ bytes: [UInt8]) {
        switch self {
        case .csv: Self.csv(bytes)
        case .ingest: Self.ingest(bytes)
        case .decode: Self.decode(bytes)
        case .config: _ = try? AlertConfig.parse(String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
        case .manifest: Self.manifest(bytes)
        case .cap: _ = try? CAPSignature.verify(Data(bytes))
        }
    }

    static func csv(_ bytes: [UInt8]) {
        let scanner = CSVScanner(source: MemorySource(bytes, chunk: 7), displayName: "fuzz.csv", chunkSize: 64,
                                 maximumRecordBytes: 4096)
        while let r = try? scanner.next() { _ = r.strings }
    }

    static func ingest(_ bytes: [UInt8]) {
        let kinds: [SignalKind?] = [nil] + SignalKind.allCases
        let kind = bytes.first.map { kinds[Int($0) % kinds.count] } ?? nil
        let path = Scratch.file("in.csv", Array(bytes.dropFirst()))
        _ = try? Ingestor.run(path: path, options: IngestOptions(kind: kind, latestPeriod: nil))
    }

    static func decode(_ bytes: [UInt8]) {
        let path = Scratch.file("in.bin", bytes)
        guard let opened = try? TextInput.open(path: path, keepTruncatedGzip: true) else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        var total = 0
        while total < 1 << 22, let n = try? buffer.withUnsafeMutableBytes({ try opened.source.read(into: $0) }), n > 0 { total += n }
    }

    static func manifest(_ bytes: [UInt8]) {
        let dir = Scratch.directory("bundle")
        let data = Data(bytes)
        try? data.write(to: dir.appendingPathComponent("manifest.json"))
        // A fresh key per input (an Ed25519 key is 32 random bytes, microseconds to make):
        // Crypto's key type is not Sendable, so it cannot be a shared static.
        let key = Curve25519.Signing.PrivateKey()
        try? Data(Signing.sign(data, with: key).utf8).write(to: dir.appendingPathComponent("manifest.sig"))
        _ = BundleVerifier.verify(bundle: dir, publicKey: key.publicKey)
    }
}

/// Bytes from memory, handed out `chunk` at a time.
final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private let chunk: Int
    private var position = 0

    init(_ bytes: [UInt8], chunk: Int) { self.bytes = bytes; self.chunk = chunk }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(chunk, buffer.count, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + position, byteCount: n) }
        position += n
        return n
    }
}

/// A private folder per process for inputs that must be files.
enum Scratch {
    static let root: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jobsentry-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }()

    static func file(_ name: String, _ bytes: [UInt8]) -> String {
        let path = root.appendingPathComponent(name).path
        // A target that could not write its input would fuzz nothing: stop the run instead.
        precondition(FileManager.default.createFile(atPath: path, contents: Data(bytes)), "cannot write the fuzz input \(path)")
        return path
    }

    static func directory(_ name: String) -> URL {
        let dir = root.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: dir)
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
