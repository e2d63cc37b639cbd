import Foundation
import LinearAlgebra

/// Re-executes the process with `OPENBLAS_CORETYPE` set when OpenBLAS picked a generic
/// kernel on a CPU that has AVX2 or AVX-512 (see `KernelSelection`).
///
/// Never overrides a value the environment already sets; `JOBSENTRY_BLAS_AUTOTUNE=0`
/// turns the whole mechanism off.
enum BLASKernelBootstrap {
    static func reexecIfNeeded() {
        let env = ProcessInfo.processInfo.environment
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return }
        let flags = KernelSelection.cpuFlags(fromCpuinfo: cpuinfo)
        guard let core = KernelSelection.recommendedCoreType(
            coreName: BLASRuntime.coreName, cpuFlags: flags, environment: env) else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        setenv(KernelSelection.reexecMarker, BLASRuntime.coreName, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // execv only returns on failure; carry on with the kernel we have.
        unsetenv("OPENBLAS_CORETYPE")
    }

    /// One line describing the kernel choice, for `doctor` and `--version`.
    static var summary: String {
        let env = ProcessInfo.processInfo.environment
        let chosen = BLASRuntime.coreName
        if let original = env[KernelSelection.reexecMarker] {
            return "\(chosen) (OpenBLAS detected \(original); re-executed with OPENBLAS_CORETYPE=\(env["OPENBLAS_CORETYPE"] ?? "?"))"
        }
        if let set = env["OPENBLAS_CORETYPE"] { return "\(chosen) (OPENBLAS_CORETYPE=\(set) from the environment)" }
        return "\(chosen) (detected by OpenBLAS)"
    }
}
