// Learning-rate schedules (chapter 1): constant, and linear warm-up followed by linear decay.
// Warm-up keeps Adam's first steps small while its moment estimates are still noisy.

/// Maps a step number (0-based) to a learning rate.
public protocol LearningRateSchedule: Sendable {
    func rate(atStep step: Int) -> Float
}

public struct ConstantSchedule: LearningRateSchedule {
    public let value: Float
    public init(_ value: Float) { self.value = value }
    public func rate(atStep step: Int) -> Float { value }
}

/// Rises linearly from 0 to `peak` over `warmupSteps`, then falls linearly to 0 at `totalSteps`
/// (the schedule of HuggingFace's `get_linear_schedule_with_warmup`).
public struct LinearWarmupDecay: LearningRateSchedule {
    public let peak: Float, warmupSteps: Int, totalSteps: Int
    public init(peak: Float, warmupSteps: Int, totalSteps: Int) {
        precondition(totalSteps > 0 && warmupSteps >= 0, "schedule needs totalSteps > 0")
        (self.peak, self.warmupSteps, self.totalSteps) = (peak, warmupSteps, totalSteps)
    }
    public func rate(atStep step: Int) -> Float {
        if step < warmupSteps { return peak * Float(step) / Float(max(1, warmupSteps)) }
        let remaining = Float(totalSteps - step) / Float(max(1, totalSteps - warmupSteps))
        return peak * max(0, remaining)
    }
}
