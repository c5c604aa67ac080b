//! Fetching bytes by URI: a local path, `file://`, `http://` or `https://` (system roots).
//! Whatever is fetched is checked against a hash by the caller.

use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Bytes;
use hyper_util::{client::legacy::Client, rt::TokioExecutor};
use std::time::Duration;

/// The most bytes a fetch reads (models and inputs alike).
pub const MAX_FETCH: usize = 64 * 1024 * 1024;
/// How long an http(s) fetch may take.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(60);

/// The bytes at `uri`.
pub async fn fetch(uri: &str) -> Result<Vec<u8>, String> {
	if uri.starts_with("http://") || uri.starts_with("https://") {
		tokio::time::timeout(FETCH_TIMEOUT, fetch_http(uri))
			.await
			.map_err(|_| format!("{uri}: no answer in {} s", FETCH_TIMEOUT.as_secs()))?
	} else {
		let path = uri.strip_prefix("file://").unwrap_or(uri);
		// A regular file of bounded size only (not `/dev/zero`, not a FIFO).
		let meta = tokio::fs::metadata(path).await.map_err(|e| format!("{path}: {e}"))?;
		if !meta.is_file() {
			return Err(format!("{path}: not a regular file"));
		}
		if meta.len() > MAX_FETCH as u64 {
			return Err(format!("{path}: larger than {MAX_FETCH} bytes"));
		}
		tokio::fs::read(path).await.map_err(|e| format!("{path}: {e}"))
	}
}

async fn fetch_http(uri: &str) -> Result<Vec<u8>, String> {
	let connector = hyper_rustls::HttpsConnectorBuilder::new()
		.with_provider_and_native_roots(rustls::crypto::ring::default_provider())
		.map_err(|e| format!("no TLS roots: {e}"))?
		.https_or_http()
		.enable_http1()
		.build();
	let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build(connector);
	let parsed: hyper::Uri = uri.parse().map_err(|e| format!("{uri}: {e}"))?;
	let response = client.get(parsed).await.map_err(|e| format!("{uri}: {e}"))?;
	if !response.status().is_success() {
		return Err(format!("{uri}: HTTP {}", response.status()));
	}
	let body = Limited::new(response.into_body(), MAX_FETCH)
		.collect()
		.await
		.map_err(|e| format!("{uri}: {e}"))?;
	Ok(body.to_bytes().to_vec())
}

#[cfg(test)]
mod tests {
	use super::*;
	use tokio::io::{AsyncReadExt, AsyncWriteExt};

	#[tokio::test]
	async fn fetches_paths_file_uris_and_http() {
		let path = std::env::temp_dir().join(format!("lever-fetch-{}", std::process::id()));
		std::fs::write(&path, b"pixels").unwrap();
		assert_eq!(fetch(&path.display().to_string()).await.unwrap(), b"pixels");
		assert_eq!(fetch(&format!("file://{}", path.display())).await.unwrap(), b"pixels");
		std::fs::remove_file(&path).unwrap();
		assert!(fetch(&path.display().to_string()).await.is_err());
		let err = fetch("/dev/zero").await.unwrap_err();
		assert!(err.contains("not a regular file"), "{err}");

		// A one-shot HTTP server: 200 with a body, then 404.
		let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
		let addr = listener.local_addr().unwrap();
		tokio::spawn(async move {
			for reply in [
				"HTTP/1.1 200 OK\r\ncontent-length: 5\r\nconnection: close\r\n\r\nhello",
				"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
			] {
				let (mut socket, _) = listener.accept().await.unwrap();
				let mut buf = [0u8; 1024];
				let _ = socket.read(&mut buf).await.unwrap();
				socket.write_all(reply.as_bytes()).await.unwrap();
				socket.shutdown().await.unwrap();
			}
		});
		assert_eq!(fetch(&format!("http://{addr}/model.onnx")).await.unwrap(), b"hello");
		let err = fetch(&format!("http://{addr}/gone")).await.unwrap_err();
		assert!(err.contains("404"), "{err}");
	}
}
