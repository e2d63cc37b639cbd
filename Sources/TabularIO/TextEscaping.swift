/// Escapes for text outputs read line by line (`summary.txt`, the `alerts` listing).
public enum TextEscaping {
    /// `text` on one line: control characters (C0, DEL, C1, and the Unicode line and
    /// paragraph separators) written as `\n`, `\r`, `\t` or `\u{XX}`, and a backslash as
    /// `\\`, so a name from an input file can neither break a line nor move the terminal's
    /// cursor. Text without such characters is returned unchanged.
    public static func singleLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for u in text.unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\\": out += "\\\\"
            case _ where needsEscape(u): out += "\\u{\(String(u.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    static func needsEscape(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029
    }
}
