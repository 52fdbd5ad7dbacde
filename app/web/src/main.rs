//! The browser entry point of the first module: everything a person
//! answering needs (`heard-coordinator` is the second, `heard-results` the third).

fn main() {
    heard_web::start(
        heard_core::route::Module::First,
        heard_web::screens::first_module,
    );
}
