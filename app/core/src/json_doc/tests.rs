//! Content in automerge: round trips, edits as small changes, screens that
//! have not seen a merged change, fields and kinds from newer versions.

use automerge::{AutoCommit, transaction::Transactable};
use serde_json::{Value, json};

use super::*;

fn doc(content: &Value) -> JsonDoc {
    JsonDoc::new([1; 16], "session", content, Timestamp(1))
}

/// A second device holding a copy of `a`.
fn copy(a: &mut JsonDoc, actor: u8) -> JsonDoc {
    let fork = a
        .automerge_mut()
        .fork()
        .with_actor(ActorId::from([actor; 16]));
    JsonDoc::from_automerge(fork, "session").unwrap()
}

fn merge(a: &mut JsonDoc, b: &mut JsonDoc) {
    a.automerge_mut().merge(b.automerge_mut()).unwrap();
    b.automerge_mut().merge(a.automerge_mut()).unwrap();
}

fn cards(texts: &[(&str, &str)]) -> Value {
    let cards: Vec<Value> = texts
        .iter()
        .map(|(id, text)| json!({"id": id, "text": text, "quote": false}))
        .collect();
    json!({"place": "Library", "cards": cards})
}

#[test]
fn content_round_trips_through_save_and_load() {
    let content = json!({
        "name": "Tea and talk, Lewisham",
        "count": 12, "big": u64::MAX, "ratio": 0.5, "neg": -3,
        "flag": true, "none": null, "languages": ["cy", "en"],
        "nested": {"list": [1, "two", {"three": [3.5]}], "empty": []},
        "cards": [{"id": "b", "text": "second"}, {"id": "a", "text": "first"}]
    });
    let mut d = doc(&content);
    let bytes = d.automerge_mut().save();
    let loaded = JsonDoc::from_automerge(AutoCommit::load(&bytes).unwrap(), "session").unwrap();
    assert_eq!(loaded.json().clone(), content);
}

#[test]
fn texts_are_automerge_text_and_collections_are_maps_with_an_order() {
    let d = doc(&cards(&[("a", "tea")]));
    let am = d.automerge();
    let data = super::data(am).unwrap();
    let (_, place) = am.get(&data, "place").unwrap().unwrap();
    assert_eq!(am.object_type(&place).unwrap(), ObjType::Text);
    let (_, cards) = am.get(&data, "cards").unwrap().unwrap();
    assert_eq!(am.object_type(&cards).unwrap(), ObjType::Map);
    assert_eq!(layout::order_ids(am, &cards), ["a"]);
}

#[test]
fn the_same_content_records_nothing_and_a_move_touches_only_the_order() {
    let mut d = doc(&cards(&[("a", "one"), ("b", "two"), ("c", "three")]));
    let before = d.heads();
    d.write(
        &cards(&[("a", "one"), ("b", "two"), ("c", "three")]),
        Timestamp(2),
    )
    .unwrap();
    assert_eq!(d.heads(), before, "no change, no commit");

    d.write(
        &cards(&[("c", "three"), ("a", "one"), ("b", "two")]),
        Timestamp(3),
    )
    .unwrap();
    let change = d.automerge_mut().get_last_local_change().unwrap().clone();
    assert_eq!(change.len(), 2, "one id out of the order, one back in");
    assert_eq!(
        d.json().clone(),
        cards(&[("c", "three"), ("a", "one"), ("b", "two")])
    );
}

#[test]
fn typing_is_a_splice_not_a_new_string() {
    let mut d = doc(&cards(&[("a", "We like the café")]));
    d.write(&cards(&[("a", "We really like the café")]), Timestamp(2))
        .unwrap();
    let change = d.automerge_mut().get_last_local_change().unwrap().clone();
    assert_eq!(
        change.len(),
        "really ".len(),
        "one op per inserted character"
    );
}

