//! Fetching bytes by URI: a local path, `file://`, `http://` or `https://` (system roots).
//! Whatever is fetched is checked against a hash by the caller.
//!
//! A job's input URI is the user's choice, and every provider serving the model fetches it: a
//! user must not make providers' agents reach into their own networks (a cloud's metadata
//! service, a router's admin page, services on localhost). Inputs are fetched from public
//! addresses only ([`Hosts::Public`]): an IP literal is checked, a host name is resolved and only
//! its public addresses are connected to (so a name cannot be re-pointed at a private address
//! between the check and the connection), and redirects are not followed.

use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Bytes;
use hyper_util::{
	client::legacy::{
		connect::{
			dns::{GaiResolver, Name},
			HttpConnector,
		},
		Client,
	},
	rt::TokioExecutor,
};
use std::{
	future::Future,
	io,
	net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr},
	pin::Pin,
	task::{Context, Poll},
	time::Duration,
};

/// The most bytes a model fetch reads.
pub const MAX_FETCH: usize = 64 * 1024 * 1024;
/// The most bytes a job input fetch reads: a digits input is a few hundred bytes, and a user
/// must not make every provider download and keep large files.
pub const MAX_INPUT: usize = 1024 * 1024;
/// How long an http(s) fetch may take.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(60);

/// Which hosts an http(s) fetch may connect to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hosts {
	/// Any (models: the provider chose to serve them).
	Any,
	/// Public addresses only (job inputs: the user chose them).
	Public,
}

/// The bytes at `uri` (a path, `file://`, or http(s) from any host).
pub async fn fetch(uri: &str) -> Result<Vec<u8>, String> {
	if is_http(uri) {
		fetch_http(uri, Hosts::Any, MAX_FETCH).await
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

/// Whether `uri` is fetched over http(s).
pub fn is_http(uri: &str) -> bool {
	uri.starts_with("http://") || uri.starts_with("https://")
}

/// The bytes at the http(s) `uri` (at most `limit`), connecting only to `hosts`.
pub async fn fetch_http(uri: &str, hosts: Hosts, limit: usize) -> Result<Vec<u8>, String> {
	let parsed: hyper::Uri = uri.parse().map_err(|e| format!("{uri}: {e}"))?;
	let host = parsed.host().ok_or_else(|| format!("{uri}: no host"))?;
	if let Ok(ip) = host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
		if hosts == Hosts::Public && !is_public(ip) {
			return Err(format!("{uri}: {ip} is not a public address"));
		}
	}
	let request = async {
		match hosts {
			Hosts::Any => {
				get(parsed, HttpConnector::new_with_resolver(GaiResolver::new()), limit).await
			},
			Hosts::Public => get(parsed, HttpConnector::new_with_resolver(PublicOnly), limit).await,
		}
	};
	tokio::time::timeout(FETCH_TIMEOUT, request)
		.await
		.map_err(|_| format!("{uri}: no answer in {} s", FETCH_TIMEOUT.as_secs()))?
		.map_err(|e| format!("{uri}: {e}"))
}

async fn get<R>(
	uri: hyper::Uri,
	mut http: HttpConnector<R>,
	limit: usize,
) -> Result<Vec<u8>, String>
where
	R: tower_service::Service<Name> + Clone + Send + Sync + 'static,
	R::Response: Iterator<Item = SocketAddr>,
	R::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
	R::Future: Send,
{
	http.enforce_http(false);
	let connector = hyper_rustls::HttpsConnectorBuilder::new()
		.with_provider_and_native_roots(rustls::crypto::ring::default_provider())
		.map_err(|e| format!("no TLS roots: {e}"))?
		.https_or_http()
		.enable_http1()
		.wrap_connector(http);
	let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build(connector);
	// The legacy client follows no redirects: a public host cannot bounce the fetch inward.
	let response = client.get(uri).await.map_err(|e| format!("{e:?}"))?;
	if !response.status().is_success() {
		return Err(format!("HTTP {}", response.status()));
	}
	let body =
		Limited::new(response.into_body(), limit).collect().await.map_err(|e| e.to_string())?;
	Ok(body.to_bytes().to_vec())
}

/// A resolver that hands the connector a host's public addresses only.
#[derive(Clone)]
struct PublicOnly;

impl tower_service::Service<Name> for PublicOnly {
	type Response = std::vec::IntoIter<SocketAddr>;
	type Error = io::Error;
	type Future = Pin<Box<dyn Future<Output = Result<Self::Response, io::Error>> + Send>>;

	fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), io::Error>> {
		Poll::Ready(Ok(()))
	}

	fn call(&mut self, name: Name) -> Self::Future {
		Box::pin(async move {
			let public: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 0))
				.await?
				.filter(|addr| is_public(addr.ip()))
				.collect();
			if public.is_empty() {
				return Err(io::Error::new(
					io::ErrorKind::PermissionDenied,
					format!("{} has no public address", name.as_str()),
				));
			}
			Ok(public.into_iter())
		})
	}
}

