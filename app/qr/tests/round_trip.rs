//! Invite links drawn as QR codes and read back as a camera would see them:
//! the modules, the SVG path the invite screen shows, and frames with the code
//! small, off centre, low in contrast or mirrored; and the typed errors for
//! what cannot be drawn or read.

use std::collections::BTreeSet;

use heard_core::sync::{Invite, ProjectSecret};
use heard_protocol::ProjectId;
use heard_qr::{EncodeError, FrameError, MAX_SIDE, QUIET_ZONE, QrCode, read_luma, read_rgba};

fn link(relay: Option<&str>) -> String {
    Invite {
        project: ProjectId([0x5a; 16]),
        secret: ProjectSecret::from_random(std::array::from_fn(|i| i as u8 * 7)),
        relay: relay.map(str::to_owned),
    }
    .link("https://heard.example.org/")
}

/// The dark modules an SVG path draws, read back from its `M x,y h n v1 h-n z`
/// rectangles (what the e2e test reads from the page, too).
fn modules_of_path(path: &str) -> BTreeSet<(usize, usize)> {
    let mut modules = BTreeSet::new();
    for rect in path.split('z').filter(|r| !r.is_empty()) {
        let rest = rect.strip_prefix('M').expect("each run starts with M");
        let (xy, rest) = rest.split_once('h').expect("then h");
        let (run, back) = rest.split_once("v1h-").expect("then v1h-");
        assert_eq!(run, back, "each run closes on itself: {rect}");
        let (x, y) = xy.split_once(',').expect("x,y");
        let (x, y, run): (usize, usize, usize) =
            (x.parse().unwrap(), y.parse().unwrap(), run.parse().unwrap());
        for dx in 0..run {
            assert!(modules.insert((x + dx, y)), "a module drawn twice: {rect}");
        }
    }
    modules
}

/// A frame of `side × side` luminance pixels, white, with the code drawn at
/// `scale` pixels a module (quiet zone included) from `(left, top)`.
fn frame(
    code: &QrCode,
    side: (usize, usize),
    at: (usize, usize),
    scale: usize,
    ink: (u8, u8),
) -> Vec<u8> {
    let (dark, light) = ink;
    let mut pixels = vec![light; side.0 * side.1];
    for py in 0..code.size() * scale {
        for px in 0..code.size() * scale {
            let (mx, my) = (px / scale, py / scale);
            let is_dark = mx >= QUIET_ZONE
                && my >= QUIET_ZONE
                && code.is_dark(mx - QUIET_ZONE, my - QUIET_ZONE);
            if is_dark {
                pixels[(at.1 + py) * side.0 + at.0 + px] = dark;
            }
        }
    }
    pixels
}

#[test]
fn a_link_read_back_from_its_code_is_the_same_invite() {
    for relay in [None, Some("wss://relay.example.org/relay")] {
        let link = link(relay);
        let code = QrCode::encode(&link).unwrap();
        let luma = frame(&code, (400, 400), (20, 30), 5, (0, 255));
        let read = read_luma(400, 400, &luma).unwrap();
        assert_eq!(read, vec![link.clone()]);
        assert_eq!(
            Invite::parse(&read[0]).unwrap(),
            Invite::parse(&link).unwrap()
        );
    }
}

#[test]
fn the_svg_path_draws_exactly_the_dark_modules_inside_the_quiet_zone() {
    let code = QrCode::encode(&link(None)).unwrap();
    assert_eq!(code.size(), code.width() + 2 * QUIET_ZONE);
    let drawn = modules_of_path(&code.svg_path());
    let expected: BTreeSet<_> = (0..code.width())
        .flat_map(|y| (0..code.width()).map(move |x| (x, y)))
        .filter(|&(x, y)| code.is_dark(x, y))
        .map(|(x, y)| (x + QUIET_ZONE, y + QUIET_ZONE))
        .collect();
    assert_eq!(drawn, expected);
    // The finder pattern's corner is dark; outside the code is light.
    assert!(code.is_dark(0, 0));
    assert!(!code.is_dark(code.width(), 0));
}

#[test]
fn a_link_reads_back_from_the_svg_path_as_a_camera_frame_in_colour() {
    let link = link(None);
    let code = QrCode::encode(&link).unwrap();
    // The path, as the e2e test draws it into the fake camera's video.
    let drawn = modules_of_path(&code.svg_path());
    let (width, height, scale) = (640, 480, 6);
    let mut rgba = vec![0u8; width * height * 4];
    for y in 0..height {
        for x in 0..width {
            let module = (
                x.checked_sub(100).map(|x| x / scale),
                y.checked_sub(60).map(|y| y / scale),
            );
            let dark = matches!(module, (Some(mx), Some(my)) if drawn.contains(&(mx, my)));
            // A grey-blue screen seen by a camera: no pure black or white.
            let (r, g, b) = if dark { (50, 45, 60) } else { (200, 205, 215) };
            rgba[(y * width + x) * 4..][..4].copy_from_slice(&[r, g, b, 255]);
        }
    }
    assert_eq!(read_rgba(width, height, &rgba).unwrap(), vec![link]);
}

