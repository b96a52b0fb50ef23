// A one-line progress display for long work (training, evaluation): "label 120/1500 [####....]
// loss 3.21 · 14.2 it/s · ETA 1m37s", redrawn in place on a terminal's stderr. Silent when
// LPT_NO_PROGRESS=1 (tests, recorded chapter outputs) so it never mixes into compared output.

import Foundation

public final class ProgressLine {
    let label: String, total: Int
    var start = Date()
    let enabled: Bool
    var lastDraw = Date.distantPast
    var lastDone = 0

    public init(_ label: String, total: Int) {
        (self.label, self.total) = (label, total)
        enabled = ProcessInfo.processInfo.environment["LPT_NO_PROGRESS"] != "1"
    }

    /// Redraws at most ten times a second, and always at the end. A count that goes back (the next
    /// epoch reusing the line) starts the clock again, so the rate and ETA are of the current pass.
    public func update(_ done: Int, detail: String = "") {
        if done < lastDone { start = Date() }
        lastDone = done
        guard enabled, done == total || Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = Date()
        let elapsed = Date().timeIntervalSince(start)
        let rate = Double(done) / max(elapsed, 1e-9)
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        let width = 24, filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = String(format: "%@ %d/%d [%@] %@ · %.1f it/s · ETA %@", label, done, total, bar, detail, rate,
                          ProgressLine.duration(remaining))
        FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K" + (done == total ? "\n" : "")).utf8))
    }

    public static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