/// Whether `ip` is a public unicast address: not loopback, private, link-local, shared
/// (carrier NAT), unspecified, multicast, broadcast, documentation or reserved; IPv4 addresses
/// mapped or translated into IPv6 are judged as IPv4.
pub fn is_public(ip: IpAddr) -> bool {
	match ip {
		IpAddr::V4(v4) => is_public_v4(v4),
		IpAddr::V6(v6) => {
			if let Some(v4) = v6.to_ipv4_mapped() {
				return is_public_v4(v4);
			}
			let s = v6.segments();
			// 64:ff9b::/96, NAT64: the IPv4 address in its last 32 bits.
			if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
				return is_public_v4(Ipv4Addr::from(((s[6] as u32) << 16) | s[7] as u32));
			}
			!(v6.is_loopback()
				|| v6.is_unspecified()
				|| v6.is_multicast()
				|| (s[0] & 0xfe00) == 0xfc00 // unique local, fc00::/7
				|| (s[0] & 0xffc0) == 0xfe80 // link-local, fe80::/10
				|| (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
				|| v6 == Ipv6Addr::from([0u8; 16]))
		},
	}
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
	let [a, b, c, _] = ip.octets();
	!(ip.is_private()
		|| ip.is_loopback()
		|| ip.is_link_local()
		|| ip.is_broadcast()
		|| ip.is_documentation()
		|| ip.is_unspecified()
		|| ip.is_multicast()
		|| a == 0 // "this network"
		|| (a == 100 && (64..128).contains(&b)) // shared (carrier NAT), 100.64.0.0/10
		|| (a == 192 && b == 0 && c == 0) // IETF protocol assignments
		|| (a == 198 && (b == 18 || b == 19)) // benchmarking, 198.18.0.0/15
		|| a >= 240) // reserved
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

	#[tokio::test]
	async fn inputs_are_not_fetched_from_private_hosts() {
		// A server that would answer: the refusal comes before any connection.
		let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
		let port = listener.local_addr().unwrap().port();
		for uri in [
			format!("http://127.0.0.1:{port}/input.json"),
			format!("http://localhost:{port}/input.json"),
			format!("http://[::1]:{port}/input.json"),
			format!("http://[::ffff:127.0.0.1]:{port}/input.json"),
			"http://169.254.169.254/latest/meta-data/".to_string(),
			// 127.0.0.1 as one number: not an IP literal to the URI parser, resolved to loopback.
			format!("http://2130706433:{port}/input.json"),
			"http://10.0.0.1/".to_string(),
			"https://192.168.1.1/".to_string(),
		] {
			let err = fetch_http(&uri, Hosts::Public, MAX_INPUT).await.unwrap_err();
			assert!(
				err.contains("not a public address") || err.contains("no public address"),
				"{uri}: {err}"
			);
		}
		// The same server is reachable when private hosts are allowed (models, or a dev chain);
		// an input larger than the limit is refused.
		tokio::spawn(async move {
			for reply in [
				"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n[]".to_string(),
				format!(
					"HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}",
					MAX_INPUT + 1,
					"0".repeat(MAX_INPUT + 1)
				),
			] {
				let (mut socket, _) = listener.accept().await.unwrap();
				let mut buf = [0u8; 1024];
				let _ = socket.read(&mut buf).await.unwrap();
				let _ = socket.write_all(reply.as_bytes()).await;
				let _ = socket.shutdown().await;
			}
		});
		let uri = format!("http://127.0.0.1:{port}/input.json");
		assert_eq!(fetch_http(&uri, Hosts::Any, MAX_INPUT).await.unwrap(), b"[]");
		assert!(fetch_http(&uri, Hosts::Any, MAX_INPUT).await.is_err(), "over the input limit");
	}

	#[test]
	fn public_addresses_are_told_from_private_ones() {
		for public in
			["8.8.8.8", "1.1.1.1", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"]
		{
			assert!(is_public(public.parse().unwrap()), "{public}");
		}
		for private in [
			"127.0.0.1",
			"10.1.2.3",
			"172.16.0.1",
			"192.168.0.1",
			"169.254.169.254",
			"100.64.0.1",
			"0.0.0.0",
			"255.255.255.255",
			"224.0.0.1",
			"198.18.0.1",
			"240.0.0.1",
			"::1",
			"::",
			"fd00::1",
			"fe80::1",
			"::ffff:10.0.0.1",
			"64:ff9b::a00:1",
			"2001:db8::1",
			"ff02::1",
		] {
			assert!(!is_public(private.parse().unwrap()), "{private}");
		}
	}
}
