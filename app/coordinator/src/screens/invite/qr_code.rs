//! A link drawn as a QR code: one SVG path of whole-unit squares inside a
//! white quiet zone. It is black on white whatever the page's colours (forced
//! colours, dark themes), and never mirrored in right-to-left pages, since a
//! mirrored code reads as a different one or not at all.

use heard_web::coordinator_messages::CoordinatorLanguage;
use leptos::prelude::*;

use heard_web::i18n::use_language;

/// The QR code of `link`, named `label` for screen readers.
#[component]
pub fn QrCodeImage(link: String, #[prop(into)] label: Signal<String>) -> impl IntoView {
    let language = use_language();
    match heard_qr::QrCode::encode(&link) {
        Ok(code) => {
            let size = code.size();
            view! {
                <svg class="qr-code" role="img" aria-label=move || label.get() viewBox=format!("0 0 {size} {size}")
                    shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
                    <rect width=size height=size fill="#fff" />
                    <path d=code.svg_path() fill="#000" />
                </svg>
            }
            .into_any()
        }
        // Only a link far longer than any invite gets here; the link itself
        // still works, so say to send it instead.
        Err(_) => {
            view! { <p class="notice warning">{move || language.coordinator_messages().invite_qr_too_long}</p> }
                .into_any()
        }
    }
}
