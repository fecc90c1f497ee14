//! Kafka client settings from the environment: `WORKFLOW_EVENTS_KAFKA_<PROPERTY>` variables, read
//! with the same rule as the Python and TypeScript helpers (and the Airflow plugin).

use std::collections::BTreeMap;
use std::fmt;

/// The prefix of the variables [`settings_from_environment`] reads.
pub const ENVIRONMENT_PREFIX: &str = "WORKFLOW_EVENTS_KAFKA_";

/// A variable whose name maps to no librdkafka property (its value is never shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentError {
    /// The variable's name.
    pub variable: String,
}

impl fmt::Display for EnvironmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: not a librdkafka property after {ENVIRONMENT_PREFIX} (write SASL_PASSWORD for \
             sasl.password; __ stands for _ and ___ for -)",
            self.variable
        )
    }
}

impl std::error::Error for EnvironmentError {}

/// librdkafka properties from the process's `WORKFLOW_EVENTS_KAFKA_<PROPERTY>` variables: the
/// rest of the name in lower case, `_` read as `.`, `__` as `_` and `___` as `-` (the rule of
/// Confluent's container images for `KAFKA_*`), e.g. `WORKFLOW_EVENTS_KAFKA_SASL_PASSWORD` →
/// `sasl.password`. Empty variables are skipped. Pass each to the builders' `set`.
pub fn settings_from_environment() -> Result<BTreeMap<String, String>, EnvironmentError> {
    settings_from(
        std::env::vars_os().filter_map(|(name, value)| {
            Some((name.into_string().ok()?, value.into_string().ok()?))
        }),
    )
}

/// [`settings_from_environment`] over the given variables.
pub fn settings_from(
    variables: impl IntoIterator<Item = (String, String)>,
) -> Result<BTreeMap<String, String>, EnvironmentError> {
    let mut settings = BTreeMap::new();
    for (name, value) in variables {
        let Some(rest) = name.strip_prefix(ENVIRONMENT_PREFIX) else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        let property = property(rest).ok_or_else(|| EnvironmentError {
            variable: name.clone(),
        })?;
        settings.insert(property, value);
    }
    Ok(settings)
}

/// `SASL_PASSWORD` → `sasl.password`; `None` for a name that maps to no property.
fn property(rest: &str) -> Option<String> {
    if rest.is_empty() || rest.starts_with('_') || rest.ends_with('_') {
        return None;
    }
    let mut property = String::with_capacity(rest.len());
    let mut run = 0;
    for c in rest.chars().chain(std::iter::once('\0')) {
        if c == '_' {
            run += 1;
            continue;
        }
        match run {
            0 => {}
            1 => property.push('.'),
            2 => property.push('_'),
            3 => property.push('-'),
            _ => return None,
        }
        run = 0;
        if c != '\0' {
            property.push(c.to_ascii_lowercase());
        }
    }
    Some(property)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn names_map_to_properties_as_in_python() {
        let found = settings_from(vars(&[
            ("WORKFLOW_EVENTS_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"),
            ("WORKFLOW_EVENTS_KAFKA_SASL_PASSWORD", "hunter2"),
            (
                "WORKFLOW_EVENTS_KAFKA_SSL_ENDPOINT__IDENTIFICATION___X",
                "a",
            ),
            ("WORKFLOW_EVENTS_KAFKA_CLIENT_ID", ""),
            ("WORKFLOW_EVENTS_TOPIC", "t"),
        ]))
        .unwrap();
        let want: BTreeMap<String, String> = [
            ("sasl.password", "hunter2"),
            ("security.protocol", "SASL_SSL"),
            ("ssl.endpoint_identification-x", "a"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        assert_eq!(found, want);
        for bad in [
            "WORKFLOW_EVENTS_KAFKA_",
            "WORKFLOW_EVENTS_KAFKA_SASL____PASSWORD",
        ] {
            let error = settings_from(vars(&[(bad, "hunter2-value")])).unwrap_err();
            assert_eq!(error.variable, bad);
            assert!(!error.to_string().contains("hunter2"));
        }
    }
}
