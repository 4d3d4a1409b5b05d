#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dyad_fuzz::coder(data));