#[test]
fn concurrent_edits_merge_as_people_expect() {
    // (what device a does, what device b does, the merged content)
    type Edit = fn(&mut JsonDoc);
    let start = || cards(&[("a", "tea"), ("b", "bus"), ("c", "lunch")]);
    let cases: [(&str, Edit, Edit, Value); 5] = [
        (
            "two fields of one card",
            |d| {
                d.write(&json!({"place": "Library", "cards": [{"id": "a", "text": "tea", "quote": true}, {"id": "b", "text": "bus", "quote": false}, {"id": "c", "text": "lunch", "quote": false}]}), Timestamp(2)).unwrap()
            },
            |d| {
                d.write(
                    &cards(&[("a", "tea and cake"), ("b", "bus"), ("c", "lunch")]),
                    Timestamp(2),
                )
                .unwrap()
            },
            json!({"place": "Library", "cards": [{"id": "a", "text": "tea and cake", "quote": true}, {"id": "b", "text": "bus", "quote": false}, {"id": "c", "text": "lunch", "quote": false}]}),
        ),
        (
            "a move on one, an edit of the moved card on the other",
            |d| {
                d.write(
                    &cards(&[("b", "bus"), ("c", "lunch"), ("a", "tea")]),
                    Timestamp(2),
                )
                .unwrap()
            },
            |d| {
                d.write(
                    &cards(&[("a", "tea, hot"), ("b", "bus"), ("c", "lunch")]),
                    Timestamp(2),
                )
                .unwrap()
            },
            cards(&[("b", "bus"), ("c", "lunch"), ("a", "tea, hot")]),
        ),
        (
            "two people typing into one text",
            |d| {
                d.write(
                    &cards(&[("a", "hot tea"), ("b", "bus"), ("c", "lunch")]),
                    Timestamp(2),
                )
                .unwrap()
            },
            |d| {
                d.write(
                    &cards(&[("a", "tea with milk"), ("b", "bus"), ("c", "lunch")]),
                    Timestamp(2),
                )
                .unwrap()
            },
            cards(&[("a", "hot tea with milk"), ("b", "bus"), ("c", "lunch")]),
        ),
        (
            "the same card moved to two places ends in one place",
            |d| {
                d.write(
                    &cards(&[("b", "bus"), ("c", "lunch"), ("a", "tea")]),
                    Timestamp(2),
                )
                .unwrap()
            },
            |d| {
                d.write(
                    &cards(&[("b", "bus"), ("a", "tea"), ("c", "lunch")]),
                    Timestamp(2),
                )
                .unwrap()
            },
            Value::Null, // checked below: same on both, each card once
        ),
        (
            "a deletion wins over an edit of what it deleted",
            |d| {
                d.write(&cards(&[("a", "tea"), ("c", "lunch")]), Timestamp(2))
                    .unwrap()
            },
            |d| {
                d.write(
                    &cards(&[("a", "tea"), ("b", "bus late"), ("c", "lunch")]),
                    Timestamp(2),
                )
                .unwrap()
            },
            cards(&[("a", "tea"), ("c", "lunch")]),
        ),
    ];
    for (name, on_a, on_b, expected) in cases {
        let mut a = doc(&start());
        let mut b = copy(&mut a, 2);
        on_a(&mut a);
        on_b(&mut b);
        merge(&mut a, &mut b);
        assert_eq!(
            a.json().clone(),
            b.json().clone(),
            "{name}: both devices read the same"
        );
        if expected.is_null() {
            let ids: Vec<String> = a.json().clone()["cards"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_str().unwrap().to_owned())
                .collect();
            let mut sorted = ids.clone();
            sorted.sort();
            assert_eq!(sorted, ["a", "b", "c"], "{name}: nothing lost or doubled");
        } else {
            assert_eq!(a.json().clone(), expected, "{name}");
        }
    }
}

#[test]
fn a_screen_that_has_not_shown_a_merged_change_never_undoes_it() {
    let screen: crate::session::Session = serde_json::from_value(json!({
        "project": "ab".repeat(16), "guide": "g", "created": 1, "updated": 1,
        "place": "Library",
        "cards": [{"id": "a", "text": "tea", "created": 1}, {"id": "b", "text": "bus", "created": 1}]
    }))
    .unwrap();
    let mut d = JsonDoc::new([1; 16], "session", &screen, Timestamp(1));
    let shown = d.heads();
    let mut other = copy(&mut d, 2);
    let mut moved = screen.clone();
    moved.cards.swap(0, 1);
    moved.place = "Town hall".into();
    other.write(&moved, Timestamp(2)).unwrap();
    d.automerge_mut().merge(other.automerge_mut()).unwrap();
    let mut edited = screen.clone();
    edited.cards[0].text = "tea, hot".into();
    d.save(0, Some(&shown), &edited, Timestamp(3)).unwrap();
    let mut later = edited.clone();
    later.cards[0].text = "tea, hot, sweet".into();
    d.save(0, Some(&shown), &later, Timestamp(4)).unwrap();
    let merged: crate::session::Session = d.read().unwrap();
    assert_eq!(merged.place, "Town hall", "the merged field is kept");
    assert_eq!(
        merged
            .cards
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        ["b", "a"],
        "the merged move is kept"
    );
    assert_eq!(
        merged.cards[1].text, "tea, hot, sweet",
        "both keystrokes land once each, on the moved card"
    );
}

