//! The build pipeline: cargo (wasm32, size-optimised) -> wasm-bindgen -> wasm-opt
//! -> content-hashed names -> the boot script, index.html and the service
//! worker's precache list -> .br and .gz copies -> the compressed size of the
//! first screen and of the coordinator's and the results modules.

use std::{
    fs,
    io::Write as _,
    path::{Path, PathBuf},
    process::Command,
};

use sha2::{Digest, Sha256};

mod languages;

use crate::{
    cmd::{self, Result, root},
    tools,
};

/// What a build produced, for the size report and the bench.
pub struct Dist {
    pub dir: PathBuf,
    /// Files the first screen loads, by their served name.
    pub first_screen: Vec<String>,
    /// Files of the document worker, which starts after the first screen.
    pub worker: Vec<String>,
    /// The coordinator's module (glue and wasm), loaded the first time one
    /// of its screens opens.
    pub coordinator: Vec<String>,
    /// The results module (glue and wasm), loaded the first time a survey's
    /// results open.
    pub results: Vec<String>,
}

impl Dist {
    /// Brotli bytes of each of `files`.
    pub fn brotli(&self, files: &[String]) -> Result<Vec<(String, u64)>> {
        files
            .iter()
            .map(|name| {
                let br = self.dir.join(format!("{name}.br"));
                let len = fs::metadata(&br)
                    .map_err(|e| format!("{}: {e}", br.display()))?
                    .len();
                Ok((name.clone(), len))
            })
            .collect()
    }
}

