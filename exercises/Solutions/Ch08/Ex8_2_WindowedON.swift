// Exercise 8.2 (solution): threshold at 0, then count on-neurons and shared ones per window.

import ExerciseSupport
import PromptTransfer

public func windowedON(_ a: [[Float]], _ b: [[Float]], window: Int) throws -> [Double] {
    guard window >= 1 else { throw TransferError.invalidOption(name: "window", value: "\(window)", reason: "must be at least 1") }
    guard a.count == b.count, zip(a, b).allSatisfy({ $0.count == $1.count }), Set(a.map(\.count)).count <= 1 else {
        throw TransferError.invalidOption(name: "activations", value: "\(a.map(\.count)) and \(b.map(\.count))", reason: "shapes differ")
    }
    return stride(from: 0, to: a.count, by: window).map { start in
        var (shared, onA, onB) = (0, 0, 0)
        for l in start..<min(start + window, a.count) {
            for (x, y) in zip(a[l], b[l]) {
                if x > 0 { onA += 1 }
                if y > 0 { onB += 1 }
                if x > 0 && y > 0 { shared += 1 }
            }
        }
        if onA == 0 || onB == 0 { return onA == onB ? 1 : 0 }
        return Double(shared) / (Double(onA) * Double(onB)).squareRoot()
    }
}
