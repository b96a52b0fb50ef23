// The seq2seq entropy the gradient selector differentiates: its value on known distributions,
// padding ignored, and its gradient against central differences.

import Foundation
import NovelTasks
import Tensors
import Testing

@Suite struct DecoderEntropyTests {
    @Test("uniform steps give log V; padded steps count for nothing whatever their logits")
    func values() {
        let vocab = 5
        // Row 0: two labelled uniform steps. Row 1: one labelled uniform step, then a padded
        // step with a peaked distribution that would lower the mean if it counted.
        var logits = [Float](repeating: 0, count: 2 * 2 * vocab)
        logits[3 * vocab] = 50
        let labels = [[1, 2], [3, -100]]
        let h = decoderEntropy(logits: Tensor(logits, shape: [2, 2, vocab]), labels: labels, normalizer: 3)
        #expect(abs(h.item - Float(Foundation.log(Double(vocab)))) < 1e-5)
        // A nearly one-hot step has nearly zero entropy.
        var peaked = [Float](repeating: 0, count: vocab)
        peaked[2] = 40
        #expect(decoderEntropy(logits: Tensor(peaked, shape: [1, 1, vocab]), labels: [[2]], normalizer: 1).item < 1e-5)
    }

    @Test("the normalizer splits a mean across batches: two halves add up to the whole")
    func additive() {
        var rng = SeededGenerator(seed: 4)
        let logits = Tensor.normal([2, 3, 7], std: 1, rng: &rng)
        let labels = [[1, 2, -100], [0, 4, 6]]
        let whole = decoderEntropy(logits: logits, labels: labels, normalizer: 5).item
        let top = decoderEntropy(logits: logits.slice(axis: 0, 0..<1), labels: [labels[0]], normalizer: 5).item
        let bottom = decoderEntropy(logits: logits.slice(axis: 0, 1..<2), labels: [labels[1]], normalizer: 5).item
        #expect(abs(whole - (top + bottom)) < 1e-6)
    }

    @Test("its gradient matches central differences")
    func gradient() {
        var rng = SeededGenerator(seed: 9)
        let logits = Tensor.normal([2, 3, 6], std: 1, rng: &rng)
        let labels = [[1, 2, 3], [4, -100, -100]]
        let result = GradientCheck.check([logits]) { decoderEntropy(logits: logits, labels: labels, normalizer: 4) }
        #expect(result.passes() && result.maxAnalytic > 0.01)
    }
}
