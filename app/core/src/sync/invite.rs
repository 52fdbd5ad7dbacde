//! Invite links: the project id, its secret and optionally the relay, carried in
//! a URL fragment so no server ever receives the secret.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use heard_protocol::ProjectId;

use super::keys::ProjectSecret;

/// What a device needs to join a project. As a link:
/// `https://<app>/#join=<project>.<secret>[.<relay>]`, each part base64url
/// without padding (the relay URL as its UTF-8 bytes, since hosts contain dots).
/// Browsers never send the fragment to the server, so the app's host and any
/// proxy in front of it never see the secret; the QR code holds the same link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invite {
    pub project: ProjectId,
    pub secret: ProjectSecret,
    /// The relay to sync with, when it is not the server the app came from.
    pub relay: Option<String>,
}

/// Which part of an invite was malformed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvitePart {
    Project,
    Secret,
    Relay,
}

/// Why text is not an invite link. Each case is one thing a person can be told
/// ("the link is cut short", "this is not an invite") instead of a generic failure.
#[derive(Debug, PartialEq, Eq)]
pub enum InviteError {
    /// No `#`: the fragment, where the invite lives, is missing (often a link
    /// cut off when it was copied).
    NoFragment,
    /// A fragment, but not one that starts `join=`.
    NotAnInvite,
    /// The invite has this many dot-separated parts, not two or three.
    WrongPartCount { count: usize },
    /// A part has characters that are not unpadded base64url.
    NotBase64 { part: InvitePart },
    /// A part decodes to the wrong number of bytes.
    WrongLength { part: InvitePart, len: usize },
    /// The relay part is not UTF-8 text.
    RelayNotText,
    /// The relay part is not an http(s) or ws(s) URL with a host.
    RelayNotUrl,
}

impl fmt::Display for InviteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InviteError::NoFragment => f.write_str("the link has no invite after a #"),
            InviteError::NotAnInvite => f.write_str("the link is not an invite to a project"),
            InviteError::WrongPartCount { count } => {
                write!(f, "the invite has {count} parts, not 2 or 3")
            }
            InviteError::NotBase64 { part } => write!(f, "the invite's {part:?} part is garbled"),
            InviteError::WrongLength { part, len } => {
                write!(f, "the invite's {part:?} part is {len} bytes long")
            }
            InviteError::RelayNotText => f.write_str("the invite's relay is not text"),
            InviteError::RelayNotUrl => f.write_str("the invite's relay is not a web address"),
        }
    }
}

impl std::error::Error for InviteError {}

const PREFIX: &str = "join=";
const RELAY_SCHEMES: [&str; 4] = ["https://", "wss://", "http://", "ws://"];

impl Invite {
    /// The invite as a link to the app at `app_url` (any fragment it has is
    /// replaced).
    pub fn link(&self, app_url: &str) -> String {
        let base = app_url.split('#').next().unwrap_or_default();
        // A bare origin gets its root path, so the link reads as one page.
        let has_path = base
            .split_once("://")
            .is_some_and(|(_, rest)| rest.contains('/'));
        let slash = if has_path { "" } else { "/" };
        let mut link = format!(
            "{base}{slash}#{PREFIX}{}.{}",
            URL_SAFE_NO_PAD.encode(self.project.0),
            URL_SAFE_NO_PAD.encode(self.secret.to_bytes())
        );
        if let Some(relay) = &self.relay {
            link.push('.');
            link.push_str(&URL_SAFE_NO_PAD.encode(relay));
        }
        link
    }

    /// Reads a link as typed, pasted or scanned (surrounding space is ignored).
    pub fn parse(link: &str) -> Result<Invite, InviteError> {
        let (_, fragment) = link.trim().split_once('#').ok_or(InviteError::NoFragment)?;
        let invite = fragment
            .strip_prefix(PREFIX)
            .ok_or(InviteError::NotAnInvite)?;
        let parts: Vec<&str> = invite.split('.').collect();
        if !(2..=3).contains(&parts.len()) {
            return Err(InviteError::WrongPartCount { count: parts.len() });
        }
        let project = fixed::<16>(parts[0], InvitePart::Project)?;
        let secret = fixed::<32>(parts[1], InvitePart::Secret)?;
        let relay = parts.get(2).map(|part| relay(part)).transpose()?;
        Ok(Invite {
            project: ProjectId(project),
            secret: ProjectSecret::from_random(secret),
            relay,
        })
    }
}

fn decode(text: &str, part: InvitePart) -> Result<Vec<u8>, InviteError> {
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| InviteError::NotBase64 { part })
}

fn fixed<const N: usize>(text: &str, part: InvitePart) -> Result<[u8; N], InviteError> {
    let bytes = decode(text, part)?;
    bytes
        .as_slice()
        .try_into()
        .map_err(|_| InviteError::WrongLength {
            part,
            len: bytes.len(),
        })
}

