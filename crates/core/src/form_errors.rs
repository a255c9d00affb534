//! A form's errors: each field's message, all at once, in field order.

use crate::messages::Msg;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A message attached to the form field that caused it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub msg: Msg,
}

/// All the field errors of one form, in field order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormErrors(pub Vec<FieldError>);

impl FormErrors {
    /// One field's error.
    pub fn single(field: &str, msg: Msg) -> FormErrors {
        let mut e = FormErrors::default();
        e.add(field, msg);
        e
    }

    pub fn add(&mut self, field: &str, msg: Msg) {
        self.0.push(FieldError {
            field: field.to_string(),
            msg,
        });
    }

    /// Records the error of `result`, if any, under `field`, and passes the value on.
    pub fn check<T>(&mut self, field: &str, result: Result<T, Msg>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(msg) => {
                self.add(field, msg);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok` when no field has an error.
    pub fn into_result(self) -> Result<(), FormErrors> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    pub fn for_field(&self, field: &str) -> Option<&Msg> {
        self.0.iter().find(|e| e.field == field).map(|e| &e.msg)
    }
}

impl fmt::Display for FormErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.msg))
            .collect();
        f.write_str(&parts.join(" "))
    }
}

impl std::error::Error for FormErrors {}
