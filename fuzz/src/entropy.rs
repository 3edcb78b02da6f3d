//! Where generators get their choices: a seeded PRNG for fresh inputs, or the bytes of an input
//! (so a mutated byte string still drives a structured generator). Every generator treats choice
//! `0` as "the smallest option", so running out of bytes always ends generation.

/// A source of choices.
pub trait Entropy {
  /// A number in `0..n` (`0` when `n` is 0).
  fn below(&mut self, n: usize) -> usize;

  /// True with probability `num / den`.
  fn chance(&mut self, num: usize, den: usize) -> bool {
    // Choice 0 is "no": an exhausted byte source stops taking optional branches.
    self.below(den) >= den - num
  }

  fn pick<T: Copy>(&mut self, items: &[T]) -> T {
    items[self.below(items.len())]
  }

  /// A number in `lo..=hi`.
  fn range(&mut self, lo: usize, hi: usize) -> usize {
    lo + self.below(hi - lo + 1)
  }

  /// A number below `2^b` for a random `b` in `0..bits`: small ones far more often than big.
  fn skewed(&mut self, bits: usize) -> usize {
    let b = self.below(bits);
    self.below(1 << b)
  }

  /// Any 64 bits.
  fn bits(&mut self) -> u64 {
    let hi = self.below(1 << 32) as u64;
    let lo = self.below(1 << 32) as u64;
    hi << 32 | lo
  }
}

/// SplitMix64: small, fast, and reproducible from a seed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
  pub fn new(seed: u64) -> Rng {
    Rng(seed)
  }

  pub fn next_u64(&mut self) -> u64 {
    self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = self.0;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
  }
}

impl Entropy for Rng {
  fn below(&mut self, n: usize) -> usize {
    if n == 0 {
      0
    } else {
      (self.next_u64() % n as u64) as usize
    }
  }

  fn bits(&mut self) -> u64 {
    self.next_u64()
  }
}

/// Choices read from an input's bytes, as few as each choice needs; zeros once they run out.
pub struct ByteSource<'a> {
  bytes: &'a [u8],
  pos: usize,
}

impl<'a> ByteSource<'a> {
  pub fn new(bytes: &'a [u8]) -> ByteSource<'a> {
    ByteSource { bytes, pos: 0 }
  }
}

impl Entropy for ByteSource<'_> {
  fn below(&mut self, n: usize) -> usize {
    if n <= 1 {
      return 0;
    }
    let mut need = 0;
    while need < 8 && (n - 1) >> (8 * need) != 0 {
      need += 1;
    }
    let mut v: u64 = 0;
    for _ in 0..need {
      let b = self.bytes.get(self.pos).copied().unwrap_or(0);
      self.pos += 1;
      v = v << 8 | b as u64;
    }
    (v % n as u64) as usize
  }
}
