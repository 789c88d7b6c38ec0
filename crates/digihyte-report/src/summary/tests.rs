//! Every sentence of the summary in every case the published tables can be in, in the
//! three languages (snapshots: `cargo insta review` after a deliberate change).

use super::*;

fn label(dim: &str, key: &str, lang: &str) -> String {
    crate::locale::key_label(dim, key, lang)
}

fn base(lang: &str) -> Facts {
    Facts {
        lang: lang.into(),
        year: 2024,
        is_area: false,
        name: "Kempele".into(),
        area_name: "Pohjois-Pohjanmaa".into(),
        min: 5,
        has_row: true,
        events: Count::Value(1234),
        clients: Count::Value(1001),
        rate: Some(53.46),
        area_rate: Some(18.2),
        rate_range: None,
        previous: Some(Count::Value(950)),
        topics: Breakdown::Shares(vec![
            (label("topic", "e_identification", lang), 0.34),
            (label("topic", "kela_benefits", lang), 0.21),
            (label("topic", "device_basics", lang), 0.18),
            (label("topic", "communication", lang), 0.12),
        ]),
        channels: Breakdown::Shares(vec![(label("channel", "in_person", lang), 0.72), (label("channel", "phone", lang), 0.2)]),
        ages: Some((0.58, 0.31, 0.05)),
        feedback: FeedbackFacts::Values { n: 123, got_help: Some(0.84), recommend: Some(0.91) },
        need: NeedFacts::Quadrant("high_need_low_reach".into()),
        actor: ActorFacts::Municipality { in_report: Some(true), in_plan: Some(false) },
    }
}

/// The cases, each a change to the typical municipality.
fn cases(lang: &str) -> Vec<(&'static str, Facts)> {
    let b = || base(lang);
    let with = |f: &dyn Fn(&mut Facts)| {
        let mut x = b();
        f(&mut x);
        x
    };
    vec![
        ("typical", b()),
        ("no row at all", with(&|f| f.has_row = false)),
        (
            "no events",
            with(&|f| {
                f.events = Count::Value(0);
                f.clients = Count::Value(0);
                f.rate = Some(0.0);
                f.topics = Breakdown::Nothing;
                f.channels = Breakdown::Nothing;
                f.ages = None;
            }),
        ),
        (
            "small",
            with(&|f| {
                f.events = Count::Small;
                f.clients = Count::Small;
                f.rate = None;
                f.topics = Breakdown::Withheld;
                f.channels = Breakdown::Withheld;
                f.ages = None;
                f.feedback = FeedbackFacts::Small;
                f.need = NeedFacts::NotPlaced;
            }),
        ),
        (
            "all withheld",
            with(&|f| {
                f.events = Count::Withheld;
                f.clients = Count::Withheld;
                f.rate = None;
                f.previous = Some(Count::Withheld);
                f.topics = Breakdown::Withheld;
                f.channels = Breakdown::Withheld;
                f.ages = None;
                f.feedback = FeedbackFacts::Withheld;
            }),
        ),
        (
            "clients small, events shown",
            with(&|f| {
                f.clients = Count::Small;
                f.rate = None;
            }),
        ),
        (
            "one event, one client (threshold 1)",
            with(&|f| {
                f.min = 1;
                f.events = Count::Value(1);
                f.clients = Count::Value(1);
                f.previous = Some(Count::Value(2));
                f.topics = Breakdown::Shares(vec![(label("topic", "kela_benefits", lang), 1.0)]);
                f.feedback = FeedbackFacts::Values { n: 1, got_help: Some(1.0), recommend: None };
            }),
        ),
        ("no previous year in the report", with(&|f| f.previous = None)),
        ("previous year withheld", with(&|f| f.previous = Some(Count::Withheld))),
        ("no clients the year before", with(&|f| f.previous = Some(Count::Value(0)))),
        ("as many as the year before", with(&|f| f.previous = Some(Count::Value(1001)))),
        ("more than the year before", with(&|f| f.previous = Some(Count::Value(800)))),
        (
            "no population",
            with(&|f| {
                f.rate = None;
                f.area_rate = None;
            }),
        ),
        ("no indicators", with(&|f| f.need = NeedFacts::NoIndicators)),
        ("high need, high reach", with(&|f| f.need = NeedFacts::Quadrant("high_need_high_reach".into()))),
        ("low need, low reach", with(&|f| f.need = NeedFacts::Quadrant("low_need_low_reach".into()))),
        ("low need, high reach", with(&|f| f.need = NeedFacts::Quadrant("low_need_high_reach".into()))),
        ("no survey", with(&|f| f.feedback = FeedbackFacts::None)),
        ("survey without the help item", with(&|f| f.feedback = FeedbackFacts::Values { n: 40, got_help: None, recommend: Some(0.9) })),
        ("no actor survey", with(&|f| f.actor = ActorFacts::None)),
        ("in neither", with(&|f| f.actor = ActorFacts::Municipality { in_report: Some(false), in_plan: Some(false) })),
        ("in the plan only", with(&|f| f.actor = ActorFacts::Municipality { in_report: Some(false), in_plan: Some(true) })),
        ("actor survey unanswered", with(&|f| f.actor = ActorFacts::Municipality { in_report: None, in_plan: None })),
        ("only the report answered", with(&|f| f.actor = ActorFacts::Municipality { in_report: Some(true), in_plan: None })),
        ("lots of unknown ages", with(&|f| f.ages = Some((0.4, 0.2, 0.3)))),
        (
            "topics that sum to one",
            with(&|f| {
                f.topics = Breakdown::Shares(vec![(label("topic", "communication", lang), 0.6), (label("topic", "apps", lang), 0.4)])
            }),
        ),
        (
            "the area",
            with(&|f| {
                f.is_area = true;
                f.name = "Pohjois-Pohjanmaa".into();
                f.area_rate = None;
                f.rate = Some(18.2);
                f.rate_range = Some((("Tyrnävä".into(), 1.8), ("Pyhäjoki".into(), 64.1)));
                f.need = NeedFacts::Area {
                    high_need_low_reach: vec!["Alavieska".into(), "Kalajoki".into(), "Oulainen".into()],
                    placed: 30,
                    rho: Some((0.64, 30)),
                };
                f.actor = ActorFacts::Area { answered: 30, in_report: 19, in_plan: 9 };
            }),
        ),
        (
            "the area: one in the quadrant, no link",
            with(&|f| {
                f.is_area = true;
                f.name = "Pohjois-Pohjanmaa".into();
                f.area_rate = None;
                f.need = NeedFacts::Area { high_need_low_reach: vec!["Alavieska".into()], placed: 12, rho: Some((0.05, 12)) };
                f.actor = ActorFacts::Area { answered: 1, in_report: 1, in_plan: 0 };
            }),
        ),
        (
            "the area: none in the quadrant, negative link, no events",
            with(&|f| {
                f.is_area = true;
                f.events = Count::Value(0);
                f.clients = Count::Value(0);
                f.topics = Breakdown::Nothing;
                f.channels = Breakdown::Nothing;
                f.ages = None;
                f.need = NeedFacts::Area { high_need_low_reach: vec![], placed: 5, rho: Some((-0.5, 5)) };
            }),
        ),
    ]
}

