//! What the sync tests share: a device, a relay simulated in memory, and
//! carrying frames between them.
#![allow(dead_code)]

pub mod device;
pub mod relay;

use heard_protocol::RelayFrame;
use heard_sync::Input;

use device::{Device, Link};
use relay::{Conn, Relay};

/// Carries frames both ways between `devices` and `relay`, opening the
/// connections they ask for and telling the others of each commit, until
/// nothing moves.
pub fn settle(devices: &mut [Device], relay: &mut Relay, conns: &mut [Option<Conn>], now: i64) {
    for _ in 0..100_000 {
        let mut moved = false;
        for d in 0..devices.len() {
            if devices[d].link == Link::Wanted {
                conns[d] = Some(Conn::default());
                devices[d].link = Link::Open;
                devices[d].step(Input::Connected, now);
                moved = true;
            }
            if let Some(bytes) = devices[d].to_relay.pop_front() {
                let Some(conn) = conns[d].as_mut() else {
                    continue;
                };
                let (answers, commit) = relay.handle(conn, &bytes, [3; 32]);
                devices[d].from_relay.extend(answers);
                if let Some((_, head)) = commit {
                    for (o, other) in devices.iter_mut().enumerate() {
                        if o != d && conns[o].is_some() {
                            other
                                .from_relay
                                .push_back(RelayFrame::Notify { head }.encode());
                        }
                    }
                }
                moved = true;
            }
            if let Some(bytes) = devices[d].from_relay.pop_front() {
                devices[d].step(Input::Frame(bytes), now);
                moved = true;
            }
        }
        if !moved {
            return;
        }
    }
    panic!("the devices and the relay never went quiet");
}

/// Carries frames both ways between one `device` and `relay` over `conn`
/// (its connection open) until nothing moves.
pub fn exchange(device: &mut Device, relay: &mut Relay, conn: &mut Conn, now: i64) {
    for _ in 0..10_000 {
        if let Some(bytes) = device.to_relay.pop_front() {
            let (answers, _) = relay.handle(conn, &bytes, [9; 32]);
            device.from_relay.extend(answers);
        } else if let Some(bytes) = device.from_relay.pop_front() {
            device.step(Input::Frame(bytes), now);
        } else {
            return;
        }
    }
    panic!("the device and the relay never went quiet");
}
