//! Passphrase rules and strength feedback for the first-run wizard and the CLI.
//!
//! The archive's key is only as strong as the passphrase that wraps it: scrypt slows each guess
//! to about a second, so the rules aim at phrases of several words rather than short
//! complicated strings, and refuse the predictable ones.

use crate::messages::Msg;
use serde::{Deserialize, Serialize};

pub const MIN_CHARS: usize = 12;

/// Strength feedback, 0 (unusable) to 4 (very strong).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Strength {
    pub score: u8,
    /// Why the passphrase is refused; `None` when it is acceptable.
    pub problem: Option<Msg>,
}

const COMMON: &[&str] = &[
    "password",
    "passw0rd",
    "123456",
    "qwerty",
    "sportello",
    "segretariato",
    "assistente",
    "sociale",
    "comune",
    "cooperativa",
    "iloveyou",
    "admin",
    "ciao",
    "amore",
    "letmein",
];

/// Rates a passphrase. Acceptable means: at least [`MIN_CHARS`] characters, not mostly a
/// common word or a repeated character.
pub fn assess(passphrase: &str) -> Strength {
    let chars: Vec<char> = passphrase.chars().collect();
    if chars.len() < MIN_CHARS {
        return Strength {
            score: if chars.is_empty() { 0 } else { 1 },
            problem: Some(Msg::PassphraseTooShort { min: MIN_CHARS }),
        };
    }
    let lower = passphrase.to_lowercase();
    let mut distinct: Vec<char> = lower.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    let stripped = COMMON
        .iter()
        .fold(lower.clone(), |acc, w| acc.replace(w, ""));
    let meaningful = stripped.chars().filter(|c| c.is_alphanumeric()).count();
    if distinct.len() < 5 || meaningful < 8 {
        return Strength {
            score: 1,
            problem: Some(Msg::PassphraseTooCommon),
        };
    }
    let words = passphrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .count();
    let classes = [
        chars.iter().any(|c| c.is_lowercase()),
        chars.iter().any(|c| c.is_uppercase()),
        chars.iter().any(|c| c.is_numeric()),
        chars.iter().any(|c| !c.is_alphanumeric()),
    ]
    .iter()
    .filter(|&&b| b)
    .count();
    let score = if chars.len() >= 24 || (words >= 4 && chars.len() >= 20) {
        4
    } else if chars.len() >= 16 || words >= 3 || classes >= 3 {
        3
    } else {
        2
    };
    Strength {
        score,
        problem: None,
    }
}

