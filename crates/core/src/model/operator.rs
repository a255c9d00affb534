//! The operators of one archive (*operatori*): the owner (the social worker who made it), the
//! operators who record (a substitute for the holidays, a colleague at a joint colloquio) and
//! the readers (the comune's own social worker reading an urgent case). Each opens the archive
//! with her own passphrase; every change is recorded under her name.

use crate::ids::OperatorId;
use crate::messages::{FormErrors, Msg};
use crate::Lang;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Made the archive: adds and revokes the others, holds the recovery kit.
    Owner,
    /// Records persons, colloqui, referrals and hours.
    Operator,
    /// Reads; records nothing.
    Reader,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Owner, Role::Operator, Role::Reader];

    pub fn code(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Operator => "operator",
            Role::Reader => "reader",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The role as typed on the command line or chosen in a list: the Italian word or the
    /// code.
    pub fn parse(text: &str) -> Option<Role> {
        let t = text.trim().to_lowercase().replace(['-', '_'], " ");
        match t.as_str() {
            "titolare" | "owner" => Some(Role::Owner),
            "operatore" | "operatrice" | "operator" => Some(Role::Operator),
            "sola lettura" | "lettura" | "lettore" | "lettrice" | "reader" => Some(Role::Reader),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Owner, Lang::It) => "titolare",
            (Role::Operator, Lang::It) => "operatore",
            (Role::Reader, Lang::It) => "sola lettura",
            (Role::Owner, Lang::En) => "owner",
            (Role::Operator, Lang::En) => "operator",
            (Role::Reader, Lang::En) => "reader",
        }
    }

    /// Whether she may record (persons, colloqui, referrals, hours).
    pub fn records(self) -> bool {
        self != Role::Reader
    }
}

/// An operator as the archive lists her.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operator {
    pub id: OperatorId,
    pub name: String,
    pub role: Role,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339, once revoked: her passphrase opens nothing any more.
    pub revoked_at: Option<String>,
    /// Revoked, but the rotation of the keys without her was cut short: revoking again
    /// finishes it (until then she opens nothing, but an old copy of her key file still
    /// holds the current keys).
    #[serde(default)]
    pub revocation_pending: bool,
}

/// A new operator, as the owner gives her: a name and a role (the owner is only the one who
/// made the archive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOperator {
    pub name: String,
    pub role: Role,
}

/// An operator's name as typed: trimmed, required, at most 80 characters.
pub fn operator_name(name: &str) -> Result<String, Msg> {
    let name = name.trim();
    if name.is_empty() {
        Err(Msg::Required)
    } else if name.chars().count() > 80 {
        Err(Msg::TooLong { max: 80 })
    } else {
        Ok(name.to_string())
    }
}

/// Whether two names are the same operator's, as typed after `--operatore` or in a list:
/// case, accents and spacing aside ("giulia  ferri" is Giulia Ferri).
pub fn same_operator_name(a: &str, b: &str) -> bool {
    // Punctuation aside too ("Anna Rossi." is Anna Rossi): `fold` keeps letters and digits.
    let words = |s: &str| {
        s.split(|c: char| c.is_whitespace() || c == '.' || c == ',')
            .map(crate::search::fold)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    words(a) == words(b)
}

impl NewOperator {
    pub fn parse(name: &str, role: &str) -> Result<NewOperator, FormErrors> {
        let mut errors = FormErrors::default();
        let name = match operator_name(name) {
            Ok(name) => name,
            Err(m) => {
                errors.add("name", m);
                String::new()
            }
        };
        let role = match Role::parse(role) {
            Some(Role::Owner) => {
                errors.add("role", Msg::OwnerIsOne);
                None
            }
            Some(r) => Some(r),
            None => {
                errors.add("role", Msg::RoleUnknown);
                None
            }
        };
        match (errors.is_empty(), role) {
            (true, Some(role)) => Ok(NewOperator { name, role }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operator_is_named_as_typed_with_case_accents_and_spaces_aside() {
        assert!(same_operator_name(" giulia  FERRI", "Giulia Ferri"));
        assert!(same_operator_name("Nicolo Bianchi", "Nicolò Bianchi"));
        assert!(!same_operator_name("Giulia", "Giulia Ferri"));
        assert!(same_operator_name("Anna Rossi.", "anna rossi"));
        assert!(same_operator_name("Dott.ssa Bianchi", "dott ssa bianchi"));
        assert_eq!(operator_name("   "), Err(Msg::Required));
        assert_eq!(
            operator_name(&"x".repeat(81)),
            Err(Msg::TooLong { max: 80 })
        );
        assert_eq!(operator_name(" Anna Rossi ").as_deref(), Ok("Anna Rossi"));
    }

    #[test]
    fn a_new_operator_has_a_name_and_a_role_other_than_owner() {
        let ok = NewOperator::parse("  Giulia Ferri ", "operatore").expect("valid");
        assert_eq!(
            (ok.name.as_str(), ok.role),
            ("Giulia Ferri", Role::Operator)
        );
        assert_eq!(
            NewOperator::parse("Marco", "Lettura").expect("valid").role,
            Role::Reader
        );
        let e = NewOperator::parse(" ", "titolare").expect_err("invalid");
        assert_eq!(e.for_field("name"), Some(&Msg::Required));
        assert_eq!(e.for_field("role"), Some(&Msg::OwnerIsOne));
        let e = NewOperator::parse("Anna", "capo").expect_err("invalid");
        assert_eq!(e.for_field("role"), Some(&Msg::RoleUnknown));
        assert!(NewOperator::parse(&"x".repeat(81), "operatore").is_err());
    }

    #[test]
    fn roles_round_trip_their_codes_and_only_readers_record_nothing() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert!(Role::Owner.records() && Role::Operator.records() && !Role::Reader.records());
    }
}
