#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| lamplight::fuzzing::front_matter(data));
