//! QR codes read from the camera's video: with the browser's
//! `BarcodeDetector` where it has one (most phones' Chrome), else with
//! `heard-qr`'s decoder on a scaled-down copy of the frame, which works
//! offline in every browser.

use std::{cell::Cell, cell::RefCell, rc::Rc};

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement};

/// The longest side of a frame given to the decoder. A code held up to the
/// camera fills much of the frame, so this is plenty, and it keeps one read
/// to a few tens of milliseconds on a phone.
const DECODE_SIDE: u32 = 640;

pub struct FrameReader {
    /// The browser's detector, until it fails once (one that cannot read QR
    /// codes after all rejects every frame): then the decoder takes over.
    detector: Rc<RefCell<Option<Object>>>,
    /// A detection under way (the detector answers asynchronously).
    busy: Rc<Cell<bool>>,
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
}

impl FrameReader {
    pub fn new() -> Option<FrameReader> {
        let canvas: HtmlCanvasElement = leptos::prelude::document()
            .create_element("canvas")
            .ok()?
            .dyn_into()
            .ok()?;
        // Read back every frame: the browser keeps the pixels in memory
        // instead of on the GPU.
        let options = Object::new();
        let _ = Reflect::set(&options, &"willReadFrequently".into(), &true.into());
        let context = canvas
            .get_context_with_context_options("2d", &options)
            .ok()??
            .dyn_into()
            .ok()?;
        Some(FrameReader {
            detector: Rc::new(RefCell::new(barcode_detector())),
            busy: Rc::new(Cell::new(false)),
            canvas,
            context,
        })
    }

    /// Reads the frame `video` shows now and hands `found` the text of every
    /// QR code in it (at once, or when the browser's detector answers).
    pub fn read(&self, video: &HtmlVideoElement, found: impl Fn(Vec<String>) + 'static) {
        // HAVE_CURRENT_DATA: there is a frame to read.
        if video.ready_state() < 2 || video.video_width() == 0 || self.busy.get() {
            return;
        }
        let detector = self.detector.borrow().clone();
        match detector {
            Some(detector) => self.detect(detector, video, found),
            None => found(self.decode(video)),
        }
    }

    fn detect(
        &self,
        detector: Object,
        video: &HtmlVideoElement,
        found: impl Fn(Vec<String>) + 'static,
    ) {
        let promise = Reflect::get(&detector, &"detect".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .and_then(|detect| detect.call1(&detector, video).ok())
            .and_then(|p| p.dyn_into::<Promise>().ok());
        let Some(promise) = promise else {
            self.detector.replace(None);
            return;
        };
        self.busy.set(true);
        let busy = Rc::clone(&self.busy);
        let kept = Rc::clone(&self.detector);
        wasm_bindgen_futures::spawn_local(async move {
            let result = JsFuture::from(promise).await;
            busy.set(false);
            match result {
                Ok(codes) => found(raw_values(&codes)),
                Err(_) => {
                    kept.replace(None);
                }
            }
        });
    }

    fn decode(&self, video: &HtmlVideoElement) -> Vec<String> {
        let (width, height) = (video.video_width(), video.video_height());
        let scale = (f64::from(DECODE_SIDE) / f64::from(width.max(height))).min(1.0);
        let w = ((f64::from(width) * scale).round() as u32).max(1);
        let h = ((f64::from(height) * scale).round() as u32).max(1);
        if self.canvas.width() != w || self.canvas.height() != h {
            self.canvas.set_width(w);
            self.canvas.set_height(h);
        }
        let drawn = self
            .context
            .draw_image_with_html_video_element_and_dw_and_dh(
                video,
                0.0,
                0.0,
                f64::from(w),
                f64::from(h),
            );
        if drawn.is_err() {
            return Vec::new();
        }
        let Ok(image) = self
            .context
            .get_image_data(0.0, 0.0, f64::from(w), f64::from(h))
        else {
            return Vec::new();
        };
        heard_qr::read_rgba(w as usize, h as usize, &image.data()).unwrap_or_default()
    }
}

/// A `BarcodeDetector` for QR codes, if this browser has one.
fn barcode_detector() -> Option<Object> {
    let constructor: Function = Reflect::get(&js_sys::global(), &"BarcodeDetector".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let options = Object::new();
    let _ = Reflect::set(&options, &"formats".into(), &Array::of1(&"qr_code".into()));
    Reflect::construct(&constructor, &Array::of1(&options))
        .ok()?
        .dyn_into()
        .ok()
}

/// The `rawValue` of each detected code.
fn raw_values(codes: &JsValue) -> Vec<String> {
    Array::from(codes)
        .iter()
        .filter_map(|code| Reflect::get(&code, &"rawValue".into()).ok()?.as_string())
        .collect()
}
