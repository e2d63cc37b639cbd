import Foundation
import Parallel
import XCTest

final class ConcurrentMapTests: XCTestCase {
    func testResultsComeBackInIndexOrder() {
        // Later indices finish first (shorter sleeps), yet each result is at its own index.
        let squares = concurrentMap(64) { i -> Int in
            usleep(useconds_t((64 - i) * 100))
            return i * i
        }
        XCTAssertEqual(squares, (0..<64).map { $0 * $0 })
        XCTAssertEqual(concurrentMap(0) { $0 }, [])
    }

    struct Failure: Error, Equatable { let index: Int }

    func testTheErrorOfTheLowestIndexIsThrownAfterEveryCallRan() {
        let ran = Counter()
        XCTAssertThrowsError(try concurrentMap(32) { (i: Int) throws(Failure) -> Int in
            ran.increment()
            if i % 10 == 7 { throw Failure(index: i) }
            return i
        }) { e in
            XCTAssertEqual(e as? Failure, Failure(index: 7))
        }
        XCTAssertEqual(ran.value, 32)
    }

    final class Counter: @unchecked Sendable {  // `count` only under `lock`
        private let lock = NSLock()
        private var count = 0
        func increment() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }
}
