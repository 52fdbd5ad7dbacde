//! The document worker's entry point. Each tab starts one; the first to take
//! the device's Web Lock owns the documents ([`owner`]) and the others pass
//! their tab's requests to it over a BroadcastChannel and its events back,
//! so every tab works on the same documents and sees each change at once.
//! When the owning tab closes, the lock passes to another tab's worker, which
//! opens the documents and asks every tab to send again what it has not had
//! confirmed. Messages are JSON strings of `heard_core::worker_api`.
//!
//! Invariant: "Saved through N" reaches a tab only after IndexedDB committed
//! every change of its requests up to N.

mod import;
mod lock;
mod owner;
mod sync;
mod sync_file;

use std::{
    cell::{Cell, RefCell},
    collections::BTreeMap,
    rc::Rc,
};

use heard_core::{
    json_doc::ClientId,
    worker_api::{Echo, Envelope, FromWorker, TabMessage, ToWorker},
};
use owner::{Outbox, Owner};
use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use web_sys::{BroadcastChannel, DedicatedWorkerGlobalScope, MessageEvent};

const CHANNEL: &str = "heard-documents";

/// This tab's worker: its link to the tab, to the other tabs' workers, and,
/// when it holds the lock, the documents.
struct Tab {
    scope: DedicatedWorkerGlobalScope,
    client: ClientId,
    channel: Option<BroadcastChannel>,
    owner: RefCell<Option<Rc<Owner>>>,
    /// This tab's requests not yet confirmed, to send again to a new owner.
    unconfirmed: RefCell<BTreeMap<u64, ToWorker>>,
    /// Whether the tab has had its first event.
    greeted: Cell<bool>,
}

impl Tab {
    /// Gives `event` to this tab's interface.
    fn deliver(&self, event: &FromWorker) {
        if let FromWorker::Saved(through) = event {
            self.unconfirmed.borrow_mut().retain(|seq, _| seq > through);
        }
        // Another screen's request numbers mean nothing to this one: a
        // change it did not ask for reaches it as news, with no echo.
        let text = match event {
            FromWorker::Changed { echo, .. } if Echo::for_screen(*echo, self.client) != *echo => {
                let mut news = event.clone();
                if let FromWorker::Changed { echo, .. } = &mut news {
                    *echo = None;
                }
                news.encode()
            }
            _ => event.encode(),
        };
        let _ = self.scope.post_message(&JsValue::from_str(&text));
    }

    fn broadcast(&self, message: &TabMessage) {
        if let Some(channel) = &self.channel {
            let _ = channel.post_message(&JsValue::from_str(&message.encode()));
        }
    }

    /// A request from this tab's interface.
    fn on_interface_message(&self, text: String) {
        let envelope = match Envelope::decode(&text) {
            Ok(envelope) => envelope,
            Err(e) => {
                return self.deliver(&FromWorker::Rejected {
                    reason: e.to_string(),
                });
            }
        };
        self.unconfirmed
            .borrow_mut()
            .insert(envelope.seq, envelope.request.clone());
        match self.owner.borrow().as_ref() {
            Some(owner) => owner.request(self.client, envelope.seq, envelope.request),
            None => self.broadcast(&TabMessage::Request {
                client: self.client,
                envelope,
            }),
        }
    }

    /// A message from another tab's worker.
    fn on_tab_message(&self, text: String) {
        // Another version of the app in another tab may say things this one
        // does not understand: those are ignored, never acted on.
        let Ok(message) = TabMessage::decode(&text) else {
            return;
        };
        match message {
            TabMessage::Request { client, envelope } => {
                if let Some(owner) = self.owner.borrow().as_ref() {
                    owner.request(client, envelope.seq, envelope.request);
                }
            }
            TabMessage::Event { to, event } => {
                if to.is_none() || to == Some(self.client) {
                    self.deliver(&event);
                }
            }
            TabMessage::Owner { .. } => {
                if self.owner.borrow().is_none() {
                    self.resend();
                }
            }
        }
    }

