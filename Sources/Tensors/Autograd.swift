// Reverse-mode automatic differentiation over whole-tensor operations (chapter 1).
// backward() orders the graph so that every tensor comes after all tensors computed from it,
// then hands each one's gradient to its backward closure, which adds into its inputs' gradients.

/// Whether operations record the graph. Task-local, so parallel tests cannot disturb each other.
public enum GradMode {
    @TaskLocal public static var isEnabled: Bool = true
}

/// Runs `body` without recording a graph: for inference and evaluation, where no gradient is
/// needed, results keep no inputs and no closures, and memory is freed as soon as possible.
public func withNoGrad<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.$isEnabled.withValue(false) { try body() }
}

extension Tensor {
    // snippet.backward
    /// Computes d(self)/d(t) for every tensor t in the graph that requires a gradient,
    /// adding it into `t.grad`. `self` must be a scalar (a loss).
    public func backward() {
        precondition(count == 1, "backward() needs a scalar loss, shape is \(shape)")
        guard requiresGrad else { return }  // nothing trainable led here
        let order = topologicalOrder()
        // Intermediate gradients belong to this pass only; leaves keep accumulating across
        // passes (until zeroGrad), so calling backward twice adds the gradient twice.
        for node in order where node.backwardFn != nil { node.grad = nil }
        accumulateGrad([1])
        // Reverse topological order: a tensor is processed only after every tensor that used
        // it has added its contribution, so a value used twice gets the sum of both gradients.
        for node in order.reversed() {
            guard let fn = node.backwardFn, let g = node.grad else { continue }
            fn(g)
        }
    }

    /// Every tensor reachable from `self` that lies on a gradient path, inputs before results.
    /// An explicit stack instead of recursion: deep graphs (many layers, many steps) must not
    /// overflow the call stack.
    func topologicalOrder(includingConstants: Bool = false) -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(tensor: Tensor, inputsDone: Bool)] = [(self, false)]
        while let (t, inputsDone) = stack.popLast() {
            if inputsDone { order.append(t); continue }
            if !visited.insert(ObjectIdentifier(t)).inserted { continue }
            stack.append((t, true))
            for input in t.inputs.reversed() where (includingConstants || input.requiresGrad)
                && !visited.contains(ObjectIdentifier(input)) {
                stack.append((input, false))
            }
        }
        return order
    }
    // snippet.end

    /// All tensors reachable from `self` (requiring a gradient or not), inputs before results,
    /// in a deterministic order that depends only on the graph's shape: diagrams use it.
    public func graphNodes() -> [Tensor] { topologicalOrder(includingConstants: true) }

    /// The tensors this one was computed from (kept only when a gradient can flow).
    public var graphInputs: [Tensor] { inputs }

    /// Forgets the gradient.
    public func zeroGrad() { grad = nil }
}
