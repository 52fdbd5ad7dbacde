//! The edits that turn one version of some content into another: what the
//! person did on a screen that showed `old` and now shows `new`.
//!
//! Only what differs is named, and only fields both sides know: a field a
//! newer version wrote is in neither (the screen never saw it), so no edit
//! touches it. An item whose kind this version does not know
//! ([`NEWER_KIND`]) gets no edits at all, only removal.

use serde_json::{Map, Value};

use super::{
    edit::{Edit, Path, Step},
    layout::{Context, item_id},
};

/// What a question kind this version does not know reads as.
pub const NEWER_KIND: &str = "newer";

pub fn diff(old: &Value, new: &Value, cx: Context) -> Vec<Edit> {
    let mut out = Vec::new();
    diff_value(old, new, cx, &mut Vec::new(), &mut out);
    out
}

fn diff_value(old: &Value, new: &Value, cx: Context, path: &mut Path, out: &mut Vec<Edit>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => diff_map(o, n, cx, path, out),
        (Value::Array(o), Value::Array(n)) if cx.collection => {
            let ids = |items: &[Value]| -> Vec<String> {
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| item_id(v, i))
                    .collect()
            };
            let (old_ids, new_ids) = (ids(o), ids(n));
            diff_order(&old_ids, &new_ids, n, path, out);
            for (id, item) in new_ids.iter().zip(n) {
                if let Some(before) = old_ids.iter().position(|o| o == id) {
                    path.push(Step::Item(id.clone()));
                    diff_value(&o[before], item, cx.element(), path, out);
                    path.pop();
                }
            }
        }
        (Value::Array(o), Value::Array(n)) if all_strings(o) && all_strings(n) => {
            let strings = |items: &[Value]| -> Vec<String> {
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            };
            diff_order(&strings(o), &strings(n), n, path, out);
        }
        (Value::Array(o), Value::Array(n)) if o.len() == n.len() => {
            for (i, (a, b)) in o.iter().zip(n).enumerate() {
                path.push(Step::Index(i));
                diff_value(a, b, cx.element(), path, out);
                path.pop();
            }
        }
        (Value::String(o), Value::String(n)) if cx.text => out.push(splice(o, n, path)),
        _ => out.push(Edit::Set {
            path: path.clone(),
            value: new.clone(),
        }),
    }
}

fn diff_map(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    cx: Context,
    path: &mut Path,
    out: &mut Vec<Edit>,
) {
    let newer = |m: &Map<String, Value>| {
        m.get("kind")
            .and_then(|k| k.get("type"))
            .and_then(Value::as_str)
            == Some(NEWER_KIND)
    };
    if newer(old) {
        return;
    }
    for (key, value) in new {
        path.push(Step::Key(key.clone()));
        match old.get(key) {
            Some(before) => diff_value(before, value, cx.key(key), path, out),
            None => out.push(Edit::Set {
                path: path.clone(),
                value: value.clone(),
            }),
        }
        path.pop();
    }
    for key in old.keys().filter(|k| !new.contains_key(*k)) {
        let mut gone = path.clone();
        gone.push(Step::Key(key.clone()));
        out.push(Edit::Remove { path: gone });
    }
}

/// Removals, insertions and moves that turn the order `old` into `new`. The
/// longest run of ids both keep in the same order stays put; every other
/// kept id is moved, so a move touches only the moved item.
fn diff_order(old: &[String], new: &[String], values: &[Value], path: &Path, out: &mut Vec<Edit>) {
    for id in old.iter().filter(|id| !new.contains(id)) {
        let mut gone = path.clone();
        gone.push(Step::Item(id.clone()));
        out.push(Edit::Remove { path: gone });
    }
    let kept_old: Vec<&String> = old.iter().filter(|id| new.contains(id)).collect();
    let kept_new: Vec<&String> = new.iter().filter(|id| old.contains(id)).collect();
    let stay = longest_common(&kept_old, &kept_new);
    let mut after: Option<String> = None;
    for (id, value) in new.iter().zip(values) {
        if !old.contains(id) {
            out.push(Edit::Insert {
                path: path.clone(),
                id: id.clone(),
                after: after.clone(),
                value: value.clone(),
            });
        } else if !stay.contains(id) {
            out.push(Edit::Move {
                path: path.clone(),
                id: id.clone(),
                after: after.clone(),
            });
        }
        after = Some(id.clone());
    }
}

/// The longest common subsequence of two lists of distinct ids.
fn longest_common(a: &[&String], b: &[&String]) -> Vec<String> {
    let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i][j] = if a[i] == b[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push(a[i].clone());
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

fn all_strings(items: &[Value]) -> bool {
    items.iter().all(Value::is_string)
}

/// The one splice that turns `old` into `new`: what lies between their common
/// start and common end, counted in characters as automerge counts them.
pub fn splice(old: &str, new: &str, path: &Path) -> Edit {
    let (o, n): (Vec<char>, Vec<char>) = (old.chars().collect(), new.chars().collect());
    let start = o.iter().zip(&n).take_while(|(a, b)| a == b).count();
    let end = o[start..]
        .iter()
        .rev()
        .zip(n[start..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    Edit::Splice {
        path: path.clone(),
        pos: start,
        del: o.len() - start - end,
        text: n[start..n.len() - end].iter().collect(),
    }
}
