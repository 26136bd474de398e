//! The picker by example.
