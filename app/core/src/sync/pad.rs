//! PADMÉ padding: a blob's length says only which bucket it is in.

use std::fmt;

/// The length header in front of the content, so unpadding is exact.
const HEADER: usize = 4;

/// The padded length for `len` bytes (header included), per PADMÉ (Nikitin et
/// al., "Reducing Metadata Leakage from Encrypted Files and Communication with
/// PURBs", 2019): round up to a multiple of 2^(E - S), where E = floor(log2 len)
/// and S = floor(log2 E) + 1. It keeps at most about log log of the length's bits
/// and costs at most 12% overhead, so "yes" and "no", or two answers of similar
/// length, seal to the same size.
pub fn padme(len: usize) -> usize {
    if len < 2 {
        return len;
    }
    let e = len.ilog2();
    let s = e.ilog2() + 1;
    let mask = (1usize << (e - s)) - 1;
    (len + mask) & !mask
}

/// The content behind a `u32` length header, zero-filled to its PADMÉ length.
pub fn pad(content: &[u8]) -> Vec<u8> {
    let len = u32::try_from(content.len()).expect("no blob is 4 GiB long");
    let mut padded = Vec::with_capacity(padme(HEADER + content.len()));
    padded.extend_from_slice(&len.to_le_bytes());
    padded.extend_from_slice(content);
    padded.resize(padme(HEADER + content.len()), 0);
    padded
}

/// Why padded bytes did not unpad. Only a device with the blob key can make
/// padded bytes, so any of these means a bug or a malicious project member.
#[derive(Debug, PartialEq, Eq)]
pub enum UnpadError {
    /// Fewer bytes than the length header.
    NoHeader { len: usize },
    /// The header claims more content than there is.
    LengthPastEnd { declared: usize, available: usize },
    /// The filler after the content is not all zeros.
    NonZeroPadding,
}

impl fmt::Display for UnpadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnpadError::NoHeader { len } => write!(f, "{len} bytes are too few for a length"),
            UnpadError::LengthPastEnd {
                declared,
                available,
            } => write!(f, "{declared} bytes declared, {available} there"),
            UnpadError::NonZeroPadding => f.write_str("the padding is not zeros"),
        }
    }
}

impl std::error::Error for UnpadError {}

/// The content of padded bytes, exactly as it was before [`pad`].
pub fn unpad(padded: &[u8]) -> Result<&[u8], UnpadError> {
    let Some((header, rest)) = padded.split_first_chunk::<HEADER>() else {
        return Err(UnpadError::NoHeader { len: padded.len() });
    };
    let declared = u32::from_le_bytes(*header) as usize;
    if declared > rest.len() {
        return Err(UnpadError::LengthPastEnd {
            declared,
            available: rest.len(),
        });
    }
    let (content, filler) = rest.split_at(declared);
    if filler.iter().any(|&b| b != 0) {
        return Err(UnpadError::NonZeroPadding);
    }
    Ok(content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padme_rounds_to_the_published_buckets() {
        // Small lengths are exact; from 8 on, buckets widen with the length.
        let check = |len, expected| assert_eq!(padme(len), expected, "padme({len})");
        check(0, 0);
        check(1, 1);
        check(7, 7);
        check(8, 8);
        check(9, 10);
        check(100, 104);
        check(129, 144);
        check(1000, 1024);
        check(1025, 1088);
        check(1_000_000, 1_015_808);
    }

    #[test]
    fn padding_never_shrinks_and_costs_at_most_12_percent() {
        for len in (1..5000).chain([65_535, 65_536, 1 << 20, 3 << 20]) {
            let padded = padme(len);
            assert!(padded >= len, "{len}");
            assert!(padded * 100 <= len * 112 + 100, "{len} pads to {padded}");
        }
    }

    #[test]
    fn every_length_unpads_to_exactly_what_was_padded() {
        for len in 0..600 {
            let content: Vec<u8> = (0..len).map(|i| (i % 251) as u8 + 1).collect();
            let padded = pad(&content);
            assert_eq!(padded.len(), padme(HEADER + len));
            assert_eq!(unpad(&padded), Ok(&content[..]), "{len}");
        }
    }

    #[test]
    fn lengths_within_one_bucket_pad_to_one_length() {
        // 121 to 124 bytes plus the header are all in the bucket of 128.
        let lengths: Vec<usize> = (121..=124).map(|len| pad(&vec![7; len]).len()).collect();
        assert_eq!(lengths, [128; 4]);
        // The next byte starts the next bucket.
        assert_eq!(pad(&[7; 125]).len(), 144);
    }

    #[test]
    fn malformed_padding_is_named() {
        let check = |bytes: &[u8], expected| assert_eq!(unpad(bytes), Err(expected), "{bytes:?}");
        check(&[], UnpadError::NoHeader { len: 0 });
        check(&[1, 0, 0], UnpadError::NoHeader { len: 3 });
        check(
            &[5, 0, 0, 0, 1, 2],
            UnpadError::LengthPastEnd {
                declared: 5,
                available: 2,
            },
        );
        check(
            &[0xff, 0xff, 0xff, 0xff],
            UnpadError::LengthPastEnd {
                declared: u32::MAX as usize,
                available: 0,
            },
        );
        check(&[1, 0, 0, 0, 9, 0, 1], UnpadError::NonZeroPadding);
    }
}
