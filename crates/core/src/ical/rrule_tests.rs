use super::*;

fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap()
}

/// The local times of the first `n` occurrences.
fn locals(rule: &str, start: &str, n: usize) -> Vec<String> {
    let rule = RRule::parse(rule).unwrap();
    let start: DateTime = start.parse().unwrap();
    rule.occurrences(start, &TimeZone::UTC)
        .take(n)
        .map(|o| o.local.strftime("%Y-%m-%d %H:%M").to_string())
        .collect()
}

fn days(v: &[String]) -> Vec<&str> {
    v.iter().map(|s| &s[..10]).collect()
}

#[test]
fn daily_keeps_the_wall_clock_across_dst() {
    let rule = RRule::parse("FREQ=DAILY;COUNT=4").unwrap();
    let berlin = zone("Europe/Berlin");
    let start: DateTime = "2026-03-27T09:00".parse().unwrap();
    let at: Vec<String> = rule
        .occurrences(start, &berlin)
        .map(|o| o.at.to_string())
        .collect();
    assert_eq!(
        at,
        [
            "2026-03-27T08:00:00Z",
            "2026-03-28T08:00:00Z",
            "2026-03-29T07:00:00Z",
            "2026-03-30T07:00:00Z"
        ]
    );
}

#[test]
fn a_time_in_the_spring_gap_moves_forward() {
    let rule = RRule::parse("FREQ=DAILY;COUNT=3").unwrap();
    let start: DateTime = "2026-03-28T02:30".parse().unwrap();
    let at: Vec<String> = rule
        .occurrences(start, &zone("Europe/Berlin"))
        .map(|o| o.at.to_string())
        .collect();
    assert_eq!(at[1], "2026-03-29T01:30:00Z");
}

#[test]
fn weekly_with_interval_and_week_start() {
    // RFC 5545's own example: WKST changes which weeks are skipped.
    let mo = locals(
        "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO",
        "1997-08-05T09:00",
        10,
    );
    assert_eq!(
        days(&mo),
        ["1997-08-05", "1997-08-10", "1997-08-19", "1997-08-24"]
    );
    let su = locals(
        "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU",
        "1997-08-05T09:00",
        10,
    );
    assert_eq!(
        days(&su),
        ["1997-08-05", "1997-08-17", "1997-08-19", "1997-08-31"]
    );
}

#[test]
fn weekly_until_is_inclusive() {
    let v = locals(
        "FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20260313T090000Z",
        "2026-03-09T09:00",
        20,
    );
    assert_eq!(days(&v), ["2026-03-09", "2026-03-11", "2026-03-13"]);
    let v = locals("FREQ=WEEKLY;UNTIL=20260323", "2026-03-09T09:00", 20);
    assert_eq!(days(&v), ["2026-03-09", "2026-03-16", "2026-03-23"]);
}

#[test]
fn monthly_ordinals_and_month_days() {
    let first_monday = locals("FREQ=MONTHLY;BYDAY=1MO;COUNT=3", "2026-01-05T10:00", 5);
    assert_eq!(
        days(&first_monday),
        ["2026-01-05", "2026-02-02", "2026-03-02"]
    );
    let last_friday = locals("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", "2026-01-30T10:00", 5);
    assert_eq!(
        days(&last_friday),
        ["2026-01-30", "2026-02-27", "2026-03-27"]
    );
    let the_31st = locals("FREQ=MONTHLY;COUNT=3", "2026-01-31T10:00", 5);
    assert_eq!(days(&the_31st), ["2026-01-31", "2026-03-31", "2026-05-31"]);
    let last_day = locals("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3", "2026-01-31T10:00", 5);
    assert_eq!(days(&last_day), ["2026-01-31", "2026-02-28", "2026-03-31"]);
    let second_tuesday_quarterly = locals(
        "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU;COUNT=3",
        "2026-01-13T10:00",
        5,
    );
    assert_eq!(
        days(&second_tuesday_quarterly),
        ["2026-01-13", "2026-04-14", "2026-07-14"]
    );
    let friday_13th = locals(
        "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13;COUNT=3",
        "2026-02-13T10:00",
        5,
    );
    assert_eq!(
        days(&friday_13th),
        ["2026-02-13", "2026-03-13", "2026-11-13"]
    );
}

#[test]
fn last_workday_of_the_month_with_setpos() {
    let v = locals(
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3",
        "2026-01-30T16:00",
        5,
    );
    assert_eq!(days(&v), ["2026-01-30", "2026-02-27", "2026-03-31"]);
}

