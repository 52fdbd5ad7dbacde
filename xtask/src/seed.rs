//! `cargo xtask seed-relay`: puts a large project on a running relay, the
//! way a coordinator's device would, and prints the link another device
//! joins it by. The project is the bench fixture (made by the app's own
//! document logic, `bench::fixture`); it is pushed by heard-sync's `Syncer`
//! over a real WebSocket, and the link is printed only once the relay has
//! acknowledged everything and the syncer has read its log back to the end.
//! For the join and sync benches and the flaky-link e2e spec.

use std::{
    net::TcpStream,
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use heard_core::{documents::flush, storage::Storage, time::Timestamp};
use heard_sync::{Action, Input, SyncRecord, SyncStatus, Syncer};
use tungstenite::{Message, WebSocket, stream::MaybeTlsStream};

use crate::{bench::fixture, cmd};

const USAGE: &str =
    "usage: cargo xtask seed-relay --relay ws://HOST:PORT/relay --app http://HOST:PORT/ \
[--responses N] [--answers A] [--invite-relay ws://HOST:PORT/relay]

Makes a project of N completed responses (default 2,165) to a survey of A
questions (default 60), each answered, pushes it
to the relay, waits until the relay holds all of it, and prints the invite link
for the app at --app. The link names --invite-relay as the relay (default:
--relay), for a device that reaches the relay another way (through a proxy).";

/// How long a reply may take before the syncer is told time passed.
const READ_WAIT: Duration = Duration::from_millis(100);
/// Pushing the bench's whole project takes seconds; this is a relay that is
/// not answering.
const GIVE_UP: Duration = Duration::from_secs(600);

struct Options {
    relay: String,
    app: String,
    invite_relay: Option<String>,
    responses: usize,
    answers: usize,
}

fn options(args: &[String]) -> cmd::Result<Options> {
    let mut relay = None;
    let mut app = None;
    let mut invite_relay = None;
    let mut responses = fixture::RESPONSES;
    let mut answers = fixture::QUESTIONS;
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value\n\n{USAGE}"))
        };
        match flag.as_str() {
            "--relay" => relay = Some(value()?),
            "--app" => app = Some(value()?),
            "--invite-relay" => invite_relay = Some(value()?),
            "--responses" => responses = count(flag, &value()?)?,
            "--answers" => answers = count(flag, &value()?)?,
            other => return Err(format!("unknown argument {other}\n\n{USAGE}")),
        }
    }
    let missing = |what: &str| format!("{what} is needed\n\n{USAGE}");
    Ok(Options {
        relay: relay.ok_or_else(|| missing("--relay"))?,
        app: app.ok_or_else(|| missing("--app"))?,
        invite_relay,
        responses,
        answers,
    })
}

fn count(flag: &str, text: &str) -> cmd::Result<usize> {
    text.parse()
        .map_err(|_| format!("{flag} {text}: not a count\n\n{USAGE}"))
}

pub fn run(args: &[String]) -> cmd::Result {
    let options = options(args)?;
    let started = Instant::now();
    eprintln!(
        "seed-relay: making {} responses of {} answers",
        options.responses, options.answers
    );
    let fixture = pollster::block_on(fixture::build(options.responses, options.answers));
    eprintln!(
        "seed-relay: made in {:.1} s; pushing to {}",
        started.elapsed().as_secs_f64(),
        options.relay
    );
    let relay_project: [u8; 16] = random()?;
    let secret: [u8; 32] = random()?;
    let record = SyncRecord::shared(
        &options.relay,
        relay_project,
        secret,
        fixture.project.clone(),
    );
    let syncer = record
        .syncer(u64::from_le_bytes(random()?))
        .map_err(|e| e.to_string())?;
    let pushed = Instant::now();
    Seeder {
        syncer,
        fixture,
        relay: options.relay.clone(),
        socket: None,
    }
    .until_synced()?;
    eprintln!(
        "seed-relay: the relay holds the project ({:.1} s)",
        pushed.elapsed().as_secs_f64()
    );
    let invited = SyncRecord {
        relay: options.invite_relay.unwrap_or(options.relay),
        ..record
    };
    println!(
        "{}",
        invited.invite(&options.app).map_err(|e| e.to_string())?
    );
    Ok(())
}

/// Random bytes from the operating system: the project's id on the relay
/// and its secret.
fn random<const N: usize>() -> cmd::Result<[u8; N]> {
    let mut bytes = [0; N];
    getrandom::fill(&mut bytes).map_err(|e| format!("no random bytes: {e}"))?;
    Ok(bytes)
}

fn now() -> Timestamp {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    Timestamp(i64::try_from(ms).unwrap_or(i64::MAX))
}

/// The seeding device: the fixture's documents, their syncer and its
/// WebSocket, if open.
struct Seeder {
    syncer: Syncer,
    fixture: fixture::Fixture,
    relay: String,
    socket: Option<WebSocket<MaybeTlsStream<TcpStream>>>,
}

