// Exercise 5.5 (solution): Table 1's terms from N, P, the keep fraction and the number of masks.

import ExerciseSupport

public func lotteryShares(backboneParameters: Int, promptParameters: Int, keepFraction: Double,
                          tasks: Int) throws -> (maskBytes: Int, tunePercent: Double, addedPercent: Double) {
    let n = Double(backboneParameters)
    let kept = min(promptParameters, max(0, Int((keepFraction * Double(promptParameters)).rounded())))
    let maskBytes = 8 * ((promptParameters + 63) / 64)
    let promptPercent = 100 * Double(promptParameters) / n
    let maskPercent = 100 * Double(maskBytes) / 4 / n
    return (maskBytes, 100 * Double(kept) / n, promptPercent + Double(tasks) * maskPercent)
}