pub fn run() -> Result<Dist> {
    tools::wasm_target()?;
    let wasm_bindgen = tools::wasm_bindgen()?;
    let wasm_opt = tools::wasm_opt()?;
    let root = root();
    let target = root.join("target");

    // Two cargo runs, one per profile: the interface's three modules for
    // size, the worker for speed.
    cargo_build(
        INTERFACE,
        &["heard-web", "heard-coordinator", "heard-results"],
    )?;
    cargo_build(WORKER, &["heard-worker"])?;
    let bindgen_out = target.join("wasm-bindgen");
    let _ = fs::remove_dir_all(&bindgen_out);
    let ui = bindgen(
        &wasm_bindgen,
        &wasm_opt,
        INTERFACE,
        "heard-web",
        "heard",
        &bindgen_out,
    )?;
    let coordinator = bindgen(
        &wasm_bindgen,
        &wasm_opt,
        INTERFACE,
        "heard-coordinator",
        "heard_coordinator",
        &bindgen_out,
    )?;
    let results = bindgen(
        &wasm_bindgen,
        &wasm_opt,
        INTERFACE,
        "heard-results",
        "heard_results",
        &bindgen_out,
    )?;
    let worker = bindgen(
        &wasm_bindgen,
        &wasm_opt,
        WORKER,
        "heard-worker",
        "heard_worker",
        &bindgen_out,
    )?;

    let dist = root.join("dist");
    let _ = fs::remove_dir_all(&dist);
    fs::create_dir_all(dist.join("icons")).map_err(|e| e.to_string())?;
    let public = root.join("public");
    let js = emit_hashed(&dist, "heard", "js", &read(&ui.0)?)?;
    let wasm = emit_hashed(&dist, "heard_bg", "wasm", &read(&ui.1)?)?;
    let coordinator_js = emit_hashed(&dist, "heard_coordinator", "js", &read(&coordinator.0)?)?;
    let coordinator_wasm = emit_hashed(
        &dist,
        "heard_coordinator_bg",
        "wasm",
        &read(&coordinator.1)?,
    )?;
    let results_js = emit_hashed(&dist, "heard_results", "js", &read(&results.0)?)?;
    let results_wasm = emit_hashed(&dist, "heard_results_bg", "wasm", &read(&results.1)?)?;
    let boot = String::from_utf8(read(&public.join("boot.js"))?)
        .map_err(|e| e.to_string())?
        .replace("{{js}}", &js)
        .replace("{{wasm}}", &wasm)
        .replace("{{coordinator_js}}", &coordinator_js)
        .replace("{{coordinator_wasm}}", &coordinator_wasm)
        .replace("{{results_js}}", &results_js)
        .replace("{{results_wasm}}", &results_wasm);
    let boot = emit_hashed(&dist, "boot", "js", boot.as_bytes())?;
    let languages = languages::emit(&root, &dist)?;
    let mut styles = String::from_utf8(read(&public.join("styles.css"))?)
        .map_err(|e| format!("public/styles.css: {e}"))?;
    styles.push_str(&languages.font_faces);
    // The comments explain the styles to people reading the source; the
    // first screen's budget is better spent on the app.
    let styles = minifier::css::minify(&styles)
        .map_err(|e| format!("public/styles.css: {e}"))?
        .to_string();
    let css = emit_hashed(&dist, "styles", "css", styles.as_bytes())?;
    let worker_js = emit_hashed(&dist, "heard_worker", "js", &read(&worker.0)?)?;
    let worker_wasm = emit_hashed(&dist, "heard_worker_bg", "wasm", &read(&worker.1)?)?;
    let worker_boot = String::from_utf8(read(&public.join("worker.js"))?)
        .map_err(|e| e.to_string())?
        .replace("{{worker_js}}", &worker_js)
        .replace("{{worker_wasm}}", &worker_wasm);
    let worker_boot = emit_hashed(&dist, "worker", "js", worker_boot.as_bytes())?;

    let mut precache = vec!["/index.html".to_owned(), "/manifest.webmanifest".to_owned()];
    // The coordinator's and the results modules are precached with the rest,
    // so their screens open offline even the first time.
    precache.extend(
        [
            &boot,
            &js,
            &wasm,
            &coordinator_js,
            &coordinator_wasm,
            &results_js,
            &results_wasm,
            &css,
            &worker_js,
            &worker_wasm,
            &worker_boot,
        ]
        .map(|name| format!("/{name}")),
    );
    copy(
        &public.join("manifest.webmanifest"),
        &dist.join("manifest.webmanifest"),
    )?;
    for icon in fs::read_dir(public.join("icons")).map_err(|e| e.to_string())? {
        let path = icon.map_err(|e| e.to_string())?.path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        copy(&path, &dist.join("icons").join(&name))?;
        precache.push(format!("/icons/{name}"));
    }
    // The languages' own names, in a font of just those names: small, and
    // shown before any language is chosen, so precached.
    let names = public.join("fonts/names");
    fs::create_dir_all(dist.join("fonts/names")).map_err(|e| e.to_string())?;
    for font in fs::read_dir(&names).map_err(|e| format!("{}: {e}", names.display()))? {
        let path = font.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "woff2") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            copy(&path, &dist.join("fonts/names").join(&name))?;
            precache.push(format!("/fonts/names/{name}"));
        }
    }
    pictures(&root, &dist)?;
    languages::picture_words(&root, &dist)?;
    // The app's own pictures (easy-read lines, faces, consent answers) show
    // offline from the first visit; a survey's are kept as its project opens.
    precache.extend(
        heard_core::easy_read::app_pictures()
            .into_iter()
            .map(|hex| format!("/pictures/{hex}.svg")),
    );
    precache.extend(languages.catalogs.iter().cloned());
    precache.sort();

    let index = String::from_utf8(read(&public.join("index.html"))?)
        .map_err(|e| e.to_string())?
        .replace("{{js}}", &js)
        .replace("{{wasm}}", &wasm)
        .replace("{{css}}", &css)
        .replace("{{boot}}", &boot)
        .replace("{{worker}}", &worker_boot);
    fs::write(dist.join("index.html"), &index).map_err(|e| e.to_string())?;

    // The worker's version is a hash of everything it precaches, so any change
    // to any file makes browsers install a new worker.
    let mut version = Sha256::new();
    for path in &precache {
        version.update(path.as_bytes());
        version.update(read(&dist.join(path.trim_start_matches('/')))?);
    }
    let version = hex(&version.finalize()[..8]);
    let sw = String::from_utf8(read(&public.join("sw.js"))?)
        .map_err(|e| e.to_string())?
        .replace("__VERSION__", &version)
        .replace(
            "__PRECACHE__",
            &serde_json::to_string(&precache).map_err(|e| e.to_string())?,
        )
        .replace(
            "__FONTS__",
            &serde_json::to_string(&languages.fonts).map_err(|e| e.to_string())?,
        );
    fs::write(dist.join("sw.js"), sw).map_err(|e| e.to_string())?;

    compress_all(&dist)?;
    let dist = Dist {
        dir: dist,
        first_screen: vec!["index.html".into(), boot, js, wasm, css],
        worker: vec![worker_boot, worker_js, worker_wasm],
        coordinator: vec![coordinator_js, coordinator_wasm],
        results: vec![results_js, results_wasm],
    };
    report(&dist)?;
    Ok(dist)
}

