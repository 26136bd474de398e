//! The templates admins edit per incident type and the contributing-factor taxonomy. A type
//! without its own template uses the default; an untouched taxonomy is the default one.

use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::postmortem::{
    default_factor_categories, default_template, validate_categories, validate_template,
    FactorCategory, TemplateSection,
};
use goldseam_core::{Actor, DomainError, IncidentId};
use sqlx::Connection;

const TAXONOMY: &str = "factor_categories";

/// The first of several validation errors (the API lists them all through core's validators).
fn first_error(errors: Vec<DomainError>) -> Result<(), StoreError> {
    match errors.into_iter().next() {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

impl Store {
    /// The template of incident type `type_key` and whether an admin edited it (false: the
    /// default).
    pub async fn postmortem_template(
        &self,
        type_key: &str,
    ) -> Result<(Vec<TemplateSection>, bool), StoreError> {
        self.catalog().incident_type(type_key)?;
        let row = sqlx::query("SELECT sections FROM postmortem_templates WHERE type_key = $1")
            .bind(type_key)
            .fetch_optional(&mut *self.reader().await?)
            .await?;
        Ok(match row {
            Some(row) => (row.json("sections")?, true),
            None => (default_template(), false),
        })
    }

    /// Replaces the template of `type_key` (admins only); every problem is refused before
    /// anything is written.
    pub async fn set_postmortem_template(
        &self,
        actor: &Actor,
        type_key: &str,
        sections: &[TemplateSection],
    ) -> Result<(), StoreError> {
        goldseam_core::policy::ensure_admin(actor)?;
        self.catalog().incident_type(type_key)?;
        first_error(validate_template(sections))?;
        sqlx::query("INSERT INTO postmortem_templates (type_key, sections, updated_at) VALUES ($1, $2, $3) ON CONFLICT (type_key) DO UPDATE SET sections = excluded.sections, updated_at = excluded.updated_at")
            .bind(type_key)
            .bind(serde_json::to_string(sections)?)
            .bind(to_db(self.now()))
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(())
    }

    /// The template a new postmortem of incident `r` is seeded from.
    pub(crate) async fn template_for_incident(
        &self,
        r: IncidentId,
    ) -> Result<Vec<TemplateSection>, StoreError> {
        let type_key: String = sqlx::query_scalar("SELECT type FROM incidents WHERE id = $1")
            .bind(r.get())
            .fetch_one(&mut *self.reader().await?)
            .await?;
        Ok(self
            .postmortem_template(&type_key)
            .await
            .map(|(t, _)| t)
            .unwrap_or_else(|_| default_template()))
    }

    /// The contributing-factor taxonomy.
    pub async fn factor_categories(&self) -> Result<Vec<FactorCategory>, StoreError> {
        let row = sqlx::query("SELECT value FROM postmortem_settings WHERE name = $1")
            .bind(TAXONOMY)
            .fetch_optional(&mut *self.reader().await?)
            .await?;
        Ok(match row {
            Some(row) => row.json("value")?,
            None => default_factor_categories(),
        })
    }

    /// Replaces the taxonomy (admins only).
    pub async fn set_factor_categories(
        &self,
        actor: &Actor,
        categories: &[FactorCategory],
    ) -> Result<(), StoreError> {
        goldseam_core::policy::ensure_admin(actor)?;
        first_error(validate_categories(categories))?;
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        sqlx::query("INSERT INTO postmortem_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value")
            .bind(TAXONOMY)
            .bind(serde_json::to_string(categories)?)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
