// Exercise 7.1: label-free perplexity, a mask scored on its own answers (chapter 7, "(a) Perplexity").
// The chapter prints the perplexity selector with gold targets. Without labels the kit scores each
// mask on its own greedy output instead, the "perplexity (label-free)" column of the selector
// ablation: a measure of how sure the mask is of itself, not of whether it is right.

import ExerciseSupport
import Foundation
import NovelTasks

/// Mask i's label-free perplexity on the novel task, and the targets it scored.
/// - stepLogProbs[e][t] is the log-softmax row (one entry per vocabulary token) that the decoder
///   produced at output step t of example e while mask i decoded example e greedily, unconstrained.
///   Rows run on past the end of the example's output, up to the step where decoding stopped for
///   the whole batch (at most the length cap); an example may have no rows.
/// - The targets are mask i's own greedy output: the token it wrote at each step (on a tie, the
///   lowest token id, as `argmaxLastAxis` breaks ties), up to and including the first `eos`, or
///   every step given when no `eos` was written (the cap cut the output).
/// - The perplexity is exp of the mean NLL per target token, every target token of every example
///   counted once (as the kit's token-weighted batches do), summed in Double.
/// - No target token at all (no examples, or only examples without rows): throw
///   MaskSelectionError.noExamples.
/// Example: eos 1, vocabulary of 3, rows as probabilities (the input holds their logs):
///   example 0: [0.5, 0.25, 0.25], [0.1, 0.8, 0.1], [0.9, 0.05, 0.05]; example 1: [0.2, 0.4, 0.4]
///   → targets [[0, 1], [1]] (the third row of example 0 is past its output), perplexity
///   6.25^(1/3) ≈ 1.842.
public func labelFreePerplexity(stepLogProbs: [[[Float]]], eos: Int) throws
    -> (perplexity: Double, targets: [[Int]]) {
    // TODO(7.1): replace the next line with your implementation (stuck? `lpt hint 7.1`).
    throw Unimplemented("7.1")
}
