//! JSON content written into automerge: round trips, minimal changes, merges.

use automerge::AutoCommit;
use serde_json::{Value, json};

use super::*;

fn doc(content: &Value) -> JsonDoc {
    JsonDoc::new([1; 16], "project", content, Timestamp(1))
}

#[test]
fn content_round_trips_through_save_and_load() {
    let content = json!({
        "name": "Tea and talk, Lewisham",
        "count": 12, "big": u64::MAX, "ratio": 0.5, "neg": -3,
        "flag": true, "none": null,
        "nested": {"list": [1, "two", {"three": [3.5]}], "empty": []}
    });
    let mut d = doc(&content);
    let bytes = d.automerge_mut().save();
    let loaded = JsonDoc::from_automerge(AutoCommit::load(&bytes).unwrap(), "project").unwrap();
    assert_eq!(loaded.read::<Value>().unwrap(), content);
}

#[test]
fn writing_the_same_content_records_nothing_and_a_list_edit_is_one_insert() {
    let mut d = doc(&json!({"cards": ["a", "b", "c"]}));
    let before = d.automerge_mut().get_heads();
    d.write(&json!({"cards": ["a", "b", "c"]}), Timestamp(2));
    assert_eq!(
        d.automerge_mut().get_heads(),
        before,
        "no change, no commit"
    );

    d.write(&json!({"cards": ["a", "x", "b", "c"]}), Timestamp(3));
    let change = d.automerge_mut().get_last_local_change().unwrap().clone();
    assert_eq!(change.len(), 1, "one insert, not a rewritten list");
    assert_eq!(
        d.read::<Value>().unwrap(),
        json!({"cards": ["a", "x", "b", "c"]})
    );
    d.write(&json!({"cards": ["a", "c"]}), Timestamp(4));
    assert_eq!(d.read::<Value>().unwrap(), json!({"cards": ["a", "c"]}));
}

#[test]
fn edits_to_different_fields_and_cards_on_two_devices_merge() {
    let start = json!({"place": "", "cards": [{"id": "1", "text": "tea"}]});
    let mut a = doc(&start);
    let mut b = JsonDoc::from_automerge(
        a.automerge_mut()
            .fork()
            .with_actor(automerge::ActorId::from([2u8; 16])),
        "project",
    )
    .unwrap();
    a.write(
        &json!({"place": "Library", "cards": [{"id": "1", "text": "tea"}]}),
        Timestamp(2),
    );
    b.write(
        &json!({"place": "", "cards": [{"id": "1", "text": "tea and cake"}, {"id": "2", "text": "bus"}]}),
        Timestamp(2),
    );
    a.automerge_mut().merge(b.automerge_mut()).unwrap();
    assert_eq!(
        a.read::<Value>().unwrap(),
        json!({"place": "Library", "cards": [{"id": "1", "text": "tea and cake"}, {"id": "2", "text": "bus"}]})
    );
}

#[test]
fn documents_of_another_kind_or_layout_are_refused() {
    let check = |edit: &dyn Fn(&mut AutoCommit), expected: LayoutError| {
        let mut am = doc(&json!({})).automerge_mut().clone();
        edit(&mut am);
        assert_eq!(
            JsonDoc::from_automerge(am, "project").unwrap_err(),
            expected
        );
    };
    use automerge::transaction::Transactable;
    check(
        &|d| {
            d.put(ROOT, "type", "session").unwrap();
        },
        LayoutError::WrongKind("project".into()),
    );
    check(
        &|d| {
            d.put(ROOT, "layout", 2u64).unwrap();
        },
        LayoutError::NewerLayout(2),
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
