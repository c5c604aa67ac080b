//! Service: the client, the transaction pool, networking, RPC, and block production — Aura +
//! GRANDPA, or local sealing (`--sealing`) for tests.

use std::{pin::Pin, sync::Arc, time::Duration};

use codec::Decode;
use futures::{channel::mpsc, FutureExt, Stream, StreamExt};
use lever_runtime::{apis::RuntimeApi, opaque::Block, Hash, SLOT_DURATION};
use sc_client_api::{Backend, StorageProvider};
use sc_consensus_aura::{ImportQueueParams, SlotProportion, StartAuraParams};
use sc_consensus_grandpa::SharedVoterState;
use sc_consensus_manual_seal::{
	consensus::aura::AuraConsensusDataProvider, EngineCommand, ManualSealParams,
};
use sc_service::{error::Error as ServiceError, Configuration, TaskManager, WarpSyncConfig};
use sc_telemetry::{Telemetry, TelemetryWorker};
use sc_transaction_pool_api::{OffchainTransactionPoolFactory, TransactionPool};
use sp_consensus_aura::sr25519::AuthorityPair as AuraPair;
use sp_core::storage::StorageKey;
use sp_runtime::traits::Block as BlockT;

use crate::cli::Sealing;

/// The full client: native code for the node, the runtime executed as wasm.
pub(crate) type FullClient = sc_service::TFullClient<
	Block,
	RuntimeApi,
	sc_executor::WasmExecutor<sp_io::SubstrateHostFunctions>,
>;
type FullBackend = sc_service::TFullBackend<Block>;
type FullSelectChain = sc_consensus::LongestChain<FullBackend, Block>;
type GrandpaBlockImport =
	sc_consensus_grandpa::GrandpaBlockImport<FullBackend, Block, FullClient, FullSelectChain>;
type GrandpaLinkHalf = sc_consensus_grandpa::LinkHalf<Block, FullClient, FullSelectChain>;
type TxPool = sc_transaction_pool::TransactionPoolHandle<Block, FullClient>;

/// Blocks between GRANDPA justifications the node keeps (for light clients and warp sync).
const GRANDPA_JUSTIFICATION_PERIOD: u32 = 512;

/// The parts of the node that subcommands need too. `other` holds GRANDPA's block import and
/// link (absent when the node seals blocks itself) and the telemetry handle.
pub type Service = sc_service::PartialComponents<
	FullClient,
	FullBackend,
	FullSelectChain,
	sc_consensus::DefaultImportQueue<Block>,
	TxPool,
	(Option<(GrandpaBlockImport, GrandpaLinkHalf)>, Option<Telemetry>),
>;

/// Builds the client, the database, the transaction pool and the import queue: Aura +
/// GRANDPA verification, or none under `--sealing` (blocks are then only made locally).
pub fn new_partial(
	config: &Configuration,
	sealing: Option<Sealing>,
) -> Result<Service, ServiceError> {
	let telemetry = config
		.telemetry_endpoints
		.clone()
		.filter(|x| !x.is_empty())
		.map(|endpoints| -> Result<_, sc_telemetry::Error> {
			let worker = TelemetryWorker::new(16)?;
			let telemetry = worker.handle().new_telemetry(endpoints);
			Ok((worker, telemetry))
		})
		.transpose()?;

	let executor = sc_service::new_wasm_executor::<sp_io::SubstrateHostFunctions>(&config.executor);
	let (client, backend, keystore_container, task_manager) =
		sc_service::new_full_parts::<Block, RuntimeApi, _>(
			config,
			telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
			executor,
			Vec::new(),
		)?;
	let client = Arc::new(client);

	let telemetry = telemetry.map(|(worker, telemetry)| {
		task_manager.spawn_handle().spawn("telemetry", None, worker.run());
		telemetry
	});

	let select_chain = sc_consensus::LongestChain::new(backend.clone());

	let transaction_pool = Arc::from(
		sc_transaction_pool::Builder::new(
			task_manager.spawn_essential_handle(),
			client.clone(),
			config.role.is_authority().into(),
		)
		.with_options(config.transaction_pool.clone())
		.with_prometheus(config.prometheus_registry())
		.build(),
	);

	let (import_queue, grandpa) = if sealing.is_some() {
		let queue = sc_consensus_manual_seal::import_queue(
			Box::new(client.clone()),
			&task_manager.spawn_essential_handle(),
			config.prometheus_registry(),
		);
		(queue, None)
	} else {
		let (grandpa_block_import, grandpa_link) = sc_consensus_grandpa::block_import(
			client.clone(),
			GRANDPA_JUSTIFICATION_PERIOD,
			&client,
			select_chain.clone(),
			telemetry.as_ref().map(|x| x.handle()),
		)?;
		let cidp_client = client.clone();
		let queue = sc_consensus_aura::import_queue::<AuraPair, _, _, _, _, _>(
			ImportQueueParams {
				block_import: grandpa_block_import.clone(),
				justification_import: Some(Box::new(grandpa_block_import.clone())),
				client: client.clone(),
				create_inherent_data_providers: move |parent_hash, _| {
					let cidp_client = cidp_client.clone();
					async move {
						let slot_duration = sc_consensus_aura::standalone::slot_duration_at(
							&*cidp_client,
							parent_hash,
						)?;
						let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
						let slot = sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
							*timestamp,
							slot_duration,
						);
						Ok((slot, timestamp))
					}
				},
				spawner: &task_manager.spawn_essential_handle(),
				registry: config.prometheus_registry(),
				check_for_equivocation: Default::default(),
				telemetry: telemetry.as_ref().map(|x| x.handle()),
				compatibility_mode: Default::default(),
			},
		)?;
		(queue, Some((grandpa_block_import, grandpa_link)))
	};

	Ok(sc_service::PartialComponents {
		client,
		backend,
		task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (grandpa, telemetry),
	})
}