/// The groups of OpenMoji shipped: faces, people, animals, food, places,
/// activities, objects and OpenMoji's own extras (flags and symbols are left
/// out; so are skin-tone variants, which the base pictures stand for).
const PICTURE_GROUPS: [&str; 8] = [
    "smileys-emotion",
    "people-body",
    "animals-nature",
    "food-drink",
    "travel-places",
    "activities",
    "objects",
    "extras-openmoji",
];

/// Copies the picture set into `dist/pictures/<hexcode>.svg` with a
/// catalogue (`catalogue.json`: `[[hexcode, words], ...]`) the survey builder
/// searches. Pictures are not precached: the service worker keeps each one
/// the first time it is shown.
fn pictures(root: &Path, dist: &Path) -> Result {
    let source = root.join("node_modules/openmoji");
    let data: serde_json::Value =
        serde_json::from_slice(&read(&source.join("data/openmoji.json"))?)
            .map_err(|e| format!("openmoji.json: {e}"))?;
    let out = dist.join("pictures");
    fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let mut catalogue = Vec::new();
    for entry in data.as_array().into_iter().flatten() {
        let field = |name: &str| entry[name].as_str().unwrap_or_default();
        if !PICTURE_GROUPS.contains(&field("group")) || !field("skintone").is_empty() {
            continue;
        }
        let hex = field("hexcode");
        let svg = source.join(format!("color/svg/{hex}.svg"));
        if !svg.exists() {
            continue;
        }
        copy(&svg, &out.join(format!("{hex}.svg")))?;
        let words = [field("annotation"), field("tags"), field("openmoji_tags")]
            .into_iter()
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        catalogue.push(serde_json::json!([hex, words]));
    }
    fs::write(
        out.join("catalogue.json"),
        serde_json::to_string(&catalogue).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())
}

/// How a module is built: its cargo profile and what wasm-opt aims for.
struct Aim {
    profile: &'static str,
    wasm_opt: &'static str,
}

/// The interface's modules are as small as can be: the first screen has a
/// budget. `-Os` came out smaller than `-Oz` once compressed with brotli
/// (measured: 3.5 KB on the interface).
const INTERFACE: Aim = Aim {
    profile: "wasm-release",
    wasm_opt: "-Os",
};

/// The document worker is as fast as can be: making the 2,165 responses of
/// the bench's import took 9.0 s instead of 14.1 s (4x throttled, on one
/// machine) built this way rather than for size.
const WORKER: Aim = Aim {
    profile: "wasm-worker",
    wasm_opt: "-O3",
};

/// Builds `crates` for the browser with `aim`'s cargo profile.
fn cargo_build(aim: Aim, crates: &[&str]) -> Result {
    let mut build = cmd::cargo();
    build.arg("build");
    for krate in crates {
        build.args(["-p", krate]);
    }
    build
        .args(["--target", tools::WASM_TARGET, "--profile", aim.profile])
        .env(WASM_RUSTFLAGS_VAR, wasm_rustflags());
    cmd::run(&mut build)
}

