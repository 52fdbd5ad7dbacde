//! Links read from a camera frame, for browsers without `BarcodeDetector`,
//! with quircs (a port of quirc): a few kilobytes of wasm, where decoders
//! built on a full multiplication table for GF(256) cost the lazily loaded
//! module some 80 KB.

use std::fmt;

/// The longest side of a frame this reads. Larger frames are a caller's
/// mistake (the join screen scales the camera down first): reading one would
/// take seconds on a phone.
pub const MAX_SIDE: usize = 2048;

/// Why a frame could not be read at all (a frame with no code in it is not an
/// error: it reads as no texts).
#[derive(Debug, PartialEq, Eq)]
pub enum FrameError {
    /// A side is zero.
    Empty,
    /// A side is longer than [`MAX_SIDE`].
    TooLarge { width: usize, height: usize },
    /// The bytes are not `width × height` pixels of this layout.
    WrongLength { expected: usize, got: usize },
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::Empty => f.write_str("the frame has no pixels"),
            FrameError::TooLarge { width, height } => {
                write!(
                    f,
                    "a {width}×{height} frame is larger than {MAX_SIDE} a side"
                )
            }
            FrameError::WrongLength { expected, got } => {
                write!(f, "the frame has {got} bytes, not {expected}")
            }
        }
    }
}

impl std::error::Error for FrameError {}

fn check(
    width: usize,
    height: usize,
    bytes_per_pixel: usize,
    len: usize,
) -> Result<(), FrameError> {
    if width == 0 || height == 0 {
        return Err(FrameError::Empty);
    }
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(FrameError::TooLarge { width, height });
    }
    let expected = width * height * bytes_per_pixel;
    if len != expected {
        return Err(FrameError::WrongLength { expected, got: len });
    }
    Ok(())
}

/// The texts of every QR code found in a frame of RGBA pixels, row by row
/// (as a canvas's `getImageData` gives them). Codes found but not readable
/// (blurred, cut off) are left out.
pub fn read_rgba(width: usize, height: usize, rgba: &[u8]) -> Result<Vec<String>, FrameError> {
    check(width, height, 4, rgba.len())?;
    let luma: Vec<u8> = rgba
        .chunks_exact(4)
        .map(|p| luma(p[0], p[1], p[2]))
        .collect();
    Ok(texts(width, height, &luma))
}

/// The texts of every QR code found in a frame of luminance bytes, row by
/// row (0 black, 255 white).
pub fn read_luma(width: usize, height: usize, luma: &[u8]) -> Result<Vec<String>, FrameError> {
    check(width, height, 1, luma.len())?;
    Ok(texts(width, height, luma))
}

fn texts(width: usize, height: usize, luma: &[u8]) -> Vec<String> {
    let mut quirc = quircs::Quirc::default();
    quirc
        .identify(width, height, luma)
        .filter_map(|code| {
            let code = code.ok()?;
            let data = code.decode().or_else(|_| transposed(&code).decode()).ok()?;
            String::from_utf8(data.payload).ok()
        })
        .collect()
}

/// The code with rows and columns swapped: a mirrored code (a front camera's
/// view, or a code seen through the back of a window) read as the standard
/// allows only the right way round.
fn transposed(code: &quircs::Code) -> quircs::Code {
    let size = code.size as usize;
    let mut cells = [0u8; 3917];
    for y in 0..size {
        for x in 0..size {
            let from = y * size + x;
            if code.cell_bitmap[from >> 3] & (1 << (from & 7)) != 0 {
                let to = x * size + y;
                cells[to >> 3] |= 1 << (to & 7);
            }
        }
    }
    quircs::Code {
        corners: code.corners,
        size: code.size,
        cell_bitmap: cells,
    }
}

/// Rec. 601 luma in integers: what a camera's Y plane holds.
fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b)) / 1000) as u8
}
