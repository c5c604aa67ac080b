//! Models: fetched by their URI, checked against the weights hash they were registered with,
//! cached on disk by that hash, and run with tract.

use crate::{
	encoding::{Classification, CLASSES, PIXELS},
	fetch,
};
use std::{
	path::{Path, PathBuf},
	sync::Arc,
};
use tract_onnx::prelude::*;

/// blake2-256 of `bytes`, the hash models are registered with and job data is checked against.
pub fn blake2_256(bytes: &[u8]) -> [u8; 32] {
	sp_crypto_hashing::blake2_256(bytes)
}

/// A loaded digits classifier (input `X`: f32[1, 64]; output: probabilities f32[1, 10]).
#[derive(Clone)]
pub struct Digits {
	plan: Arc<TypedRunnableModel>,
}

impl Digits {
	/// Loads an ONNX model of the documented shape from its bytes.
	///
	/// The file comes from whoever registered the model: a malformed one that makes tract panic
	/// is refused like any other bad file, and does not take the agent down.
	pub fn load(bytes: &[u8]) -> Result<Self, String> {
		let plan = std::panic::catch_unwind(|| {
			tract_onnx::onnx()
				.model_for_read(&mut &bytes[..])
				.and_then(|m| m.with_input_fact(0, f32::fact([1, PIXELS]).into()))
				.and_then(|m| m.into_optimized())
				.and_then(|m| m.into_runnable())
		})
		.map_err(|_| "not a digits model: tract panicked on it".to_string())?
		.map_err(|e| format!("not a digits model: {e:#}"))?;
		Ok(Self { plan })
	}

	/// The probability of each digit for one image.
	pub fn probabilities(&self, pixels: &[f32; PIXELS]) -> Result<[f32; CLASSES], String> {
		let input: Tensor = tract_ndarray::Array2::from_shape_vec((1, PIXELS), pixels.to_vec())
			.map_err(|e| e.to_string())?
			.into();
		let outputs = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
			self.plan.run(tvec!(input.into()))
		}))
		.map_err(|_| "model failed: tract panicked".to_string())?
		.map_err(|e| format!("model failed: {e:#}"))?;
		let view = outputs[0].to_plain_array_view::<f32>().map_err(|e| e.to_string())?;
		let values: Vec<f32> = view.iter().copied().collect();
		values.try_into().map_err(|v: Vec<f32>| format!("{} outputs, expected {CLASSES}", v.len()))
	}

	/// The canonical classification of one image.
	pub fn classify(&self, pixels: &[f32; PIXELS]) -> Result<Classification, String> {
		self.probabilities(pixels).map(|p| Classification::from_probabilities(&p))
	}
}

/// Models on disk, by weights hash.
pub struct ModelCache {
	dir: PathBuf,
}

impl ModelCache {
	/// A cache in `dir` (created when needed).
	pub fn new(dir: impl Into<PathBuf>) -> Self {
		Self { dir: dir.into() }
	}

	fn path_of(&self, hash: &[u8; 32]) -> PathBuf {
		self.dir.join(format!("{}.onnx", hex::encode(hash)))
	}

	/// The model with weights hash `hash`: from the cache, else fetched from `uri`, checked and
	/// cached. A cached file that no longer matches its hash is fetched again.
	pub async fn get(&self, uri: &str, hash: &[u8; 32]) -> Result<(Digits, Source), String> {
		let path = self.path_of(hash);
		if let Ok(bytes) = std::fs::read(&path) {
			if blake2_256(&bytes) == *hash {
				return Ok((Digits::load(&bytes)?, Source::Cache(path)));
			}
		}
		let bytes = fetch::fetch(uri).await?;
		let got = blake2_256(&bytes);
		if got != *hash {
			return Err(format!(
				"{uri} has weights hash 0x{}, the model was registered with 0x{}",
				hex::encode(got),
				hex::encode(hash)
			));
		}
		let model = Digits::load(&bytes)?;
		std::fs::create_dir_all(&self.dir).map_err(|e| format!("{}: {e}", self.dir.display()))?;
		let partial = path.with_extension("part");
		std::fs::write(&partial, &bytes)
			.and_then(|()| std::fs::rename(&partial, &path))
			.map_err(|e| format!("{}: {e}", path.display()))?;
		Ok((model, Source::Fetched(uri.to_string())))
	}
}

