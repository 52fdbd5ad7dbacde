//! Finding a picture by word. The picture set (OpenMoji) describes its
//! pictures in English; each language adds a list of everyday words for the
//! things people most often look for, each pointing at the English word, so a
//! coordinator can search in any of the project's languages.

use std::collections::BTreeMap;

/// A language's search words: English word to the words a speaker would type.
pub type PictureWords = BTreeMap<String, Vec<String>>;

#[derive(Clone, Debug, Default)]
pub struct PictureIndex {
    /// Each picture's code and its English words.
    entries: Vec<(String, String)>,
    /// A word in another language (lower case) and the English word it means.
    words: Vec<(String, String)>,
}

impl PictureIndex {
    pub fn new(entries: Vec<(String, String)>) -> PictureIndex {
        PictureIndex {
            entries,
            words: Vec::new(),
        }
    }

    /// Adds one language's search words.
    pub fn add_words(&mut self, words: PictureWords) {
        for (english, local) in words {
            for word in local {
                self.words.push((word.to_lowercase(), english.clone()));
            }
        }
    }

    /// Up to `limit` pictures whose English words contain `query` or the
    /// English word of a local word starting with it; a match at the start of
    /// a picture's name first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<(String, String)> {
        let query = query.trim().to_lowercase();
        if query.is_empty() {
            return Vec::new();
        }
        let mut terms = vec![query.clone()];
        for (local, english) in &self.words {
            if local.starts_with(&query) && !terms.contains(english) {
                terms.push(english.clone());
            }
        }
        let mut hits: Vec<(usize, &(String, String))> = self
            .entries
            .iter()
            .filter_map(|entry| {
                let words = entry.1.to_lowercase();
                let at = terms.iter().filter_map(|t| words.find(t.as_str())).min()?;
                Some((usize::from(at > 0), entry))
            })
            .collect();
        hits.sort_by_key(|(rank, _)| *rank);
        hits.into_iter()
            .take(limit)
            .map(|(_, e)| e.clone())
            .collect()
    }

    /// What picture `code` shows, in its first English words ("cat"), to
    /// name a chosen picture on screen and in its alt text.
    pub fn name_of(&self, code: &str) -> Option<&str> {
        let (_, words) = self.entries.iter().find(|(c, _)| c == code)?;
        words
            .split(',')
            .next()
            .map(str::trim)
            .filter(|w| !w.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> PictureIndex {
        PictureIndex::new(vec![
            ("1F63A".into(), "grinning cat, animal, face".into()),
            ("1F408".into(), "cat, animal, pet".into()),
            ("1F415".into(), "dog, animal, pet".into()),
        ])
    }

    #[test]
    fn a_picture_is_named_by_its_first_words() {
        assert_eq!(index().name_of("1F408"), Some("cat"));
        assert_eq!(index().name_of("1F63A"), Some("grinning cat"));
        assert_eq!(index().name_of("nope"), None);
    }

    #[test]
    fn english_words_are_found_names_first() {
        let found = index().search(" Cat ", 10);
        assert_eq!(
            found.iter().map(|e| e.0.as_str()).collect::<Vec<_>>(),
            ["1F408", "1F63A"]
        );
        assert!(index().search("", 10).is_empty());
        assert_eq!(index().search("pet", 1).len(), 1);
    }

    #[test]
    fn a_word_in_another_language_finds_the_english_pictures() {
        let mut index = index();
        index.add_words(PictureWords::from([
            ("cat".to_owned(), vec!["Cath".to_owned()]),
            ("dog".to_owned(), vec!["ci".to_owned()]),
        ]));
        let found = index.search("cath", 10);
        assert_eq!(
            found.iter().map(|e| e.0.as_str()).collect::<Vec<_>>(),
            ["1F408", "1F63A"]
        );
        // A prefix is enough, as when typing.
        assert_eq!(index.search("ca", 10).len(), 2);
        assert_eq!(index.search("ci", 10)[0].0, "1F415");
        assert!(index.search("ceffyl", 10).is_empty());
    }
}

#[cfg(test)]
mod shipped {
    use super::*;

    /// Every language's search words cover the same English words, each with
    /// at least one word to type.
    #[test]
    fn every_language_has_words_for_the_same_pictures() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/picture-words");
        let mut keys = None;
        for tag in ["cy", "pl", "bn", "ur", "pa", "gu"] {
            let text = std::fs::read_to_string(dir.join(format!("{tag}.json"))).unwrap();
            let words: PictureWords = serde_json::from_str(&text).unwrap();
            assert!(
                words
                    .values()
                    .all(|w| !w.is_empty() && w.iter().all(|s| !s.trim().is_empty())),
                "{tag}"
            );
            let these: Vec<String> = words.keys().cloned().collect();
            assert!(these.len() >= 100, "{tag}");
            assert_eq!(keys.get_or_insert_with(|| these.clone()), &these, "{tag}");
        }
    }
}
