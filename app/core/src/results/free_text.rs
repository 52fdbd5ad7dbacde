//! The words people wrote: every free-text answer of a question, or every
//! "other" text of a multiple-choice one, a page at a time, searched in any
//! script, and marked as quotes to share (which the co-production board
//! takes up). A page is computed where the answers are, so thousands of
//! texts never cross to the screen at once.

use serde::{Deserialize, Serialize};

use std::collections::BTreeSet;

use super::{Answers, query::Filter};
use crate::{
    id::DocId,
    response::Answer,
    survey::{QuestionKind, Survey},
};

/// Texts on one page.
pub const PAGE: usize = 20;

/// What the screen asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Query {
    pub question: String,
    /// Words that must all occur in a text, in any case; empty: every text.
    #[serde(default)]
    pub search: String,
    #[serde(default)]
    pub quotes_only: bool,
    /// How many matching texts come before the page.
    #[serde(default)]
    pub from: usize,
    /// The same responses as the tables shown.
    #[serde(default)]
    pub filter: Filter,
}

/// One response, as free text reads it.
pub struct Written<'a> {
    pub response: &'a DocId,
    pub answers: &'a Answers,
    /// The questions whose text from it is marked as a quote.
    pub quotes: &'a BTreeSet<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// The response it is from, to mark it as a quote (never shown).
    pub response: DocId,
    pub text: String,
    pub quote: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub question: String,
    /// Texts written for the question at all.
    pub total: usize,
    /// Of those, how many are marked as quotes.
    pub quotes: usize,
    /// Texts that match the search (and "quotes only").
    pub matching: usize,
    pub from: usize,
    pub items: Vec<Item>,
}

/// `text` trimmed, if anything is left of it.
pub fn written(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// The text `answer` gives a question of `kind`, if it gives one.
fn text_of<'a>(kind: &QuestionKind, answer: &'a Answer) -> Option<&'a str> {
    match (kind, answer) {
        (QuestionKind::FreeText, Answer::Text(text)) => written(Some(text)),
        (QuestionKind::MultipleChoice { .. }, Answer::Choices { other, .. }) => {
            written(other.as_deref())
        }
        _ => None,
    }
}

/// Whether every word of `search` occurs in `text` (see [`Search`]).
pub fn matches(text: &str, search: &str) -> bool {
    Search::new(search).finds(text)
}

/// The words of a search, folded once for every text it is tried on.
struct Search(Vec<String>);

impl Search {
    fn new(search: &str) -> Search {
        Search(search.split_whitespace().map(folded).collect())
    }

    /// Whether every word occurs in `text`, ignoring case (in any script
    /// that has case) and how the letters were encoded: a Welsh "ŵ" typed as
    /// one character or as "w" and a combining accent, or an Urdu letter
    /// pasted in its Arabic presentation form, matches the plain one. With
    /// no words, every text, and none is folded.
    fn finds(&self, text: &str) -> bool {
        if self.0.is_empty() {
            return true;
        }
        let text = folded(text);
        self.0.iter().all(|word| text.contains(word.as_str()))
    }
}

/// `text` in compatibility composed form (NFKC), lower case, and in that
/// form again: lowering can leave a sequence that composes differently.
fn folded(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let lower: String = text.nfkc().collect::<String>().to_lowercase();
    lower.nfkc().collect()
}

