// Exercise 1.4: one Adam step by hand (chapter 1, "Optimizers").
// Adam keeps running means of the gradient (m) and of its square (v), corrects their bias toward
// zero at the start, and moves each weight by lr·m̂/(√v̂ + ε).

import ExerciseSupport

/// Updates `weights`, `m` and `v` in place for Adam step number `step` (1 for the first step).
public func adamStep(weights: inout [Float], grads: [Float], m: inout [Float], v: inout [Float],
                     step: Int, learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999,
                     epsilon: Float = 1e-8) throws {
    // TODO(1.4): for each j: m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²;
    // m̂ = m/(1-β1^step); v̂ = v/(1-β2^step); w -= lr·m̂/(√v̂ + ε).
    throw Unimplemented("1.4")
}
