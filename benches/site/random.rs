//! xorshift64*: small, fast, deterministic, and the same on every machine,
//! so a corpus or a fuzzing run is reproduced from its seed. Shared by the
//! benchmark's corpus and `tests/fuzz_corpus.rs`, which includes this file.

pub struct Random(pub u64);

impl Random {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n`; 0 when `n` is 0.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
