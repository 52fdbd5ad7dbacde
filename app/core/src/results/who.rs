//! Who answered and how: the responses counted by who answered
//! (alone, with a supporter, as a group, typed in from paper) and by how
//! the questions looked, as a published report says "63 returns were easy
//! read".

use crate::{
    i18n::Locale,
    response::{Mode, Presentation, ResponseSummary},
};

/// Who answered, in the order a report lists them; `None` for responses
/// started before it was recorded.
pub const MODES: [Option<ModeKind>; 5] = [
    Some(ModeKind::Alone),
    Some(ModeKind::Supported),
    Some(ModeKind::Group),
    Some(ModeKind::Paper),
    None,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModeKind {
    Alone,
    Supported,
    Group,
    Paper,
}

impl ModeKind {
    pub fn of(mode: &Mode) -> ModeKind {
        match mode {
            Mode::Alone => ModeKind::Alone,
            Mode::Supported { .. } => ModeKind::Supported,
            Mode::Group { .. } => ModeKind::Group,
            Mode::Paper => ModeKind::Paper,
        }
    }
}

/// How the questions looked: standard, easy read, large print, or both.
pub const PRESENTATIONS: [Presentation; 4] = Presentation::ALL;

/// The counts of `responses` (those the results are over: see
/// [`super::query::Filter::keeps_summary`]): by [`MODES`] and by
/// [`PRESENTATIONS`], in those orders.
pub fn answered_how<'a>(
    responses: impl IntoIterator<Item = &'a ResponseSummary>,
) -> ([usize; 5], [usize; 4]) {
    let mut modes = [0; 5];
    let mut looks = [0; 4];
    for r in responses {
        let kind = r.mode.as_ref().map(ModeKind::of);
        if let Some(i) = MODES.iter().position(|m| *m == kind) {
            modes[i] += 1;
        }
        if let Some(i) = PRESENTATIONS.iter().position(|p| *p == r.presentation) {
            looks[i] += 1;
        }
    }
    (modes, looks)
}

/// The counts of `responses` by the language they were answered in: one
/// per language of [`Locale::ALL`], then those not recorded.
pub fn answered_in<'a>(responses: impl IntoIterator<Item = &'a ResponseSummary>) -> [usize; 8] {
    let mut counts = [0; 8];
    for r in responses {
        let at = r
            .language
            .as_deref()
            .and_then(Locale::from_tag)
            .and_then(|l| Locale::ALL.iter().position(|x| *x == l))
            .unwrap_or(7);
        counts[at] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;

    fn summary(
        mode: Option<Mode>,
        easy_read: bool,
        large_print: bool,
        done: bool,
    ) -> ResponseSummary {
        ResponseSummary {
            project: None,
            survey: "s".into(),
            started: Timestamp(1),
            updated: Timestamp(1),
            completed: done.then_some(Timestamp(2)),
            position: 0,
            answered: 0,
            mode,
            presentation: Presentation {
                easy_read,
                large_print,
            },
            survey_version: None,
            device: None,
            language: None,
        }
    }

    #[test]
    fn completed_responses_are_counted_by_who_answered_and_how_it_looked() {
        let group = Mode::Group {
            name: "Tuesday".into(),
            size: 6,
        };
        let supported = Mode::Supported {
            role: "key worker".into(),
        };
        let all = [
            summary(Some(Mode::Alone), false, false, true),
            summary(Some(Mode::Alone), true, false, true),
            summary(Some(supported), true, true, true),
            summary(Some(group), false, true, true),
            summary(Some(Mode::Paper), false, false, true),
            summary(None, true, false, true),
            // A draft is not counted.
            summary(Some(Mode::Alone), true, false, false),
        ];
        let kept = |r: &&ResponseSummary| crate::results::query::Filter::default().keeps_summary(r);
        let (modes, looks) = answered_how(all.iter().filter(kept));
        assert_eq!(modes, [2, 1, 1, 1, 1]);
        assert_eq!(looks, [2, 2, 1, 1]);
    }

    #[test]
    fn completed_responses_are_counted_by_language_and_the_unrecorded_last() {
        let with = |tag: Option<&str>, completed| ResponseSummary {
            language: tag.map(str::to_owned),
            ..summary(Some(Mode::Alone), false, false, completed)
        };
        let all = [
            with(Some("cy"), true),
            with(Some("cy"), true),
            with(Some("ur"), true),
            with(Some("en-GB"), true),
            with(None, true),
            with(Some("xx"), true),
            with(Some("cy"), false),
        ];
        let welsh = Locale::ALL
            .iter()
            .position(|l| *l == Locale::Welsh)
            .unwrap();
        let urdu = Locale::ALL.iter().position(|l| *l == Locale::Urdu).unwrap();
        let kept = |r: &&ResponseSummary| crate::results::query::Filter::default().keeps_summary(r);
        let counts = answered_in(all.iter().filter(kept));
        assert_eq!(counts[welsh], 2, "the draft is not counted");
        let drafts = crate::results::query::Filter {
            drafts: true,
            ..Default::default()
        };
        assert_eq!(
            answered_in(all.iter().filter(|r| drafts.keeps_summary(r)))[welsh],
            3,
            "unless drafts count too"
        );
        assert_eq!(counts[urdu], 1);
        assert_eq!(counts[0], 1, "a regional tag is its language");
        assert_eq!(counts[7], 2, "not recorded, or not a language of the app");
        assert_eq!(counts.iter().sum::<usize>(), 6);
    }
}
