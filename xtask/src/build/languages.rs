//! Each language's files: its catalog (`dist/locales/<tag>.json`) and the
//! self-hosted Noto fonts its script needs (`dist/fonts/`, from the npm
//! `@fontsource/*` packages, OFL).
//!
//! Catalogs are small and precached. Fonts are not: the stylesheet declares
//! them with `unicode-range`, so a browser downloads a script's font only
//! when text in that script is shown, and the page asks the service worker to
//! keep the fonts of the languages a person or project uses (`FONTS` in sw.js).

use std::{collections::BTreeMap, fs, path::Path};

use super::{copy, read};
use crate::cmd::Result;

/// A font family from npm `@fontsource`.
struct Font {
    package: &'static str,
    /// The subsets of it shipped.
    subsets: &'static [&'static str],
    /// The languages that need it.
    tags: &'static [&'static str],
    /// Regular and bold, except Latin: it is the one font on the first
    /// screen, whose 400 KB budget has no room for a second face, so
    /// browsers draw its bold from the regular.
    weights: &'static [&'static str],
}

const BOTH: &[&str] = &["400", "700"];
const FONTS: [Font; 5] = [
    Font {
        package: "noto-sans",
        subsets: &["latin", "latin-ext"],
        tags: &["en", "cy", "pl"],
        weights: &["400"],
    },
    Font {
        package: "noto-sans-bengali",
        subsets: &["bengali"],
        tags: &["bn"],
        weights: BOTH,
    },
    Font {
        package: "noto-sans-gurmukhi",
        subsets: &["gurmukhi"],
        tags: &["pa"],
        weights: BOTH,
    },
    Font {
        package: "noto-sans-gujarati",
        subsets: &["gujarati"],
        tags: &["gu"],
        weights: BOTH,
    },
    Font {
        package: "noto-nastaliq-urdu",
        subsets: &["arabic"],
        tags: &["ur"],
        weights: BOTH,
    },
];

/// What the build adds for languages: `@font-face` rules for the
/// stylesheet, the catalogs to precache, and each language's font files.
pub struct Languages {
    pub font_faces: String,
    pub catalogs: Vec<String>,
    pub fonts: BTreeMap<String, Vec<String>>,
}

pub fn emit(root: &Path, dist: &Path) -> Result<Languages> {
    let locales = dist.join("locales");
    fs::create_dir_all(&locales).map_err(|e| e.to_string())?;
    let mut catalogs = Vec::new();
    for entry in fs::read_dir(root.join("app/core/locales")).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // English is compiled into the app; the others are read when chosen.
        if name == "en.json" || !name.ends_with(".json") {
            continue;
        }
        let json: serde_json::Value = serde_json::from_slice(&read(&path)?)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        fs::write(locales.join(&name), json.to_string()).map_err(|e| e.to_string())?;
        catalogs.push(format!("/locales/{name}"));
    }
    catalogs.sort();

    let out = dist.join("fonts");
    fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let mut font_faces = String::new();
    let mut fonts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for Font {
        package,
        subsets,
        tags,
        weights,
    } in FONTS
    {
        let source = root.join("node_modules/@fontsource").join(package);
        for weight in weights {
            let css = String::from_utf8(read(&source.join(format!("{weight}.css")))?)
                .map_err(|e| e.to_string())?;
            for subset in subsets {
                let file = format!("{package}-{subset}-{weight}-normal.woff2");
                let face = font_face(&css, &file)
                    .ok_or_else(|| format!("{package}/{weight}.css has no {file}"))?;
                copy(&source.join("files").join(&file), &out.join(&file))?;
                font_faces.push_str(&face.replace(
                    &format!("url(./files/{file}) format('woff2')"),
                    &format!("url(/fonts/{file}) format('woff2')"),
                ));
                font_faces.push('\n');
                for tag in tags {
                    fonts
                        .entry(tag.to_string())
                        .or_default()
                        .push(format!("/fonts/{file}"));
                }
            }
        }
    }
    Ok(Languages {
        font_faces,
        catalogs,
        fonts,
    })
}

/// Copies each language's picture search words to
/// `dist/pictures/words-<tag>.json`, refusing a word that finds no picture.
pub fn picture_words(root: &Path, dist: &Path) -> Result {
    let catalogue: Vec<(String, String)> =
        serde_json::from_slice(&read(&dist.join("pictures/catalogue.json"))?)
            .map_err(|e| format!("catalogue.json: {e}"))?;
    let source = root.join("app/core/locales/picture-words");
    for entry in fs::read_dir(&source).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let words: BTreeMap<String, Vec<String>> = serde_json::from_slice(&read(&path)?)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some(english) = words.keys().find(|w| {
            !catalogue
                .iter()
                .any(|(_, words)| words.to_lowercase().contains(w.as_str()))
        }) {
            return Err(format!("{}: `{english}` finds no picture", path.display()));
        }
        let json = serde_json::to_string(&words).map_err(|e| e.to_string())?;
        fs::write(dist.join("pictures").join(format!("words-{name}")), json)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The `@font-face` rule of fontsource's CSS that serves `file`, keeping only
/// its woff2 source (every browser that runs the app reads woff2).
fn font_face(css: &str, file: &str) -> Option<String> {
    let rule = css
        .split("@font-face")
        .skip(1)
        .find(|rule| rule.contains(&format!("./files/{file}")))?;
    let body = &rule[..=rule.find('}')?];
    let src_start = body.find("src:")?;
    let src_end = src_start + body[src_start..].find(';')?;
    Some(format!(
        "@font-face{}src: url(./files/{file}) format('woff2'){}",
        &body[..src_start],
        &body[src_end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_font_face_keeps_its_range_and_only_the_woff2_source() {
        let css = "/* a */\n@font-face {\n  font-family: 'Noto Sans';\n  font-weight: 400;\n  src: url(./files/x-latin-400-normal.woff2) format('woff2'), url(./files/x-latin-400-normal.woff) format('woff');\n  unicode-range: U+0000-00FF;\n}\n\n/* b */\n@font-face {\n  src: url(./files/x-cyrillic-400-normal.woff2) format('woff2');\n}\n";
        let face = font_face(css, "x-latin-400-normal.woff2").unwrap();
        assert!(face.starts_with("@font-face {"), "{face}");
        assert!(face.contains("unicode-range: U+0000-00FF;"), "{face}");
        assert!(
            face.contains("src: url(./files/x-latin-400-normal.woff2) format('woff2');"),
            "{face}"
        );
        assert!(!face.contains(".woff)"), "{face}");
        assert!(!face.contains("cyrillic"), "{face}");
        assert_eq!(font_face(css, "missing.woff2"), None);
    }
}
