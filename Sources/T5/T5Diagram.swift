// The encoder-decoder block structure as a Graphviz diagram (chapter 2's figure): one cluster per
// stack showing a block's pre-norm residual sublayers, the shared position bias, cross-attention
// from the encoder's output, and the (tied or untied) output head.

import Diagrams

extension T5Model {
    public func blockDiagramDOT() -> String {
        let c = config
        var graph = DOTGraph(name: "t5", graphAttributes: ["rankdir": "TB", "fontname": "Helvetica", "compound": "true"],
                             nodeDefaults: ["shape": "box", "style": "rounded", "fontname": "Helvetica", "fontsize": "11"],
                             edgeDefaults: ["fontname": "Helvetica", "fontsize": "10"])
        graph.addNode("tokens_in", ["label": "source tokens [B, S]", "shape": "plaintext"])
        graph.addNode("tokens_out", ["label": "decoder input tokens [B, T]\n(labels shifted right, start 0)", "shape": "plaintext"])
        graph.addNode("embed", ["label": .text("shared embedding [\(c.vocabSize), \(c.dModel)]"), "style": "filled", "fillcolor": "#eef3fb"])
        var encoder = DOTSubgraph("encoder", isCluster: true, ["label": .text("encoder block × \(c.numLayers)"), "style": "dashed"])
        for (id, label) in [("e_norm0", "RMSNorm"), ("e_attn", "self-attention (bidirectional)\n\(c.numHeads) heads × \(c.dKV)"),
                            ("e_add0", "+ residual"), ("e_norm1", "RMSNorm"),
                            ("e_ffn", c.isGated ? "gated-GELU FFN \(c.dFF)" : "ReLU FFN \(c.dFF)"), ("e_add1", "+ residual")] {
            encoder.addNode(id, ["label": .text(label)])
        }
        var decoder = DOTSubgraph("decoder", isCluster: true, ["label": .text("decoder block × \(c.decoderLayers)"), "style": "dashed"])
        for (id, label) in [("d_norm0", "RMSNorm"), ("d_attn", "causal self-attention"), ("d_add0", "+ residual"),
                            ("d_norm1", "RMSNorm"), ("d_cross", "cross-attention\n(keys, values: encoder output)"),
                            ("d_add1", "+ residual"), ("d_norm2", "RMSNorm"),
                            ("d_ffn", c.isGated ? "gated-GELU FFN \(c.dFF)" : "ReLU FFN \(c.dFF)"), ("d_add2", "+ residual")] {
            decoder.addNode(id, ["label": .text(label)])
        }
        graph.addSubgraph(encoder)
        graph.addSubgraph(decoder)
        graph.addNode("e_bias", ["label": "relative position bias\n(block 0's table, shared by all blocks)", "shape": "note"])
        graph.addNode("d_bias", ["label": "causal position bias + mask", "shape": "note"])
        graph.addNode("e_final", ["label": "final RMSNorm → encoder output"])
        graph.addNode("d_final", ["label": "final RMSNorm"])
        graph.addNode("head", ["label": .text(lmHead == nil ? "head: ·d^-1/2, then shared embeddingᵀ (tied)" : "head: lm_head (untied)"),
                               "style": "filled", "fillcolor": "#eef3fb"])
        graph.addNode("logits", ["label": .text("logits [B, T, \(c.vocabSize)]"), "shape": "plaintext"])
        let chain = [("tokens_in", "embed"), ("embed", "e_norm0"), ("e_norm0", "e_attn"), ("e_attn", "e_add0"),
                     ("e_add0", "e_norm1"), ("e_norm1", "e_ffn"), ("e_ffn", "e_add1"), ("e_add1", "e_final"),
                     ("tokens_out", "d_norm0"), ("d_norm0", "d_attn"), ("d_attn", "d_add0"), ("d_add0", "d_norm1"),
                     ("d_norm1", "d_cross"), ("d_cross", "d_add1"), ("d_add1", "d_norm2"), ("d_norm2", "d_ffn"),
                     ("d_ffn", "d_add2"), ("d_add2", "d_final"), ("d_final", "head"), ("head", "logits")]
        for (a, b) in chain { graph.addEdge(from: a, to: b) }
        graph.addEdge(from: "e_final", to: "d_cross", ["style": "bold", "color": "#1f77b4"])
        graph.addEdge(from: "e_bias", to: "e_attn", ["style": "dotted"])
        graph.addEdge(from: "d_bias", to: "d_attn", ["style": "dotted"])
        graph.addEdge(from: "embed", to: "d_norm0", ["style": "dashed", "label": "same table"])
        graph.addEdge(from: "e_add1", to: "e_norm0", ["style": "dashed", "constraint": "false", "label": "next block"])
        graph.addEdge(from: "d_add2", to: "d_norm0", ["style": "dashed", "constraint": "false", "label": "next block"])
        return graph.render()
    }
}
