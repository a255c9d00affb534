#![no_main]
//! A CSV register file: any bytes (UTF-8 or not, any separator, any quoting).

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::check(data, sportello_archive::register_file::FileFormat::Csv);
});
