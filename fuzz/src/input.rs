//! The fuzzer's input as a stream of choices. Every choice reads a byte or a few; once the input
//! is used up every choice reads zeros, so any input, however short, is a whole sequence and
//! a longer input only makes more choices (libFuzzer's mutations stay meaningful).

/// A cursor over the fuzzer's input bytes.
pub struct Source<'a> {
	data: &'a [u8],
	pos: usize,
}

impl<'a> Source<'a> {
	/// A cursor at the start of `data`.
	pub fn new(data: &'a [u8]) -> Self {
		Self { data, pos: 0 }
	}

	/// Whether every byte has been read.
	pub fn is_empty(&self) -> bool {
		self.pos >= self.data.len()
	}

	/// The next byte, or zero once the input is used up.
	pub fn byte(&mut self) -> u8 {
		let byte = self.data.get(self.pos).copied().unwrap_or(0);
		self.pos = self.pos.saturating_add(1);
		byte
	}

	/// The next `N` bytes (zero-padded past the end).
	pub fn bytes<const N: usize>(&mut self) -> [u8; N] {
		let mut out = [0u8; N];
		for b in out.iter_mut() {
			*b = self.byte();
		}
		out
	}

	/// A little-endian `u32`.
	pub fn u32(&mut self) -> u32 {
		u32::from_le_bytes(self.bytes())
	}

	/// A little-endian `u64`.
	pub fn u64(&mut self) -> u64 {
		u64::from_le_bytes(self.bytes())
	}

	/// A number in `0..n` (`n > 0`): one byte for up to 256 choices, four beyond.
	pub fn below(&mut self, n: usize) -> usize {
		debug_assert!(n > 0);
		if n <= 256 {
			self.byte() as usize % n
		} else {
			self.u32() as usize % n
		}
	}

	/// A coin flip that comes up `true` about `numerator` times in 256.
	pub fn chance(&mut self, numerator: u8) -> bool {
		self.byte() < numerator
	}

	/// One of `items` (not empty).
	pub fn pick<T: Clone>(&mut self, items: &[T]) -> T {
		items[self.below(items.len())].clone()
	}

	/// The bytes not read yet (for a call decoded straight from the input).
	pub fn remaining(&self) -> &'a [u8] {
		&self.data[self.pos.min(self.data.len())..]
	}

	/// Skips `n` bytes (those a decoder consumed from `remaining`).
	pub fn skip(&mut self, n: usize) {
		self.pos = self.pos.saturating_add(n);
	}

	/// An amount of an asset whose whole token is `unit` smallest units: mostly plausible sizes
	/// (a fraction of a token to a few hundred thousand), sometimes the edges (zero, one unit,
	/// dust, `u128::MAX`, an arbitrary 64-bit value).
	pub fn amount(&mut self, unit: u128) -> u128 {
		match self.byte() % 16 {
			0 => 0,
			1 => 1,
			2 => u128::from(self.byte()),
			3 => u128::MAX,
			4 => u128::from(self.u64()),
			5 | 6 => unit / u128::from(self.byte().max(1)),
			7..=11 => unit.saturating_mul(u128::from(self.byte())),
			12 | 13 => unit.saturating_mul(u128::from(u16::from_le_bytes(self.bytes()))),
			_ => unit.saturating_mul(u128::from(self.byte() % 10 + 1)) / 10,
		}
	}
}

/// A deterministic pseudo-random byte stream (SplitMix64) for the seeded mode: the same seed
/// gives the same input on every machine.
pub struct SplitMix64(u64);

impl SplitMix64 {
	/// A stream from `seed`.
	pub fn new(seed: u64) -> Self {
		Self(seed)
	}

	/// The next 64 random bits.
	pub fn next_u64(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
		z ^ (z >> 31)
	}

	/// A random input of `len` bytes.
	pub fn input(&mut self, len: usize) -> Vec<u8> {
		let mut out = Vec::with_capacity(len + 8);
		while out.len() < len {
			out.extend_from_slice(&self.next_u64().to_le_bytes());
		}
		out.truncate(len);
		out
	}
}
