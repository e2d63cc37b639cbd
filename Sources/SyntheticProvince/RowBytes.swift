/// Appends CSV fields as ASCII bytes without going through `String` (the generator writes
/// tens of millions of rows; this is where its time would otherwise go).
extension Array where Element == UInt8 {
    @inline(__always) mutating func appendInt(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")); appendInt(-value); return }
        if value < 10 { append(UInt8(48 + value)); return }
        var divisor = 10
        while divisor <= value / 10 { divisor *= 10 }
        while divisor > 0 {
            append(UInt8(48 + (value / divisor) % 10))
            divisor /= 10
        }
    }

    /// `value` with one decimal (rates in percent), rounded half away from zero.
    mutating func appendTenths(_ value: Double) {
        let tenths = Int((value * 10).rounded())
        if tenths < 0 { append(UInt8(ascii: "-")) }
        appendInt(abs(tenths) / 10)
        append(UInt8(ascii: "."))
        append(UInt8(48 + abs(tenths) % 10))
    }

    @inline(__always) mutating func appendComma() { append(44) }
    @inline(__always) mutating func appendNewline() { append(10) }
    mutating func appendText(_ s: String) { append(contentsOf: s.utf8) }
}
