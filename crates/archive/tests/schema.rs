//! The schema that the migrations build is exactly the one documented in `schema.sql`.

mod common;

use rusqlite::Connection;
use sportello_archive::store::{schema_of, MIGRATIONS, SCHEMA_SQL, SCHEMA_VERSION};

#[test]
fn a_fresh_archive_has_the_schema_of_schema_sql() {
    let (_dir, _paths, archive, _recovery) = common::new_archive();
    let fresh = archive.schema().expect("schema");

    let reference = Connection::open_in_memory().expect("memory db");
    reference
        .execute_batch(SCHEMA_SQL)
        .expect("schema.sql runs");
    let expected = schema_of(&reference).expect("schema");

    assert!(!expected.is_empty());
    assert_eq!(
        fresh, expected,
        "migrations and schema.sql disagree: add a migration for every schema change"
    );
    assert_eq!(SCHEMA_VERSION, MIGRATIONS.len() as i64);
}

#[test]
fn every_table_is_strict() {
    let (_dir, _paths, archive, _recovery) = common::new_archive();
    for (kind, name, sql) in archive.schema().expect("schema") {
        if kind == "table" && name != "sqlite_sequence" {
            assert!(sql.contains("STRICT"), "table {name} is not STRICT");
        }
    }
}
