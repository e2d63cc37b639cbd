import Foundation

/// Runs `body(i)` for every `i` in `0..<count` on the machine's cores
/// (`DispatchQueue.concurrentPerform`) and returns the results in index order. When calls
/// throw, the error of the lowest index is thrown once every call has finished.
///
/// The one place worker threads hand results back: each call's result goes into its own
/// slot of an array behind a lock (`ResultSlots`), read after the join.
public func concurrentMap<T: Sendable, E: Error>(_ count: Int, _ body: @Sendable (Int) throws(E) -> T) throws(E) -> [T] {
    let slots = ResultSlots<T, E>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { i in
        slots.set(i, Result { () throws(E) -> T in try body(i) })
    }
    var out: [T] = []
    out.reserveCapacity(count)
    for r in slots.values { out.append(try r!.get()) }
    return out
}

/// One result slot per index, written by the workers and read after the join.
private final class ResultSlots<T: Sendable, E: Error>: @unchecked Sendable {  // `slots` is read and written under `lock` only
    private let lock = NSLock()
    private var slots: [Result<T, E>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ r: Result<T, E>) { lock.withLock { slots[i] = r } }

    var values: [Result<T, E>?] { lock.withLock { slots } }
}
