//! Typing on a screen that has not shown a change merged from elsewhere.
//! The screen sends its whole text; what the person did is the one splice
//! from the text it showed to the text it sends. That splice is made on the
//! text as it is now, at the place it was made, so a merged insertion or
//! deletion elsewhere in the text is kept instead of being typed over.

/// `current` with the change from `shown` to `typed` made on it.
pub fn rebase_text(shown: &str, typed: &str, current: &str) -> String {
    if shown == current {
        return typed.to_owned();
    }
    let (s, t, c): (Vec<char>, Vec<char>, Vec<char>) = (
        shown.chars().collect(),
        typed.chars().collect(),
        current.chars().collect(),
    );
    // The screen's splice: `del` characters at `pos` of `shown` became `ins`.
    let pos = common_prefix(&s, &t);
    let tail = common_suffix(&s[pos..], &t[pos..]);
    let (del_end, ins) = (s.len() - tail, &t[pos..t.len() - tail]);
    // Where `shown` and `current` differ: [a, s.len() - b) of `shown` is
    // [a, c.len() - b) of `current`.
    let a = common_prefix(&s, &c);
    let b = common_suffix(&s[a..], &c[a..]);
    let map = |x: usize| {
        if x <= a {
            x
        } else if x >= s.len() - b {
            x + c.len() - s.len()
        } else {
            // Inside text another device changed: after that change.
            c.len() - b
        }
    };
    let (from, to) = (map(pos), map(del_end).max(map(pos)));
    c[..from].iter().chain(ins).chain(&c[to..]).collect()
}

fn common_prefix(a: &[char], b: &[char]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &[char], b: &[char]) -> usize {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use super::rebase_text;

    #[test]
    fn the_screens_change_lands_where_it_was_made_and_merged_changes_stay() {
        // (shown, typed, current, expected)
        let cases = [
            ("tea", "tea!", "tea", "tea!"),
            (
                "The bus is late.",
                "The bus is late. Again.",
                "The 47 bus is late.",
                "The 47 bus is late. Again.",
            ),
            (
                "The bus is late.",
                "The red bus is late.",
                "The bus is late every day.",
                "The red bus is late every day.",
            ),
            (
                "I like it",
                "I like it a lot",
                "We like it",
                "We like it a lot",
            ),
            (
                "one two three",
                "one three",
                "one two three four",
                "one three four",
            ),
            ("abc", "ab", "xabc", "xab"),
            ("", "hello", "from elsewhere", "hellofrom elsewhere"),
            ("same", "same", "changed elsewhere", "changed elsewhere"),
            ("ধন্যবাদ", "ধন্যবাদ আপনাকে", "অনেক ধন্যবাদ", "অনেক ধন্যবাদ আপনাকে"),
            ("keep this", "", "keep this too", " too"),
        ];
        for (shown, typed, current, expected) in cases {
            assert_eq!(
                rebase_text(shown, typed, current),
                expected,
                "{shown:?} → {typed:?} over {current:?}"
            );
        }
    }
}