/// Where a model came from.
#[derive(Debug)]
pub enum Source {
	/// The on-disk cache.
	Cache(PathBuf),
	/// Its URI.
	Fetched(String),
}

/// An image of the held-out set (`provider/model/digits-holdout.json`) and its digit.
#[derive(serde::Deserialize)]
pub struct LabelledImage {
	/// 64 pixels, 0..=16.
	pub pixels: Vec<u8>,
	/// The digit it shows.
	pub label: usize,
}

/// Reads a JSON list of labelled images.
pub fn load_labelled(path: &Path) -> Result<Vec<LabelledImage>, String> {
	let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
	serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::encoding::{encode_input, parse_input};

	/// A file of `provider/model/`, found at run time (`cargo test` sets `CARGO_MANIFEST_DIR`):
	/// a path compiled in would name the checkout the test binary was first built in, which a
	/// shared target directory may reuse from another clone.
	fn model_file(name: &str) -> std::path::PathBuf {
		let dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR");
		Path::new(&dir).join("model").join(name)
	}

	/// The checked-in digits model (`provider/model/digits.onnx`).
	fn bundled_model_path() -> std::path::PathBuf {
		model_file("digits.onnx")
	}

	fn holdout() -> Vec<LabelledImage> {
		load_labelled(&model_file("digits-holdout.json")).expect("the held-out set")
	}

	#[test]
	fn the_bundled_model_has_its_registered_hash() {
		let bytes = std::fs::read(bundled_model_path()).expect("model");
		assert_eq!(
			hex::encode(blake2_256(&bytes)),
			"a1a3d8562914d202f409e149b34c330a71b84edc2c4ad3ddc9e2599bc7f9d103"
		);
	}

	#[test]
	fn tract_reproduces_the_measured_held_out_accuracy() {
		let model = Digits::load(&std::fs::read(bundled_model_path()).unwrap()).unwrap();
		let set = holdout();
		assert_eq!(set.len(), 450);
		let mut right = 0;
		for image in &set {
			let input = parse_input(encode_input(&image.pixels).as_bytes()).expect("valid image");
			let c = model.classify(&input).unwrap();
			assert!(c.scores.iter().sum::<u32>().abs_diff(10_000) <= 10, "{c:?}");
			right += usize::from(c.class == image.label);
		}
		// 437 of 450 (97.11%) with scikit-learn and ONNX's reference evaluator; tract must agree.
		assert_eq!(right, 437);
	}

	#[test]
	fn a_file_that_is_not_the_model_is_refused() {
		assert!(Digits::load(b"not onnx").is_err());
	}

	#[tokio::test]
	async fn the_cache_checks_the_hash_and_refetches_a_corrupted_file() {
		let dir = std::env::temp_dir().join(format!("lever-provider-cache-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&dir);
		let cache = ModelCache::new(&dir);
		let uri = bundled_model_path().display().to_string();
		let hash = blake2_256(&std::fs::read(bundled_model_path()).unwrap());
		// A wrong hash: refused, nothing cached.
		let err = cache.get(&uri, &[7; 32]).await.err().expect("refused");
		assert!(err.contains("weights hash"), "{err}");
		assert!(!dir.join(format!("{}.onnx", hex::encode([7u8; 32]))).exists());
		// The right one: fetched, then served from the cache.
		assert!(matches!(cache.get(&uri, &hash).await.unwrap().1, Source::Fetched(_)));
		assert!(matches!(cache.get(&uri, &hash).await.unwrap().1, Source::Cache(_)));
		// A corrupted cache file is not trusted.
		std::fs::write(dir.join(format!("{}.onnx", hex::encode(hash))), b"junk").unwrap();
		assert!(matches!(cache.get(&uri, &hash).await.unwrap().1, Source::Fetched(_)));
		std::fs::remove_dir_all(&dir).unwrap();
	}
}
