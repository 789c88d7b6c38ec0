//! Property tests of the metric definitions over random event sets.

use crate::{compute, AreaKind, Inputs, Scope};
use chrono::NaiveDate;
use digihyte_core::{AgeGroup, Channel, Event, ProviderType, Topic, TopicSet};
use proptest::prelude::*;

const MUNIS: [u16; 3] = [139, 244, 564];

fn scope() -> Scope {
    Scope {
        municipalities: MUNIS.to_vec(),
        first_year: 2023,
        last_year: 2024,
        area: AreaKind::Region(17),
        area_name: "Pohjois-Pohjanmaa".into(),
        language: "fi".into(),
        indicators_given: false,
        need: Vec::new(),
    }
}

fn event() -> impl Strategy<Value = Event> {
    (
        0usize..3,
        2023i32..=2024,
        1u32..12,
        0usize..5,
        0u16..(1 << 11),
        0usize..7,
        0usize..12,
        proptest::option::of(0.0f64..600.0),
        proptest::option::of(0u8..6),
        proptest::option::of(0u8..4),
    )
        .prop_map(|(m, year, clients, age, topics, channel, provider, duration, client, point)| Event {
            date: NaiveDate::from_ymd_opt(year, 6, 1).unwrap(),
            year,
            municipality: MUNIS[m],
            support_point: point.map(|p| format!("piste {p}").into()),
            provider: ProviderType::ALL[provider],
            channel: Channel::ALL[channel],
            topics: TopicSet(topics & !(1 << Topic::Unknown.index())),
            age: AgeGroup::ALL[age],
            duration_min: duration,
            clients,
            client_id: client.map(|c| format!("C{c}").into()),
            origin: Default::default(),
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn area_rows_sum_their_municipalities_and_rates_are_never_averaged(events in proptest::collection::vec(event(), 0..60)) {
        let s = scope();
        let m = compute(&Inputs { events: &events, feedback: &[], actor_survey: &[], indicators: &[] }, &s).unwrap();
        for year in s.years() {
            let munis: Vec<_> = m.reach.iter().filter(|r| r.area_type == "municipality" && r.year == year).collect();
            let area = m.reach.iter().find(|r| r.area_type == "region" && r.year == year).unwrap();
            prop_assert_eq!(munis.len(), 3);
            prop_assert_eq!(area.events, munis.iter().map(|r| r.events).sum::<u64>());
            prop_assert_eq!(area.clients, munis.iter().map(|r| r.clients).sum::<u64>());
            prop_assert_eq!(area.clients_65plus, munis.iter().map(|r| r.clients_65plus).sum::<u64>());
            prop_assert_eq!(area.clients_75plus, munis.iter().map(|r| r.clients_75plus).sum::<u64>());
            prop_assert_eq!(area.events_with_duration, munis.iter().map(|r| r.events_with_duration).sum::<u64>());
            prop_assert_eq!(area.events_with_client_id, munis.iter().map(|r| r.events_with_client_id).sum::<u64>());
            prop_assert!((area.hours - munis.iter().map(|r| r.hours).sum::<f64>()).abs() < 1e-9);
            // Distinct counts over the area are at most the sum and at least the largest part.
            prop_assert!(area.support_points <= munis.iter().map(|r| r.support_points).sum::<u64>());
            prop_assert!(area.support_points >= munis.iter().map(|r| r.support_points).max().unwrap());
            // The rate is the ratio of sums, not a mean of the municipal rates.
            let pop: f64 = munis.iter().map(|r| r.population.unwrap()).sum();
            prop_assert_eq!(area.population, Some(pop));
            prop_assert!((area.clients_per_1000.unwrap() - area.clients as f64 * 1000.0 / pop).abs() < 1e-9);
            // And the events tally with the input.
            prop_assert_eq!(area.events, events.iter().filter(|e| e.year == year).count() as u64);
        }
    }

    #[test]
    fn shares_of_a_dimension_sum_to_one(events in proptest::collection::vec(event(), 1..60)) {
        let s = scope();
        let m = compute(&Inputs { events: &events, feedback: &[], actor_survey: &[], indicators: &[] }, &s).unwrap();
        for r in m.reach.iter().filter(|r| r.events > 0) {
            for dim in ["topic", "channel", "provider_type", "age_group"] {
                let shares: Vec<f64> = m.mix.iter()
                    .filter(|x| x.area_code == r.area_code && x.year == r.year && x.dimension == dim)
                    .map(|x| x.share.unwrap())
                    .collect();
                let total: f64 = shares.iter().sum();
                if dim == "topic" {
                    prop_assert!(total >= 1.0 - 1e-9, "topic shares sum to {}", total);
                } else {
                    prop_assert!((total - 1.0).abs() < 1e-9, "{} shares sum to {}", dim, total);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// The fingerprint-and-sort duplicate check against the definition: every group holds
    /// exactly the events whose content (all but the origin) is equal, in row order, and
    /// the groups come in the order of their first row.
    #[test]
    fn duplicates_are_exactly_the_events_of_equal_content(
        pool in proptest::collection::vec(event(), 1..6),
        picks in proptest::collection::vec(0usize..6, 0..50),
    ) {
        use digihyte_core::Origin;
        let events: Vec<Event> = picks
            .iter()
            .enumerate()
            .map(|(row, &p)| Event { origin: Origin { file: (row % 2) as u32, sheet: 0, row: row as u32 }, ..pool[p % pool.len()].clone() })
            .collect();
        let content = |e: &Event| Event { origin: Origin::default(), ..e.clone() };
        let mut expected = Vec::new();
        let mut grouped = vec![false; events.len()];
        for i in 0..events.len() {
            if grouped[i] {
                continue;
            }
            let group: Vec<usize> = (i..events.len()).filter(|&j| content(&events[j]) == content(&events[i])).collect();
            for &j in &group {
                grouped[j] = true;
            }
            if group.len() > 1 {
                expected.push(group.iter().map(|&j| events[j].origin).collect::<Vec<_>>());
            }
        }
        let refs: Vec<&Event> = events.iter().collect();
        prop_assert_eq!(crate::duplicates(&refs), expected);
    }
}

#[test]
fn identical_rows_are_grouped_as_likely_duplicates_and_still_counted() {
    use digihyte_core::Origin;
    let base = Event {
        date: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
        year: 2024,
        municipality: 564,
        support_point: Some("pääkirjasto".into()),
        provider: ProviderType::Library,
        channel: Channel::InPerson,
        topics: TopicSet::default(),
        age: AgeGroup::Age65To74,
        duration_min: Some(30.0),
        clients: 1,
        client_id: None,
        origin: Origin { file: 0, sheet: 0, row: 5 },
    };
    let twin = Event { origin: Origin { file: 1, sheet: 0, row: 9 }, ..base.clone() };
    let other = Event { clients: 2, origin: Origin { file: 0, sheet: 0, row: 6 }, ..base.clone() };
    let events = vec![base.clone(), other, twin];
    let m = compute(&Inputs { events: &events, feedback: &[], actor_survey: &[], indicators: &[] }, &scope()).unwrap();
    assert_eq!(m.duplicates, vec![vec![Origin { file: 0, sheet: 0, row: 5 }, Origin { file: 1, sheet: 0, row: 9 }]]);
    let oulu = m.reach.iter().find(|r| r.area_code == "564" && r.year == 2024).unwrap();
    assert_eq!(oulu.events, 3, "a duplicate is still an event");
}

#[test]
fn the_indicator_index_finds_the_latest_value_at_or_before_a_year() {
    use crate::IndicatorIndex;
    use digihyte_core::{AreaRef, IndicatorValue};
    let v = |year, value| IndicatorValue { indicator: 127, area: AreaRef::Municipality(564), year, value };
    let ix = IndicatorIndex::new(&[v(2023, 3.0), v(2021, 1.0), v(2022, 2.0), v(2022, 2.5)]);
    let oulu = AreaRef::Municipality(564);
    assert_eq!(ix.latest(127, oulu, 2020), None);
    assert_eq!(ix.latest(127, oulu, 2021), Some((1.0, 2021)));
    assert_eq!(ix.latest(127, oulu, 2022), Some((2.5, 2022)), "the later of two values for one year");
    assert_eq!(ix.latest(127, oulu, 2030), Some((3.0, 2023)));
    assert_eq!(ix.latest(171, oulu, 2030), None);
    assert_eq!(ix.latest(127, AreaRef::Municipality(9), 2030), None);
}
