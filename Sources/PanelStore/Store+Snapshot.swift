import Foundation
import GRDB

extension Store {
    /// Copies the database at `source` to a new file at `destination` with SQLite's online
    /// backup API, as one consistent snapshot even while another process writes to it.
    ///
    /// The source is opened read-only and never changed. The copy reads under one shared
    /// lock, so it holds either all or none of a concurrent writer's transaction; a plain
    /// file copy can catch a write half done ("database disk image is malformed").
    /// - Parameter busyTimeout: how long to wait for a writer's commit to finish, in seconds.
    /// - Throws: `StoreError` naming the file that could not be read or written.
    public static func snapshot(of source: String, to destination: String, busyTimeout: Double = 60) throws {
        var readOnly = Configuration()
        readOnly.readonly = true
        readOnly.busyMode = .timeout(busyTimeout)
        let from: DatabaseQueue
        do { from = try DatabaseQueue(path: source, configuration: readOnly) } catch let e as DatabaseError {
            throw StoreError("cannot open store \(source): \(e.message ?? e.description)")
        }
        do {
            let to = try DatabaseQueue(path: destination)
            try from.backup(to: to)
            try to.close()
            try from.close()
        } catch let e as DatabaseError {
            throw StoreError("cannot copy store \(source) to \(destination): \(e.message ?? e.description)")
        }
    }
}
