//! What a sealed blob of changes carries: a list of automerge changes of one
//! document, each as its own bytes, so the receiving device can take them
//! one by one and refuse a bad one by name.

/// The changes, each prefixed with its length.
pub fn encode(changes: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + changes.iter().map(|c| 4 + c.len()).sum::<usize>());
    out.extend_from_slice(&(changes.len() as u32).to_le_bytes());
    for change in changes {
        out.extend_from_slice(&(change.len() as u32).to_le_bytes());
        out.extend_from_slice(change);
    }
    out
}

/// Why a payload is not a list of changes.
#[derive(Debug, PartialEq, Eq)]
pub enum PayloadError {
    Truncated,
    TrailingBytes(usize),
}

pub fn decode(bytes: &[u8]) -> Result<Vec<Vec<u8>>, PayloadError> {
    let mut rest = bytes;
    let mut take = |n: usize| -> Result<&[u8], PayloadError> {
        if rest.len() < n {
            return Err(PayloadError::Truncated);
        }
        let (head, tail) = rest.split_at(n);
        rest = tail;
        Ok(head)
    };
    let count = u32::from_le_bytes(take(4)?.try_into().map_err(|_| PayloadError::Truncated)?);
    // Each change takes at least its four length bytes: a count larger than
    // that allows is a lie, and is not allocated for.
    if count as usize > bytes.len() / 4 {
        return Err(PayloadError::Truncated);
    }
    let mut changes = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let len = u32::from_le_bytes(take(4)?.try_into().map_err(|_| PayloadError::Truncated)?);
        changes.push(take(len as usize)?.to_vec());
    }
    if !rest.is_empty() {
        return Err(PayloadError::TrailingBytes(rest.len()));
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_round_trip_and_bad_payloads_are_named() {
        let changes = vec![vec![1, 2, 3], vec![], vec![9; 300]];
        assert_eq!(decode(&encode(&changes)), Ok(changes.clone()));
        let good = encode(&changes);
        let cases: [(&str, Vec<u8>, PayloadError); 4] = [
            ("empty", vec![], PayloadError::Truncated),
            (
                "cut inside a change",
                good[..good.len() - 1].to_vec(),
                PayloadError::Truncated,
            ),
            (
                "a count past the bytes",
                vec![255, 255, 255, 255],
                PayloadError::Truncated,
            ),
            (
                "trailing",
                [good.clone(), vec![0]].concat(),
                PayloadError::TrailingBytes(1),
            ),
        ];
        for (name, bytes, error) in cases {
            assert_eq!(decode(&bytes), Err(error), "{name}");
        }
    }
}
