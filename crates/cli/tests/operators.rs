//! `sportello operatore` from the command line: the owner adds a substitute and a reader with
//! their own passphrases; each opens the archive with hers; what only the owner may do answers
//! exit 11 to the others; a revoked operator's passphrase opens nothing (exit 3).

#[path = "../../archive/tests/common/mod.rs"]
mod common;
mod support;

use support::*;

const SUBSTITUTE: &str = "mare calmo di settembre";
const READER: &str = "ulivi lungo la collina";

#[test]
fn the_owner_adds_lists_and_revokes_operators_and_the_others_may_not() {
    let (_tmp, dir) = demo_archive();
    let owner = [("SPORTELLO_PASSPHRASE", PASS)];
    let add = |name: &str, role: &str, pass: &str| {
        sportello(
            &dir,
            &["operatore", "aggiungi", name, "--ruolo", role],
            &[
                ("SPORTELLO_PASSPHRASE", PASS),
                ("SPORTELLO_NEW_PASSPHRASE", pass),
            ],
        )
    };
    let o = add("Giulia Ferri", "operatore", SUBSTITUTE);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Giulia Ferri (operatore)"),
        "{}",
        stdout(&o)
    );
    let o = add("Dott.ssa Bianchi", "sola-lettura", READER);
    assert!(o.status.success(), "{}", stderr(&o));
    // The owner's role is not given; a passphrase already in use is refused.
    let o = add("Marco", "titolare", "una frase nuova e lunga");
    assert_eq!(o.status.code(), Some(7), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Il titolare è uno solo"),
        "{}",
        stderr(&o)
    );
    let o = add("Marco", "operatore", SUBSTITUTE);
    assert_eq!(o.status.code(), Some(7), "{}", stderr(&o));

    let o = sportello(&dir, &["operatore", "elenco", "--json"], &owner);
    assert!(o.status.success(), "{}", stderr(&o));
    let list: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["role"], "owner");
    assert_eq!(list[1]["name"], "Giulia Ferri");
    assert_eq!(list[2]["role"], "reader");
    let giulia = list[1]["id"].as_str().expect("id").to_string();

    // Each opens it with her own passphrase; only the owner manages operators.
    let o = sportello(&dir, &["verify"], &[("SPORTELLO_PASSPHRASE", SUBSTITUTE)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = sportello(
        &dir,
        &["operatore", "elenco"],
        &[("SPORTELLO_PASSPHRASE", READER)],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = sportello(
        &dir,
        &["operatore", "revoca", &giulia],
        &[("SPORTELLO_PASSPHRASE", READER)],
    );
    assert_eq!(o.status.code(), Some(11), "{}", stderr(&o));
    assert!(stderr(&o).contains("solo il titolare"), "{}", stderr(&o));
    let o = sportello(
        &dir,
        &["operatore", "accessi"],
        &[("SPORTELLO_PASSPHRASE", SUBSTITUTE)],
    );
    assert_eq!(o.status.code(), Some(11), "{}", stderr(&o));

    // The reader is refused before any passphrase of a new operator is asked.
    let o = sportello(
        &dir,
        &["operatore", "aggiungi", "Marco"],
        &[("SPORTELLO_PASSPHRASE", READER)],
    );
    assert_eq!(o.status.code(), Some(11), "{}", stderr(&o));

    // Names: the owner names herself; `--operatore` (or SPORTELLO_OPERATORE) says who opens,
    // and a passphrase that is not that operator's opens nothing.
    let o = sportello(
        &dir,
        &[
            "operatore",
            "rinomina",
            "Titolare dell'archivio",
            "--nome",
            "Anna Rossi",
        ],
        &owner,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = sportello(
        &dir,
        &["operatore", "elenco", "--operatore", "anna rossi"],
        &owner,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Anna Rossi\ttitolare"),
        "{}",
        stdout(&o)
    );
    let o = sportello(
        &dir,
        &["operatore", "elenco"],
        &[
            ("SPORTELLO_PASSPHRASE", SUBSTITUTE),
            ("SPORTELLO_OPERATORE", "Anna Rossi"),
        ],
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("non è quella dell'operatore «Anna Rossi»"),
        "{}",
        stderr(&o)
    );
    let o = sportello(
        &dir,
        &[
            "operatore",
            "rinomina",
            "Anna Rossi",
            "--nome",
            "Qualcun altro",
        ],
        &[("SPORTELLO_PASSPHRASE", SUBSTITUTE)],
    );
    assert_eq!(o.status.code(), Some(11), "{}", stderr(&o));

    let o = sportello(&dir, &["operatore", "revoca", "Giulia Ferri"], &owner);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = sportello(&dir, &["verify"], &[("SPORTELLO_PASSPHRASE", SUBSTITUTE)]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let o = sportello(&dir, &["operatore", "elenco"], &owner);
    assert!(stdout(&o).contains("revocato il"), "{}", stdout(&o));
    let o = sportello(&dir, &["verify"], &[("SPORTELLO_PASSPHRASE", READER)]);
    assert!(
        o.status.success(),
        "the reader still opens it: {}",
        stderr(&o)
    );
}
