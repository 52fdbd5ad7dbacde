//! Easy read: the app's own easy-read sentences, each with its picture, and the
//! rule every easy-read text follows (short sentences, one idea each, a picture
//! beside each item), checked over the app and the built-in templates.

use crate::{i18n::Messages, response::Feeling};

/// At most this many words in one easy-read sentence.
pub const MAX_WORDS_PER_SENTENCE: usize = 15;

/// One easy-read sentence of the app's own text and the picture shown beside it.
#[derive(Clone, Copy)]
pub struct EasyLine {
    pub text: fn(&Messages) -> &'static str,
    /// An OpenMoji code from the app's picture set.
    pub picture: &'static str,
}

macro_rules! line {
    ($key:ident, $picture:literal) => {
        EasyLine {
            text: |m| m.$key,
            picture: $picture,
        }
    };
}

/// What taking part means, before consent.
pub const BRIEFING: [EasyLine; 5] = [
    line!(easy_consent_about, "1F4AC"),
    line!(easy_consent_voluntary, "1F914"),
    line!(easy_consent_stop, "1F6D1"),
    line!(easy_consent_anonymous, "1F464"),
    line!(easy_consent_use, "1F4C8"),
];
pub const OPTIONAL: EasyLine = line!(easy_question_optional, "1F44C");
pub const REVIEW: EasyLine = line!(easy_review, "1F50D");
pub const HANDOVER: EasyLine = line!(easy_handover, "1F64F");
pub const DECLINED: EasyLine = line!(easy_declined, "1F44D");

/// The hard words the answering screens use, explained.
pub const GLOSSARY: [EasyLine; 4] = [
    line!(glossary_consent, "270B"),
    line!(glossary_supporter, "1F91D"),
    line!(glossary_anonymous, "1F464"),
    line!(glossary_survey, "1F4CB"),
];

/// The picture scale's faces, beside the feelings they show ("don't know"
/// has none).
pub const FACE_PICTURES: [(Feeling, &str); 3] = [
    (Feeling::Happy, "1F600"),
    (Feeling::NotSure, "1F610"),
    (Feeling::Unhappy, "1F641"),
];
/// Read aloud's loudspeaker.
pub const SPEAKER_PICTURE: &str = "1F50A";

/// The pictures beside the answers of the consent screen and its "who is
/// answering" step.
pub struct ConsentPictures {
    pub yes: &'static str,
    pub supporter: &'static str,
    pub no: &'static str,
    pub alone: &'static str,
    pub group: &'static str,
    pub paper: &'static str,
}

pub const CONSENT_PICTURES: ConsentPictures = ConsentPictures {
    yes: "1F44D",
    supporter: "1F91D",
    no: "1F44E",
    alone: "1F464",
    group: "1F465",
    paper: "1F4DD",
};

/// Every picture the app's own answering screens can show, whatever the
/// survey: the build precaches them all, so a device that has opened the app
/// once shows them with no signal.
pub fn app_pictures() -> Vec<&'static str> {
    let c = CONSENT_PICTURES;
    let mut pictures: Vec<&'static str> = all_lines().iter().map(|l| l.picture).collect();
    pictures.extend(FACE_PICTURES.map(|(_, p)| p));
    pictures.extend([
        SPEAKER_PICTURE,
        c.yes,
        c.supporter,
        c.no,
        c.alone,
        c.group,
        c.paper,
    ]);
    pictures.sort_unstable();
    pictures.dedup();
    pictures
}

/// Every easy-read line of the app, for checks.
pub fn all_lines() -> Vec<EasyLine> {
    let mut lines = BRIEFING.to_vec();
    lines.extend([OPTIONAL, REVIEW, HANDOVER, DECLINED]);
    lines.extend(GLOSSARY);
    lines
}

