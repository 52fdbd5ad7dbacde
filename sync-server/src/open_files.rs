//! Raising the open-file limit at start-up: every connected device holds a
//! file descriptor, and many systems start a process with a soft limit of
//! 1,024, far below the relay's connection cap. The soft limit may be raised
//! to the hard one without privileges, so the relay does that and logs both.

use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};

/// The open-file limit before and after, as `(soft before, soft now, hard)`;
/// `None` means unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenFiles {
    pub before: Option<u64>,
    pub now: Option<u64>,
    pub hard: Option<u64>,
}

/// Raises the soft limit on open files to the hard limit.
pub fn raise() -> Result<OpenFiles, std::io::Error> {
    let before = getrlimit(Resource::Nofile);
    if before.current != before.maximum {
        setrlimit(
            Resource::Nofile,
            Rlimit {
                current: before.maximum,
                maximum: before.maximum,
            },
        )?;
    }
    let now = getrlimit(Resource::Nofile);
    Ok(OpenFiles {
        before: before.current,
        now: now.current,
        hard: now.maximum,
    })
}

/// Raises the limit and says what came of it in the log.
pub fn raise_and_log() {
    let show = |limit: Option<u64>| limit.map_or("unlimited".to_owned(), |n| n.to_string());
    match raise() {
        Ok(limits) if limits.before == limits.now => tracing::info!(
            soft = %show(limits.now),
            hard = %show(limits.hard),
            "open-file limit already at its hard limit"
        ),
        Ok(limits) => tracing::info!(
            before = %show(limits.before),
            soft = %show(limits.now),
            hard = %show(limits.hard),
            "open-file limit raised"
        ),
        Err(error) => tracing::warn!(%error, "cannot raise the open-file limit"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_soft_limit_ends_at_the_hard_limit() {
        let limits = raise().unwrap();
        assert_eq!(limits.now, limits.hard);
        assert_eq!(getrlimit(Resource::Nofile).current, limits.hard);
    }
}
