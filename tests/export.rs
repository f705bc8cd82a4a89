//! Export round trip, on SQLite and PostgreSQL: the same period written as xlsx and as CSV,
//! read back (calamine, the csv crate) and compared cell by cell — Chinese headers and labels,
//! resident IDs and phones intact as text, the BOM, formula-like text defused in the CSV.

#[macro_use]
mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use common::stores::{county, deadlines, morning, stamp};
use uuid::Uuid;
use yidi::domain::case::{CaseState, Channel, CourtLink, Handling, Lanes, Level, Stream};
use yidi::domain::party::{Party, PartyRole};
use yidi::domain::{Case, ClockMarks};
use yidi::export::sink::defuse;
use yidi::export::{Format, Request, run};
use yidi::store::Store;

on_both!(an_export_reads_back_the_same_in_xlsx_and_csv,);

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

async fn an_export_reads_back_the_same_in_xlsx_and_csv(store: Store, _url: String) {
    let f = county(&store).await;
    let received = yidi::domain::clock::TZ
        .with_ymd_and_hms(2026, 10, 12, 9, 30, 0)
        .unwrap()
        .with_timezone(&Utc);
    let mut cases = Vec::new();
    for (n, (category, id, tel)) in [
        ("劳动争议", "01010519491231002X", "13800000000"),
        (
            "=HYPERLINK(\"http://x\")",
            "110105194912310029",
            "+8613900000000",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let mut p = Party::person(PartyRole::Applicant, "张建国");
        p.resident_id = Some(id.into());
        p.phone = Some(tel.into());
        p.address = "柳林乡河坝村3组".into();
        let at = received + Duration::minutes(n as i64);
        cases.push((
            Case {
                id: Uuid::now_v7(),
                centre_id: f.centre.id,
                case_no: format!("YD20261012-{:04}", n + 1),
                tracking_token: Uuid::new_v4(),
                channel: Channel::WalkIn,
                category: category.into(),
                description: "欠薪".into(),
                state: CaseState::Closed,
                stream: Some(Stream::Mediation),
                handling: Some(Handling::Joint),
                level: Some(Level::County),
                lead_department: Some(f.hrss.id),
                first_handler: None,
                group_batches: 1,
                group_persons: 12,
                lanes: Lanes::default(),
                court_case_no: None,
                repeat_of: None,
                outcome_note: None,
                received_at: at,
                deadlines: deadlines(at),
                marks: ClockMarks::default(),
                court: CourtLink {
                    agreement_no: Some(format!("调协〔2026〕{}号", n + 1)),
                    ..Default::default()
                },
                closed_at: Some(at + Duration::hours(2)),
                version: 5,
            },
            vec![p],
        ));
    }
    store
        .import_history(f.centre.id, &cases, &stamp(morning()))
        .await
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 10, 12).unwrap();
    let export = |kind: &str, format: Format| {
        let path = dir.path().join(format!("{kind}.{}", format.extension()));
        let mut r = Request::parse(kind, None, None, None, &path, true, day).unwrap();
        r.format = format;
        r
    };
    let system = stamp(morning());
    for kind in ["ledger", "figures", "ranking"] {
        let xlsx_req = export(kind, Format::Xlsx);
        let csv_req = export(kind, Format::Csv);
        run(&store, &f.centre, &xlsx_req, &system, morning())
            .await
            .unwrap();
        let (csv_path, _) = run(&store, &f.centre, &csv_req, &system, morning())
            .await
            .unwrap();

        let bytes = std::fs::read(&csv_path).unwrap();
        assert!(
            bytes.starts_with("\u{feff}".as_bytes()),
            "{kind}: BOM first"
        );
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(&bytes[3..]);
        let csv_rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();

        let mut book: Xlsx<_> = open_workbook(&xlsx_req.out).unwrap();
        let mut expected: Vec<Vec<String>> = Vec::new();
        for (i, name) in book.sheet_names().into_iter().enumerate() {
            let range = book.worksheet_range(&name).unwrap();
            let mut rows = range.rows();
            let title = rows.next().unwrap();
            assert!(
                text(&title[0]).starts_with("示范县社会治理综合服务中心")
                    && text(&title[0]).contains("2026-10-12 至 2026-10-12"),
                "{kind}/{name}: title row names the centre and the period: {:?}",
                title[0]
            );
            if i > 0 {
                expected.push(vec![String::new()]);
                expected.push(vec![defuse(&text(&title[0]))]);
            }
            for row in rows {
                let mut cells: Vec<String> = row.iter().map(|d| defuse(&text(d))).collect();
                while cells.len() > 1 && cells.last().is_some_and(String::is_empty) {
                    cells.pop();
                }
                expected.push(cells);
            }
        }
        let trimmed: Vec<Vec<String>> = csv_rows
            .into_iter()
            .map(|mut r| {
                while r.len() > 1 && r.last().is_some_and(String::is_empty) {
                    r.pop();
                }
                r
            })
            .collect();
        assert_eq!(
            trimmed, expected,
            "{kind}: the CSV holds what the workbook holds"
        );
    }

    // The ledger's cells, as a supervisor reads them in the workbook.
    let mut book: Xlsx<_> = open_workbook(dir.path().join("ledger.xlsx")).unwrap();
    let range = book.worksheet_range("案件台账").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let header: Vec<String> = rows[1].iter().map(text).collect();
    assert_eq!(
        &header[..4],
        ["案件编号", "受理时间", "受理渠道", "纠纷类别"]
    );
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows[2][col("受理渠道")], Data::String("来访".into()));
    assert_eq!(rows[2][col("办理结果")], Data::String("已化解".into()));
    assert_eq!(rows[2][col("乡镇")], Data::String("柳林乡".into()));
    assert_eq!(rows[2][col("牵头单位")], Data::String("人社局".into()));
    assert_eq!(
        rows[2][col("身份证号")],
        Data::String("01010519491231002X".into()),
        "a leading zero survives: the ID is text"
    );
    assert_eq!(rows[2][col("联系电话")], Data::String("13800000000".into()));
    assert_eq!(
        rows[3][col("联系电话")],
        Data::String("+8613900000000".into())
    );
    assert_eq!(
        rows[3][col("纠纷类别")],
        Data::String("=HYPERLINK(\"http://x\")".into()),
        "text in the workbook, never a formula"
    );
    let csv = std::fs::read_to_string(dir.path().join("ledger.csv")).unwrap();
    assert!(csv.contains("\"'=HYPERLINK"), "defused in the CSV: {csv}");
    assert!(csv.contains(",'+8613900000000,"), "{csv}");

    // The figures sheet states each figure's definition.
    let mut book: Xlsx<_> = open_workbook(dir.path().join("figures.xlsx")).unwrap();
    let range = book.worksheet_range("统计").unwrap();
    let rate = range
        .rows()
        .find(|r| text(&r[0]) == "化解率")
        .expect("化解率 row");
    assert_eq!(text(&rate[1]), "100.0 %");
    assert_eq!((text(&rate[2]), text(&rate[3])), ("2".into(), "2".into()));
    assert_eq!(text(&rate[5]), "化解件数 ÷ 本期受理件数");
}
