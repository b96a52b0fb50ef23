// Reading the bank (chapter 9): a query from the input's own word embeddings, one dot product
// per bank slot, and the k best slots, kept in bank order. TPT's "memory network" is this one
// read: the keys are the bank's vectors themselves, and the values are the same vectors.
//
// Differences from the official code, on purpose:
// - Padding is masked out of the pooled query. The official max-pool runs over pads too, so an
//   example's prompt there depends on how long the other sentences of its batch are.
// - The query is computed outside the autograd graph. The choice of slots is a hard top-k, so no
//   gradient could flow through it anyway: the rows chosen get gradients, the choice does not.

import ContinualLoop
import T5
import Tensors

/// How an input's word embeddings become one query vector.
public enum QueryPooling: String, CaseIterable, Codable, Sendable {
    /// The largest value of each dimension over the input's positions (TPT's default).
    case max
    /// The average over the input's positions (TPT's `avg_pooling` ablation).
    case mean
}

/// Which slots an example reads.
public enum SlotChoice: String, CaseIterable, Codable, Sendable {
    /// The k slots whose vectors have the largest dot product with the query.
    case topK = "top-k"
    /// k slots drawn at random, afresh for every example and every step: the control that asks
    /// whether retrieval matters at all (TPT's `random_k`).
    case random
}

public enum Retrieval {
    // snippet.query
    /// One query per row of `ids`: the pooled word embeddings (rows of `table`, [vocab, d]) of the
    /// positions whose mask is 1. A row with no such position gets the zero vector.
    public static func queries(table: Tensor, ids: [[Int]], mask: [[Int]]?, pooling: QueryPooling) -> [[Float]] {
        let d = table.shape[1], embeddings = table.data
        return ids.indices.map { b in
            var pooled = [Float](repeating: pooling == .max ? -.infinity : 0, count: d)
            var count = 0
            for (t, id) in ids[b].enumerated() where (mask?[b][t] ?? 1) != 0 {
                count += 1
                for j in 0..<d {
                    let x = embeddings[id * d + j]
                    pooled[j] = pooling == .max ? Swift.max(pooled[j], x) : pooled[j] + x
                }
            }
            guard count > 0 else { return [Float](repeating: 0, count: d) }
            return pooling == .max ? pooled : pooled.map { $0 / Float(count) }
        }
    }
    // snippet.end

    // snippet.top-k
    /// Dot product of `query` with each of the bank's rows.
    public static func scores(query: [Float], bank: PromptBank) -> [Float] {
        let (d, values) = (bank.width, bank.values.data)
        return (0..<bank.size).map { i in
            var s: Float = 0
            for j in 0..<d { s += query[j] * values[i * d + j] }
            return s
        }
    }

    /// The `k` highest-scoring slots in bank order (ascending index), not score order: the
    /// assembled prompt then depends only on which slots were read. Equal scores go to the lower
    /// index (the rule L2P's pool uses in chapter 6).
    public static func topK(_ scores: [Float], k: Int) -> [Int] {
        L2PPool.topN(scores, n: k).sorted()
    }
    // snippet.end

    /// `k` distinct slots of `size` drawn uniformly, in bank order.
    public static func randomSlots(size: Int, k: Int, rng: inout SeededGenerator) -> [Int] {
        var slots = Array(0..<size)
        for i in 0..<k { slots.swapAt(i, i + rng.nextInt(below: size - i)) }   // partial Fisher-Yates
        return slots.prefix(k).sorted()
    }
}
