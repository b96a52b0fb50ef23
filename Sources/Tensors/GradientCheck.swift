// A finite-difference gradient checker (chapter 1), for tests and for learners.
// The analytic gradient from backward() is compared with the central difference
// (f(x+ε) - f(x-ε)) / 2ε, element by element. In Float32 with ε = 1e-2 the difference is
// accurate to about 1e-4 for smooth functions of size ~1, which sets the default tolerance.

/// What a gradient check found.
public struct GradientCheckResult: Sendable {
    /// Largest |analytic - numeric| over all checked elements.
    public var maxAbsoluteError: Float = 0
    /// Largest |analytic - numeric| / max(1, |analytic|, |numeric|): relative for large
    /// gradients, absolute for small ones, where Float32 round-off dominates.
    public var maxRelativeError: Float = 0
    /// Number of elements compared.
    public var checked = 0
    /// Largest |analytic| seen: a check of an all-zero gradient proves little.
    public var maxAnalytic: Float = 0

    public func passes(tolerance: Float = GradientCheck.defaultTolerance) -> Bool {
        checked > 0 && maxRelativeError <= tolerance
    }
}

public enum GradientCheck {
    public static let defaultEpsilon: Float = 1e-2
    public static let defaultTolerance: Float = 5e-3

    // snippet.gradcheck
    /// Checks the gradient of the scalar `f()` with respect to every element of `inputs` (or, for
    /// big inputs, `samplesPerInput` evenly spaced ones). `f` must rebuild its result from the
    /// inputs' current data each time it is called. (`rethrows`: `f` may be a learner's exercise
    /// code, which throws until it is written.)
    public static func check(_ inputs: [Tensor], epsilon: Float = defaultEpsilon, samplesPerInput: Int? = nil,
                             _ f: () throws -> Tensor) rethrows -> GradientCheckResult {
        let wasTrainable = inputs.map(\.requiresGrad)
        for x in inputs { x.grad = nil; x.requiresGrad = true }
        try f().backward()
        let analytic = inputs.map { $0.grad ?? [Float](repeating: 0, count: $0.count) }
        defer { for (x, trainable) in zip(inputs, wasTrainable) { x.requiresGrad = trainable } }
        var result = GradientCheckResult()
        try withNoGrad {
            for (x, grad) in zip(inputs, analytic) {
                let stride = samplesPerInput.map { max(1, x.count / $0) } ?? 1
                for i in Swift.stride(from: 0, to: x.count, by: stride) {
                    let saved = x.data[i]
                    x.data[i] = saved + epsilon
                    let up = try f().item
                    x.data[i] = saved - epsilon
                    let down = try f().item
                    x.data[i] = saved
                    let numeric = (up - down) / (2 * epsilon)
                    let error = abs(grad[i] - numeric)
                    result.maxAbsoluteError = max(result.maxAbsoluteError, error)
                    result.maxRelativeError = max(result.maxRelativeError,
                                                  error / max(1, abs(grad[i]), abs(numeric)))
                    result.maxAnalytic = max(result.maxAnalytic, abs(grad[i]))
                    result.checked += 1
                }
            }
        }
        return result
    }
    // snippet.end
}
