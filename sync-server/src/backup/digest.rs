//! A checksum of a relay database's contents, written into each backup so a
//! restore can tell a damaged file from a good one.
//!
//! SQLite has no page checksums: `PRAGMA integrity_check` finds a broken
//! b-tree but not a flipped byte inside a blob, and a restored relay would
//! serve that blob to devices, which would set it aside as forged. So the
//! backup carries a SHA-256 over every row of every table, in key order, and
//! the restore recomputes it before the file is put in place.

use rusqlite::{Connection, types::ValueRef};
use sha2::{Digest, Sha256};

/// The tables of schema version 1 and the order their rows are hashed in.
/// A table the database has and this list lacks is an error, so a new
/// schema cannot leave a table out of the checksum by accident.
const TABLES: [(&str, &str); 4] = [
    ("schema_version", "version"),
    ("projects", "id"),
    ("entries", "project, seq"),
    ("media", "project, id"),
];

/// The manifest table a backup adds beside the relay's own.
pub(super) const MANIFEST: &str = "heard_backup";

/// What a database holds, as a backup's manifest records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contents {
    pub projects: u64,
    pub entries: u64,
    pub media: u64,
    pub digest: [u8; 32],
}

/// Hashes every row of the relay's tables in `conn`.
pub(super) fn contents(conn: &Connection) -> rusqlite::Result<Result<Contents, String>> {
    let mut names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name != ?1 ORDER BY name",
        )?
        .query_map([MANIFEST], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    names.retain(|name| !TABLES.iter().any(|(known, _)| known == name));
    if let Some(unknown) = names.first() {
        return Ok(Err(format!(
            "it has a table this relay does not know ({unknown})"
        )));
    }
    let mut hash = Sha256::new();
    let mut counts = [0u64; TABLES.len()];
    for ((table, order), count) in TABLES.iter().zip(&mut counts) {
        hash.update(table.as_bytes());
        let mut statement = conn.prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))?;
        let columns = statement.column_count();
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            *count += 1;
            for column in 0..columns {
                value(&mut hash, row.get_ref(column)?);
            }
        }
    }
    Ok(Ok(Contents {
        projects: counts[1],
        entries: counts[2],
        media: counts[3],
        digest: hash.finalize().into(),
    }))
}

/// One value, typed and length-prefixed so that no two rows hash alike.
fn value(hash: &mut Sha256, value: ValueRef<'_>) {
    match value {
        ValueRef::Null => hash.update([0]),
        ValueRef::Integer(i) => {
            hash.update([1]);
            hash.update(i.to_le_bytes());
        }
        ValueRef::Real(r) => {
            hash.update([2]);
            hash.update(r.to_le_bytes());
        }
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
            hash.update([if matches!(value, ValueRef::Text(_)) {
                3
            } else {
                4
            }]);
            hash.update((bytes.len() as u64).to_le_bytes());
            hash.update(bytes);
        }
    }
}

/// Writes the manifest into a freshly made backup.
pub(super) fn write_manifest(
    conn: &Connection,
    contents: &Contents,
    taken_at: u64,
) -> rusqlite::Result<()> {
    conn.execute_batch(&format!(
        "CREATE TABLE {MANIFEST} (
            taken_at INTEGER NOT NULL,
            projects INTEGER NOT NULL,
            entries INTEGER NOT NULL,
            media INTEGER NOT NULL,
            digest BLOB NOT NULL
        )"
    ))?;
    conn.execute(
        &format!("INSERT INTO {MANIFEST} VALUES (?1, ?2, ?3, ?4, ?5)"),
        rusqlite::params![
            taken_at as i64,
            contents.projects as i64,
            contents.entries as i64,
            contents.media as i64,
            contents.digest.as_slice()
        ],
    )?;
    Ok(())
}

/// The manifest of a backup, with when it was taken; None when the table
/// is missing (the file is some other SQLite database).
pub(super) fn read_manifest(conn: &Connection) -> rusqlite::Result<Option<(Contents, u64)>> {
    let exists: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [MANIFEST],
        |row| row.get(0),
    )?;
    if !exists {
        return Ok(None);
    }
    conn.query_row(
        &format!("SELECT taken_at, projects, entries, media, digest FROM {MANIFEST}"),
        [],
        |row| {
            let digest: Vec<u8> = row.get(4)?;
            Ok((
                Contents {
                    projects: row.get::<_, i64>(1)? as u64,
                    entries: row.get::<_, i64>(2)? as u64,
                    media: row.get::<_, i64>(3)? as u64,
                    digest: digest.try_into().unwrap_or([0; 32]),
                },
                row.get::<_, i64>(0)? as u64,
            ))
        },
    )
    .map(Some)
}
