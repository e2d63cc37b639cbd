/// Raw storage (or the per-block body) that the workers of one
/// `DispatchQueue.concurrentPerform` share, made `Sendable` so the worker closure may
/// capture it.
///
/// Not a lock: what makes the sharing safe is the partition, and this type only states it.
/// Every use must keep two rules, said again at each use: (1) each worker writes only its own
/// disjoint part (its chunk's series, or its own slot of a per-chunk array), and reads shared
/// inputs that no worker writes; (2) the storage outlives the `concurrentPerform` call, whose
/// return is the join after which the caller reads what the workers wrote.
public struct WorkerShared<Value>: @unchecked Sendable {  // no lock: disjoint writes, see above
    public let value: Value
    @inlinable public init(_ value: Value) { self.value = value }
}