fn relay(text: &str) -> Result<String, InviteError> {
    let url = String::from_utf8(decode(text, InvitePart::Relay)?)
        .map_err(|_| InviteError::RelayNotText)?;
    let host = RELAY_SCHEMES
        .iter()
        .find_map(|scheme| url.strip_prefix(scheme))
        .ok_or(InviteError::RelayNotUrl)?;
    // A host is needed, and nothing that could break out of a URL when the app
    // later builds the WebSocket address from it.
    if host.is_empty()
        || host.starts_with('/')
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(InviteError::RelayNotUrl);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invite(relay: Option<&str>) -> Invite {
        Invite {
            project: ProjectId([0xfb; 16]),
            secret: ProjectSecret::from_random([0xff; 32]),
            relay: relay.map(str::to_owned),
        }
    }

    fn b64(bytes: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(bytes)
    }

    #[test]
    fn a_link_round_trips_with_and_without_a_relay() {
        for relay in [None, Some("wss://relay.example.org:8443/sync")] {
            let invite = invite(relay);
            let link = invite.link("https://heard.example.org");
            assert!(
                link.starts_with("https://heard.example.org/#join="),
                "{link}"
            );
            assert_eq!(Invite::parse(&link), Ok(invite));
        }
    }

    #[test]
    fn the_secret_is_only_in_the_fragment_and_url_safe() {
        let link = invite(None).link("https://heard.example.org/app/#old");
        let (before, fragment) = link.split_once('#').unwrap();
        assert_eq!(before, "https://heard.example.org/app/");
        // 0xff bytes are where standard base64 would write '/' and '+'.
        assert!(fragment.contains(&b64(&[0xff; 32])));
        let parts = fragment.strip_prefix("join=").unwrap();
        assert!(!parts.contains(['/', '+', '=']), "{parts}");
    }

    #[test]
    fn pasted_links_with_space_around_them_parse() {
        let link = format!("  {}\n", invite(None).link("http://127.0.0.1:8080"));
        assert_eq!(Invite::parse(&link), Ok(invite(None)));
    }

    #[test]
    fn malformed_links_are_named() {
        let project = b64(&[1; 16]);
        let secret = b64(&[2; 32]);
        let good = format!("{project}.{secret}");
        let check = |link: &str, expected| assert_eq!(Invite::parse(link), Err(expected), "{link}");
        check("", InviteError::NoFragment);
        check("https://heard.example.org/", InviteError::NoFragment);
        check("https://heard.example.org/#", InviteError::NotAnInvite);
        check(
            "https://heard.example.org/#projects/1",
            InviteError::NotAnInvite,
        );
        check(&format!("https://h/#Join={good}"), InviteError::NotAnInvite);
        check("https://h/#join=", InviteError::WrongPartCount { count: 1 });
        check(
            &format!("https://h/#join={project}"),
            InviteError::WrongPartCount { count: 1 },
        );
        check(
            &format!("https://h/#join={good}.a.b"),
            InviteError::WrongPartCount { count: 4 },
        );
        check(
            &format!("https://h/#join=!!.{secret}"),
            InviteError::NotBase64 {
                part: InvitePart::Project,
            },
        );
        check(
            &format!("https://h/#join={project}=.{secret}"),
            InviteError::NotBase64 {
                part: InvitePart::Project,
            },
        );
        check(
            &format!("https://h/#join=.{secret}"),
            InviteError::WrongLength {
                part: InvitePart::Project,
                len: 0,
            },
        );
        check(
            &format!("https://h/#join={}.{secret}", b64(&[1; 15])),
            InviteError::WrongLength {
                part: InvitePart::Project,
                len: 15,
            },
        );
        check(
            &format!("https://h/#join={project}.{}", &secret[1..]),
            InviteError::NotBase64 {
                part: InvitePart::Secret,
            },
        );
        check(
            &format!("https://h/#join={project}.{}", b64(&[2; 33])),
            InviteError::WrongLength {
                part: InvitePart::Secret,
                len: 33,
            },
        );
        // A link cut short while copying usually loses the end of the secret.
        check(
            &format!("https://h/#join={project}.{}", &secret[..40]),
            InviteError::WrongLength {
                part: InvitePart::Secret,
                len: 30,
            },
        );
        check(
            &format!("https://h/#join={good}.*"),
            InviteError::NotBase64 {
                part: InvitePart::Relay,
            },
        );
        check(
            &format!("https://h/#join={good}.{}", b64(&[0xff, 0xfe])),
            InviteError::RelayNotText,
        );
        for relay in [
            "",
            "relay.example.org",
            "ftp://relay",
            "https://",
            "https:///path",
            "wss://a b",
            "javascript:alert(1)",
        ] {
            check(
                &format!("https://h/#join={good}.{}", b64(relay.as_bytes())),
                InviteError::RelayNotUrl,
            );
        }
    }
}
