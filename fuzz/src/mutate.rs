//! Byte-level mutation of corpus inputs: flips, inserts, deletions, duplications, dictionary
//! tokens, splices with another input, and truncation (the usual havoc stages, without coverage
//! feedback).

use crate::entropy::{Entropy, Rng};

/// `input` after 1 to 8 stacked mutations, at most `max_len` bytes; `other` is spliced from.
pub fn mutate(rng: &mut Rng, input: &[u8], other: &[u8], dict: &[&str], max_len: usize) -> Vec<u8> {
  let mut out = input.to_vec();
  let rounds = 1 << rng.below(4);
  for _ in 0..rounds {
    one(rng, &mut out, other, dict);
  }
  out.truncate(max_len);
  out
}

fn one(rng: &mut Rng, out: &mut Vec<u8>, other: &[u8], dict: &[&str]) {
  let len = out.len();
  let at = rng.below(len + 1);
  match rng.below(10) {
    // flip a bit
    0 if len > 0 => {
      let i = rng.below(len);
      out[i] ^= 1 << rng.below(8);
    }
    // replace a byte with an interesting one
    1 if len > 0 => {
      let i = rng.below(len);
      out[i] = rng.pick(b"\0\n\r\t \"'`\\/*{}[]()<>$:;,.?!=@#0-9\x7f\xff\xc3\xe2");
    }
    // insert random bytes
    2 => {
      let n = rng.range(1, 4);
      let bytes: Vec<u8> = (0..n).map(|_| rng.below(256) as u8).collect();
      out.splice(at..at, bytes);
    }
    // delete a range
    3 if len > 0 => {
      let end = (at + rng.range(1, 16)).min(len);
      out.drain(at.min(end)..end);
    }
    // duplicate a range (grows nesting and repetition)
    4 if len > 0 => {
      let start = rng.below(len);
      let end = (start + rng.range(1, 64)).min(len);
      let chunk = out[start..end].to_vec();
      let times = 1 + rng.skewed(8);
      let at = rng.below(out.len() + 1);
      out.splice(at..at, chunk.repeat(times));
    }
    // splice with another input
    5 if !other.is_empty() => {
      let start = rng.below(other.len());
      let end = (start + rng.range(1, 256)).min(other.len());
      out.splice(at..at, other[start..end].iter().copied());
    }
    // truncate
    6 if len > 1 => out.truncate(rng.range(1, len - 1)),
    // swap two bytes
    7 if len > 1 => {
      let (i, j) = (rng.below(len), rng.below(len));
      out.swap(i, j);
    }
    // dictionary token (twice as likely as the rest)
    _ if !dict.is_empty() => {
      let token = rng.pick(dict).as_bytes();
      out.splice(at..at, token.iter().copied());
    }
    _ => out.push(rng.below(128) as u8),
  }
}
