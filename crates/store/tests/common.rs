//! Shared helpers for the store's tests.
#![allow(dead_code)]

use goldseam_core::command::Declaration;
use goldseam_core::text::{Email, PersonName, Title};
use goldseam_core::{Actor, UserRole};
use goldseam_store::users::NewUser;
use goldseam_store::{Store, StoreOptions};
use goldseam_testdb::TestDb;

pub async fn open(db: &TestDb) -> Store {
    Store::open(StoreOptions::new(&db.url))
        .await
        .expect("opening the store")
}

pub async fn user(store: &Store, name: &str, role: UserRole) -> Actor {
    let u = store
        .create_user(&NewUser {
            email: Email::parse("email", &format!("{name}@example.com")).unwrap(),
            name: PersonName::parse("name", name).unwrap(),
            role,
            password: None,
        })
        .await
        .unwrap();
    Actor {
        user_id: u.id,
        role,
    }
}

pub fn declaration(title: &str, severity: &str) -> Declaration {
    Declaration {
        title: Title::parse("title", title).unwrap(),
        summary: None,
        severity: severity.parse().unwrap(),
        incident_type: None,
        tags: vec![],
        private: None,
        services: vec![],
    }
}
