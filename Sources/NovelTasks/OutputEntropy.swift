// The output entropy SupSup's one-shot selector differentiates, defined for a seq2seq model
// (lpt-method §10.6). SupSup has one classifier output per example; T5 has one softmax per
// decoder step. The kit takes the mean, over every non-padding decoder step of the batch, of the
// entropy of that step's softmax over the vocabulary, built from differentiable ops so the
// gradient reaches the prompt.

import Tensors

// snippet.seq2seq-entropy
/// Σ over labelled steps of H(softmax(logits)) divided by `normalizer`; logits [B, T, vocab],
/// labels [B, T] with -100 on padding. With `normalizer` = the labelled steps of all batches,
/// the sums of several batches add up to the mean over the whole set.
public func decoderEntropy(logits: Tensor, labels: [[Int]], normalizer: Int) -> Tensor {
    precondition(logits.rank == 3 && logits.shape[0] == labels.count && logits.shape[1] == (labels.first?.count ?? 0),
                 "logits \(logits.shape) do not match labels \(labels.count)×\(labels.first?.count ?? 0)")
    // H = −Σ_v p_v log p_v; logSoftmax rather than log(softmax): no log 0 for tiny p.
    let perStep = (logits.softmax() * logits.logSoftmax()).sum(axis: 2)                 // [B, T], = −H
    let weights = labels.flatMap { $0.map { $0 == -100 ? Float(0) : 1 / Float(normalizer) } }
    return (perStep * Tensor(weights, shape: [labels.count, labels[0].count])).sum() * -1
}
// snippet.end
