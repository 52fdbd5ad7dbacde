//! Turns the locale files in `locales/` into Rust statics, so every message key is
//! checked by the compiler and nothing is parsed in the browser at start-up.

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
    tag: String,
    meta: BTreeMap<String, String>,
    messages: BTreeMap<String, Message>,
}

fn main() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("locales");
    println!("cargo:rerun-if-changed={}", dir.display());

    let mut locales: Vec<LocaleFile> = fs::read_dir(&dir)
        .expect("locales/ folder")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| {
            println!("cargo:rerun-if-changed={}", path.display());
            read_locale(&path)
        })
        .collect();
    locales.sort_by(|a, b| (a.tag != SOURCE_LOCALE, &a.tag).cmp(&(b.tag != SOURCE_LOCALE, &b.tag)));
    let source = locales
        .iter()
        .find(|l| l.tag == SOURCE_LOCALE)
        .expect("locales/en.json is the source locale")
        .messages
        .clone();

    for locale in &locales {
        for (key, message) in &locale.messages {
            let Some(original) = source.get(key) else {
                panic!("{}.json has key `{key}` that en.json lacks", locale.tag);
            };
            if matches!(original, Message::Plural(_)) != matches!(message, Message::Plural(_)) {
                panic!(
                    "{}.json: `{key}` must be {} like en.json",
                    locale.tag,
                    kind(original)
                );
            }
        }
    }

    let mut out = String::new();
    out.push_str(
        "/// Every message the interface shows, one field per key in `locales/en.json`.\n",
    );
    out.push_str("#[derive(Debug)]\npub struct Messages {\n");
    for (key, message) in &source {
        let ty = match message {
            Message::Text(_) => "&'static str",
            Message::Plural(_) => "Plural",
        };
        writeln!(out, "    pub {key}: {ty},").unwrap();
    }
    out.push_str("}\n\n");

    for locale in &locales {
        let ident = locale.tag.to_uppercase().replace('-', "_");
        writeln!(out, "static {ident}_MESSAGES: Messages = Messages {{").unwrap();
        let mut missing = Vec::new();
        for (key, original) in &source {
            let message = locale.messages.get(key).unwrap_or_else(|| {
                missing.push(key.clone());
                original
            });
            writeln!(out, "    {key}: {},", literal(message)).unwrap();
        }
        out.push_str("};\n\n");
        writeln!(out, "static {ident}: Catalog = Catalog {{").unwrap();
        writeln!(out, "    tag: {:?},", locale.tag).unwrap();
        for field in ["native_name", "status"] {
            let value = locale
                .meta
                .get(field)
                .unwrap_or_else(|| panic!("{}.json: meta.{field} is required", locale.tag));
            writeln!(out, "    {field}: {value:?},").unwrap();
        }
        writeln!(out, "    messages: &{ident}_MESSAGES,").unwrap();
        writeln!(out, "    missing: &{missing:?},").unwrap();
        out.push_str("};\n\n");
    }

    out.push_str("/// Every catalog built from `locales/`, the source locale first.\n");
    out.push_str("pub static CATALOGS: &[&Catalog] = &[");
    for locale in &locales {
        write!(out, "&{}, ", locale.tag.to_uppercase().replace('-', "_")).unwrap();
    }
    out.push_str("];\n");

    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("messages.rs");
    fs::write(dest, out).unwrap();
}

fn kind(message: &Message) -> &'static str {
    match message {
        Message::Text(_) => "a string",
        Message::Plural(_) => "a plural object",
    }
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
    LocaleFile {
        tag,
        meta,
        messages,
    }
}