/// The timestamp of the next locally sealed block: the wall clock, but at least one slot after
/// the parent's timestamp, so that every block has its own Aura slot however fast blocks come.
fn next_timestamp(client: &FullClient, parent: Hash) -> sp_timestamp::InherentDataProvider {
	let key = [sp_io::hashing::twox_128(b"Timestamp"), sp_io::hashing::twox_128(b"Now")].concat();
	let parent_timestamp = client
		.storage(parent, &StorageKey(key))
		.ok()
		.flatten()
		.and_then(|data| u64::decode(&mut &data.0[..]).ok())
		.unwrap_or_default();
	let now = *sp_timestamp::Timestamp::current();
	let next = now.max(parent_timestamp.saturating_add(SLOT_DURATION));
	sp_timestamp::InherentDataProvider::new(next.into())
}

/// A command to seal a block now (with or without transactions) and finalize it.
fn seal_command(create_empty: bool) -> EngineCommand<Hash> {
	EngineCommand::SealNewBlock { create_empty, finalize: true, parent_hash: None, sender: None }
}

/// Builds and starts a full node.
pub fn new_full<N: sc_network::NetworkBackend<Block, <Block as BlockT>::Hash>>(
	config: Configuration,
	sealing: Option<Sealing>,
) -> Result<TaskManager, ServiceError> {
	let sc_service::PartialComponents {
		client,
		backend,
		mut task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (grandpa, mut telemetry),
	} = new_partial(&config, sealing)?;

	let mut net_config =
		sc_network::config::FullNetworkConfiguration::<Block, <Block as BlockT>::Hash, N>::new(
			&config.network,
			config.prometheus_config.as_ref().map(|cfg| cfg.registry.clone()),
		);
	let metrics = N::register_notification_metrics(config.prometheus_registry());
	let peer_store_handle = net_config.peer_store_handle();

	// GRANDPA's gossip protocol and warp sync, when the node runs real consensus.
	let grandpa_protocol_name = sc_consensus_grandpa::protocol_standard_name(
		&client.chain_info().genesis_hash,
		&config.chain_spec,
	);
	let mut grandpa_parts = None;
	let mut warp_sync_config = None;
	if let Some((block_import, link)) = grandpa {
		let (protocol_config, notification_service) =
			sc_consensus_grandpa::grandpa_peers_set_config::<_, N>(
				grandpa_protocol_name.clone(),
				metrics.clone(),
				peer_store_handle,
			);
		net_config.add_notification_protocol(protocol_config);
		warp_sync_config = Some(WarpSyncConfig::WithProvider(Arc::new(
			sc_consensus_grandpa::warp_proof::NetworkProvider::new(
				backend.clone(),
				link.shared_authority_set().clone(),
				Vec::default(),
			),
		)));
		grandpa_parts = Some((block_import, link, notification_service));
	}

	let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
		sc_service::build_network(sc_service::BuildNetworkParams {
			config: &config,
			net_config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			import_queue,
			block_announce_validator_builder: None,
			warp_sync_config,
			block_relay: None,
			metrics,
			gap_sync_body_policy: None,
		})?;

	if config.offchain_worker.enabled {
		let offchain_workers =
			sc_offchain::OffchainWorkers::new(sc_offchain::OffchainWorkerOptions {
				runtime_api_provider: client.clone(),
				is_validator: config.role.is_authority(),
				keystore: Some(keystore_container.keystore()),
				offchain_db: backend.offchain_storage(),
				transaction_pool: Some(OffchainTransactionPoolFactory::new(
					transaction_pool.clone(),
				)),
				network_provider: Arc::new(network.clone()),
				enable_http_requests: true,
				custom_extensions: |_| vec![],
			})?;
		task_manager.spawn_handle().spawn(
			"offchain-workers-runner",
			"offchain-worker",
			offchain_workers.run(client.clone(), task_manager.spawn_handle()).boxed(),
		);
	}

	let role = config.role;
	let force_authoring = config.force_authoring;
	let name = config.network.node_name.clone();
	let enable_grandpa = !config.disable_grandpa;
	let prometheus_registry = config.prometheus_registry().cloned();

	// `engine_*` RPCs feed this channel when the node seals blocks itself.
	let (command_sink, rpc_commands) = match sealing {
		Some(_) => {
			let (sink, stream) = mpsc::channel::<EngineCommand<Hash>>(1024);
			(Some(sink), Some(stream))
		},
		None => (None, None),
	};

	let rpc_extensions_builder = {
		let client = client.clone();
		let pool = transaction_pool.clone();
		Box::new(move |_| {
			let deps = crate::rpc::FullDeps {
				client: client.clone(),
				pool: pool.clone(),
				command_sink: command_sink.clone(),
			};
			crate::rpc::create_full(deps).map_err(Into::into)
		})
	};

	sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		network: network.clone(),
		client: client.clone(),
		keystore: keystore_container.keystore(),
		task_manager: &mut task_manager,
		transaction_pool: transaction_pool.clone(),
		rpc_builder: rpc_extensions_builder,
		backend,
		system_rpc_tx,
		tx_handler_controller,
		sync_service: sync_service.clone(),
		config,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;

	let proposer_factory = sc_basic_authorship::ProposerFactory::new(
		task_manager.spawn_handle(),
		client.clone(),
		transaction_pool.clone(),
		prometheus_registry.as_ref(),
		telemetry.as_ref().map(|x| x.handle()),
	);

	if let (Some(sealing), Some(rpc_commands)) = (sealing, rpc_commands) {
		// Local sealing: blocks on demand (RPC), plus on each transaction or on a timer.
		let automatic: Pin<Box<dyn Stream<Item = EngineCommand<Hash>> + Send>> = match sealing {
			Sealing::Instant => {
				Box::pin(transaction_pool.import_notification_stream().map(|_| seal_command(false)))
			},
			Sealing::Interval(millis) => {
				Box::pin(futures::stream::unfold((), move |()| async move {
					tokio::time::sleep(Duration::from_millis(millis)).await;
					Some((seal_command(true), ()))
				}))
			},
		};
		let commands_stream = futures::stream::select(rpc_commands, automatic);
		let timestamp_client = client.clone();
		let params = ManualSealParams {
			block_import: client.clone(),
			env: proposer_factory,
			client: client.clone(),
			pool: transaction_pool,
			commands_stream,
			select_chain,
			consensus_data_provider: Some(Box::new(AuraConsensusDataProvider::new(client))),
			create_inherent_data_providers: move |parent, ()| {
				let timestamp = next_timestamp(&timestamp_client, parent);
				async move { Ok(timestamp) }
			},
		};
		log::info!("🔨 Sealing blocks locally ({sealing}); each block is final at once");
		task_manager.spawn_essential_handle().spawn_blocking(
			"manual-seal",
			Some("block-authoring"),
			sc_consensus_manual_seal::run_manual_seal(params),
		);
		return Ok(task_manager);
	}

	let Some((block_import, grandpa_link, grandpa_notification_service)) = grandpa_parts else {
		return Err(ServiceError::Other(
			"GRANDPA is set up whenever the node does not seal".into(),
		));
	};

	if role.is_authority() {
		let slot_duration = sc_consensus_aura::slot_duration(&*client)?;
		let aura = sc_consensus_aura::start_aura::<AuraPair, _, _, _, _, _, _, _, _, _, _>(
			StartAuraParams {
				slot_duration,
				client,
				select_chain,
				block_import,
				proposer_factory,
				create_inherent_data_providers: move |_, ()| async move {
					let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
					let slot = sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
						*timestamp,
						slot_duration,
					);
					Ok((slot, timestamp))
				},
				force_authoring,
				backoff_authoring_blocks: None::<()>,
				keystore: keystore_container.keystore(),
				sync_oracle: sync_service.clone(),
				justification_sync_link: sync_service.clone(),
				block_proposal_slot_portion: SlotProportion::new(2f32 / 3f32),
				max_block_proposal_slot_portion: None,
				telemetry: telemetry.as_ref().map(|x| x.handle()),
				compatibility_mode: Default::default(),
			},
		)?;
		task_manager.spawn_essential_handle().spawn_blocking("aura", Some("block-authoring"), aura);
	}

	if enable_grandpa {
		let keystore = role.is_authority().then(|| keystore_container.keystore());
		let grandpa_config = sc_consensus_grandpa::Config {
			gossip_duration: Duration::from_millis(333),
			justification_generation_period: GRANDPA_JUSTIFICATION_PERIOD,
			name: Some(name),
			observer_enabled: false,
			keystore,
			local_role: role,
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			protocol_name: grandpa_protocol_name,
		};
		let voter = sc_consensus_grandpa::run_grandpa_voter(sc_consensus_grandpa::GrandpaParams {
			config: grandpa_config,
			link: grandpa_link,
			network,
			sync: Arc::new(sync_service),
			notification_service: grandpa_notification_service,
			voting_rule: sc_consensus_grandpa::VotingRulesBuilder::default().build(),
			prometheus_registry,
			shared_voter_state: SharedVoterState::empty(),
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			offchain_tx_pool_factory: OffchainTransactionPoolFactory::new(transaction_pool),
		})?;
		task_manager.spawn_essential_handle().spawn_blocking("grandpa-voter", None, voter);
	}

	Ok(task_manager)
}
