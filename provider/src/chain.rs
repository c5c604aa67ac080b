//! The chain as the agent sees it: a client typed from the runtime's metadata
//! (`provider/metadata/lever.scale`, written by `tests/tools/provider-metadata.mjs` and checked
//! against the node by the end-to-end suite), the signer, and sending transactions.

use std::str::FromStr;
use subxt::{
	config::{DefaultExtrinsicParamsBuilder, RpcConfigFor},
	rpcs::{methods::LegacyRpcMethods, RpcClient},
	transactions::{Payload, TransactionProgress, TransactionStatus},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{sr25519::Keypair, SecretUri};

/// The typed interface of the Lever runtime.
#[subxt::subxt(
	runtime_metadata_path = "metadata/lever.scale",
	derive_for_all_types = "Clone, PartialEq, Eq"
)]
pub mod lever {}

pub use subxt::utils::{AccountId32 as AccountId, H256};

/// The inference pallet's types as the runtime encodes them.
pub use lever::runtime_types::pallet_lever_inference::types as inference;

/// The runtime's asset identifier (LEV or a `pallet-assets` id).
pub type AssetKind =
	lever::runtime_types::frame_support::traits::tokens::fungible::union_of::NativeOrWithId<u32>;

/// A job as the runtime stores it.
pub type Job = inference::Job;

/// Lever's transaction and block types are Polkadot's: sr25519 `MultiSignature`s, `MultiAddress`
/// with 32-byte accounts, u32 block numbers, and the same transaction extensions.
pub type Config = PolkadotConfig;

/// A connected client.
pub type Client = OnlineClient<Config>;

/// A transaction on its way.
pub type Progress = TransactionProgress<Config, subxt::client::OnlineClientAtBlockImpl<Config>>;

/// A bounded vector as the runtime encodes it.
pub fn bounded<T>(
	items: Vec<T>,
) -> lever::runtime_types::bounded_collections::bounded_vec::BoundedVec<T> {
	lever::runtime_types::bounded_collections::bounded_vec::BoundedVec(items)
}

/// The signer for a secret URI (`//Alice`, a mnemonic, a hex seed, with derivations).
pub fn keypair(suri: &str) -> Result<Keypair, String> {
	let uri = SecretUri::from_str(suri).map_err(|e| format!("bad secret URI: {e}"))?;
	Keypair::from_uri(&uri).map_err(|e| format!("bad secret URI: {e}"))
}

/// A connection: the typed client and the node's RPC (for the pool-aware nonce).
#[derive(Clone)]
pub struct Connection {
	/// The typed client.
	pub client: Client,
	rpc: LegacyRpcMethods<RpcConfigFor<Config>>,
}

impl Connection {
	/// Connects to `url` (`ws://` is accepted for localhost only, as subxt requires).
	pub async fn open(url: &str) -> Result<Self, String> {
		let rpc_client = RpcClient::from_url(url).await.map_err(|e| format!("{url}: {e}"))?;
		let client =
			Client::from_rpc_client(rpc_client.clone()).await.map_err(|e| format!("{url}: {e}"))?;
		Ok(Self { client, rpc: LegacyRpcMethods::new(rpc_client) })
	}

	/// The best block's number.
	pub async fn best_number(&self) -> Result<u32, String> {
		use subxt::config::Header;
		let header =
			self.rpc.chain_get_header(None).await.map_err(|e| format!("best head: {e}"))?;
		Ok(header.map(|h| h.number() as u32).unwrap_or_default())
	}

	/// Signs `call` with the next nonce the node knows of (its pool included) and hands it to
	/// the node. Resolves once the node accepted it.
	pub async fn send<Call: Payload>(
		&self,
		call: &Call,
		signer: &Keypair,
	) -> Result<Progress, String> {
		let who: AccountId = signer.public_key().to_account_id();
		let nonce =
			self.rpc.system_account_next_index(&who).await.map_err(|e| format!("nonce: {e}"))?;
		let params = DefaultExtrinsicParamsBuilder::<Config>::new().nonce(nonce).build();
		let mut tx = self.client.tx().await.map_err(|e| e.to_string())?;
		tx.sign_and_submit_then_watch(call, signer, params).await.map_err(|e| e.to_string())
	}
}

/// How far a transaction (and the blocks the agent acts on) must go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Follow {
	/// Finalized blocks (the default): nothing the agent acts on can be reverted.
	Finalized,
	/// Best blocks: faster on chains with slow finality, at the risk of a reorg.
	Best,
}

/// Why a sent transaction is not known to have dispatched.
#[derive(Debug)]
pub enum TxError {
	/// It was refused or it failed: the decoded error (e.g. `Inference::NotOpen`).
	Failed(String),
	/// The connection went before its fate was known: read the chain.
	Unknown(String),
}

/// Waits until the transaction is in a block (best or finalized per `follow`); `Ok` if it
/// dispatched.
pub async fn outcome(mut progress: Progress, follow: Follow) -> Result<(), TxError> {
	while let Some(status) = progress.next().await {
		let in_block = match status.map_err(|e| TxError::Unknown(e.to_string()))? {
			TransactionStatus::InBestBlock(b) if follow == Follow::Best => b,
			TransactionStatus::InFinalizedBlock(b) => b,
			TransactionStatus::Error { message } => return Err(TxError::Unknown(message)),
			TransactionStatus::Invalid { message } => {
				return Err(TxError::Failed(format!("invalid: {message}")))
			},
			TransactionStatus::Dropped { message } => {
				return Err(TxError::Unknown(format!("dropped: {message}")))
			},
			_ => continue,
		};
		return in_block.wait_for_success().await.map(|_| ()).map_err(|e| match e {
			subxt::error::TransactionEventsError::ExtrinsicFailed(e) => {
				TxError::Failed(e.to_string())
			},
			e => TxError::Unknown(e.to_string()),
		});
	}
	Err(TxError::Unknown("the node stopped reporting on the transaction".into()))
}

/// Waits until the transaction is finalized and returns its events, or the decoded error.
pub async fn outcome_events(
	progress: Progress,
) -> Result<subxt::extrinsics::ExtrinsicEvents<Config>, String> {
	progress.wait_for_finalized_success().await.map_err(|e| e.to_string())
}