impl Seeder {
    /// Drives the syncer until it says everything is on the relay.
    fn until_synced(mut self) -> cmd::Result {
        let deadline = Instant::now() + GIVE_UP;
        let mut status = None;
        self.step(Input::Tick)?;
        while Instant::now() < deadline {
            let input = self.next_input();
            self.step(input)?;
            let now = self.status();
            if now == SyncStatus::Synced {
                if let Some(mut socket) = self.socket.take() {
                    let _ = socket.close(None);
                    let _ = socket.flush();
                }
                return Ok(());
            }
            if let SyncStatus::Refused(reason) = now {
                return Err(format!("the relay refused the project: {reason:?}"));
            }
            if status.as_ref() != Some(&now) && !matches!(now, SyncStatus::Syncing { .. }) {
                eprintln!("seed-relay: {now:?}");
            }
            status = Some(now);
        }
        Err(format!(
            "the relay did not take the project in {} s: {:?}",
            GIVE_UP.as_secs(),
            self.status()
        ))
    }

    fn status(&mut self) -> SyncStatus {
        let mut docs = self.fixture.docs.borrow_mut();
        self.syncer.status(&mut docs)
    }

    /// A frame from the relay, its connection closing, or time passing.
    fn next_input(&mut self) -> Input {
        let Some(socket) = self.socket.as_mut() else {
            std::thread::sleep(READ_WAIT);
            return Input::Tick;
        };
        match socket.read() {
            Ok(Message::Binary(bytes)) => Input::Frame(bytes.to_vec()),
            Ok(_) => Input::Tick,
            Err(tungstenite::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                Input::Tick
            }
            Err(_) => {
                self.socket = None;
                Input::Closed
            }
        }
    }

    /// Steps the syncer and carries out what it asks, until it asks nothing.
    fn step(&mut self, input: Input) -> cmd::Result {
        let mut inputs = vec![input];
        while let Some(input) = inputs.pop() {
            let actions = {
                let mut docs = self.fixture.docs.borrow_mut();
                self.syncer.step(input, &mut docs, now())
            };
            for action in actions {
                match action {
                    Action::Connect => inputs.push(self.connect()),
                    Action::Send(bytes) => {
                        let sent = self.socket.as_mut().map(|s| s.send(Message::binary(bytes)));
                        if let Some(Err(_)) = sent {
                            self.socket = None;
                            inputs.push(Input::Closed);
                        }
                    }
                    Action::Close => self.socket = None,
                    Action::Open(ids) => {
                        for id in ids {
                            let chunks = pollster::block_on(self.fixture.storage.load_doc(&id))
                                .map_err(|e| format!("{id}: {e:?}"))?;
                            self.fixture.docs.borrow_mut().open(id, chunks);
                        }
                        inputs.push(Input::Opened);
                    }
                    // Only this device writes to the project, so nothing
                    // comes back to merge; written anyway, as the worker would.
                    Action::Documents(outcome) => {
                        for id in outcome.dirty.iter().chain(&outcome.also_dirty) {
                            pollster::block_on(flush(
                                &self.fixture.docs,
                                &self.fixture.storage,
                                id,
                            ))
                            .map_err(|e| format!("{id}: {e:?}"))?;
                        }
                    }
                    // Nothing is kept between runs.
                    Action::SaveState { .. } => {}
                    // The seeded project has recordings only if its fixture
                    // made them; they go up as on a device.
                    Action::ReadMedia(blob) => {
                        let bytes = pollster::block_on(self.fixture.storage.load_blob(&blob))
                            .map_err(|e| format!("{}: {e:?}", blob.doc))?;
                        inputs.push(Input::MediaRead { blob, bytes });
                    }
                    // Nothing plays here.
                    Action::Fetched { .. } => {}
                }
            }
        }
        Ok(())
    }

    /// Opens the WebSocket: the syncer hears `Connected`, or `Closed` when
    /// the relay cannot be reached (and tries again after its backoff).
    fn connect(&mut self) -> Input {
        match tungstenite::connect(&self.relay) {
            Ok((socket, _)) => {
                if let MaybeTlsStream::Plain(tcp) = socket.get_ref() {
                    let _ = tcp.set_read_timeout(Some(READ_WAIT));
                    let _ = tcp.set_nodelay(true);
                }
                self.socket = Some(socket);
                Input::Connected
            }
            Err(e) => {
                eprintln!("seed-relay: cannot reach {}: {e}", self.relay);
                Input::Closed
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn options_read_and_bad_ones_say_what_is_wrong() {
        let read = options(&args(
            "--relay ws://r/relay --app http://a/ --responses 12 --answers 3 --invite-relay ws://p/relay",
        ))
        .unwrap();
        assert_eq!(
            (
                read.relay.as_str(),
                read.app.as_str(),
                read.responses,
                read.answers,
                read.invite_relay.as_deref()
            ),
            ("ws://r/relay", "http://a/", 12, 3, Some("ws://p/relay"))
        );
        let default = options(&args("--relay ws://r/relay --app http://a/")).unwrap();
        assert_eq!(
            (default.responses, default.answers),
            (fixture::RESPONSES, fixture::QUESTIONS)
        );
        let cases = [
            ("--app http://a/", "--relay is needed"),
            ("--relay ws://r/relay", "--app is needed"),
            ("--relay", "--relay needs a value"),
            (
                "--relay ws://r/relay --app http://a/ --responses many",
                "--responses many: not a count",
            ),
            (
                "--relay ws://r/relay --app http://a/ --answers -1",
                "--answers -1: not a count",
            ),
            (
                "--relay ws://r/relay --app http://a/ --fast",
                "unknown argument --fast",
            ),
        ];
        for (given, error) in cases {
            let got = options(&args(given)).err().unwrap_or_default();
            assert!(got.starts_with(error), "{given}: {got}");
        }
    }
}
