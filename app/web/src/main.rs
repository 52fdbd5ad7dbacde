//! The browser entry point.

fn main() {
    heard_web::start();
}
