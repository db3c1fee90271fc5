import Testing
import TracuuCore
import TracuuTestSupport

@testable import TracuuIngest

/// The five seed articles in corpus/: plain text captured from provincial
/// foreign-affairs portals, furniture included.
@Suite struct PlainTextExtractorTests {
    func seed(_ name: String) throws -> Article {
        try Ingester().article(from: .file(path: PackagePaths.corpus + "/" + name, format: .text))
    }

    @Test func counterAndAboutPageHasNoTitleNorDate() throws {
        let article = try seed("000_a65cdbea35d6b7f4.txt")
        #expect(article.title == nil)
        // "ngày 4/3/2014" is an event inside the story, not a publication date.
        #expect(article.date == nil)
        #expect(article.body.hasPrefix("Trong bối cảnh toàn cầu hóa"))
        #expect(!article.body.contains("SỐ LƯỢT TRUY CẬP"))
        #expect(!article.body.split(separator: "\n").contains("0"))
    }

    @Test func foundingDateIsNotPublicationDate() throws {
        let article = try seed("001_315b4f341ed21118.txt")
        #expect(article.date == nil)  // "thành lập ngày 23 tháng 12 năm 2016"
        #expect(!article.body.contains("Thống kê truy cập"))
        #expect(!article.body.contains("Số người trực tuyến"))
        #expect(article.body.contains("Nghị quyết số 22-NQ/TW"))
    }

    @Test func headlineAfterFurnitureAndLeadDate() throws {
        let article = try seed("002_3e8cb87404753675.txt")
        #expect(article.title == "Đoàn công tác Lãnh đạo UBND tỉnh làm việc tại Sở Ngoại vụ")
        #expect(article.date?.day.iso == "2017-06-23")
        #expect(article.date?.source == .lead)
        #expect(article.date?.confidence == .low)
        #expect(!article.body.contains("Free Hit Counter"))
        #expect(!article.body.contains("Các thông tin khác"))
        #expect(!article.body.contains("THỐNG KÊ"))
    }

    @Test func datelineUnderHeadline() throws {
        let article = try seed("003_a591cd86d74317c7.txt")
        #expect(article.title == "Sở Ngoại vụ triển khai công tác năm 2019")
        #expect(article.date?.day.iso == "2019-01-22")
        #expect(article.date?.source == .dateline)
        #expect(article.body.hasPrefix("Sáng ngày 8/01"))
        #expect(!article.body.contains("Liên kết website"))
        #expect(!article.body.contains("Các tin khác"))
        #expect(!article.body.contains("Xem tin theo ngày"))
    }

    @Test func dateWithoutYearIsNotCompleted() throws {
        let article = try seed("004_d208fd180de330c1.txt")
        #expect(article.title == "Các sở, cơ quan ngoại vụ đóng góp tích cực cho hội nhập")
        #expect(article.date == nil)  // "Ngày 15/12" has no year
        #expect(article.body.hasPrefix("Phó Thủ tướng Phạm Bình Minh đánh giá cao"))
        #expect(!article.body.contains("Tin cùng chuyên mục"))
    }

    @Test func paragraphBreaksAreKept() throws {
        let article = try seed("004_d208fd180de330c1.txt")
        #expect(article.body.split(separator: "\n").count >= 10)
    }

    @Test func onlyFurnitureIsAnError() {
        let text = "TRANG CHỦ\nLIÊN HỆ\nThống kê truy cập: 123\n0\n1\n"
        #expect(throws: IngestError.self) {
            try Ingester().article(bytes: Array(text.utf8), source: "menu.txt", format: .text)
        }
    }
}
