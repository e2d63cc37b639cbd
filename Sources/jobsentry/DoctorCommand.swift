import ArgumentParser
import LinearAlgebra

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Show the BLAS library, the kernel it runs, its thread count and the allocator policy.",
        discussion: """
        OpenBLAS 0.3.21 picks its generic "Prescott" kernel on CPUs it does not know; \
        jobsentry then re-executes itself with OPENBLAS_CORETYPE set to SkylakeX or \
        Haswell from the CPU flags. It never overrides OPENBLAS_CORETYPE from the \
        environment; JOBSENTRY_BLAS_AUTOTUNE=0 disables the re-execution.

        Example:
          jobsentry doctor
        """
    )

    func run() throws {
        print("jobsentry \(JobSentry.version)")
        print("blas: \(BLASRuntime.configuration)")
        print("kernel: \(BLASKernelBootstrap.summary)")
        print("threads: \(BLASRuntime.threadCount)")
        print("allocator: " + (keepsFreedBlocks ? "freed blocks kept in one heap for reuse by every thread"
                               : "C library defaults (JOBSENTRY_KEEP_FREED_BLOCKS=0, or not glibc)"))
    }
}
