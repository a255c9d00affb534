#![no_main]
//! An XLSX register file: any bytes (a zip or not, any sheet XML).

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::check(data, sportello_archive::register_file::FileFormat::Xlsx);
});
