// Exercise 7.2 (solution): one dot product per mask with ∂H/∂θ̂, then an argmin over the learned
// masks only.

import ExerciseSupport
import LotteryMasks
import NovelTasks

public func coefficientGradients(entropyGradient: [Float], theta: [Float], masks: [PromptMask]) throws -> [Double] {
    masks.map { mask in
        var g = 0.0
        for j in 0..<mask.count where mask[j] { g += Double(entropyGradient[j]) * Double(theta[j]) }
        return g
    }
}

public func pickMostNegative(_ gradients: [Double]) throws -> Int {
    guard !gradients.isEmpty else { throw MaskSelectionError.noLearnedMasks }
    var best = 0
    for (i, g) in gradients.enumerated().dropFirst() where !g.isNaN {
        if gradients[best].isNaN || g < gradients[best] { best = i }
    }
    return best
}