/// The page `query` asks for over `rows` (in the order to list them), or
/// `None` when the survey has no such question that people write in.
pub fn page<'a>(
    survey: &Survey,
    rows: impl IntoIterator<Item = Written<'a>>,
    query: &Query,
) -> Option<Page> {
    let question = survey.questions.iter().find(|q| q.id == query.question)?;
    if !matches!(
        question.kind,
        QuestionKind::FreeText | QuestionKind::MultipleChoice { .. }
    ) {
        return None;
    }
    let search = Search::new(&query.search);
    let mut page = Page {
        question: question.id.clone(),
        from: query.from,
        ..Page::default()
    };
    for row in rows {
        let Some(text) = row
            .answers
            .get(&question.id)
            .and_then(|a| text_of(&question.kind, a))
        else {
            continue;
        };
        let quote = row.quotes.contains(&question.id);
        page.total += 1;
        page.quotes += usize::from(quote);
        if (query.quotes_only && !quote) || !search.finds(text) {
            continue;
        }
        if page.matching >= query.from && page.items.len() < PAGE {
            page.items.push(Item {
                response: row.response.clone(),
                text: text.to_owned(),
                quote,
            });
        }
        page.matching += 1;
    }
    Some(page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::{Choice, LocalText, Question};

    fn survey() -> Survey {
        let text = LocalText::english;
        Survey::of_questions(vec![
            Question::new("why", text("Why?"), QuestionKind::FreeText),
            Question::new(
                "many",
                text("Which?"),
                QuestionKind::MultipleChoice {
                    choices: vec![Choice::new("a", text("A"))],
                    other: true,
                },
            ),
            Question::new("rate", text("Rate"), QuestionKind::PictureScale),
        ])
    }

    fn row(why: &str, other: Option<&str>, quoted: &[&str]) -> (Answers, BTreeSet<String>) {
        let mut answers = Answers::new();
        answers.insert("why".into(), Answer::Text(why.into()));
        answers.insert(
            "many".into(),
            Answer::Choices {
                chosen: vec!["a".into()],
                other: other.map(str::to_owned),
            },
        );
        (answers, quoted.iter().map(|q| (*q).to_owned()).collect())
    }

    fn query(question: &str, search: &str) -> Query {
        Query {
            question: question.into(),
            search: search.into(),
            ..Query::default()
        }
    }

    #[test]
    fn search_finds_every_word_in_any_case_and_any_script() {
        assert!(matches("The BUS was late again", "bus LATE"));
        assert!(!matches("The bus was late", "bus early"));
        assert!(matches("Dw i'n teimlo'n DDIOGEL", "diogel"));
        assert!(matches("আমি নিরাপদ বোধ করি", "নিরাপদ"));
        assert!(matches("میں محفوظ محسوس کرتا ہوں", "محفوظ"));
        assert!(matches("Czuję się BEZPIECZNIE", "bezpiecznie"));
        assert!(matches("anything", "   "), "no words: every text");
    }

    #[test]
    fn search_ignores_how_the_letters_were_encoded() {
        // Welsh: ŵ as one character in the text, w and a combining
        // circumflex in the search, and the other way round.
        assert!(matches("Mae'r d\u{175}r yn oer", "dw\u{302}r"));
        assert!(matches("Mae'r dw\u{302}r yn oer", "D\u{174}R"));
        // Polish: ś composed and decomposed.
        assert!(matches(
            "Czuj\u{119} si\u{119} \u{15b}wietnie",
            "s\u{301}wietnie"
        ));
        // Bengali: য় as one code point, and as য with a nukta.
        assert!(matches("\u{9df}", "\u{9af}\u{9bc}"));
        // Urdu: an Arabic presentation form pasted from a PDF (ﻣ, initial
        // meem) finds the plain letter.
        assert!(matches(
            "\u{fee3}\u{62d}\u{641}\u{648}\u{638}",
            "\u{645}\u{62d}\u{641}\u{648}\u{638}"
        ));
        // Full-width Latin typed on some phone keyboards.
        assert!(matches("\u{ff22}\u{ff35}\u{ff33} late", "bus"));
        // Not everything matches: another letter is another letter.
        assert!(!matches("Mae'r d\u{175}r yn oer", "dwr"));
    }

    #[test]
    fn pages_of_texts_with_counts_of_all_matching_and_quoted() {
        let ids: Vec<DocId> = (0..45).map(|n| DocId::from_random([n; 16])).collect();
        let rows: Vec<(Answers, BTreeSet<String>)> = (0..45)
            .map(|n| match n % 3 {
                0 => row(&format!("Bus {n}"), Some("Gardening"), &["why"]),
                1 => row(&format!("Tea {n}"), None, &[]),
                _ => row("   ", Some("  "), &[]),
            })
            .collect();
        let listed = || {
            ids.iter()
                .zip(&rows)
                .map(|(response, (answers, quotes))| Written {
                    response,
                    answers,
                    quotes,
                })
        };
        let first = page(&survey(), listed(), &query("why", "")).unwrap();
        assert_eq!((first.total, first.matching, first.quotes), (30, 30, 15));
        assert_eq!(first.items.len(), PAGE);
        assert_eq!(first.items[0].text, "Bus 0");
        assert_eq!(first.items[0].response, ids[0]);
        assert!(first.items[0].quote && !first.items[1].quote);
        let next = page(
            &survey(),
            listed(),
            &Query {
                from: 20,
                ..query("why", "")
            },
        )
        .unwrap();
        assert_eq!(next.items.len(), 10, "the rest");
        assert_eq!(next.items[0].text, "Bus 30");

        let bus = page(&survey(), listed(), &query("why", "bus")).unwrap();
        assert_eq!((bus.total, bus.matching), (30, 15));
        let quotes = Query {
            quotes_only: true,
            ..query("why", "tea")
        };
        assert_eq!(page(&survey(), listed(), &quotes).unwrap().matching, 0);

        let others = page(&survey(), listed(), &query("many", "")).unwrap();
        assert_eq!((others.total, others.quotes), (15, 0), "only texts written");
        assert_eq!(page(&survey(), listed(), &query("rate", "")), None);
        assert_eq!(page(&survey(), listed(), &query("nope", "")), None);
    }
}
