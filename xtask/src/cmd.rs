//! Running commands and finding the repository's folders.

use std::{
    ffi::OsStr,
    path::{Path, PathBuf},
    process::Command,
    time::{Duration, Instant},
};

pub type Result<T = ()> = std::result::Result<T, String>;

/// The repository root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the repository")
        .to_owned()
}

/// Runs `command`, echoing it first, and fails naming the command (as it can
/// be pasted into a shell from the repository root) if it fails.
pub fn run(command: &mut Command) -> Result {
    let shown = shown(command);
    eprintln!("$ {shown}");
    let status = command
        .status()
        .map_err(|e| format!("cannot start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Runs `command` and returns its standard output, or `None` if it cannot run.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn cargo() -> Command {
    let mut command = Command::new(cargo_program());
    command.current_dir(root());
    command
}

fn cargo_program() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// `command` as a shell line: the variables it sets, then the program (plain
/// `cargo` for the cargo that runs xtask) and its arguments, quoted as needed.
pub fn shown(command: &Command) -> String {
    let mut words: Vec<String> = command
        .get_envs()
        .filter_map(|(key, value)| value.map(|v| format!("{}={}", key.to_string_lossy(), quote(v))))
        .collect();
    let program = command.get_program();
    words.push(if program == OsStr::new(&cargo_program()) {
        "cargo".to_owned()
    } else {
        quote(program)
    });
    words.extend(command.get_args().map(quote));
    words.join(" ")
}

fn quote(word: &OsStr) -> String {
    let word = word.to_string_lossy();
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_=./:,+@%".contains(c));
    if plain {
        word.into_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Seconds, to one decimal place, for the install and step timings.
pub fn seconds(elapsed: Duration) -> String {
    format!("{:.1} s", elapsed.as_secs_f64())
}

/// The named steps of one command, each saying when it starts and how long it
/// took. A failed step is named in the error. Checks that later steps do not
/// depend on (formatting, lints) record their failure and let the run go on,
/// so one run reports every problem; `finish` then fails listing them all.
#[derive(Default)]
pub struct Steps {
    failed: Vec<String>,
}

impl Steps {
    /// A step the rest depends on: if it fails, the run stops here.
    pub fn step<T>(&mut self, name: &str, work: impl FnOnce() -> Result<T>) -> Result<T> {
        timed(name, work).map_err(|e| {
            self.failed.push(e);
            self.summary()
        })
    }

    /// A step nothing else depends on: if it fails, the run goes on.
    pub fn check(&mut self, name: &str, work: impl FnOnce() -> Result) {
        if let Err(e) = timed(name, work) {
            eprintln!("xtask: {e} (going on with the other steps)");
            self.failed.push(e);
        }
    }

    /// Fails if any step failed, naming each.
    pub fn finish(self) -> Result {
        if self.failed.is_empty() {
            Ok(())
        } else {
            Err(self.summary())
        }
    }

    fn summary(&self) -> String {
        match self.failed.as_slice() {
            [one] => one.clone(),
            all => format!("{} steps failed:\n  {}", all.len(), all.join("\n  ")),
        }
    }
}

fn timed<T>(name: &str, work: impl FnOnce() -> Result<T>) -> Result<T> {
    eprintln!("\n==> {name}");
    let start = Instant::now();
    let result = work().map_err(|e| format!("step \"{name}\" failed: {e}"));
    let outcome = if result.is_ok() { "done" } else { "FAILED" };
    eprintln!("==> {name}: {outcome} in {}", seconds(start.elapsed()));
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shown_command_can_be_pasted_into_a_shell() {
        let mut command = Command::new("rustup");
        command
            .args(["target", "add", "wasm32-unknown-unknown"])
            .env("FLAGS", "--cfg erase_components")
            .arg("it's");
        assert_eq!(
            shown(&command),
            r"FLAGS='--cfg erase_components' rustup target add wasm32-unknown-unknown 'it'\''s'"
        );
    }

    #[test]
    fn a_failed_command_is_named_in_the_error() {
        let error = run(Command::new("false").arg("--flag")).unwrap_err();
        assert!(error.starts_with("`false --flag` failed"), "{error}");
    }

    #[test]
    fn every_failed_step_is_named_and_a_failed_check_lets_the_run_go_on() {
        let mut steps = Steps::default();
        steps.check("the lint", || run(&mut Command::new("false")));
        let built = steps.step("the build", || Ok(7));
        assert_eq!(built, Ok(7));
        let error = steps
            .step("the tests", || run(Command::new("false").arg("--tests")))
            .unwrap_err();
        assert!(error.starts_with("2 steps failed:\n"), "{error}");
        assert!(
            error.contains("step \"the lint\" failed: `false` failed"),
            "{error}"
        );
        assert!(
            error.contains("step \"the tests\" failed: `false --tests` failed"),
            "{error}"
        );
        assert!(steps.finish().is_err());
        assert_eq!(Steps::default().finish(), Ok(()));
    }
}
