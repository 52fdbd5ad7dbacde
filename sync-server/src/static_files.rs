//! Serving the built app: precompressed files, cache rules that make updates
//! safe, and `index.html` for every app route so deep links work.

use std::path::Path;

use std::convert::Infallible;

use axum::{
    Router,
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use tower::{ServiceExt, service_fn};
use tower_http::services::{ServeDir, ServeFile};

pub fn router(dir: &Path) -> Router {
    let index = ServeFile::new(dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let app_route = move |request: Request| async move {
        // A missing file (it has an extension) is a 404: answering it with
        // index.html would put a page where a script or image was expected.
        let last = request.uri().path().rsplit('/').next().unwrap_or_default();
        if last.contains('.') {
            return StatusCode::NOT_FOUND.into_response();
        }
        match index.oneshot(request).await {
            Ok(response) => response.into_response(),
            Err(never) => match never {},
        }
    };
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(service_fn(move |r| {
            let app_route = app_route.clone();
            async move { Ok::<_, Infallible>(app_route(r).await) }
        }));
    Router::new().fallback_service(files)
}

/// Hashed assets never change under their name, so browsers keep them for a
/// year; everything else (index.html, sw.js, the manifest) is checked each time
/// so a new version is found as soon as there is a signal.
pub(crate) async fn cache_rules(request: Request, next: Next) -> Response {
    let immutable = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let value = if immutable && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// Names like `heard-0123456789abcdef.wasm`: a dash, 16 hex digits, an extension.
pub(crate) fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, _ext)) = name.rsplit_once('.') else {
        return false;
    };
    let Some((_, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn only_content_hashed_names_are_immutable() {
        let check = |path, expected| assert_eq!(is_hashed_asset(path), expected, "{path}");
        check("/heard-0123456789abcdef.wasm", true);
        check("/assets/styles-fedcba9876543210.css", true);
        check("/sw.js", false);
        check("/index.html", false);
        check("/", false);
        check("/manifest.webmanifest", false);
        check("/heard-0123456789abcde.js", false);
        check("/heard-0123456789abcdeg.js", false);
        check("/responses/0123456789abcdef", false);
    }
}