/// The sentences of `text` that are longer than the easy-read limit, split on
/// the full stops of the app's seven languages (including the Bengali,
/// Gurmukhi and Urdu ones).
pub fn long_sentences(text: &str) -> Vec<&str> {
    text.split(['.', '!', '?', '\u{0964}', '\u{06D4}', '\u{061F}', '\n'])
        .map(str::trim)
        .filter(|s| s.split_whitespace().count() > MAX_WORDS_PER_SENTENCE)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::tests::shipped_catalogs;
    use crate::survey::{QuestionKind, SUPPORT_SURVEY_ID, built_in_surveys};

    #[test]
    fn the_app_pictures_cover_every_easy_read_line_face_and_consent_answer() {
        let pictures = app_pictures();
        for line in all_lines() {
            assert!(pictures.contains(&line.picture), "{}", line.picture);
        }
        for (_, face) in FACE_PICTURES {
            assert!(pictures.contains(&face));
        }
        assert!(pictures.contains(&CONSENT_PICTURES.no));
        assert!(pictures.contains(&SPEAKER_PICTURE));
        // The magnifier of the review and the hands of the thank-you screen
        // were the two broken offline.
        assert!(pictures.contains(&REVIEW.picture) && pictures.contains(&HANDOVER.picture));
        assert!(
            pictures
                .iter()
                .all(|p| p.chars().all(|c| c.is_ascii_hexdigit() || c == '-'))
        );
    }

    #[test]
    fn sentences_are_counted_in_words_across_scripts() {
        assert!(long_sentences("One two. Three four five?").is_empty());
        let long = "a ".repeat(16);
        assert_eq!(long_sentences(&format!("Short. {long}")), [long.trim()]);
        // The Bengali danda ends a sentence too.
        let bengali = format!("{}। ছোট।", "শব্দ ".repeat(10));
        assert!(long_sentences(&bengali.repeat(2)).is_empty());
    }

    #[test]
    fn every_easy_read_line_of_the_app_is_short_and_has_a_picture() {
        for catalog in shipped_catalogs() {
            for line in all_lines() {
                let text = (line.text)(catalog.messages);
                assert!(!line.picture.is_empty());
                assert!(
                    long_sentences(text).is_empty(),
                    "{}: {text:?} has a sentence over {MAX_WORDS_PER_SENTENCE} words",
                    catalog.locale.tag()
                );
            }
        }
    }

    /// The easy-read templates (the "what matters" and example surveys) are
    /// easy read throughout: every question and choice in every language.
    #[test]
    fn every_easy_read_template_item_is_short_and_has_a_picture() {
        let catalogs = shipped_catalogs();
        for survey in built_in_surveys(&catalogs) {
            let easy =
                survey.id == SUPPORT_SURVEY_ID || survey.id == crate::survey::EXAMPLE_SURVEY_ID;
            for question in &survey.questions {
                let mut items = vec![(
                    &question.id,
                    question.picture.as_ref(),
                    if easy {
                        &question.text
                    } else {
                        &question.easy_read
                    },
                )];
                let choices = match &question.kind {
                    QuestionKind::SingleChoice { choices }
                    | QuestionKind::MultipleChoice { choices, .. } => choices.as_slice(),
                    _ => &[],
                };
                for choice in choices {
                    items.push((
                        &choice.id,
                        choice.picture.as_ref(),
                        if easy {
                            &choice.text
                        } else {
                            &choice.easy_read
                        },
                    ));
                }
                for (id, picture, text) in items {
                    if text.is_empty() {
                        continue;
                    }
                    assert!(picture.is_some(), "{}/{id} has no picture", survey.id);
                    for (tag, text) in &text.0 {
                        assert!(
                            long_sentences(text).is_empty(),
                            "{}/{id} ({tag}): {text:?} is too long for easy read",
                            survey.id
                        );
                    }
                }
            }
            if easy {
                assert_eq!(
                    survey.title.0.len(),
                    catalogs.len(),
                    "{} in every language",
                    survey.id
                );
            }
        }
    }
}
