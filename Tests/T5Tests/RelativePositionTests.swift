// Relative position buckets against hand-computed tables (chapter 2).

import Testing
import T5

@Suite struct RelativePositionTests {
    @Test("32 buckets, max distance 128")
    func defaultBuckets() {
        let r = [-200, -128, -127, -100, -64, -32, -16, -12, -9, -8, -7, -1, 0, 1, 7, 8, 9, 12, 15, 16, 17, 31, 32, 64, 100, 127, 128, 200]
        let bi = [15, 15, 15, 15, 14, 12, 10, 9, 8, 8, 7, 1, 0, 17, 23, 24, 24, 25, 25, 26, 26, 27, 28, 30, 31, 31, 31, 31]
        let uni = [31, 31, 31, 30, 26, 21, 16, 12, 9, 8, 7, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        #expect(r.map { RelativePosition.bucket($0, bidirectional: true, buckets: 32, maxDistance: 128) } == bi)
        #expect(r.map { RelativePosition.bucket($0, bidirectional: false, buckets: 32, maxDistance: 128) } == uni)
    }

    @Test("16 buckets, max distance 16")
    func smallBuckets() {
        let r = [-20, -16, -15, -12, -8, -6, -5, -4, -3, -1, 0, 1, 3, 4, 5, 6, 8, 12, 15, 16, 20]
        let bi = [7, 7, 7, 7, 6, 5, 4, 4, 3, 1, 0, 9, 11, 12, 12, 13, 14, 15, 15, 15, 15]
        let uni = [15, 15, 15, 12, 8, 6, 5, 4, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        #expect(r.map { RelativePosition.bucket($0, bidirectional: true, buckets: 16, maxDistance: 16) } == bi)
        #expect(r.map { RelativePosition.bucket($0, bidirectional: false, buckets: 16, maxDistance: 16) } == uni)
    }
}
