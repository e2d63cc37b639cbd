import COpenBLAS

/// Facts about the BLAS library this process loaded, for `--version`, `doctor` and benchmarks.
public enum BLASRuntime {
    /// The kernel family OpenBLAS selected at load time, e.g. "Haswell", "SkylakeX", "Prescott".
    public static var coreName: String {
        guard let p = openblas_get_corename() else { return "unknown" }
        return String(cString: p)
    }

    /// OpenBLAS's build configuration string (version, threading model, max threads).
    public static var configuration: String {
        guard let p = openblas_get_config() else { return "unknown" }
        var s = Substring(String(cString: p))
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }

    /// Threads OpenBLAS will use for level-3 calls.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Caps OpenBLAS's thread pool (e.g. to 1 for reproducible benchmarks of one core).
    public static func setThreadCount(_ n: Int) { openblas_set_num_threads(Int32(n)) }
}

