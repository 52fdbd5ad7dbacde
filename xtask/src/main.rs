//! `cargo xtask <command>`: the project's build and test automation, in Rust
//! instead of shell scripts so it runs the same on every machine.

mod bench;
mod build;
mod cmd;
mod seed;
mod serve;
mod test;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  build   build the app into dist/ (installs missing tools first)
  serve   build, then run the server on http://127.0.0.1:8080 (installs missing tools first)
  test    check formatting and clippy, then run every test: native, in-browser
          and end-to-end (installs missing tools first)
  bench   print the benchmark figures, one `name value unit` per line
  bench-data <file>   write the benchmark's 2,165 responses (run by bench, optimised)
  seed-relay --relay <ws url> --app <url> [--responses N] [--invite-relay <ws url>]
          push a project of N completed responses (default 2,165) to a running
          relay and print the invite link to it (run by the sync bench and tests)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build") => build::run().map(|_| ()),
        Some("serve") => serve::run(&args[1..]),
        Some("test") => test::run(),
        Some("bench") => bench::run(),
        Some("seed-relay") => seed::run(&args[1..]),
        Some("bench-data") => match args.get(1) {
            Some(path) => bench::write_data(std::path::Path::new(path)),
            None => Err("bench-data needs a file to write".into()),
        },
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