#[test]
fn a_mirrored_frame_reads_too() {
    // A front camera shows the code mirrored.
    let link = link(None);
    let code = QrCode::encode(&link).unwrap();
    let side = 300;
    let luma = frame(&code, (side, side), (10, 10), 4, (30, 230));
    let mirrored: Vec<u8> = luma
        .chunks_exact(side)
        .flat_map(|row| row.iter().rev().copied())
        .collect();
    assert_eq!(read_luma(side, side, &mirrored).unwrap(), vec![link]);
}

#[test]
fn frames_with_no_code_read_as_nothing() {
    let side = 200;
    let check = |name: &str, luma: Vec<u8>| {
        assert_eq!(
            read_luma(side, side, &luma).unwrap(),
            Vec::<String>::new(),
            "{name}"
        );
    };
    check("white", vec![255; side * side]);
    check("black", vec![0; side * side]);
    // A fixed pseudo-random speckle.
    let mut state = 0x2545_f491_u32;
    check(
        "speckle",
        (0..side * side)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                (state >> 24) as u8
            })
            .collect(),
    );
    // Stripes, which look like finder patterns' edges.
    check(
        "stripes",
        (0..side * side)
            .map(|i| if (i % side) / 7 % 2 == 0 { 0 } else { 255 })
            .collect(),
    );
}

#[test]
fn frames_that_cannot_be_read_get_their_typed_error() {
    let check = |width: usize, height: usize, bytes: usize, expected: FrameError| {
        assert_eq!(
            read_luma(width, height, &vec![255; bytes]),
            Err(expected),
            "{width}×{height}, {bytes} bytes"
        );
    };
    check(0, 10, 0, FrameError::Empty);
    check(10, 0, 0, FrameError::Empty);
    check(
        MAX_SIDE + 1,
        10,
        0,
        FrameError::TooLarge {
            width: MAX_SIDE + 1,
            height: 10,
        },
    );
    check(
        10,
        MAX_SIDE + 1,
        0,
        FrameError::TooLarge {
            width: 10,
            height: MAX_SIDE + 1,
        },
    );
    check(
        10,
        10,
        99,
        FrameError::WrongLength {
            expected: 100,
            got: 99,
        },
    );
    check(
        10,
        10,
        101,
        FrameError::WrongLength {
            expected: 100,
            got: 101,
        },
    );
    assert_eq!(
        read_rgba(10, 10, &[255; 100]),
        Err(FrameError::WrongLength {
            expected: 400,
            got: 100
        }),
        "RGBA has four bytes a pixel"
    );
}

#[test]
fn a_text_too_long_for_any_code_is_refused() {
    // Version 40 at level M holds 2,331 bytes.
    assert!(QrCode::encode(&"a".repeat(2331)).is_ok());
    assert_eq!(
        QrCode::encode(&"a".repeat(2332)),
        Err(EncodeError::TooLong { bytes: 2332 })
    );
    // An invite link fits a small code, one a phone reads at arm's length.
    let code = QrCode::encode(&link(Some("wss://relay.example.org/relay"))).unwrap();
    assert!(code.width() <= 49, "{} modules a side", code.width());
}

#[test]
fn a_code_in_uneven_light_with_speckle_reads() {
    // Light falling off across the frame (a window on one side), with
    // sensor noise: the darkest "white" is darker than the lightest "black"
    // would be under even light.
    let link = link(None);
    let code = QrCode::encode(&link).unwrap();
    let (width, height) = (480, 360);
    let drawn = frame(&code, (width, height), (90, 30), 6, (0, 255));
    let mut state = 0x9e37_79b9_u32;
    let lit: Vec<u8> = drawn
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let light = 0.45 + 0.55 * (i % width) as f32 / width as f32;
            let noise = (state >> 28) as f32 - 8.0;
            (f32::from(v) * light + 20.0 + noise).clamp(0.0, 255.0) as u8
        })
        .collect();
    assert_eq!(read_luma(width, height, &lit).unwrap(), vec![link]);
}

#[test]
fn no_frame_makes_the_reader_panic() {
    // A panic in the browser would stop the whole page (wasm aborts), so
    // cut, scratched and half-covered codes must read as nothing or as
    // their text, never crash: a bounded sweep of them.
    let link = link(Some("wss://relay.example.org/relay"));
    let code = QrCode::encode(&link).unwrap();
    let side = 240;
    let whole = frame(&code, (side, side), (10, 10), 4, (0, 255));
    let mut state = 0x1234_5678_u32;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    for round in 0..300 {
        let mut luma = whole.clone();
        // Cover a random rectangle, flip random pixels, or shift the code
        // off the frame's edge.
        let (x0, y0) = ((next() as usize) % side, (next() as usize) % side);
        let (w, h) = ((next() as usize) % side, (next() as usize) % side);
        for y in y0..(y0 + h).min(side) {
            for x in x0..(x0 + w).min(side) {
                luma[y * side + x] = if round % 2 == 0 { 255 } else { 0 };
            }
        }
        for _ in 0..(next() % 2000) {
            let i = (next() as usize) % luma.len();
            luma[i] = !luma[i];
        }
        let shift = (next() as usize) % 120;
        luma.rotate_left(shift * side + shift);
        let read = read_luma(side, side, &luma).unwrap();
        assert!(
            read.iter().all(|text| *text == link),
            "round {round}: read {read:?}"
        );
    }
}