    fn resend(&self) {
        let pending: Vec<(u64, ToWorker)> = self
            .unconfirmed
            .borrow()
            .iter()
            .map(|(seq, request)| (*seq, request.clone()))
            .collect();
        for (seq, request) in pending {
            match self.owner.borrow().as_ref() {
                Some(owner) => owner.request(self.client, seq, request),
                None => self.broadcast(&TabMessage::Request {
                    client: self.client,
                    envelope: Envelope { seq, request },
                }),
            }
        }
    }

    fn greet(&self, event: &FromWorker) {
        if !self.greeted.replace(true) {
            self.deliver(event);
        }
    }
}

/// The owner's events: to this tab, to the others, or to all.
struct TabOutbox(std::rc::Weak<Tab>);

impl Outbox for TabOutbox {
    fn post(&self, to: Option<ClientId>, event: FromWorker) {
        let Some(tab) = self.0.upgrade() else { return };
        if to.is_none() || to == Some(tab.client) {
            tab.deliver(&event);
        }
        if to != Some(tab.client) {
            tab.broadcast(&TabMessage::Event { to, event });
        }
    }

    fn mark_durable(&self) {
        // The benchmark times a tap to this moment; the page's
        // "heard-saved" mark adds the wait for its thread to be free.
        if let Some(tab) = self.0.upgrade()
            && let Some(performance) = tab.scope.performance()
        {
            let _ = performance.mark("heard-durable");
        }
    }
}

fn random_bytes(scope: &DedicatedWorkerGlobalScope) -> [u8; 16] {
    let mut bytes = [0u8; 16];
    if let Ok(crypto) = scope.crypto() {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes
}

/// Fresh random bytes, from the worker's own scope.
pub(crate) fn fresh_random() -> [u8; 16] {
    random_bytes(&js_sys::global().unchecked_into())
}

/// This tab's worker takes the documents over.
async fn become_owner(tab: Rc<Tab>) {
    let actor = random_bytes(&tab.scope);
    let outbox: Rc<dyn Outbox> = Rc::new(TabOutbox(Rc::downgrade(&tab)));
    let (owner, first) = Owner::start(actor, outbox).await;
    *tab.owner.borrow_mut() = Some(owner);
    tab.greet(&first);
    tab.resend();
    tab.broadcast(&TabMessage::Owner { client: tab.client });
}

fn main() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("worker panic: {info}").into());
    }));
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let bytes = random_bytes(&scope);
    let client = u64::from_le_bytes(bytes[..8].try_into().unwrap_or([1; 8]));
    let channel = BroadcastChannel::new(CHANNEL).ok();
    let tab = Rc::new(Tab {
        scope,
        client,
        channel,
        owner: RefCell::new(None),
        unconfirmed: RefCell::new(BTreeMap::new()),
        greeted: Cell::new(false),
    });

    let receiver = Rc::clone(&tab);
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(text) = event.data().as_string() {
            receiver.on_interface_message(text);
        }
    });
    tab.scope
        .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    if let Some(channel) = &tab.channel {
        let receiver = Rc::clone(&tab);
        let on_tab = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(text) = event.data().as_string() {
                receiver.on_tab_message(text);
            }
        });
        channel.set_onmessage(Some(on_tab.as_ref().unchecked_ref()));
        on_tab.forget();
    }

    // The interface sends nothing before its first event, so no request is
    // lost while the documents load or the owner is found.
    let owner_tab = Rc::clone(&tab);
    let follower_tab = Rc::clone(&tab);
    let locked = lock::hold(
        "heard-documents",
        move || wasm_bindgen_futures::spawn_local(become_owner(owner_tab)),
        move || {
            follower_tab.greet(&FromWorker::Loaded {
                items: Vec::new(),
                damaged: Vec::new(),
            })
        },
    );
    if !locked {
        // No Web Locks (an old browser): this worker owns the documents, as
        // every tab's worker did before there were owners.
        wasm_bindgen_futures::spawn_local(become_owner(tab));
    }
}
