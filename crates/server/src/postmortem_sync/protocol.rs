//! The y-websocket messages the server writes, and reading the ones clients send (yrs decodes
//! the framing: `yrs::sync::Message`).

use std::collections::HashMap;
use std::sync::Arc;
use yrs::sync::awareness::{AwarenessUpdate, AwarenessUpdateEntry};
use yrs::sync::{Message, SyncMessage};
use yrs::updates::encoder::Encode;
use yrs::{ClientID, StateVector};

/// A sync update message carrying `update`.
pub fn update_message(update: &[u8]) -> Vec<u8> {
    Message::Sync(SyncMessage::Update(update.to_vec())).encode_v1()
}

/// Sync step 1: the server's state vector, asking for what it lacks.
pub fn step1_message(sv: StateVector) -> Vec<u8> {
    Message::Sync(SyncMessage::SyncStep1(sv)).encode_v1()
}

/// Sync step 2: what the peer lacks.
pub fn step2_message(update: Vec<u8>) -> Vec<u8> {
    Message::Sync(SyncMessage::SyncStep2(update)).encode_v1()
}

/// An awareness message with these clients' states (`"null"`: the client left).
pub fn awareness_message(states: impl Iterator<Item = (u64, u32, Arc<str>)>) -> Vec<u8> {
    let clients: HashMap<ClientID, AwarenessUpdateEntry> = states
        .map(|(client, clock, json)| (ClientID::new(client), AwarenessUpdateEntry { clock, json }))
        .collect();
    Message::Awareness(AwarenessUpdate { clients }).encode_v1()
}

/// The clients and states an awareness update carries.
pub fn awareness_states(update: &AwarenessUpdate) -> HashMap<u64, (u32, Arc<str>)> {
    update
        .clients
        .iter()
        .map(|(client, entry)| (client.get(), (entry.clock, entry.json.clone())))
        .collect()
}
