//! Links read from a camera frame, for browsers without `BarcodeDetector`.

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
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| luma[y * width + x]);
    image
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
        .collect()
}

/// Rec. 601 luma in integers: what a camera's Y plane holds.
fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b)) / 1000) as u8
}
