import Testing
import TracuuCore

@testable import TracuuIngest

@Suite struct DateTests {
    @Test(arguments: [
        ("Ngày cập nhật 22/01/2019", "2019-01-22"),
        ("Cập nhật: 26/06/2017 10:05", "2017-06-26"),
        ("Thứ năm, 14/06/2018 - 09:30", "2018-06-14"),
        ("Thứ Năm, 2/11/2023, 19:20 (GMT+7)", "2023-11-02"),
        ("ngày 21 tháng 9 năm 2025", "2025-09-21"),
        ("Đăng ngày: 03-05-2020", "2020-05-03"),
        ("14.06.2018 09:30", "2018-06-14"),
        ("2019-01-22 08:00", "2019-01-22"),
        ("Published November 2, 2023", "2023-11-02"),
        ("30.10.23 18:00", "2023-10-30"),
        ("26 | 01 | 2022", "2022-01-26"),
        ("02.02.2022 • HVW-Verband, Presse, Allgemein", "2022-02-02"),
        ("Veröffentlichung: 04.02.2022", "2022-02-04"),
        ("Publiziert: 03.04.2020, 12:35", "2020-04-03"),
        ("Stand: 05. Februar 2020", "2020-02-05"),
        ("Pubblicato il 19 Febbraio 2020 Ultima modifica 19 Febbraio 2020 12:02", "2020-02-19"),
    ])
    func datelines(text: String, iso: String) {
        #expect(Dateline.parse(text)?.day.iso == iso)
    }

    @Test func sentencesAreNotDatelines() {
        #expect(Dateline.parse("Được thành lập ngày 23 tháng 12 năm 2016 theo Quyết định số 3898/QĐ-UBND của Uỷ ban nhân tỉnh") == nil)
        #expect(Dateline.parse("Ngày 15/12, tại Hà Nội") == nil)  // no year
        #expect(Dateline.parse("Hội nghị ngày 15/12/2013 bàn về hợp tác kinh tế giữa hai tỉnh biên giới") == nil)
    }

    @Test func updatedIsTold() {
        #expect(Dateline.parse("Cập nhật: 26/06/2017")?.kind == .updated)
        #expect(Dateline.parse("Ngày đăng: 26/06/2017")?.kind == .published)
        #expect(Dateline.parse("Ultima modifica 19 febbraio 2020 12:02")?.kind == .updated)
    }

    @Test func leadDays() {
        #expect(Dateline.leadDay("Ngày 23/6/2017, đồng chí Nguyễn Công Trưởng")?.iso == "2017-06-23")
        #expect(Dateline.leadDay("Sáng ngày 8/01/2019, Sở Ngoại vụ tổ chức")?.iso == "2019-01-08")
        #expect(Dateline.leadDay("Sáng ngày 8/01, Sở Ngoại vụ tổ chức") == nil)
        #expect(Dateline.leadDay("Trong bối cảnh toàn cầu hóa, ngày 4/3/2014, UBND tỉnh") == nil)
    }

    /// Two-digit years only in the German dotted form, never inside a
    /// longer run of numbers (a version).
    @Test func shortYears() {
        #expect(DateText.matches(in: "31.10.23").first?.day.iso == "2023-10-31")
        #expect(DateText.matches(in: "Version 10.12.15.2").isEmpty)
        #expect(DateText.matches(in: "10/12/15").isEmpty)
    }

    @Test func postFooters() {
        let footer = "Dieser Artikel wurde am 14. Dezember 2015 um 14:48 von Heiner geschrieben und unter dem Stichwort Arduino eingeordnet."
        #expect(Dateline.postFooterDay(footer)?.iso == "2015-12-14")
        #expect(Dateline.postFooterDay("Am 14. Dezember 2015 wurde der Artikel geschrieben") == nil)
    }

    @Test func dayFirstAndInvalidDates() {
        #expect(DateText.matches(in: "ngày 04/03/2014").first?.day.iso == "2014-03-04")
        #expect(DateText.matches(in: "31/02/2019").isEmpty)
        #expect(DateText.matches(in: "13/13/2019").isEmpty)
    }

    @Test func timestamps() {
        #expect(Timestamp.day("2023-11-02T19:20:45+07:00")?.iso == "2023-11-02")
        #expect(Timestamp.day("2023-11-02T00:30:00+07:00")?.iso == "2023-11-02")
        #expect(Timestamp.day("Thu, 02 Nov 2023 19:20:45 +0700")?.iso == "2023-11-02")
        #expect(Timestamp.day("02/11/2023 19:20")?.iso == "2023-11-02")
        #expect(Timestamp.day("20231102")?.iso == "2023-11-02")
        #expect(Timestamp.day("not a date") == nil)
    }
}
