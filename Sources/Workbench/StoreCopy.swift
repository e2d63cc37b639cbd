import Foundation
import PanelStore

/// A private copy of a SQLite store in a temporary folder, removed on `close()`, so that
/// what-if work can never change the original's bytes. Taken with SQLite's online backup
/// API: one consistent snapshot even while `run` or `ingest` writes to the original.
public final class StoreCopy: Sendable {
    public let directory: URL
    public let path: String

    public init(of original: String) throws {
        let fm = FileManager.default
        directory = fm.temporaryDirectory.appendingPathComponent("jobsentry-copy-\(UUID().uuidString)")
        try fm.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        path = directory.appendingPathComponent("store.sqlite").path
        do { try Store.snapshot(of: original, to: path) } catch {
            try? fm.removeItem(at: directory)
            throw error
        }
    }

    public func close() { try? FileManager.default.removeItem(at: directory) }
    deinit { close() }
}
