//! The configured severities, incident types and roles, with lookups that explain refusals.

use crate::error::DomainError;
use crate::role::RoleKind;
use crate::severity::{IncidentType, Severity, TypeKey};

/// What an installation has configured. Loaded from storage; defaults in each module.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    /// Severities, most severe first.
    pub severities: Vec<Severity>,
    /// Incident types.
    pub types: Vec<IncidentType>,
    /// Incident roles.
    pub roles: Vec<RoleKind>,
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog {
            severities: crate::severity::default_severities(),
            types: crate::severity::default_types(),
            roles: crate::role::default_roles(),
        }
    }
}

impl Catalog {
    /// Looks up a severity by key.
    pub fn severity(&self, key: &str) -> Result<&Severity, DomainError> {
        self.severities
            .iter()
            .find(|s| s.key == key)
            .ok_or_else(|| DomainError::UnknownSeverity {
                given: key.into(),
                valid: self.severities.iter().map(|s| s.key.to_string()).collect(),
            })
    }

    /// Looks up an incident type by key.
    pub fn incident_type(&self, key: &str) -> Result<&IncidentType, DomainError> {
        self.types
            .iter()
            .find(|t| t.key == key)
            .ok_or_else(|| DomainError::UnknownType {
                given: key.into(),
                valid: self.types.iter().map(|t| t.key.to_string()).collect(),
            })
    }

    /// Looks up a role by key.
    pub fn role(&self, key: &str) -> Result<&RoleKind, DomainError> {
        self.roles
            .iter()
            .find(|r| r.key == key)
            .ok_or_else(|| DomainError::UnknownRole {
                given: key.into(),
                valid: self.roles.iter().map(|r| r.key.to_string()).collect(),
            })
    }

    /// The type new incidents get when the declarer does not choose one.
    pub fn default_type(&self) -> TypeKey {
        self.types
            .iter()
            .find(|t| t.key == "other")
            .or(self.types.last())
            .map(|t| t.key.clone())
            .unwrap_or_else(|| TypeKey::known("other"))
    }
}
