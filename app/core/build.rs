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

    let coordinator = read_section(&path, "coordinator");

    let mut out = String::new();
    section(
        &mut out,
        "/// Every message the first module shows, one field per key of `messages` in\n/// `locales/en.json`.",
        Section {
            name: "Messages",
            prefix: "",
            messages: &source.messages,
            base: false,
        },
    );
    section(
        &mut out,
        "/// The coordinator module's own messages (the `coordinator` section of the\n/// catalogs), with every shared one through `Deref`: the first screen never\n/// carries these.",
        Section {
            name: "CoordinatorMessages",
            prefix: "COORDINATOR_",
            messages: &coordinator,
            base: true,
        },
    );
    writeln!(out, "static EN: Catalog = Catalog {{").unwrap();
    writeln!(out, "    locale: Locale::English,").unwrap();
    writeln!(out, "    status: Status::Reviewed,").unwrap();
    writeln!(out, "    messages: &EN_MESSAGES,").unwrap();
    writeln!(out, "    missing: Vec::new(),").unwrap();
    writeln!(out, "    file: \"\",").unwrap();
    out.push_str("};\n");
    assert_eq!(
        source.meta.get("status").map(String::as_str),
        Some("reviewed"),
        "en.json is the source and must be reviewed"
    );

    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("messages.rs");
    fs::write(dest, out).unwrap();
}

struct Section<'a> {
    name: &'a str,
    prefix: &'a str,
    messages: &'a BTreeMap<String, Message>,
    /// Whether the struct sits on top of `Messages`, reaching it by `Deref`.
    base: bool,
}

fn section(out: &mut String, doc: &str, s: Section<'_>) {
    let Section {
        name,
        prefix,
        messages,
        base,
    } = s;
    writeln!(out, "{doc}\n#[derive(Debug)]\npub struct {name} {{").unwrap();
    if base {
        out.push_str("    base: &'static Messages,\n");
    }
    for (key, message) in messages {
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
    let texts: Vec<(&String, &String)> = messages
        .iter()
        .filter_map(|(k, m)| match m {
            Message::Text(t) => Some((k, t)),
            Message::Plural(_) => None,
        })
        .collect();
    let plurals: Vec<(&String, &Message)> = messages
        .iter()
        .filter(|(_, m)| matches!(m, Message::Plural(_)))
        .collect();
    let (nt, np) = (texts.len(), plurals.len());
    writeln!(out, "const {prefix}TEXT_KEYS: [&str; {nt}] = [").unwrap();
    for (key, _) in &texts {
        writeln!(out, "    {key:?},").unwrap();
    }
    out.push_str("];\n");
    writeln!(out, "const {prefix}EN_TEXTS: [&str; {nt}] = [").unwrap();
    for (_, text) in &texts {
        writeln!(out, "    {text:?},").unwrap();
    }
    out.push_str("];\n");
    if np > 0 {
        writeln!(out, "const {prefix}PLURAL_KEYS: [&str; {np}] = [").unwrap();
        for (key, _) in &plurals {
            writeln!(out, "    {key:?},").unwrap();
        }
        out.push_str("];\n");
        writeln!(out, "const {prefix}EN_PLURALS: [Plural; {np}] = [").unwrap();
        for (_, message) in &plurals {
            writeln!(out, "    {},", literal(message)).unwrap();
        }
        out.push_str("];\n\n");
    }

    let constructor = |texts_name: &str, plurals_name: &str, base_name: &str| {
        let mut c = format!("{name} {{\n");
        match (base, base_name) {
            (false, _) => {}
            (true, "base") => c.push_str("    base,\n"),
            (true, _) => writeln!(c, "    base: {base_name},").unwrap(),
        }
        let (mut ti, mut pi) = (0, 0);
        for (key, message) in messages {
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
        "static {prefix}EN_MESSAGES: {name} = {};\n",
        constructor(
            &format!("{prefix}EN_TEXTS"),
            &format!("{prefix}EN_PLURALS"),
            "&EN_MESSAGES"
        )
    )
    .unwrap();

    writeln!(out, "impl {name} {{").unwrap();
    out.push_str("    /// Every key of the section.\n    pub const KEYS: &[&str] = &[");
    for key in messages.keys() {
        write!(out, "{key:?}, ").unwrap();
    }
    out.push_str("];\n\n");
    let base_param = if base {
        ", base: &'static Messages"
    } else {
        ""
    };
    let plurals_line = match np {
        0 => String::new(),
        _ => format!(
            "        let plurals: [Plural; {np}] = std::array::from_fn(|i| reader.plural({prefix}PLURAL_KEYS[i], &{prefix}EN_PLURALS[i]));\n"
        ),
    };
    writeln!(
        out,
        "    fn read(reader: &mut catalog_file::Reader<'_>{base_param}) -> {name} {{\n        let texts: [&'static str; {nt}] = std::array::from_fn(|i| reader.text({prefix}TEXT_KEYS[i], {prefix}EN_TEXTS[i]));\n{plurals_line}        {}\n    }}\n}}\n",
        constructor("texts", "plurals", "base")
    )
    .unwrap();
    if base {
        writeln!(
            out,
            "impl std::ops::Deref for {name} {{\n    type Target = Messages;\n    fn deref(&self) -> &Messages {{\n        self.base\n    }}\n}}\n"
        )
        .unwrap();
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
    let messages = messages_of(&json, &tag, "messages");
    LocaleFile { meta, messages }
}

/// One section of a catalog, checked: snake_case keys, texts or plural objects
/// with an `other` form.
fn read_section(path: &Path, section: &str) -> BTreeMap<String, Message> {
    let tag = path.file_stem().unwrap().to_string_lossy().into_owned();
    let text = fs::read_to_string(path).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{tag}.json: {e}"));
    messages_of(&json, &tag, section)
}

fn messages_of(json: &Value, tag: &str, section: &str) -> BTreeMap<String, Message> {
    json[section]
        .as_object()
        .unwrap_or_else(|| panic!("{tag}.json: `{section}` object is required"))
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
        .collect()
}