#[test]
fn what_a_newer_version_wrote_is_kept_and_never_overwritten() {
    let project = crate::project::Project::new("Carers", Timestamp(1));
    let mut d = JsonDoc::new([1; 16], "project", &project, Timestamp(1));
    // A newer version adds a field and a question of a kind this one lacks.
    let mut newer = d.json().clone();
    newer["colour"] = json!("teal");
    newer["surveys"] = json!([{
        "id": "s", "title": {"en": "S"}, "questions": [
            {"id": "q1", "text": {"en": "Draw it"}, "kind": {"type": "drawing", "pens": 3}},
            {"id": "q2", "text": {"en": "Why?"}, "kind": {"type": "free_text"}}
        ]
    }]);
    let edits = diff(&d.json().clone(), &newer, Context::default());
    d.edit(&edits, Timestamp(2)).unwrap();
    let mut read: crate::project::Project = d.read().unwrap();
    assert_eq!(
        read.surveys[0].questions[0].kind,
        crate::survey::QuestionKind::Newer,
        "an unknown kind reads as made by a newer version"
    );
    // This version renames the project and tries to change the newer
    // question; the question is left exactly as the newer version wrote it.
    read.name = "Carers' forum".into();
    read.surveys[0].questions[0].text = crate::survey::LocalText::english("Changed");
    read.surveys[0].questions[1].text = crate::survey::LocalText::english("Why not?");
    let shown = d.heads();
    d.save(0, Some(&shown), &read, Timestamp(3)).unwrap();
    let stored = d.json().clone();
    assert_eq!(stored["name"], "Carers' forum");
    assert_eq!(
        stored["colour"], "teal",
        "an unknown field survives a write"
    );
    assert_eq!(
        stored["surveys"][0]["questions"][0],
        json!({"id": "q1", "text": {"en": "Draw it"}, "kind": {"type": "drawing", "pens": 3}}),
        "the newer question is untouched"
    );
    assert_eq!(
        stored["surveys"][0]["questions"][1]["text"]["en"],
        "Why not?"
    );
}

#[test]
fn documents_of_another_kind_or_a_damaged_layout_are_refused_and_newer_ones_named() {
    let check = |edit: &dyn Fn(&mut AutoCommit), expected: LayoutError| {
        let mut am = doc(&json!({})).automerge_mut().clone();
        edit(&mut am);
        assert_eq!(
            JsonDoc::from_automerge(am, "session").unwrap_err(),
            expected
        );
    };
    check(
        &|d| {
            d.put(ROOT, "type", "project").unwrap();
        },
        LayoutError::WrongKind("session".into()),
    );
    check(
        &|d| {
            d.put(ROOT, "layout", 3u64).unwrap();
        },
        LayoutError::NewerLayout(3),
    );
    check(
        &|d| {
            d.put(ROOT, "layout", "one").unwrap();
        },
        LayoutError::WrongType("layout".into()),
    );
    check(
        &|d| {
            d.delete(ROOT, "data").unwrap();
        },
        LayoutError::Missing("data"),
    );
    check(
        &|d| {
            d.put(ROOT, "data", 5).unwrap();
        },
        LayoutError::WrongType("data".into()),
    );
}

#[test]
fn a_layout_1_document_is_upgraded_the_same_way_everywhere() {
    // Layout 1: plain maps and lists, strings as scalars.
    let mut old = AutoCommit::new().with_actor(ActorId::from([5u8; 16]));
    old.put(ROOT, "type", "session").unwrap();
    old.put(ROOT, "layout", 1u64).unwrap();
    let data = old.put_object(ROOT, "data", ObjType::Map).unwrap();
    old.put(&data, "place", "Library").unwrap();
    let list = old.put_object(&data, "cards", ObjType::List).unwrap();
    let card = old.insert_object(&list, 0, ObjType::Map).unwrap();
    old.put(&card, "id", "a").unwrap();
    old.put(&card, "text", "tea").unwrap();
    old.commit();
    let bytes = old.save();
    let open = |actor: u8| {
        let am = AutoCommit::load(&bytes)
            .unwrap()
            .with_actor(ActorId::from([actor; 16]));
        JsonDoc::from_automerge(am, "session").unwrap()
    };
    let (mut a, mut b) = (open(1), open(2));
    assert_eq!(
        a.json().clone(),
        json!({"place": "Library", "cards": [{"id": "a", "text": "tea"}]})
    );
    assert_eq!(a.heads(), b.heads(), "two tabs make the very same upgrade");
    a.write(
        &json!({"place": "Library", "cards": [{"id": "a", "text": "tea!"}]}),
        Timestamp(9),
    )
    .unwrap();
    b.write(
        &json!({"place": "Town hall", "cards": [{"id": "a", "text": "tea"}]}),
        Timestamp(9),
    )
    .unwrap();
    merge(&mut a, &mut b);
    assert_eq!(
        a.json().clone(),
        json!({"place": "Town hall", "cards": [{"id": "a", "text": "tea!"}]}),
        "edits made after either upgrade merge"
    );
}
