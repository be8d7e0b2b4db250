#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| lamplight::fuzzing::markdown(data));
