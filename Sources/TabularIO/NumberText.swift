#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one number-to-text core: machine text (CSV cells, panel and forecast exports, shock
/// descriptions) uses it directly, and Presentation's `Figure` builds readers' figures
/// (grouping, units, significant digits) on `fixed`.
public enum NumberText {
    /// Integers as integers ("12"), other values in the shortest text that reads back exactly
    /// ("0.1"); `nan` and `inf` as Swift spells them.
    public static func exact(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }

    /// `v` with exactly `decimals` digits after the point, rounded as C's `%.Nf` rounds
    /// ("-0.00" stays as printf writes it; callers that show it to readers drop the sign).
    public static func fixed(_ v: Double, _ decimals: Int) -> String {
        let format = "%.\(max(0, decimals))f"
        var buffer = [CChar](repeating: 0, count: 48)
        while true {
            let capacity = buffer.count
            let n = buffer.withUnsafeMutableBufferPointer { p in
                withVaList([v]) { vsnprintf(p.baseAddress!, capacity, format, $0) }
            }
            if n < 0 { return "\(v)" }  // an encoding error, which `%f` of a double cannot raise
            if Int(n) < capacity {
                return buffer.withUnsafeBufferPointer { p in
                    String(decoding: UnsafeRawBufferPointer(start: p.baseAddress, count: Int(n)), as: UTF8.self)
                }
            }
            buffer = [CChar](repeating: 0, count: Int(n) + 1)
        }
    }
}
