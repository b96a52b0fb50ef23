// How many cores this process may really use. OpenBLAS counts the cores the process may be
// scheduled on, which in a container limited by a CPU quota (Docker's --cpus, a CI runner) can
// be every core of a large host. Splitting each product into that many parts would oversubscribe
// a 2-core quota, so the kit caps its threads by the quota as well.

import Foundation

public enum AvailableCores {
    /// Cores in the affinity mask, capped by a cgroup CPU quota when one is set; at least 1.
    public static let count: Int = {
        var cores = ProcessInfo.processInfo.activeProcessorCount
        if let affinity = affinityCount() { cores = min(cores, affinity) }
        if let quota = cgroupQuota() { cores = min(cores, quota) }
        return max(1, cores)
    }()

    /// Cores the scheduler may run this process on: the `Cpus_allowed` mask of /proc/self/status
    /// (what sched_getaffinity returns; Swift's Glibc module does not export that call).
    static func affinityCount() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) else { return nil }
        let hex = line.dropFirst("Cpus_allowed:".count).filter { $0.isHexDigit }
        let bits = hex.reduce(0) { $0 + (Int(String($1), radix: 16) ?? 0).nonzeroBitCount }
        return bits > 0 ? bits : nil
    }

    /// ⌈quota / period⌉ from cgroup v2 (`cpu.max`, "max 100000" when unlimited) or v1
    /// (`cpu.cfs_quota_us`, -1 when unlimited).
    static func cgroupQuota() -> Int? {
        func read(_ path: String) -> String? {
            (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var quota: Double?, period: Double?
        if let v2 = read("/sys/fs/cgroup/cpu.max") {
            let fields = v2.split(separator: " ")
            if fields.count == 2 { (quota, period) = (Double(fields[0]), Double(fields[1])) }
        } else if let q = read("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"), let p = read("/sys/fs/cgroup/cpu/cpu.cfs_period_us") {
            (quota, period) = (Double(q), Double(p))
        }
        guard let quota, let period, quota > 0, period > 0 else { return nil }
        return max(1, Int((quota / period).rounded(.up)))
    }
}
