internal import CTracuuZstd

/// A zstd dictionary: what many small frames share, so each compresses
/// nearly as well as if it were part of one large block.
///
/// The index stores each article as its own frame (random access costs one
/// article's decompression, not a 256 KiB block's); without a dictionary
/// those frames would compress a fifth worse, since a 3 KB article alone
/// has little repetition. A dictionary trained on a segment's first
/// articles holds their common phrases (bylines, "Thủ tướng", "hợp tác"),
/// and every frame refers to it.
public enum ZstdDictionary {
    /// Trains a dictionary of at most `capacity` bytes on `samples` (whole
    /// documents); nil when they are too few or too small to learn from.
    public static func train(_ samples: [[UInt8]], capacity: Int) -> [UInt8]? {
        guard !samples.isEmpty else { return nil }
        var joined: [UInt8] = []
        joined.reserveCapacity(samples.reduce(0) { $0 + $1.count })
        for sample in samples { joined.append(contentsOf: sample) }
        let sizes = samples.map { $0.count }
        var dictionary = [UInt8](repeating: 0, count: capacity)
        let produced = joined.withUnsafeBufferPointer { source in
            sizes.withUnsafeBufferPointer { sizes in
                dictionary.withUnsafeMutableBufferPointer { output in
                    CTracuuZstd_trainDictionary(
                        source.baseAddress, sizes.baseAddress, UInt32(sizes.count), output.baseAddress, Int64(capacity))
                }
            }
        }
        guard produced > 0 else { return nil }
        dictionary.removeLast(capacity - Int(produced))
        return dictionary
    }

    /// A dictionary digested for compression (or none: plain frames).
    public final class Compressor: @unchecked Sendable {
        private let digested: UnsafeMutableRawPointer?
        private let level: Int32

        /// `dictionary` empty: frames without one, at `level`.
        public init(dictionary: [UInt8], level: Int32 = Zstd.level) {
            self.level = level
            digested =
                dictionary.isEmpty
                ? nil
                : dictionary.withUnsafeBufferPointer {
                    CTracuuZstd_compressionDictionary($0.baseAddress, Int64($0.count), level)
                }
        }

        deinit { if let digested { CTracuuZstd_freeCompressionDictionary(digested) } }

        /// Frames without a dictionary, at the default level.
        public static let plain = Compressor(dictionary: [])

        /// The most a frame of `length` bytes can take.
        public static func bound(_ length: Int) -> Int { Int(CTracuuZstd_compressBound(Int64(length))) }

        /// Compresses `source` into `destination` (at least `bound` bytes, a
        /// buffer reused from frame to frame); returns the frame's length.
        public func compress(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) -> Int {
            precondition(destination.count >= Compressor.bound(source.count))
            let produced = CTracuuZstd_compressWithDictionary(
                digested, source.baseAddress?.assumingMemoryBound(to: UInt8.self), Int64(source.count),
                destination.baseAddress?.assumingMemoryBound(to: UInt8.self), Int64(destination.count), level)
            precondition(produced >= 0, "zstd cannot fail with a compressBound-sized buffer")
            return Int(produced)
        }

        public func compress(_ bytes: [UInt8]) -> [UInt8] {
            let bound = Int(CTracuuZstd_compressBound(Int64(bytes.count)))
            var output = [UInt8](repeating: 0, count: bound)
            let produced = bytes.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { destination in
                    CTracuuZstd_compressWithDictionary(
                        digested, source.baseAddress, Int64(source.count), destination.baseAddress, Int64(bound), level)
                }
            }
            precondition(produced >= 0, "zstd cannot fail with a compressBound-sized buffer")
            output.removeLast(bound - Int(produced))
            return output
        }
    }

    /// A dictionary digested for decompression; one can serve many threads.
    public final class Decompressor: @unchecked Sendable {
        private let digested: UnsafeMutableRawPointer?

        /// Nil when zstd cannot read `dictionary` (empty: frames without one).
        public init?(dictionary: UnsafeRawBufferPointer) {
            if dictionary.isEmpty {
                digested = nil
            } else {
                guard
                    let made = CTracuuZstd_decompressionDictionary(
                        dictionary.baseAddress?.assumingMemoryBound(to: UInt8.self), Int64(dictionary.count))
                else { return nil }
                digested = made
            }
        }

        deinit { if let digested { CTracuuZstd_freeDecompressionDictionary(digested) } }

        /// Frames made without a dictionary.
        public static let plain = Decompressor(dictionary: UnsafeRawBufferPointer(start: nil, count: 0))!

        /// The bytes of the first frame of `bytes`, which may hold several
        /// back to back (a stored document's fields kept apart follow the
        /// others in a frame of their own); nil when it is damaged or cut
        /// short.
        public static func firstFrameLength(_ bytes: UnsafeRawBufferPointer) -> Int? {
            let length = CTracuuZstd_frameCompressedSize(
                bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), Int64(bytes.count))
            return length > 0 && length <= bytes.count ? Int(length) : nil
        }

        /// Decompresses a frame of at most `limit` bytes (the size its header
        /// declares); nil when damaged or larger.
        public func decompress(_ bytes: UnsafeRawBufferPointer, limit: Int) -> [UInt8]? {
            let declared = CTracuuZstd_frameContentSize(
                bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), Int64(bytes.count))
            guard declared >= 0, declared <= limit else { return nil }
            let length = Int(declared)
            var failed = false
            let output = [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
                let status = CTracuuZstd_decompressWithDictionary(
                    digested, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), Int64(bytes.count),
                    buffer.baseAddress, Int64(length))
                failed = status != 0
                initialized = failed ? 0 : length
            }
            return failed ? nil : output
        }
    }
}
