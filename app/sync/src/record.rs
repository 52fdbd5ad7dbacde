//! What a device keeps to sync one project, in its storage's sync store:
//! where the relay is, the project's id there and its secret (which never
//! leave the device but inside an invite), the project's document once
//! known, and the [`SyncState`]. Stored as JSON; the secret in hex.

use heard_core::{
    id::DocId,
    sync::{Invite, ProjectSecret},
};
use heard_protocol::ProjectId;
use serde::{Deserialize, Serialize};

use crate::{Keys, SyncState, Syncer};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SyncRecord {
    /// The relay's WebSocket address.
    pub relay: String,
    /// The project's id on the relay, as hex: also this record's key.
    pub relay_project: String,
    pub secret: String,
    #[serde(default)]
    pub project: Option<DocId>,
    #[serde(default)]
    pub state: SyncState,
}

/// Why a record cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub enum RecordError {
    /// The relay's project id or the secret is not hex of the right length.
    BadHex(&'static str),
    NotJson(String),
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordError::BadHex(what) => write!(f, "the {what} is not what it should be"),
            RecordError::NotJson(e) => write!(f, "the sync record does not read: {e}"),
        }
    }
}

impl SyncRecord {
    /// A record for sharing project `project` under a relay id and secret
    /// drawn at random by the caller.
    pub fn shared(
        relay: &str,
        relay_project: [u8; 16],
        secret: [u8; 32],
        project: DocId,
    ) -> SyncRecord {
        SyncRecord {
            relay: relay.to_owned(),
            relay_project: hex(&relay_project),
            secret: hex(&secret),
            project: Some(project),
            state: SyncState::default(),
        }
    }

    /// A record for joining the project of `invite`, through the relay it
    /// names or else `relay`.
    pub fn joined(invite: &Invite, relay: &str) -> SyncRecord {
        SyncRecord {
            relay: invite.relay.clone().unwrap_or_else(|| relay.to_owned()),
            relay_project: hex(&invite.project.0),
            secret: hex(&invite.secret.to_bytes()),
            project: None,
            state: SyncState::default(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(json: &str) -> Result<SyncRecord, RecordError> {
        serde_json::from_str(json).map_err(|e| RecordError::NotJson(e.to_string()))
    }

    fn ids(&self) -> Result<(ProjectId, ProjectSecret), RecordError> {
        let project: [u8; 16] =
            unhex(&self.relay_project).ok_or(RecordError::BadHex("project's id on the relay"))?;
        let secret: [u8; 32] =
            unhex(&self.secret).ok_or(RecordError::BadHex("project's secret"))?;
        Ok((ProjectId(project), ProjectSecret::from_random(secret)))
    }

    /// The project's id on the relay and its keys (a sync file is sealed
    /// with them).
    pub fn keys(&self) -> Result<(ProjectId, Keys), RecordError> {
        let (project, secret) = self.ids()?;
        Ok((project, Keys::new(project, &secret)))
    }

    /// The link another device joins by, opening the app at `app`.
    pub fn invite(&self, app: &str) -> Result<String, RecordError> {
        let (project, secret) = self.ids()?;
        Ok(Invite {
            project,
            secret,
            relay: Some(self.relay.clone()),
        }
        .link(app))
    }

    /// The syncer for this record. `seed`: random, per device.
    pub fn syncer(&self, seed: u64) -> Result<Syncer, RecordError> {
        let (project, secret) = self.ids()?;
        Ok(Syncer::new(
            project,
            Keys::new(project, &secret),
            self.project.clone(),
            self.state.clone(),
            seed,
        ))
    }
}

fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// `N` bytes from `text`, which must be exactly `2 * N` hex digits.
pub fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let mut out = [0; N];
    hex::decode_to_slice(text, &mut out).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_record_round_trips_and_its_invite_joins_the_same_project() {
        let shared = SyncRecord::shared(
            "wss://relay.example/relay",
            [1; 16],
            [2; 32],
            DocId::from_random([3; 16]),
        );
        let again = SyncRecord::from_json(&shared.to_json()).unwrap();
        assert_eq!(again, shared);
        let link = shared.invite("https://heard.example/").unwrap();
        let (address, fragment) = link
            .split_once('#')
            .expect("the secret travels in a fragment");
        assert!(
            Invite::parse(address).is_err(),
            "nothing before the fragment joins"
        );
        assert!(fragment.starts_with("join="));
        let invite = Invite::parse(&link).unwrap();
        let joined = SyncRecord::joined(&invite, "ws://elsewhere/relay");
        assert_eq!(
            (
                joined.relay.as_str(),
                joined.relay_project.as_str(),
                joined.secret.as_str()
            ),
            (
                shared.relay.as_str(),
                shared.relay_project.as_str(),
                shared.secret.as_str()
            )
        );
        assert_eq!(
            joined.project, None,
            "the joining device learns the project from the relay"
        );
    }

    #[test]
    fn bad_records_say_what_is_wrong() {
        let good = SyncRecord::shared(
            "ws://r/relay",
            [1; 16],
            [2; 32],
            DocId::from_random([3; 16]),
        );
        let cases: [(&str, SyncRecord, RecordError); 3] = [
            (
                "short project id",
                SyncRecord {
                    relay_project: "ab".into(),
                    ..good.clone()
                },
                RecordError::BadHex("project's id on the relay"),
            ),
            (
                "secret not hex",
                SyncRecord {
                    secret: "zz".repeat(32),
                    ..good.clone()
                },
                RecordError::BadHex("project's secret"),
            ),
            (
                "secret too long",
                SyncRecord {
                    secret: "00".repeat(33),
                    ..good.clone()
                },
                RecordError::BadHex("project's secret"),
            ),
        ];
        for (name, record, error) in cases {
            assert_eq!(record.syncer(1).err(), Some(error), "{name}");
        }
        assert!(matches!(
            SyncRecord::from_json("{"),
            Err(RecordError::NotJson(_))
        ));
    }
}
