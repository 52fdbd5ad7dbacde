//! Moving between screens through the History API, so reload, back and deep
//! links all land on the same screen, and reopening the app returns to it.

use heard_core::route::Route;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, closure::Closure};

const LAST_ROUTE: &str = "heard.last-route";

#[derive(Clone, Copy)]
pub struct Navigator(RwSignal<Route>);

impl Navigator {
    /// Reads the route from the address bar and follows back/forward.
    pub fn provide() -> Navigator {
        let navigator = Navigator(RwSignal::new(Route::parse(&current_path())));
        let on_pop =
            Closure::<dyn Fn()>::new(move || navigator.0.set(Route::parse(&current_path())));
        window().set_onpopstate(Some(on_pop.as_ref().unchecked_ref()));
        on_pop.forget();
        provide_context(navigator);
        navigator
    }

    pub fn route(self) -> Route {
        self.0.get()
    }

    pub fn go(self, route: Route) {
        if let Ok(history) = window().history() {
            let _ =
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&route.path()));
        }
        self.0.set(route);
        // A new screen starts at its top.
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }

    /// Swaps the current route without a history entry (used at start-up).
    pub fn replace(self, route: Route) {
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&route.path()),
            );
        }
        self.0.set(route);
    }

    /// Where the person was when the app last closed, if anywhere but home.
    pub fn last_route() -> Option<Route> {
        crate::browser::setting(LAST_ROUTE)
            .map(|p| Route::parse(&p))
            .filter(|r| !matches!(r, Route::Home | Route::NotFound))
    }

    /// Where to go on start: the last screen, when the app was opened from
    /// the home screen (the manifest's start address carries
    /// `from=home-screen`); otherwise the address as typed or linked.
    pub fn launch_route() -> Option<Route> {
        let search = window().location().search().unwrap_or_default();
        search
            .contains("from=home-screen")
            .then(Navigator::last_route)
            .flatten()
    }

    pub fn remember(route: &Route) {
        crate::browser::set_setting(LAST_ROUTE, &route.path());
    }
}

fn current_path() -> String {
    window().location().pathname().unwrap_or_default()
}

pub fn use_navigator() -> Navigator {
    expect_context::<Navigator>()
}
