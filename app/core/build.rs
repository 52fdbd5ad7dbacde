//! Turns `locales/en.json` into Rust: the `Messages` struct (so every key is
//! checked by the compiler), the English catalog as a static, and the reader that
//! fills a `Messages` from another language's file at run time.

use std::{collections::BTreeMap, env, fmt::Write as _, fs, path::Path};

use serde_json::Value;

const SOURCE_LOCALE: &str = "en";
const PLURAL_FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

#[derive(Clone)]
enum Message {
    Text(String),
    Plural(BTreeMap<String, String>),
}

struct LocaleFile {
    meta: BTreeMap<String, String>,
    messages: BTreeMap<String, Message>,
}

fn main() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("locales");
    let path = dir.join(format!("{SOURCE_LOCALE}.json"));
    println!("cargo:rerun-if-changed={}", path.display());
    let source = read_locale(&path);

    let mut out = String::new();
    out.push_str(
        "/// Every message the interface shows, one field per key in `locales/en.json`.\n",
    );
    out.push_str("#[derive(Debug)]\npub struct Messages {\n");
    for (key, message) in &source.messages {
        let ty = match message {
            Message::Text(_) => "&'static str",
            Message::Plural(_) => "Plural",
        };
        writeln!(out, "    pub {key}: {ty},").unwrap();
    }
    out.push_str("}\n\n");

    // English as two arrays (texts and plurals) that both the static English
    // messages and the run-time reader index: one loop reads a catalog, where
    // a call per field would cost the first screen kilobytes of code.
    let texts: Vec<(&String, &String)> = source
        .messages
        .iter()
        .filter_map(|(k, m)| match m {
            Message::Text(t) => Some((k, t)),
            Message::Plural(_) => None,
        })
        .collect();
    let plurals: Vec<(&String, &Message)> = source
        .messages
        .iter()
        .filter(|(_, m)| matches!(m, Message::Plural(_)))
        .collect();
    let (nt, np) = (texts.len(), plurals.len());
    writeln!(out, "const TEXT_KEYS: [&str; {nt}] = [").unwrap();
    for (key, _) in &texts {
        writeln!(out, "    {key:?},").unwrap();
    }
    out.push_str("];\n");
    writeln!(out, "const EN_TEXTS: [&str; {nt}] = [").unwrap();
    for (_, text) in &texts {
        writeln!(out, "    {text:?},").unwrap();
    }
    out.push_str("];\n");
    writeln!(out, "const PLURAL_KEYS: [&str; {np}] = [").unwrap();
    for (key, _) in &plurals {
        writeln!(out, "    {key:?},").unwrap();
    }
    out.push_str("];\n");
    writeln!(out, "const EN_PLURALS: [Plural; {np}] = [").unwrap();
    for (_, message) in &plurals {
        writeln!(out, "    {},", literal(message)).unwrap();
    }
    out.push_str("];\n\n");

    let constructor = |texts_name: &str, plurals_name: &str| {
        let mut c = String::from("Messages {\n");
        let (mut ti, mut pi) = (0, 0);
        for (key, message) in &source.messages {
            match message {
                Message::Text(_) => {
                    writeln!(c, "    {key}: {texts_name}[{ti}],").unwrap();
                    ti += 1;
                }
                Message::Plural(_) => {
                    writeln!(c, "    {key}: {plurals_name}[{pi}],").unwrap();
                    pi += 1;
                }
            }
        }
        c.push('}');
        c
    };
    writeln!(
        out,
        "static EN_MESSAGES: Messages = {};\n",
        constructor("EN_TEXTS", "EN_PLURALS")
    )
    .unwrap();

    out.push_str("impl Messages {\n");
    out.push_str("    /// Every key of en.json.\n    pub const KEYS: &[&str] = &[");
    for key in source.messages.keys() {
        write!(out, "{key:?}, ").unwrap();
    }
    out.push_str("];\n\n");
    writeln!(
        out,
        "    fn read(reader: &mut catalog_file::Reader<'_>) -> Messages {{\n        let texts: [&'static str; {nt}] = std::array::from_fn(|i| reader.text(TEXT_KEYS[i], EN_TEXTS[i]));\n        let plurals: [Plural; {np}] = std::array::from_fn(|i| reader.plural(PLURAL_KEYS[i], &EN_PLURALS[i]));\n        {}\n    }}\n}}\n",
        constructor("texts", "plurals")
    )
    .unwrap();

    writeln!(out, "static EN: Catalog = Catalog {{").unwrap();
    writeln!(out, "    locale: Locale::English,").unwrap();
    writeln!(out, "    status: Status::Reviewed,").unwrap();
    writeln!(out, "    messages: &EN_MESSAGES,").unwrap();
    writeln!(out, "    missing: Vec::new(),").unwrap();
    out.push_str("};\n");
    assert_eq!(
        source.meta.get("status").map(String::as_str),
        Some("reviewed"),
        "en.json is the source and must be reviewed"
    );

    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("messages.rs");
    fs::write(dest, out).unwrap();
}

fn literal(message: &Message) -> String {
    match message {
        Message::Text(text) => format!("{text:?}"),
        Message::Plural(forms) => {
            let mut s = String::from("Plural { ");
            for form in PLURAL_FORMS {
                match (form, forms.get(form)) {
                    ("other", Some(text)) => write!(s, "other: {text:?}, ").unwrap(),
                    ("other", None) => unreachable!("checked when read"),
                    (_, Some(text)) => write!(s, "{form}: Some({text:?}), ").unwrap(),
                    (_, None) => write!(s, "{form}: None, ").unwrap(),
                }
            }
            s.push('}');
            s
        }
    }
}

fn read_locale(path: &Path) -> LocaleFile {
    let tag = path.file_stem().unwrap().to_string_lossy().into_owned();
    let text = fs::read_to_string(path).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{tag}.json: {e}"));
    let meta = json["meta"]
        .as_object()
        .unwrap_or_else(|| panic!("{tag}.json: `meta` object is required"))
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
        .collect();
    let messages = json["messages"]
        .as_object()
        .unwrap_or_else(|| panic!("{tag}.json: `messages` object is required"))
        .iter()
        .map(|(key, value)| {
            assert!(
                key.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{tag}.json: key `{key}` must be snake_case"
            );
            let message = match value {
                Value::String(s) => Message::Text(s.clone()),
                Value::Object(forms) => {
                    let forms: BTreeMap<String, String> = forms
                        .iter()
                        .map(|(form, text)| {
                            assert!(
                                PLURAL_FORMS.contains(&form.as_str()),
                                "{tag}.json: `{key}` has unknown plural form `{form}`"
                            );
                            (form.clone(), text.as_str().unwrap_or_default().to_owned())
                        })
                        .collect();
                    assert!(
                        forms.contains_key("other"),
                        "{tag}.json: `{key}` needs an `other` form"
                    );
                    Message::Plural(forms)
                }
                _ => panic!("{tag}.json: `{key}` must be a string or a plural object"),
            };
            (key.clone(), message)
        })
        .collect();
    LocaleFile { meta, messages }
}
