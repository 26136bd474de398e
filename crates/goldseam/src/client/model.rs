//! The API's JSON as the CLI reads it: every field optional, unknown ones ignored, timestamps
//! kept as text until shown, so a server that adds or reshapes a field degrades one line of
//! output instead of failing the command.

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UserRef {
    pub id: Option<i64>,
    pub name: String,
    pub email: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RoleHolder {
    pub role: String,
    pub user: UserRef,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LastUpdate {
    pub body: String,
    pub status: String,
    pub at: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Incident {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub summary: Option<String>,
    pub severity: String,
    #[serde(rename = "type")]
    pub incident_type: String,
    pub status: String,
    pub private: bool,
    pub tags: Vec<String>,
    pub roles: Vec<RoleHolder>,
    pub pinned: Vec<Value>,
    pub declared_by: Option<UserRef>,
    pub declared_at: Option<String>,
    pub last_update: Option<LastUpdate>,
    pub updated_at: Option<String>,
}

impl Incident {
    /// `INC-42`, even from a server that sent only the id.
    pub fn reference(&self) -> String {
        if self.reference.is_empty() {
            goldseam_core::IncidentId::from_db(self.id).reference()
        } else {
            self.reference.clone()
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Event {
    pub id: i64,
    pub seq: i64,
    pub kind: String,
    pub data: Value,
    pub actor: Option<UserRef>,
    pub at: Option<String>,
}

/// One page of a list; the cursor may come as a number or a string.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Page {
    pub items: Vec<Value>,
    pub next_cursor: Value,
}

impl Page {
    pub fn next_cursor(&self) -> Option<String> {
        match &self.next_cursor {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

/// Parses JSON into a model, naming what was expected when the shape is entirely wrong.
pub fn parse<T: serde::de::DeserializeOwned>(what: &str, v: &Value) -> anyhow::Result<T> {
    serde_json::from_value(v.clone())
        .map_err(|e| anyhow::anyhow!("the server sent {what} this CLI cannot read: {e}"))
}