fn render(lang: &str) -> String {
    let mut out = String::new();
    for (name, f) in cases(lang) {
        out.push_str(&format!("## {name}\n"));
        for p in sentences(&f) {
            out.push_str(&p);
            out.push('\n');
        }
        out.push('\n');
    }
    // The thin spaces of Finnish and Swedish numbers, visible in the snapshot.
    out.replace('\u{202F}', "⸱").replace('\u{A0}', "°")
}

#[test]
fn sentences_fi() {
    insta::assert_snapshot!(render("fi"));
}

#[test]
fn sentences_sv() {
    insta::assert_snapshot!(render("sv"));
}

#[test]
fn sentences_en() {
    insta::assert_snapshot!(render("en"));
}

#[test]
fn every_case_says_something_of_each_part_and_no_placeholder_is_left() {
    for lang in ["fi", "sv", "en"] {
        for (name, f) in cases(lang) {
            let s = sentences(&f);
            assert!(s.len() >= 3, "{lang} {name}: {s:?}");
            for p in &s {
                assert!(!p.contains('{') && !p.contains("  ") && !p.contains(" ."), "{lang} {name}: {p}");
                assert!(p.ends_with('.') || p.ends_with(')'), "{lang} {name}: {p}");
                // Finnish sentences never inflect a place name: the municipality is not named.
                if lang == "fi" && !f.is_area {
                    assert!(!p.contains("Kempele"), "{name}: {p}");
                }
            }
        }
    }
}

#[test]
fn a_small_count_is_never_written_as_a_number() {
    for lang in ["fi", "sv", "en"] {
        let mut f = base(lang);
        f.events = Count::Small;
        f.clients = Count::Small;
        let text = sentences(&f).join(" ");
        assert!(text.contains("5"), "{text}");
        assert!(!text.contains("1234") && !text.contains("1\u{202F}234"), "{text}");
    }
}
