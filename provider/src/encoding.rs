//! The digits model's input and output encodings, as jobs carry them.
//!
//! - **Input**: a JSON array of 64 integers `0..=16`, the 8×8 image row by row (scikit-learn's
//!   digits scale: 0 is white, 16 is full ink), e.g. `[0,0,5,13,9,1,0,0,…]`.
//! - **Output** (canonical JSON, no spaces, keys in this order): `{"class":c,"scores":[s0,…,s9]}`,
//!   `c` the most probable digit (the lowest on a tie) and `sᵢ` its probabilities in parts per
//!   10,000, rounded to nearest. Results are compared by the hash of these bytes, so every honest
//!   provider must print the same ones: the scores are quantized to absorb the last-bit
//!   differences of float arithmetic between CPUs.
//! - An input that is not 64 such integers gets the canonical output `{"error":"input"}`, so
//!   honest providers still agree (and are paid) on a malformed job.

/// Pixels per image.
pub const PIXELS: usize = 64;
/// Classes (digits).
pub const CLASSES: usize = 10;
/// The largest pixel value.
pub const MAX_PIXEL: u8 = 16;
/// Scores are probabilities in parts per this many.
pub const SCORE_SCALE: f64 = 10_000.0;
/// The output for a malformed input.
pub const INPUT_ERROR: &str = r#"{"error":"input"}"#;

/// Parses a job's input bytes into 64 pixel values, or `None` when they are not the documented
/// encoding.
pub fn parse_input(bytes: &[u8]) -> Option<[f32; PIXELS]> {
	let values: Vec<serde_json::Value> = serde_json::from_slice(bytes).ok()?;
	if values.len() != PIXELS {
		return None;
	}
	let mut pixels = [0f32; PIXELS];
	for (pixel, value) in pixels.iter_mut().zip(values) {
		let v = value.as_u64().filter(|v| *v <= u64::from(MAX_PIXEL))?;
		*pixel = v as f32;
	}
	Some(pixels)
}

/// The input encoding of `pixels` (what a user posts).
pub fn encode_input(pixels: &[u8]) -> String {
	let list: Vec<String> = pixels.iter().map(u8::to_string).collect();
	format!("[{}]", list.join(","))
}

/// A classification: the digit and its quantized scores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Classification {
	/// The most probable digit.
	pub class: usize,
	/// Each digit's probability in parts per 10,000.
	pub scores: [u32; CLASSES],
}

impl Classification {
	/// Quantizes the model's probabilities; the class is the highest score, the lowest digit on
	/// a tie.
	pub fn from_probabilities(probabilities: &[f32; CLASSES]) -> Self {
		let mut scores = [0u32; CLASSES];
		for (score, p) in scores.iter_mut().zip(probabilities) {
			*score = (f64::from(*p).clamp(0.0, 1.0) * SCORE_SCALE).round() as u32;
		}
		let mut class = 0;
		for (digit, p) in probabilities.iter().enumerate() {
			if *p > probabilities[class] {
				class = digit;
			}
		}
		Self { class, scores }
	}

	/// What a faulty provider (`--faulty`) returns instead: the next digit, the scores rotated
	/// with it. Always differs from the honest output.
	pub fn corrupted(&self) -> Self {
		let mut scores = self.scores;
		scores.rotate_right(1);
		Self { class: (self.class + 1) % CLASSES, scores }
	}

	/// The canonical output bytes.
	pub fn to_canonical_json(&self) -> String {
		let scores: Vec<String> = self.scores.iter().map(u32::to_string).collect();
		format!(r#"{{"class":{},"scores":[{}]}}"#, self.class, scores.join(","))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn input_round_trips_and_rejects_what_is_not_64_pixels_of_0_to_16() {
		let pixels: Vec<u8> = (0..64).map(|i| (i % 17) as u8).collect();
		let parsed = parse_input(encode_input(&pixels).as_bytes()).expect("valid");
		assert_eq!(parsed.iter().map(|p| *p as u8).collect::<Vec<_>>(), pixels);
		// Whitespace is fine: it is JSON.
		assert!(parse_input(format!(" {} ", encode_input(&pixels)).as_bytes()).is_some());
		for bad in [
			"".to_string(),
			"[1,2,3]".to_string(),
			encode_input(&[0; 65]),
			encode_input(&[17; 64]),
			format!("[{}-1]", "0,".repeat(63)),
			format!("[{}0.5]", "0,".repeat(63)),
			format!("[{}\"0\"]", "0,".repeat(63)),
			r#"{"pixels":[]}"#.to_string(),
		] {
			assert_eq!(parse_input(bad.as_bytes()), None, "{bad}");
		}
	}

	#[test]
	fn output_is_canonical_and_quantized() {
		let mut p = [0f32; CLASSES];
		p[3] = 0.987_654;
		p[8] = 0.012_346;
		let c = Classification::from_probabilities(&p);
		assert_eq!(c.class, 3);
		assert_eq!(c.to_canonical_json(), r#"{"class":3,"scores":[0,0,0,9877,0,0,0,0,123,0]}"#);
		// A last-bit difference does not change the bytes.
		p[3] = f32::from_bits(p[3].to_bits() + 1);
		assert_eq!(Classification::from_probabilities(&p), c);
	}

	#[test]
	fn a_tie_goes_to_the_lowest_digit_and_corruption_always_differs() {
		let p = [0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
		let c = Classification::from_probabilities(&p);
		assert_eq!(c.class, 0);
		for class in 0..CLASSES {
			let honest = Classification { class, scores: c.scores };
			let bad = honest.corrupted();
			assert_ne!(bad.class, honest.class);
			assert_ne!(bad.to_canonical_json(), honest.to_canonical_json());
		}
	}
}
