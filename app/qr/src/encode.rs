//! A link as a QR code: its modules and one SVG path that draws them.

use std::fmt::{self, Write};

use qrcode::{Color, EcLevel};

/// Light modules around the code on every side. The QR standard asks for four:
/// a scanner finds the code's corners by the contrast with this margin.
pub const QUIET_ZONE: usize = 4;

/// Why a text cannot be drawn as a QR code.
#[derive(Debug, PartialEq, Eq)]
pub enum EncodeError {
    /// More bytes than the largest QR code holds at this correction level.
    TooLong { bytes: usize },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::TooLong { bytes } => {
                write!(f, "{bytes} bytes are too many for one QR code")
            }
        }
    }
}

impl std::error::Error for EncodeError {}

/// A QR code's modules, row by row, without the quiet zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrCode {
    width: usize,
    dark: Vec<bool>,
}

impl QrCode {
    /// Draws `text` at error-correction level M (15% of the code can be lost):
    /// enough for glare on a screen or a smudged print, while an invite link
    /// still fits a code that a phone reads at arm's length.
    pub fn encode(text: &str) -> Result<QrCode, EncodeError> {
        let code = qrcode::QrCode::with_error_correction_level(text, EcLevel::M)
            .map_err(|_| EncodeError::TooLong { bytes: text.len() })?;
        let width = code.width();
        let dark = code
            .into_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect();
        Ok(QrCode { width, dark })
    }

    /// Modules per side, without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Modules per side with the quiet zone: the SVG's view box.
    pub fn size(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// Whether the module at column `x`, row `y` (from the code's top left
    /// corner, quiet zone excluded) is dark. Outside the code, it is light.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// The dark modules as one SVG path in a view box of [`size`](Self::size)
    /// units: one `M x,y h n v1 h-n z` rectangle per run of dark modules in a
    /// row, offset by the quiet zone. One element instead of hundreds keeps
    /// the page light, and whole units with `shape-rendering: crispEdges`
    /// keep the edges sharp.
    pub fn svg_path(&self) -> String {
        let mut path = String::new();
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if !self.is_dark(x, y) {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < self.width && self.is_dark(x, y) {
                    x += 1;
                }
                let run = x - start;
                let _ = write!(
                    path,
                    "M{},{}h{run}v1h-{run}z",
                    start + QUIET_ZONE,
                    y + QUIET_ZONE
                );
            }
        }
        path
    }
}