#[test]
fn yearly_rules() {
    let last_sunday_of_march = locals(
        "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;COUNT=3",
        "2026-03-29T02:00",
        5,
    );
    assert_eq!(
        days(&last_sunday_of_march),
        ["2026-03-29", "2027-03-28", "2028-03-26"]
    );
    let leap = locals("FREQ=YEARLY;COUNT=2", "2024-02-29T10:00", 5);
    assert_eq!(days(&leap), ["2024-02-29", "2028-02-29"]);
    let twice = locals("FREQ=YEARLY;BYMONTH=1,7;COUNT=3", "2026-01-15T10:00", 5);
    assert_eq!(days(&twice), ["2026-01-15", "2026-07-15", "2027-01-15"]);
    let twentieth_monday = locals("FREQ=YEARLY;BYDAY=20MO;COUNT=2", "2026-05-18T10:00", 5);
    assert_eq!(days(&twentieth_monday), ["2026-05-18", "2027-05-17"]);
}

#[test]
fn daily_filters() {
    let weekdays = locals("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "2026-03-06T09:00", 4);
    assert_eq!(
        days(&weekdays),
        ["2026-03-06", "2026-03-09", "2026-03-10", "2026-03-11"]
    );
    let in_march = locals("FREQ=DAILY;INTERVAL=10;BYMONTH=3", "2026-02-20T09:00", 3);
    assert_eq!(days(&in_march), ["2026-02-20", "2026-03-02", "2026-03-12"]);
}

#[test]
fn impossible_rules_end() {
    let v = locals(
        "FREQ=MONTHLY;BYMONTHDAY=30;BYMONTH=2",
        "2026-01-30T09:00",
        5,
    );
    assert_eq!(v.len(), 1, "only DTSTART");
}

#[test]
fn unsupported_or_invalid_rules_say_why() {
    for (rule, says) in [
        ("FREQ=HOURLY", "FREQ=HOURLY is not supported"),
        ("FREQ=DAILY;BYHOUR=9", "BYHOUR is not supported"),
        ("FREQ=WEEKLY;BYDAY=1MO", "ordinals"),
        ("BYDAY=MO", "no FREQ"),
        ("FREQ=DAILY;COUNT=2;UNTIL=20260101", "COUNT and UNTIL"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY=32"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL=0"),
        ("FREQ=DAILY;FOO=1", "FOO"),
    ] {
        let err = RRule::parse(rule).unwrap_err();
        assert!(err.contains(says), "{rule}: {err}");
    }
}

#[test]
fn displays_as_a_rule_again() {
    for rule in [
        "FREQ=WEEKLY;INTERVAL=2;UNTIL=20261231T235959Z;BYDAY=MO,WE",
        "FREQ=MONTHLY;COUNT=5;BYDAY=-1FR",
        "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1,-1;BYSETPOS=1;WKST=SU",
    ] {
        assert_eq!(RRule::parse(rule).unwrap().to_string(), rule);
    }
}

proptest::proptest! {
    #[test]
    fn occurrences_increase_and_respect_count(
        freq in 0usize..4,
        interval in 1u32..4,
        count in 1u32..30,
        days in proptest::collection::vec(0usize..7, 0..3),
        ordinal in proptest::option::of(proptest::sample::select(vec![1i8, 2, -1])),
        month_day in proptest::option::of(proptest::sample::select(vec![1i8, 15, 31, -1])),
        start_day in 0i64..400,
    ) {
        let freq = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"][freq];
        let mut rule = format!("FREQ={freq};INTERVAL={interval};COUNT={count}");
        if !days.is_empty() {
            let ord = if freq == "MONTHLY" || freq == "YEARLY" { ordinal.map(|o| o.to_string()).unwrap_or_default() } else { String::new() };
            let codes: Vec<String> = days.iter().map(|d| format!("{ord}{}", DAYS[*d].0)).collect();
            rule.push_str(&format!(";BYDAY={}", codes.join(",")));
        }
        if let (Some(md), false) = (month_day, freq == "WEEKLY") {
            rule.push_str(&format!(";BYMONTHDAY={md}"));
        }
        let parsed = RRule::parse(&rule).unwrap();
        let start = jiff::civil::date(2026, 1, 1).at(10, 0, 0, 0)
            .checked_add(Span::new().days(start_day)).unwrap();
        let zone = TimeZone::get("Europe/Berlin").unwrap();
        let occ: Vec<Occurrence> = parsed.occurrences(start, &zone).take(100).collect();
        proptest::prop_assert!(occ.len() <= count as usize);
        proptest::prop_assert_eq!(occ[0].local, start);
        for w in occ.windows(2) {
            proptest::prop_assert!(w[0].local < w[1].local, "{rule}: {:?}", w);
            proptest::prop_assert_eq!(w[1].local.time(), start.time());
        }
    }
}
