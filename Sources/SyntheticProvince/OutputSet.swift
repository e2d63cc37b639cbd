import Foundation
import TabularIO

/// A CSV file written as a stream of row chunks, gzip-compressed or plain.
/// Errors are kept and rethrown by `rethrow()`, so worker threads can append without throwing.
///
/// Sendable without a lock because one thread at a time owns a stream: `Generator.run` appends
/// to stream `k` only in iteration `k` of a `concurrentPerform`, and calls `rethrow` and
/// `finish` on its own thread after that call has returned.
final class RowStream: @unchecked Sendable {  // one owner at a time, see above
    let name: String
    let tempPath: String
    private let sink: ByteSink
    private(set) var rows = 0
    private var failure: Error?

    init(name: String, tempPath: String, gzipLevel: Int32?) throws {
        self.name = name
        self.tempPath = tempPath
        let file = try FileByteSink(path: tempPath)
        sink = try gzipLevel.map { try GzipByteSink(target: file, level: $0, label: tempPath) } ?? file
    }

    func append(_ bytes: [UInt8]) {
        guard failure == nil, !bytes.isEmpty else { return }
        var n = 0
        for b in bytes where b == 10 { n += 1 }
        rows += n
        do { try sink.write(bytes) } catch { failure = error }
    }

    func rethrow() throws { if let f = failure { throw f } }

    func finish() throws {
        try rethrow()
        try sink.close()
    }
}

/// The files of one run, written under temporary names and renamed into place together.
struct OutputSet {
    let directory: String
    let spec: GeneratorSpec
    private var pending: [(name: String, temp: String, rows: () -> Int)] = []

    init(directory: String, spec: GeneratorSpec) {
        self.directory = directory
        self.spec = spec
    }

    private func tempPath(_ name: String) -> String { "\(directory)/.\(name).partial" }

    /// Writes a whole small file (header included in `bytes`).
    mutating func writeSmall(_ name: String, _ bytes: [UInt8]) throws {
        let path = tempPath(name)
        let sink = try FileByteSink(path: path)
        try sink.write(bytes)
        try sink.close()
        var n = 0
        for b in bytes where b == 10 { n += 1 }
        let rows = n - 1
        pending.append((name, path, { rows }))
    }

    /// Opens `<kind>.csv.gz` (or `.csv` when uncompressed) and writes its header.
    mutating func stream(_ kind: String, header: String) throws -> RowStream {
        let gz = spec.compression == .gzip
        let name = kind + (gz ? ".csv.gz" : ".csv")
        let s = try RowStream(name: name, tempPath: tempPath(name), gzipLevel: gz ? spec.scale.gzipLevel : nil)
        s.append(Array(header.utf8))
        pending.append((name, s.tempPath, { s.rows - 1 }))
        return s
    }

    /// Renames every file into place; returns name, data rows and size of each.
    mutating func commit() throws -> [Generator.Summary.File] {
        var files = [Generator.Summary.File]()
        for p in pending {
            let final = "\(directory)/\(p.name)"
            guard rename(p.temp, final) == 0 else {
                throw IOFailure(path: final, message: String(cString: strerror(errno)))
            }
            let attributes = try? FileManager.default.attributesOfItem(atPath: final)
            files.append(.init(name: p.name, rows: p.rows(), bytes: (attributes?[.size] as? Int) ?? 0))
        }
        pending.removeAll()
        return files.sorted { $0.name < $1.name }
    }

    /// Removes temporary files left by a failed run.
    func discard() {
        for p in pending { unlink(p.temp) }
    }
}
