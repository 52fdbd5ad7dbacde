//! Moving between screens through the History API, so reload, back and deep
//! links all land on the same screen, and reopening the app returns to it.
//! A screen of the other wasm module (see `Route::module`) is a page load
//! instead, made only once every change sent to the worker is confirmed.

use heard_core::route::{Module, Route};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, closure::Closure};

use crate::responses::Responses;

const LAST_ROUTE: &str = "heard.last-route";

#[derive(Clone, Copy)]
pub struct Navigator {
    route: RwSignal<Route>,
    /// The module running on this page.
    module: Module,
    responses: Responses,
}

/// How a page load to the other module treats the history.
#[derive(Clone, Copy)]
enum Load {
    /// A new entry, as a link would make.
    Push,
    /// In place of the current entry.
    Replace,
    /// The address bar already shows the route (back or forward).
    Reload,
}

impl Navigator {
    /// Reads the route from the address bar and follows back/forward.
    pub fn provide(module: Module, responses: Responses) -> Navigator {
        let navigator = Navigator {
            route: RwSignal::new(Route::parse(&current_path())),
            module,
            responses,
        };
        let on_pop = Closure::<dyn Fn()>::new(move || {
            let route = Route::parse(&current_path());
            if route.module() == navigator.module {
                navigator.route.set(route);
            } else {
                navigator.load(&route, Load::Reload);
            }
        });
        window().set_onpopstate(Some(on_pop.as_ref().unchecked_ref()));
        on_pop.forget();
        provide_context(navigator);
        navigator
    }

    pub fn route(self) -> Route {
        self.route.get()
    }

    pub fn go(self, route: Route) {
        if route.module() != self.module {
            return self.load(&route, Load::Push);
        }
        if let Ok(history) = window().history() {
            let _ =
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&route.path()));
        }
        self.route.set(route);
        // A new screen starts at its top, with focus on its heading.
        window().scroll_to_with_x_and_y(0.0, 0.0);
        crate::browser::focus_arrival();
    }

    /// Swaps the current route without a history entry (used at start-up).
    pub fn replace(self, route: Route) {
        if route.module() != self.module {
            return self.load(&route, Load::Replace);
        }
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&route.path()),
            );
        }
        self.route.set(route);
    }

    /// Loads the page again for `route`, which the other module draws, once
    /// every change sent is confirmed: the document worker ends with this
    /// page. A page that starts on a route of the other module (which only
    /// a malformed address does) never loads itself again, so two modules
    /// that disagreed about an address could not hand it back and forth.
    fn load(self, route: &Route, how: Load) {
        let path = route.path();
        let responses = self.responses;
        responses.after_saves(move || {
            responses.end_worker();
            let location = window().location();
            let _ = match how {
                Load::Push => location.assign(&path),
                Load::Replace => location.replace(&path),
                Load::Reload => location.reload(),
            };
        });
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
