import Foundation
import TabularIO

/// Decoded rows handed from the reading thread to the aggregating thread.
struct Batch<Row> {
    var rows: [Row] = []
    var rejected: [RowRejection] = []
    var records = 0
    var bytes = 0
}

/// A bounded queue between two threads (a few batches in flight keep memory flat).
final class BatchChannel<T>: @unchecked Sendable {  // `queue`, `closed` and `failure` only under `condition`'s lock
    private let condition = NSCondition()
    private var queue: [T] = []
    private var closed = false
    private var failure: Error?
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func put(_ item: T) {
        condition.lock()
        while queue.count >= capacity && !closed { condition.wait() }
        queue.append(item)
        condition.broadcast()
        condition.unlock()
    }

    func close(error: Error?) {
        condition.lock()
        closed = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, `nil` when the producer is done; rethrows the producer's error.
    func take() throws -> T? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !closed { condition.wait() }
        if !queue.isEmpty {
            let item = queue.removeFirst()
            condition.broadcast()
            return item
        }
        if let e = failure { throw e }
        return nil
    }
}

/// Hands the scanner and the decoder to the reading thread and the decoder back.
///
/// No lock: one thread at a time owns the box. The caller fills it before `Thread.start()`
/// (which orders those writes before the thread's reads), the reading thread alone uses it
/// until it signals `done`, and the caller reads the decoder only after `done.wait()`.
final class ReaderState<D>: @unchecked Sendable {  // handed over, never shared: see above
    let scanner: CSVScanner
    @exclusivity(unchecked) var decoder: D
    init(scanner: CSVScanner, decoder: D) { self.scanner = scanner; self.decoder = decoder }
}

/// Two-thread pipeline: one thread reads, splits and decodes (I/O, decompression,
/// transcoding, field parsing and validation); the calling thread aggregates. The
/// decoder's final state is returned (it may hold interned names).
func runPipeline<D: RowDecoder>(
    scanner: CSVScanner, decoder: D, fieldCount: Int, path: String, batchSize: Int = 8192,
    consume: (Batch<D.Row>) -> Void
) throws -> D {
    let channel = BatchChannel<Batch<D.Row>>(capacity: 3)
    let box = ReaderState(scanner: scanner, decoder: decoder)
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        var batch = Batch<D.Row>()
        batch.rows.reserveCapacity(batchSize)
        var lastBytes = 0
        do {
            let scanner = box.scanner
            while let r = try scanner.next() {
                batch.records += 1
                if let p = r.problem {
                    batch.rejected.append(RowRejection(file: path, line: r.line, column: p.column,
                                                       problem: .malformed(p.message), fields: r.strings))
                } else if r.count != fieldCount {
                    batch.rejected.append(RowRejection(file: path, line: r.line, column: 0,
                                                       problem: .fieldCount(expected: fieldCount, found: r.count), fields: r.strings))
                } else {
                    do {
                        batch.rows.append(try box.decoder.decode(r))
                    } catch let issue as FieldIssue {
                        batch.rejected.append(RowRejection(file: path, line: r.line, column: issue.index + 1,
                                                           problem: issue.problem, fields: r.strings))
                    }
                }
                if batch.records >= batchSize {
                    batch.bytes = scanner.bytesConsumed - lastBytes
                    lastBytes = scanner.bytesConsumed
                    channel.put(batch)
                    batch = Batch()
                    batch.rows.reserveCapacity(batchSize)
                }
            }
            batch.bytes = scanner.bytesConsumed - lastBytes
            if batch.records > 0 { channel.put(batch) }
            channel.close(error: nil)
        } catch {
            channel.close(error: error)
        }
        done.signal()
    }
    thread.stackSize = 1 << 20
    thread.start()
    var failure: Error?
    do {
        while let b = try channel.take() { consume(b) }
    } catch { failure = error }
    done.wait()
    if let e = failure { throw e }
    return box.decoder
}
