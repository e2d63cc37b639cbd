import Foundation
import FuzzTargets

// Built with `-sanitize=fuzzer,address -D FUZZING`, libFuzzer supplies `main` and calls
// `LLVMFuzzerTestOneInput` with each input; the target comes from JOBSENTRY_FUZZ_TARGET.
// Built plainly, this is a replayer: `jobsentry-fuzz TARGET FILE...` runs each file once
// (how a crash input found by the fuzzer is reproduced under a debugger).

#if FUZZING
private let selected: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["JOBSENTRY_FUZZ_TARGET"] ?? ""
    guard let t = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("set JOBSENTRY_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
        exit(64)
    }
    return t
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selected.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<CInt>,
               _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

// SwiftPM links an executable's entry point under this name (so tests can import the
// target); with no `@main` in a fuzzing build, it hands control to libFuzzer's driver.
@_cdecl("jobsentry_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var vector = argv
    return runDriver(&count, &vector, fuzzOneInput)
}
#else
@main
struct Replay {
    static func main() throws {
        let args = CommandLine.arguments.dropFirst()
        guard let name = args.first, let target = FuzzTarget(rawValue: name), args.count >= 2 else {
            FileHandle.standardError.write(Data("usage: jobsentry-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE...\n".utf8))
            exit(64)
        }
        for path in args.dropFirst() {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let started = Date()
            target.run(Array(bytes))
            print(String(format: "%@: %d bytes, %.3f s", path, bytes.count, Date().timeIntervalSince(started)))
        }
    }
}
#endif
