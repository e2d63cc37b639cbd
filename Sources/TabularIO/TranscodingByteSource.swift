#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts another source's bytes from a legacy encoding to UTF-8 with the C library's
/// `iconv(3)`, chunk by chunk; a multi-byte character split across chunks is carried over.
public final class TranscodingByteSource: ByteSource {
    private let source: ByteSource
    private let displayName: String
    private let encodingName: String
    private let converter: iconv_t
    @exclusivity(unchecked) private var input: UnsafeMutablePointer<UInt8>
    private let inputCapacity: Int
    @exclusivity(unchecked) private var inputStart = 0
    @exclusivity(unchecked) private var inputEnd = 0
    @exclusivity(unchecked) private var inputEOF = false
    /// Input bytes already converted, to place an invalid sequence in the file.
    @exclusivity(unchecked) private var offset = 0

    /// - Parameters:
    ///   - encoding: an `iconv` name, e.g. `GB18030`.
    ///   - chunkSize: bytes read from `source` at a time.
    /// - Throws: `IOFailure` if the C library does not know the encoding.
    public init(source: ByteSource, encoding: String, displayName: String, chunkSize: Int = 256 << 10) throws {
        self.source = source
        self.displayName = displayName
        self.encodingName = encoding
        let cd = iconv_open("UTF-8", encoding)
        guard let cd, cd != iconv_t(bitPattern: -1) else {
            throw IOFailure(path: displayName, message: "the C library cannot convert from \(encoding)")
        }
        converter = cd
        inputCapacity = chunkSize
        input = .allocate(capacity: chunkSize)
    }

    deinit {
        iconv_close(converter)
        input.deallocate()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count >= 8 else { return 0 }
        while true {
            if inputStart == inputEnd || (inputEnd - inputStart < 4 && !inputEOF) {
                // Keep a possibly partial character, then top up.
                let rest = inputEnd - inputStart
                if rest > 0 && inputStart > 0 { memmove(input, input + inputStart, rest) }
                inputStart = 0; inputEnd = rest
                if !inputEOF {
                    let n = try source.read(into: UnsafeMutableRawBufferPointer(start: input + inputEnd, count: inputCapacity - inputEnd))
                    if n == 0 { inputEOF = true } else { inputEnd += n }
                }
                if inputStart == inputEnd && inputEOF { return 0 }
            }
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(input + inputStart).assumingMemoryBound(to: CChar.self)
            var inLeft = inputEnd - inputStart
            var outPtr: UnsafeMutablePointer<CChar>? = buffer.baseAddress!.assumingMemoryBound(to: CChar.self)
            var outLeft = buffer.count
            let rc = iconv(converter, &inPtr, &inLeft, &outPtr, &outLeft)
            let used = (inputEnd - inputStart) - inLeft
            inputStart += used
            offset += used
            let produced = buffer.count - outLeft
            if rc == -1 {
                switch errno {
                case E2BIG:
                    return produced
                case EINVAL:
                    // Incomplete character at the end of the chunk.
                    if inputEOF {
                        throw IOFailure(path: displayName, message:
                            "file ends inside a \(encodingName) character at byte \(offset)")
                    }
                    if produced > 0 { return produced }
                    let rest = inputEnd - inputStart
                    memmove(input, input + inputStart, rest)
                    inputStart = 0; inputEnd = rest
                    let n = try source.read(into: UnsafeMutableRawBufferPointer(start: input + inputEnd, count: inputCapacity - inputEnd))
                    if n == 0 { inputEOF = true } else { inputEnd += n }
                    continue
                default:
                    if produced > 0 { return produced }
                    throw IOFailure(path: displayName, message:
                        "byte \(offset) is not valid \(encodingName) (byte value 0x\(String(input[inputStart], radix: 16)))")
                }
            }
            if produced > 0 { return produced }
        }
    }
}