/// Checks the passphrase and its confirmation, as the wizard and `sportello init` do.
pub fn check_new(passphrase: &str, confirmation: &str) -> Result<(), Msg> {
    if let Some(problem) = assess(passphrase).problem {
        return Err(problem);
    }
    if passphrase != confirmation {
        return Err(Msg::PassphraseMismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_passphrases() {
        for (input, score, problem) in [
            ("", 0, Some(Msg::PassphraseTooShort { min: 12 })),
            ("breve", 1, Some(Msg::PassphraseTooShort { min: 12 })),
            ("aaaaaaaaaaaaaaa", 1, Some(Msg::PassphraseTooCommon)),
            ("password123456", 1, Some(Msg::PassphraseTooCommon)),
            ("sportello2026!", 1, Some(Msg::PassphraseTooCommon)),
            ("girasole-verde", 2, None),
            ("girasole verde mattina", 3, None),
            ("girasole verde mattina treno lento", 4, None),
        ] {
            let s = assess(input);
            assert_eq!((s.score, s.problem), (score, problem), "input {input:?}");
        }
        assert_eq!(
            check_new("girasole verde mattina", "girasole verde matina"),
            Err(Msg::PassphraseMismatch)
        );
        assert_eq!(
            check_new("girasole verde mattina", "girasole verde mattina"),
            Ok(())
        );
    }
}

/// The prefix every recovery key starts with.
pub const RECOVERY_PREFIX: &str = "AGE-SECRET-KEY-1";

/// The recovery key as it is shown and printed: the prefix, then groups of eight characters
/// (the kit and the set-up count groups the same way, from 1 after the prefix).
pub fn recovery_key_groups(key: &str) -> Vec<String> {
    let key: String = key.chars().filter(|c| !c.is_whitespace()).collect();
    let (prefix, body) = match key.strip_prefix(RECOVERY_PREFIX) {
        Some(body) => (Some(RECOVERY_PREFIX), body),
        None => (None, key.as_str()),
    };
    let chars: Vec<char> = body.chars().collect();
    prefix
        .map(str::to_owned)
        .into_iter()
        .chain(chars.chunks(8).map(|c| c.iter().collect()))
        .collect()
}

/// How many whole groups of eight follow the prefix (the ones the set-up may ask back).
pub fn whole_recovery_groups(key: &str) -> usize {
    recovery_key_groups(key)
        .iter()
        .skip(1)
        .filter(|g| g.chars().count() == 8)
        .count()
}

/// Whether `typed` is group `n` (from 1, after the prefix) of the key, ignoring case and spaces.
pub fn recovery_group_matches(recovery_key: &str, n: usize, typed: &str) -> Result<(), Msg> {
    let start = RECOVERY_PREFIX.len() + (n.max(1) - 1) * 8;
    recovery_fragment_matches(recovery_key, start, 8, typed)
}

/// The part of the recovery key the wizard asks the operator to retype: characters
/// `start..start + len` of the key, counted without spaces, compared ignoring case and spaces.
pub fn recovery_fragment_matches(
    recovery_key: &str,
    start: usize,
    len: usize,
    typed: &str,
) -> Result<(), Msg> {
    let key: Vec<char> = recovery_key
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let expected: String = key
        .iter()
        .skip(start)
        .take(len)
        .collect::<String>()
        .to_uppercase();
    let typed: String = typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if typed.is_empty() {
        Err(Msg::Required)
    } else if expected.chars().count() == len && typed == expected {
        Ok(())
    } else {
        Err(Msg::RecoveryFragmentMismatch)
    }
}

#[cfg(test)]
mod fragment_tests {
    use super::*;

    #[test]
    fn fragment() {
        let key = "AGE-SECRET-KEY-1ABCDEFGHIJ";
        assert_eq!(recovery_fragment_matches(key, 20, 4, "efgh"), Ok(()));
        assert_eq!(recovery_fragment_matches(key, 20, 4, "E F G H"), Ok(()));
        assert_eq!(
            recovery_fragment_matches(key, 20, 4, "EFGX"),
            Err(Msg::RecoveryFragmentMismatch)
        );
        assert_eq!(
            recovery_fragment_matches(key, 20, 4, ""),
            Err(Msg::Required)
        );
        assert_eq!(
            recovery_fragment_matches(key, 24, 4, "IJ"),
            Err(Msg::RecoveryFragmentMismatch)
        );
    }

    #[test]
    fn groups_of_eight_after_the_prefix_counted_from_one() {
        let key = format!("AGE-SECRET-KEY-1{}XY", "ABCDEFGH".repeat(7));
        let groups = recovery_key_groups(&key);
        assert_eq!(groups[0], "AGE-SECRET-KEY-1");
        assert_eq!(groups.len(), 9);
        assert_eq!(groups[8], "XY");
        assert_eq!(whole_recovery_groups(&key), 7);
        let key = format!("AGE-SECRET-KEY-1{}", "ABCDEFGHIJKLMNOP".repeat(4));
        assert_eq!(recovery_group_matches(&key, 2, "ijklmnop"), Ok(()));
        assert_eq!(recovery_group_matches(&key, 2, "IJKL MNOP"), Ok(()));
        assert_eq!(
            recovery_group_matches(&key, 1, "ijklmnop"),
            Err(Msg::RecoveryFragmentMismatch)
        );
        assert_eq!(recovery_group_matches(&key, 3, ""), Err(Msg::Required));
    }
}