/// Runs wasm-bindgen and wasm-opt on one crate's module; returns the paths of
/// its JS glue and optimised wasm.
fn bindgen(
    wasm_bindgen: &Path,
    wasm_opt: &Path,
    aim: Aim,
    krate: &str,
    out_name: &str,
    out: &Path,
) -> Result<(PathBuf, PathBuf)> {
    let module = root()
        .join("target/wasm32-unknown-unknown")
        .join(aim.profile)
        .join(format!("{krate}.wasm"));
    cmd::run(
        Command::new(wasm_bindgen)
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                out_name,
                "--out-dir",
            ])
            .arg(out)
            .arg(module),
    )?;
    let optimised = out.join(format!("{out_name}_bg.opt.wasm"));
    cmd::run(
        Command::new(wasm_opt)
            // Rust's modules leave the first KB of memory unused and start
            // from zeroed memory, which the two flags let wasm-opt rely on.
            .args([aim.wasm_opt, "--low-memory-unused", "--zero-filled-memory"])
            // The features rustc's wasm32 target emits by default.
            .args([
                "--enable-bulk-memory",
                "--enable-nontrapping-float-to-int",
                "--enable-sign-ext",
                "--enable-mutable-globals",
            ])
            .args(["--enable-reference-types", "--enable-multivalue"])
            .arg(out.join(format!("{out_name}_bg.wasm")))
            .arg("-o")
            .arg(&optimised),
    )?;
    Ok((out.join(format!("{out_name}.js")), optimised))
}

/// The variable that passes [`wasm_rustflags`] to the wasm32 builds only, so
/// native build scripts and proc macros keep their own flags.
pub const WASM_RUSTFLAGS_VAR: &str = "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS";

/// Leptos's `erase_components` erases each view's concrete type, so views share
/// one code path instead of a copy each (about 48 KB less brotli on the first
/// screen). Panic locations embed source paths; shortening the long registry
/// paths saves bytes and keeps the build machine's folders out of the app.
/// `cargo xtask test` lints the wasm crates with these same flags, so clippy
/// checks the code that ships.
pub fn wasm_rustflags() -> String {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default();
    let mut flags = vec![
        "--cfg erase_components".to_owned(),
        format!("--remap-path-prefix={}=", root().display()),
    ];
    if let Ok(registries) = fs::read_dir(home.join("registry/src")) {
        for registry in registries.flatten() {
            flags.push(format!(
                "--remap-path-prefix={}=",
                registry.path().display()
            ));
        }
    }
    flags.join(" ")
}

fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn copy(from: &Path, to: &Path) -> Result {
    fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("{}: {e}", from.display()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `bytes` as `<stem>-<16 hex digits of their SHA-256>.<ext>`.
fn emit_hashed(dist: &Path, stem: &str, ext: &str, bytes: &[u8]) -> Result<String> {
    let name = format!("{stem}-{}.{ext}", hex(&Sha256::digest(bytes)[..8]));
    fs::write(dist.join(&name), bytes).map_err(|e| e.to_string())?;
    Ok(name)
}

/// Adds `.br` and `.gz` beside every compressible file, on every core: the
/// pictures alone are thousands of files, and brotli at its best is slow.
fn compress_all(dir: &Path) -> Result {
    let mut files = Vec::new();
    compressible(dir, &mut files)?;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        match files.get(i) {
                            Some(path) => compress(path)?,
                            None => return Ok(()),
                        }
                    }
                })
            })
            .collect();
        workers.into_iter().try_for_each(|worker| {
            worker
                .join()
                .unwrap_or_else(|_| Err("a compression thread panicked".into()))
        })
    })
}

/// Every file under `dir` that is served compressed.
fn compressible(dir: &Path, files: &mut Vec<PathBuf>) -> Result {
    for entry in fs::read_dir(dir).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            compressible(&path, files)?;
            continue;
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if matches!(
            ext,
            "html" | "js" | "wasm" | "css" | "webmanifest" | "json" | "svg"
        ) {
            files.push(path);
        }
    }
    Ok(())
}

fn compress(path: &Path) -> Result {
    let bytes = read(path)?;
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut bytes.as_slice(), &mut br, &params).map_err(|e| e.to_string())?;
    fs::write(with_suffix(path, "br"), br).map_err(|e| e.to_string())?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes).map_err(|e| e.to_string())?;
    fs::write(
        with_suffix(path, "gz"),
        gz.finish().map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn report(dist: &Dist) -> Result {
    for (what, files) in [
        ("first screen", &dist.first_screen),
        ("coordinator's module", &dist.coordinator),
        ("results module", &dist.results),
    ] {
        let sizes = dist.brotli(files)?;
        eprintln!("{what}, brotli:");
        for (name, len) in &sizes {
            eprintln!("  {len:>8} B  {name}");
        }
        eprintln!(
            "  {:>8} B  total",
            sizes.iter().map(|(_, n)| n).sum::<u64>()
        );
    }
    Ok(())
}
