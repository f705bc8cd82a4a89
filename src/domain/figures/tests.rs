//! Tests of the figures' definitions: numerators, denominators and the settings where the articles differ.

use super::*;

#[test]
fn the_three_article_figures_round_as_printed() {
    // 甘州区: 1,510 solved on site ÷ 3,354 batches = 45.0 %; by persons it reads 13.0 %.
    assert_eq!(Rate::new(1_510, 3_354).percent_text(), "45.0 %");
    assert_eq!(Rate::new(1_510, 11_615).percent_text(), "13.0 %");
    // 南昌县: 6,669 ÷ 7,629 = 87.4 %.
    assert_eq!(Rate::new(6_669, 7_629).percent_text(), "87.4 %");
    // 甘州区: mediation success 95.3 % of 12,438.
    assert_eq!(Rate::new(11_853, 12_438).percent_text(), "95.3 %");
    assert_eq!(Rate::new(1, 0).percent_text(), "—");
    // Half away from zero: 1/8 = 12.5 % exactly; 1/16 = 6.25 % → 6.3 %.
    assert_eq!(Rate::new(1, 16).percent_text(), "6.3 %");
}

#[test]
fn settings_change_the_denominator_and_the_numerator() {
    let c = Counts {
        cases: 7_629,
        batches: 3_354,
        persons: 11_615,
        solved_on_site: 1_510,
        resolved: 5_233,
        fast_track: 1_436,
        ..Default::default()
    };
    let rate_of = |s: &FigureSettings, key: FigureKey| {
        figures(&c, s)
            .into_iter()
            .find(|f| f.key == key)
            .and_then(|f| match f.value {
                Value::Rate(r) => Some(r),
                _ => None,
            })
            .unwrap()
    };
    let mut s = FigureSettings::default();
    assert_eq!(rate_of(&s, FigureKey::OnSiteRate), Rate::new(1_510, 3_354));
    assert_eq!(
        rate_of(&s, FigureKey::ResolutionRate).percent_text(),
        "68.6 %"
    );
    s.fast_track_resolved = true;
    s.on_site_base = OnSiteBase::Persons;
    assert_eq!(rate_of(&s, FigureKey::OnSiteRate).percent_text(), "13.0 %");
    assert_eq!(
        rate_of(&s, FigureKey::ResolutionRate),
        Rate::new(6_669, 7_629)
    );
}

#[test]
fn median_and_p90_of_small_sets() {
    assert_eq!(median(&mut []), None);
    assert_eq!(median(&mut [30, 10, 20]), Some(20.0));
    assert_eq!(median(&mut [40, 10, 20, 30]), Some(25.0));
    let mut ten: Vec<i64> = (1..=10).collect();
    assert_eq!(p90(&mut ten), Some(9));
    assert_eq!(p90(&mut [7]), Some(7));
}

#[test]
fn townships_are_read_from_addresses() {
    assert_eq!(township_of("柳林乡河坝村3组").as_deref(), Some("柳林乡"));
    assert_eq!(township_of("城关镇人民路12号").as_deref(), Some("城关镇"));
    assert_eq!(
        township_of("东城街道和平街5号").as_deref(),
        Some("东城街道")
    );
    assert_eq!(township_of("镇"), None);
    assert_eq!(township_of(""), None);
    assert_eq!(township_of("某某公司"), None);
}

#[test]
fn periods_start_monday_and_on_the_first() {
    use chrono::TimeZone;
    let now = crate::domain::clock::TZ
        .with_ymd_and_hms(2026, 11, 26, 10, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    assert_eq!(Period::current(PeriodKind::Week, now).from, d(11, 23));
    assert_eq!(Period::current(PeriodKind::Month, now).from, d(11, 1));
    assert_eq!(Period::previous_month(d(11, 26)).from, d(10, 1));
    assert_eq!(Period::previous_month(d(11, 26)).to, d(10, 31));
    assert_eq!(Period::month_of(d(12, 5)).to, d(12, 31));
    assert!(Period::range(d(11, 2), d(11, 1)).is_err());
}

#[test]
fn a_closed_case_remembers_how_it_settled() {
    use CaseState as S;
    assert_eq!(settled_as(S::Closed, true, false, false), Some(S::Resolved));
    assert_eq!(
        settled_as(S::FollowedUp, false, true, false),
        Some(S::Referred)
    );
    assert_eq!(settled_as(S::Failed, false, true, false), Some(S::Failed));
    assert_eq!(settled_as(S::Triaged, false, false, false), None);
}
