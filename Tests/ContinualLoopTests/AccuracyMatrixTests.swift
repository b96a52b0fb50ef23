// Average, BWT and both forward transfers on a small hand-written accuracy matrix whose answers
// are worked out by hand (lpt-method §10.10).

import ContinualLoop
import Testing

@Suite struct AccuracyMatrixTests {
    /// Three tasks. After task 1: 80. After task 2: 70, 60. After task 3: 50, 55, 90.
    /// Just before learning: task 2 scored 10, task 3 scored 20.
    func matrix() -> AccuracyMatrix {
        var m = AccuracyMatrix(tasks: ["a", "b", "c"])
        m.after = [[80, nil, nil], [70, 60, nil], [50, 55, 90]]
        m.beforeLearning = [5, 10, 20]
        return m
    }

    @Test("Average is the mean of the final row")
    func average() { #expect(abs(matrix().average - 65) < 1e-12) }

    @Test("BWT averages final minus just-learned over tasks 1..T-1")
    func bwt() {
        // ((50 − 80) + (55 − 60)) / 2 = −17.5
        #expect(abs(matrix().backwardTransfer - (-17.5)) < 1e-12)
    }

    @Test("paper FWT: just-learned minus the individually trained reference, over all tasks")
    func fwtPaper() {
        // ((80 − 85) + (60 − 50) + (90 − 90)) / 3 = 5 / 3
        #expect(abs(matrix().forwardTransferPaper(reference: [85, 50, 90]) - 5.0 / 3) < 1e-12)
    }

    @Test("GEM FWT: just-before-learning minus the untrained score, tasks 2..T")
    func fwtGEM() {
        // ((10 − 4) + (20 − 30)) / 2 = −2
        #expect(abs(matrix().forwardTransferGEM(initial: [5, 4, 30]) - (-2)) < 1e-12)
    }

    @Test("a learner that never changes old tasks has BWT exactly 0")
    func zeroBWT() {
        var m = AccuracyMatrix(tasks: ["a", "b"])
        m.after = [[41.5, nil], [41.5, 12]]
        #expect(m.backwardTransfer == 0)
    }

    @Test("mean and spread over orders")
    func spread() {
        let (mean, spread) = meanAndSpread([1, 3])
        #expect(mean == 2 && spread == 1)
    }
}
