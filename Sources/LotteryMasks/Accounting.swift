// Parameter accounting in the paper's Table 1 terms (chapter 5), computed from the real tensors.
// N is the backbone's parameter count (the tied embedding/head counted once), P the prompt's.

import Foundation

// snippet.accounting
public struct LotteryAccounting: Sendable {
    public let backboneParameters: Int        // N
    public let promptParameters: Int          // P
    public let keptPerTask: Int               // |m_k| = round(keep·P)
    public let maskBytes: Int                 // 8·⌈P/64⌉
    public let tasks: Int                     // T masks stored

    public init(backboneParameters: Int, promptParameters: Int, keepFraction: Double, tasks: Int) {
        (self.backboneParameters, self.promptParameters, self.tasks) = (backboneParameters, promptParameters, tasks)
        keptPerTask = PromptMask.keptCount(keepFraction: keepFraction, of: promptParameters)
        maskBytes = 8 * ((promptParameters + 63) / 64)
    }

    /// Tune Param: entries one task selects and trains (its lottery prompt), % of N.
    public var tunePercent: Double { 100 * Double(keptPerTask) / Double(backboneParameters) }
    /// The shared prompt, % of N.
    public var promptPercent: Double { 100 * Double(promptParameters) / Double(backboneParameters) }
    /// One mask in Float32-parameter equivalents (bits / 32), % of N.
    public var maskPercent: Double { 100 * Double(maskBytes) / 4 / Double(backboneParameters) }
    /// +Param: the prompt plus T masks, % of N.
    public var addedPercent: Double { promptPercent + Double(tasks) * maskPercent }
}
// snippet.end
