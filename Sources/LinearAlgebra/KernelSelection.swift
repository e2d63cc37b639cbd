/// Chooses the OpenBLAS kernel family when the library's own detection falls back to
/// a generic one.
///
/// Debian's OpenBLAS 0.3.21 does not know recent x86 server CPUs and picks the generic
/// "Prescott" kernels, about 8× slower at GEMM than "SkylakeX"/"Haswell" on the same chip.
/// It reads `OPENBLAS_CORETYPE` only while loading, so the executable re-runs itself with
/// the variable set; this type only decides, it changes nothing.
public enum KernelSelection {
    /// Environment variable that disables the re-execution when set to `0`, `off` or `no`.
    public static let disableVariable = "JOBSENTRY_BLAS_AUTOTUNE"
    /// Marker set on the re-executed process so it never loops.
    public static let reexecMarker = "JOBSENTRY_BLAS_REEXEC"

    /// Generic kernels OpenBLAS falls back to on CPUs it does not recognise.
    static let genericCores: Set<String> = ["prescott", "nehalem", "core2", "katmai", "coppermine",
                                            "northwood", "banias", "atom", "unknown"]

    /// The `OPENBLAS_CORETYPE` to re-execute with, or `nil` to leave things as they are.
    /// - Parameters:
    ///   - coreName: what `openblas_get_corename()` reports.
    ///   - cpuFlags: the `flags` line of `/proc/cpuinfo`, split on spaces.
    ///   - environment: the process environment; an existing `OPENBLAS_CORETYPE` is never overridden.
    public static func recommendedCoreType(coreName: String, cpuFlags: Set<String>,
                                           environment: [String: String]) -> String? {
        if environment["OPENBLAS_CORETYPE"] != nil { return nil }
        if environment[reexecMarker] != nil { return nil }
        if let off = environment[disableVariable]?.lowercased(), ["0", "off", "no", "false"].contains(off) {
            return nil
        }
        guard genericCores.contains(coreName.lowercased()) else { return nil }
        if cpuFlags.contains("avx512f") && cpuFlags.contains("avx512bw") && cpuFlags.contains("avx512vl") {
            return "SkylakeX"
        }
        if cpuFlags.contains("avx2") && cpuFlags.contains("fma") { return "Haswell" }
        return nil
    }

    /// The `flags` of the first processor in a `/proc/cpuinfo` text.
    public static func cpuFlags(fromCpuinfo text: String) -> Set<String> {
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return []
    }
}
