// A one-line progress display for long work (training, evaluation): "label 120/1500 [####....]
// loss 3.21 · 14.2 it/s · ETA 1m37s", redrawn in place on a terminal's stderr. When stderr is a
// file or a pipe (a job's log), only the finished line of each pass is written, so the log stays
// readable. Silent when LPT_NO_PROGRESS=1 (tests, recorded chapter outputs) so it never mixes into
// compared output.

import Foundation

public final class ProgressLine {
    let label: String, total: Int
    var start = Date()
    let enabled: Bool
    var lastDraw = Date.distantPast
    var lastDone = 0
    /// The count when the clock last started: the rate is of the steps since then.
    var startDone = 0
    /// Redraw in place (a terminal) or write only each pass's last line (a log file).
    let redraws = isatty(STDERR_FILENO) != 0

    public init(_ label: String, total: Int) {
        (self.label, self.total) = (label, total)
        enabled = ProcessInfo.processInfo.environment["LPT_NO_PROGRESS"] != "1"
    }

    /// Redraws at most ten times a second, and always at the end. A count that goes back (the next
    /// epoch reusing the line) starts the clock again, so the rate and ETA are of the current pass.
    public func update(_ done: Int, detail: String = "") {
        if done < lastDone { (start, startDone) = (Date(), done) }
        lastDone = done
        guard enabled, done == total || (redraws && Date().timeIntervalSince(lastDraw) > 0.1) else { return }
        lastDraw = Date()
        // Only steps finished after the clock started count: the first update of a new pass would
        // otherwise divide a whole step by the microseconds since the restart.
        let elapsed = Date().timeIntervalSince(start), steps = max(0, done - startDone)
        let rate = elapsed > 0.05 ? Double(steps) / elapsed : 0
        let remaining = rate > 0 ? ProgressLine.duration(Double(total - done) / rate) : "?"
        let width = 24, filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = String(format: "%@ %d/%d [%@] %@ · %.1f it/s · ETA %@", label, done, total, bar, detail, rate,
                          remaining)
        let text = redraws ? "\r" + line + "\u{1B}[K" + (done == total ? "\n" : "") : line + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    public static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
