internal import CTracuuZstd

/// zstd, for the index's stored fields: at level 3 it is several times
/// faster than zlib at level 6 on news text and compresses better, and
/// decompression (showing a result) is faster still. Frames are made and
/// read by `ZstdDictionary`'s compressor and decompressor, with a
/// dictionary or without one.
public enum Zstd {
    public static let level: Int32 = 3

    public static var version: String { String(cString: CTracuuZstd_version()) }
}
