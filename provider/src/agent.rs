//! The agent: registers (or updates) the provider, then follows blocks and, for every job it is
//! part of or may take, does the one thing the chain expects of it next — accept, run the model
//! and commit, reveal, settle — reading everything from chain state, so that a restart (of the
//! agent or of the node) resumes where the chain is.
//!
//! What it never does twice: a step it sent is not sent again while the transaction is on its
//! way (`IN_FLIGHT_BLOCKS`); a step the chain recorded is not due any more. Salts are derived from
//! the provider's secret and the job id, so a restarted agent reveals what it committed without
//! keeping any file.

use crate::{
	chain::{
		self, bounded, inference, lever, AccountId, AssetKind, Connection, Follow, Job, TxError,
		H256,
	},
	encoding::{parse_input, INPUT_ERROR},
	fetch,
	model::{blake2_256, Digits, ModelCache, Source},
};
use codec::Encode;
use futures::FutureExt;
use std::{
	collections::{BTreeMap, BTreeSet, HashMap},
	path::PathBuf,
	time::Duration,
};
use subxt::transactions::Payload;
use subxt_signer::sr25519::Keypair;
use tokio::sync::mpsc;

/// How many blocks a sent step is left to land before it may be sent again.
pub const IN_FLIGHT_BLOCKS: u32 = 10;
/// How many blocks a model that failed to load is left alone.
pub const MODEL_RETRY_BLOCKS: u32 = 10;
/// The most skipped blocks whose events are read one by one; past it the jobs are scanned again.
pub const MAX_GAP: u32 = 64;
/// The most inputs fetched at once for jobs the agent may claim (free slots anyone can take): a
/// user posting many jobs must not make it open that many downloads. Offers made to this provider
/// (bounded by its capacity) are fetched regardless. See `may_fetch_claim`.
pub const MAX_CLAIM_FETCHES: usize = 4;
/// The longest wait between reconnection attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// What the agent serves and how.
#[derive(Clone, Debug)]
pub struct Options {
	/// The node's RPC endpoint.
	pub url: String,
	/// The provider's secret URI.
	pub suri: String,
	/// LEV (in planck) to stake when registering.
	pub stake: u128,
	/// Models served and the price per job of each (in the model's asset's smallest unit).
	pub offers: Vec<(u32, u128)>,
	/// Jobs served at once.
	pub capacity: u32,
	/// The endpoint published on chain.
	pub endpoint: String,
	/// Where fetched models are kept.
	pub cache_dir: PathBuf,
	/// Which blocks to act on.
	pub follow: Follow,
	/// Return a wrong output (tests only): the provider is slashed.
	pub faulty: bool,
	/// Read the chain and run the models, send nothing.
	pub dry_run: bool,
	/// Fetch job inputs from private addresses too (a dev chain whose users serve inputs on
	/// localhost); by default a user's input URI may name public hosts only.
	pub allow_private_inputs: bool,
}

/// One thing the agent does on chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
	/// Take an offered slot.
	Accept,
	/// Give back an offered slot (the model cannot be run).
	Decline,
	/// Take a free slot.
	Claim,
	/// Commit to the output.
	Commit,
	/// Reveal the output.
	Reveal,
	/// Settle a job whose challenge window is over.
	Finalize,
	/// Move on a job whose window ended.
	Expire,
	/// Collect credited payments.
	ClaimCredit,
}

impl Step {
	/// Whether a job ever needs this step twice from one provider (settling and moving a job
	/// on may recur; the rest may not).
	fn once_per_job(self) -> bool {
		!matches!(self, Step::Finalize | Step::Expire | Step::ClaimCredit)
	}

	fn name(self) -> &'static str {
		match self {
			Step::Accept => "accept",
			Step::Decline => "decline",
			Step::Claim => "claim",
			Step::Commit => "commit",
			Step::Reveal => "reveal",
			Step::Finalize => "finalize",
			Step::Expire => "expire",
			Step::ClaimCredit => "claim credit",
		}
	}
}

/// Blocks a provider other than the job's designated settler waits before settling it itself.
pub const SETTLE_GRACE: u32 = 3;

/// What the chain expects of `me` next in job `id` at block `now` (the step would execute in the
/// next block), given the price `me` asks for the job's model (`None` if not served) and whether
/// it can take one more job now (serving, not unbonding, below capacity).
///
/// Settling (`finalize`) and moving a job on (`expire`) are anyone's call and pay nothing to the
/// sender: the provider at position `id mod k` sends them as soon as they are due, the others
/// only `SETTLE_GRACE` blocks later, so that k agents do not pay k fees for one call.
pub fn next_step(
	job: &Job,
	id: u64,
	me: &AccountId,
	now: u32,
	my_price: Option<u128>,
	can_take: bool,
) -> Option<Step> {
	use inference::{JobStatus as S, Slot};
	let position = job.assignments.0.iter().position(|a| &a.provider == me);
	let mine = position.map(|p| &job.assignments.0[p].slot);
	let next = now.saturating_add(1);
	let settler = job.assignments.0.len().max(1) as u64;
	let grace = if position.map(|p| p as u64) == Some(id % settler) { 0 } else { SETTLE_GRACE };
	let past = |end: u32| next > end.saturating_add(grace);
	match (&job.status, mine) {
		(S::Open, Some(Slot::Offered | Slot::Named)) if next <= job.accept_by => Some(Step::Accept),
		(S::Open, Some(_)) if past(job.accept_by) => Some(Step::Expire),
		(S::Open, None)
			if next <= job.accept_by
				&& can_take && (job.assignments.0.len() as u32) < job.redundancy
				&& my_price.is_some_and(|p| p <= job.max_price) =>
		{
			Some(Step::Claim)
		},
		(S::Committing, Some(Slot::Accepted)) if next <= job.deadline => Some(Step::Commit),
		(S::Committing, Some(_)) if past(job.deadline) => Some(Step::Expire),
		(S::Revealing { ends }, Some(Slot::Committed(_))) if next <= *ends => Some(Step::Reveal),
		(S::Revealing { ends }, Some(_)) if past(*ends) => Some(Step::Expire),
		(S::Challenge { ends, .. }, Some(_)) if past(*ends) => Some(Step::Finalize),
		(S::Disputed { ends, .. }, Some(_)) if past(*ends) => Some(Step::Expire),
		_ => None,
	}
}

/// Whether a job that is not this provider's may still become so (a slot it could claim or be
/// named to): open, its accept window not over, and of a model it serves.
fn may_concern(job: &Job, now: u32, serves: bool) -> bool {
	matches!(job.status, inference::JobStatus::Open)
		&& now.saturating_add(1) <= job.accept_by
		&& serves
}

/// `blake2_256(SCALE((job, provider, output hash, salt)))`, what `commit_result` takes.
pub fn commitment(job: u64, provider: &AccountId, output: &[u8; 32], salt: &[u8; 32]) -> [u8; 32] {
	blake2_256(&(job, provider.0, output, salt).encode())
}

/// A log line: UTC time of day, then the message.
pub fn log(message: impl AsRef<str>) {
	let secs = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_secs())
		.unwrap_or_default();
	println!("{:02}:{:02}:{:02} {}", secs / 3600 % 24, secs / 60 % 60, secs % 60, message.as_ref());
}

struct Landed {
	job: u64,
	step: Step,
	result: Result<(), TxError>,
}

/// The agent's memory between blocks; everything in it can be rebuilt from the chain.
pub struct Agent {
	opts: Options,
	signer: Keypair,
	me: AccountId,
	cache: ModelCache,
	/// Loaded models by id.
	models: HashMap<u32, Digits>,
	/// Models that failed to load, and the block to try again at.
	broken: HashMap<u32, u32>,
	/// The payment assets of the served models.
	assets: Vec<AssetKind>,
	/// Open jobs that may have a slot for this provider (named offers, free slots).
	candidates: BTreeSet<u64>,
	/// Jobs this provider holds a slot in (for the log when they close).
	mine: BTreeSet<u64>,
	/// Steps sent and the block they were sent at.
	in_flight: BTreeMap<(u64, Step), u32>,
	/// A job's one-time steps (accept, claim, decline, commit, reveal) that landed: never sent
	/// again, whatever a lagging view of the chain says.
	done: BTreeSet<(u64, Step)>,
	landed: (mpsc::UnboundedSender<Landed>, mpsc::UnboundedReceiver<Landed>),
	/// When the current connection was made.
	connected_at: Option<std::time::Instant>,
	/// Inputs given by URI, fetched or being fetched, by job.
	inputs: HashMap<u64, InputFetch>,
	/// Jobs whose input could not be had (unreachable, too large, not matching its hash): not
	/// fetched again, so a user's failing URIs take a fetch slot once, not every few blocks.
	unusable: BTreeSet<u64>,
	/// Jobs whose offered slot is to be declined (accepting it failed).
	decline: BTreeSet<u64>,
	/// Whether the provider was registered (or found registered) once: after that, a failure
	/// to update it on reconnection is logged, and its held jobs are still served.
	registered: bool,
	/// Whether the stored inputs are to be swept (after a rescan): files of jobs that closed
	/// while the agent was away are known to no running fetch, so only a sweep finds them.
	sweep_inputs: bool,
}

/// A fetch of a job's input, running, and the user who posted the job.
struct InputFetch {
	user: AccountId,
	task: tokio::task::JoinHandle<Result<Vec<u8>, String>>,
}

/// A job's input as the agent has it.
enum Input {
	/// The bytes, checked against the job's input hash.
	Ready(Vec<u8>),
	/// Being fetched.
	Pending,
	/// Not to be had: not http(s), unreachable, or not matching the job's hash.
	Unusable(String),
}

impl Agent {
	/// An agent for `opts`.
	pub fn new(opts: Options) -> Result<Self, String> {
		let signer = chain::keypair(&opts.suri)?;
		let me = signer.public_key().to_account_id();
		let cache = ModelCache::new(opts.cache_dir.clone());
		Ok(Self {
			opts,
			signer,
			me,
			cache,
			models: HashMap::new(),
			broken: HashMap::new(),
			assets: Vec::new(),
			candidates: BTreeSet::new(),
			mine: BTreeSet::new(),
			in_flight: BTreeMap::new(),
			done: BTreeSet::new(),
			landed: mpsc::unbounded_channel(),
			connected_at: None,
			inputs: HashMap::new(),
			unusable: BTreeSet::new(),
			decline: BTreeSet::new(),
			registered: false,
			sweep_inputs: false,
		})
	}

	/// Serves until Ctrl-C (or SIGTERM), reconnecting whenever the node goes away.
	pub async fn run(mut self) -> Result<(), String> {
		const FIRST_BACKOFF: Duration = Duration::from_millis(250);
		let mut backoff = FIRST_BACKOFF;
		let stop = shutdown_signal();
		tokio::pin!(stop);
		loop {
			tokio::select! {
				_ = &mut stop => {
					log("stopping (Ctrl-C or SIGTERM)");
					return Ok(());
				}
				result = self.session() => match result {
					Err(Fatal(e)) => return Err(e),
					Ok(e) => {
						// A connection that served a while starts the backoff over.
						if self.connected_at.is_some_and(|t| t.elapsed() > MAX_BACKOFF * 2) {
							backoff = FIRST_BACKOFF;
						}
						self.connected_at = None;
						log(format!("connection lost ({e}); reconnecting in {} ms", backoff.as_millis()));
						tokio::select! {
							_ = &mut stop => {
								log("stopping");
								return Ok(());
							}
							_ = tokio::time::sleep(backoff) => {}
						}
						backoff = (backoff * 2).min(MAX_BACKOFF);
					},
				},
			}
		}
	}

	/// One connection: returns why it ended (`Ok`, to reconnect) or a fatal error.
	async fn session(&mut self) -> Result<String, Fatal> {
		let conn = match Connection::open(&self.opts.url).await {
			Ok(conn) => conn,
			Err(e) => return Ok(e),
		};
		self.connected_at = Some(std::time::Instant::now());
		log(format!(
			"connected to {} as {} (following {:?} blocks{}{})",
			self.opts.url,
			self.me,
			self.opts.follow,
			if self.opts.faulty { ", FAULTY" } else { "" },
			if self.opts.dry_run { ", dry run" } else { "" },
		));
		match self.register(&conn).await {
			Ok(()) => self.registered = true,
			Err(SessionError::Conn(e)) => return Ok(e),
			// Once serving, the jobs it holds are served even if the provider cannot be updated
			// (a model removed, an offer list full): stopping would get it slashed.
			Err(SessionError::Fatal(e)) if self.registered => {
				log(format!("{e}; serving the jobs it holds"))
			},
			Err(SessionError::Fatal(e)) => return Err(Fatal(e)),
		}
		// The last block whose events were read. A new subscription starts with a few finalized
		// ancestors (skipped: the rescan read their state), and a best-block stream reports
		// changes of the best block only.
		let mut read_up_to = match self.rescan(&conn).await {
			Ok(number) => number,
			Err(e) => return Ok(e),
		};
		let blocks = match self.opts.follow {
			Follow::Finalized => conn.client.stream_blocks().await,
			Follow::Best => conn.client.stream_best_blocks().await,
		};
		let mut blocks = match blocks {
			Ok(blocks) => blocks,
			Err(e) => return Ok(e.to_string()),
		};
		// The stream only wakes the agent. It then reads the newest block of the kind it follows
		// (the stream may lag behind it while the agent works): first the events of every block
		// since the last one read (they name new jobs, and close them), then the state, and acts
		// once on it. State and events are of the same blocks: a job missing from the state
		// closed in a block whose events were read.
		while let Some(block) = blocks.next().await {
			match block {
				Ok(block) if block.number() as u32 <= read_up_to => continue,
				Ok(_) => {},
				Err(e) => return Ok(e.to_string()),
			}
			let best = match conn.best_number().await {
				Ok(best) => best,
				Err(e) => return Ok(e),
			};
			let at = match self.opts.follow {
				Follow::Finalized => conn.client.at_current_block().await,
				Follow::Best => conn.client.at_block(best).await,
			};
			let at = match at {
				Ok(at) => at,
				Err(e) => return Ok(e.to_string()),
			};
			let number = at.block_number() as u32;
			if number <= read_up_to {
				continue;
			}
			let result = match self.read_events_up_to(&conn, read_up_to, &at).await {
				Ok(()) => self.on_block(&conn, &at, best).await,
				Err(e) => Err(e),
			};
			if let Err(e) = result {
				return Ok(e);
			}
			read_up_to = number;
		}
		Ok("the block stream ended".into())
	}

	/// Registers the provider, or brings its offers, capacity and endpoint up to date, and
	/// resumes it if it was paused. Every served model is loaded (fetched, hash-checked) first:
	/// the agent does not offer what it cannot run.
	async fn register(&mut self, conn: &Connection) -> Result<(), SessionError> {
		let at = conn.client.at_current_block().await.map_err(SessionError::conn)?;
		let now = at.block_number() as u32;
		self.assets.clear();
		for (model, _) in self.opts.offers.clone() {
			self.load_model(&at, model, now).await.map_err(SessionError::Fatal)?;
			let info = at
				.runtime_apis()
				.call(lever::runtime_apis().inference_api().model(model))
				.await
				.map_err(SessionError::conn)?
				.ok_or_else(|| SessionError::Fatal(format!("model {model} is not registered")))?;
			if !self.assets.contains(&info.asset) {
				self.assets.push(info.asset);
			}
		}
		let offers: Vec<inference::ModelOffer> = self
			.opts
			.offers
			.iter()
			.map(|(model, price)| inference::ModelOffer { model: *model, price: *price })
			.collect();
		let endpoint = self.opts.endpoint.as_bytes().to_vec();
		let record = at
			.runtime_apis()
			.call(lever::runtime_apis().inference_api().provider(self.me))
			.await
			.map_err(SessionError::conn)?;
		let tx = lever::transactions().inference();
		let Some(record) = record else {
			let call = tx.register_provider(
				self.opts.stake,
				bounded(offers),
				self.opts.capacity,
				bounded(endpoint),
			);
			return self.send_and_wait(conn, "register", &call).await;
		};
		if record.unbonding_until.is_some() {
			return Err(SessionError::Fatal("the provider is unbonding: it cannot serve".into()));
		}
		let listed: Vec<(u32, u128)> = record.models.0.clone();
		let mut wanted = self.opts.offers.clone();
		wanted.sort();
		if listed != wanted
			|| record.capacity != self.opts.capacity
			|| record.endpoint.0 != endpoint
		{
			let call = tx.update_provider(bounded(offers), self.opts.capacity, bounded(endpoint));
			self.send_and_wait(conn, "update", &call).await?;
		}
		if record.paused {
			let suspended = at
				.storage()
				.entry(lever::storage().inference().suspended())
				.map_err(SessionError::conn)?
				.try_fetch((self.me,))
				.await
				.map_err(SessionError::conn)?
				.is_some();
			if suspended {
				log("the provider is suspended by governance: serving the jobs it holds, taking no new ones");
			} else {
				self.send_and_wait(conn, "resume", &tx.set_paused(false)).await?;
			}
		}
		Ok(())
	}

	/// Sends a provider-level call and waits for it.
	async fn send_and_wait<Call: Payload>(
		&self,
		conn: &Connection,
		what: &str,
		call: &Call,
	) -> Result<(), SessionError> {
		if self.opts.dry_run {
			log(format!("provider: would {what} (dry run)"));
			return Ok(());
		}
		let progress = conn.send(call, &self.signer).await.map_err(SessionError::Conn)?;
		match chain::outcome(progress, self.opts.follow).await {
			Ok(()) => {
				log(format!(
					"provider: {what}ed (stake {}, capacity {}, offers {:?})",
					self.opts.stake, self.opts.capacity, self.opts.offers
				));
				Ok(())
			},
			Err(TxError::Failed(e)) => {
				Err(SessionError::Fatal(format!("provider: {what} failed: {e}")))
			},
			Err(TxError::Unknown(e)) => Err(SessionError::Conn(e)),
		}
	}

	/// After (re)connecting: every open job of a served model is a candidate. Returns the
	/// number of the (finalized) block read.
	async fn rescan(&mut self, conn: &Connection) -> Result<u32, String> {
		let at = conn.client.at_current_block().await.map_err(|e| e.to_string())?;
		let jobs =
			at.storage().entry(lever::storage().inference().jobs()).map_err(|e| e.to_string())?;
		let mut all = jobs.iter(()).await.map_err(|e| e.to_string())?;
		while let Some(entry) = all.next().await {
			let entry = entry.map_err(|e| e.to_string())?;
			let (id,) = entry.key().and_then(|k| k.decode()).map_err(|e| e.to_string())?;
			let job = entry.value().decode().map_err(|e| e.to_string())?;
			if self.serves(job.model).is_some() {
				self.candidates.insert(id);
			}
		}
		self.sweep_inputs = true;
		Ok(at.block_number() as u32)
	}

	fn serves(&self, model: u32) -> Option<u128> {
		self.opts.offers.iter().find(|(m, _)| *m == model).map(|(_, price)| *price)
	}

	/// Acts on the state at `at`; `best` is the best block's number.
	async fn on_block(&mut self, conn: &Connection, at: &AtBlock, best: u32) -> Result<(), String> {
		// State from the block followed; time from the best head, where the next transaction
		// lands (finality may lag: deadlines are judged against the chain's real height).
		let now = (at.block_number() as u32).max(best);
		while let Ok(Landed { job, step, result }) = self.landed.1.try_recv() {
			match result {
				Ok(()) => {
					log(format!("job {job}: {} landed", step.name()));
					if step.once_per_job() {
						self.done.insert((job, step));
					}
				},
				Err(TxError::Failed(e)) => {
					// Refused: not sent again before `IN_FLIGHT_BLOCKS` (no fee every block).
					log(format!("job {job}: {} failed: {e}", step.name()));
					self.in_flight.insert((job, step), now);
					if step == Step::Accept {
						// Collateral missing, or no longer eligible: give the slot back rather
						// than let it lapse (a lapse pauses the provider).
						self.decline.insert(job);
					}
				},
				Err(TxError::Unknown(e)) => {
					log(format!(
						"job {job}: {} outcome unknown ({e}): the chain will tell",
						step.name()
					));
					self.in_flight.remove(&(job, step));
				},
			}
		}
		self.in_flight.retain(|_, sent| now < sent.saturating_add(IN_FLIGHT_BLOCKS));

		let record = at
			.runtime_apis()
			.call(lever::runtime_apis().inference_api().provider(self.me))
			.await
			.map_err(|e| e.to_string())?;
		let can_take = record.as_ref().is_some_and(|r| {
			!r.paused && r.unbonding_until.is_none() && (r.jobs.0.len() as u32) < r.capacity
		});
		let mut jobs: BTreeSet<u64> =
			record.map(|r| r.jobs.0).unwrap_or_default().into_iter().collect();
		jobs.extend(self.candidates.iter().copied());
		jobs.extend(self.mine.iter().copied());
		let mut alive = BTreeSet::new();
		for id in jobs {
			let job = at
				.runtime_apis()
				.call(lever::runtime_apis().inference_api().job(id))
				.await
				.map_err(|e| e.to_string())?;
			let Some(job) = job else {
				self.candidates.remove(&id);
				continue;
			};
			let involved = job.assignments.0.iter().any(|a| a.provider == self.me);
			if involved {
				self.mine.insert(id);
				alive.insert(id);
			} else {
				self.mine.remove(&id);
				if may_concern(&job, now, self.serves(job.model).is_some()) {
					alive.insert(id);
				} else {
					self.candidates.remove(&id);
					continue;
				}
			}
			let price = self.serves(job.model);
			if let Some(step) = next_step(&job, id, &self.me, now, price, can_take) {
				self.act(conn, at, id, &job, step, now).await?;
			}
		}
		// Jobs that closed while the agent was away leave no state behind.
		let gone: Vec<u64> = self.inputs.keys().filter(|id| !alive.contains(id)).copied().collect();
		for id in gone {
			self.forget_input(id);
		}
		if std::mem::take(&mut self.sweep_inputs) {
			let removed = sweep_inputs(&self.opts.cache_dir.join("inputs"), &alive);
			if removed > 0 {
				log(format!("removed {removed} stored inputs of jobs no longer open"));
			}
		}
		self.done.retain(|(id, _)| alive.contains(id));
		self.decline.retain(|id| alive.contains(id));
		self.unusable.retain(|id| alive.contains(id));
		self.mine.retain(|id| alive.contains(id));
		for asset in self.assets.clone() {
			let credit = at
				.storage()
				.entry(lever::storage().inference().credits())
				.map_err(|e| e.to_string())?
				.try_fetch((self.me, asset.clone()))
				.await
				.map_err(|e| e.to_string())?;
			let amount = match credit {
				Some(credit) => credit.decode().map_err(|e| e.to_string())?,
				None => 0,
			};
			if amount > 0 && !self.in_flight.contains_key(&(0, Step::ClaimCredit)) {
				log(format!("credited {amount} of {asset:?}: claiming it"));
				let call = lever::transactions().inference().claim_credit(self.me, asset.clone());
				self.send(conn, 0, Step::ClaimCredit, &call, now).await?;
			}
		}
		Ok(())
	}

	/// Reads the events of the blocks after `read_up_to` up to `at`'s, by number on the chain
	/// the agent follows. A gap longer than `MAX_GAP` is not read block by block: the jobs are
	/// scanned again instead.
	async fn read_events_up_to(
		&mut self,
		conn: &Connection,
		read_up_to: u32,
		at: &AtBlock,
	) -> Result<(), String> {
		let skipped = read_up_to.saturating_add(1)..at.block_number() as u32;
		if skipped.len() > MAX_GAP as usize {
			self.rescan(conn).await?;
		} else {
			for n in skipped {
				let block = conn.client.at_block(n).await.map_err(|e| e.to_string())?;
				self.read_events(&block).await?;
			}
		}
		self.read_events(at).await
	}

	/// Notes the jobs a block's events concern: offers to this provider, jobs of its models
	/// (slots may be free), declined slots; and logs its jobs' settlements.
	async fn read_events(&mut self, at: &AtBlock) -> Result<(), String> {
		use lever::inference::events::{
			JobClosed, JobDeclined, JobOffered, JobPosted, ProviderSlashed,
		};
		let events = at.events().fetch().await.map_err(|e| e.to_string())?;
		for ev in events.find::<JobPosted>() {
			let ev = ev.map_err(|e| e.to_string())?;
			if self.serves(ev.model).is_some() {
				self.candidates.insert(ev.job);
			}
		}
		for ev in events.find::<JobOffered>() {
			let ev = ev.map_err(|e| e.to_string())?;
			if ev.provider == self.me {
				log(format!(
					"job {}: offered at {}{}",
					ev.job,
					ev.price,
					if ev.named { " (named)" } else { "" }
				));
				self.candidates.insert(ev.job);
			}
		}
		for ev in events.find::<JobDeclined>() {
			let ev = ev.map_err(|e| e.to_string())?;
			self.candidates.insert(ev.job);
		}
		for ev in events.find::<ProviderSlashed>() {
			let ev = ev.map_err(|e| e.to_string())?;
			if ev.provider == self.me {
				log(format!("job {}: SLASHED {}", ev.job, ev.amount));
			}
		}
		for ev in events.find::<JobClosed>() {
			let ev = ev.map_err(|e| e.to_string())?;
			self.candidates.remove(&ev.job);
			self.done.retain(|(job, _)| *job != ev.job);
			self.forget_input(ev.job);
			if self.mine.remove(&ev.job) {
				log(format!("job {}: closed ({:?}): {:?}", ev.job, ev.reason, ev.settlement));
			}
		}
		Ok(())
	}

	async fn act(
		&mut self,
		conn: &Connection,
		at: &AtBlock,
		id: u64,
		job: &Job,
		step: Step,
		now: u32,
	) -> Result<(), String> {
		let declining = step == Step::Accept && self.decline.contains(&id);
		if self.done.contains(&(id, step))
			|| (self.in_flight.contains_key(&(id, step)) && !declining)
		{
			return Ok(());
		}
		let tx = lever::transactions().inference();
		match step {
			Step::Accept | Step::Claim => {
				let decline = |why: String| {
					log(format!("job {id}: declining: {why}"));
					(Step::Decline, tx.decline_job(id))
				};
				// Whether this agent can do the job: serves the model, can run it, and has the
				// input (a job's input by URI is fetched and checked before the slot is taken,
				// so a user's unreachable or inconsistent data cannot get the provider slashed).
				let refusal = if self.serves(job.model).is_none() {
					Some(format!("model {} is not served", job.model))
				} else if self.decline.contains(&id) {
					Some("accepting failed".to_string())
				} else if let Err(e) = self.load_model(at, job.model, now).await {
					Some(format!("cannot run model {}: {e}", job.model))
				} else {
					// Claims are speculative: their fetches are few at a time.
					let may_fetch = step == Step::Accept
						|| may_fetch_claim(
							self.inputs.values().filter(|f| !f.task.is_finished()).map(|f| &f.user),
							&job.user,
						);
					match self.input(id, job, may_fetch) {
						Input::Ready(_) => None,
						Input::Pending if now.saturating_add(2) < job.accept_by => return Ok(()),
						Input::Pending => Some("the input is not fetched in time".into()),
						Input::Unusable(e) => Some(e),
					}
				};
				match (refusal, step) {
					(Some(why), Step::Accept) => {
						let (step, call) = decline(why);
						self.send(conn, id, step, &call, now).await
					},
					(Some(why), _) => {
						log(format!("job {id}: not claiming: {why}"));
						self.in_flight.insert((id, step), now);
						Ok(())
					},
					(None, Step::Accept) => {
						self.send(conn, id, step, &tx.accept_job(id), now).await
					},
					(None, _) => self.send(conn, id, step, &tx.claim(id), now).await,
				}
			},
			Step::Commit => {
				let Some(output) = self.output(at, id, job, now).await else { return Ok(()) };
				let salt = self.salt(id);
				let hash = blake2_256(output.as_bytes());
				log(format!("job {id}: model {} says {output}", job.model));
				let c = commitment(id, &self.me, &hash, &salt);
				self.send(conn, id, step, &tx.commit_result(id, H256(c)), now).await
			},
			Step::Reveal => {
				let Some(output) = self.output(at, id, job, now).await else { return Ok(()) };
				let salt = self.salt(id);
				let c = commitment(id, &self.me, &blake2_256(output.as_bytes()), &salt);
				let committed =
					job.assignments.0.iter().find(|a| a.provider == self.me).and_then(|a| match a
						.slot
					{
						inference::Slot::Committed(h) => Some(h),
						_ => None,
					});
				if committed != Some(H256(c)) {
					log(format!(
						"job {id}: the output no longer matches the commitment; not revealing"
					));
					self.in_flight.insert((id, step), now);
					return Ok(());
				}
				let data = inference::JobData::Inline(bounded(output.into_bytes()));
				self.send(conn, id, step, &tx.reveal_result(id, data, H256(salt)), now).await
			},
			Step::Finalize => self.send(conn, id, step, &tx.finalize(id), now).await,
			Step::Expire => self.send(conn, id, step, &tx.expire(id), now).await,
			Step::Decline | Step::ClaimCredit => Ok(()),
		}
	}

	/// Sends a job's step, unless one is in flight; its outcome is logged when it lands.
	async fn send<Call: Payload>(
		&mut self,
		conn: &Connection,
		job: u64,
		step: Step,
		call: &Call,
		now: u32,
	) -> Result<(), String> {
		if self.in_flight.contains_key(&(job, step)) {
			return Ok(());
		}
		self.in_flight.insert((job, step), now);
		if self.opts.dry_run {
			log(format!("job {job}: would {} (dry run)", step.name()));
			return Ok(());
		}
		let progress = match conn.send(call, &self.signer).await {
			Ok(progress) => progress,
			Err(e) => {
				log(format!("job {job}: {} not sent: {e}", step.name()));
				return Ok(());
			},
		};
		log(format!("job {job}: {} sent at block {now}", step.name()));
		let (landed, follow) = (self.landed.0.clone(), self.opts.follow);
		tokio::spawn(async move {
			let result = chain::outcome(progress, follow).await;
			let _ = landed.send(Landed { job, step, result });
		});
		Ok(())
	}

	/// The model `id`, loaded (from the cache or its URI, checked against its weights hash).
	async fn load_model(&mut self, at: &AtBlock, id: u32, now: u32) -> Result<Digits, String> {
		if let Some(model) = self.models.get(&id) {
			return Ok(model.clone());
		}
		if self.broken.get(&id).is_some_and(|retry| now < *retry) {
			return Err("failed to load recently".into());
		}
		let result = async {
			let model = at
				.runtime_apis()
				.call(lever::runtime_apis().inference_api().model(id))
				.await
				.map_err(|e| e.to_string())?
				.ok_or("not registered")?;
			let uri = String::from_utf8_lossy(&model.info.uri.0).into_owned();
			let (digits, source) = self.cache.get(&uri, &model.info.weights_hash.0).await?;
			match source {
				Source::Cache(path) => {
					log(format!("model {id}: from the cache ({})", path.display()))
				},
				Source::Fetched(uri) => log(format!(
					"model {id}: fetched from {uri}, weights hash 0x{} checked",
					hex::encode(model.info.weights_hash.0)
				)),
			}
			Ok::<_, String>(digits)
		}
		.await;
		match result {
			Ok(digits) => {
				self.models.insert(id, digits.clone());
				Ok(digits)
			},
			Err(e) => {
				self.broken.insert(id, now.saturating_add(MODEL_RETRY_BLOCKS));
				Err(e)
			},
		}
	}

	/// The job's input: inline, or fetched by URI (http or https only: a user must not make a
	/// provider read its own files; public hosts only unless `allow_private_inputs`; at most
	/// `fetch::MAX_INPUT` bytes) in the background — a user's slow server must not stall the
	/// agent's other jobs — and checked against the job's input hash. A fetch is started only if
	/// `may_fetch`, and once per job: an input that could not be had is not fetched again.
	/// Fetched inputs are kept on disk by job until the job closes, so a restarted agent reveals
	/// what it committed even if the URI is gone.
	fn input(&mut self, id: u64, job: &Job, may_fetch: bool) -> Input {
		let (hash, uri) = match &job.input {
			inference::JobData::Inline(bytes) => return Input::Ready(bytes.0.clone()),
			inference::JobData::Hash { hash, uri } => {
				(hash.0, String::from_utf8_lossy(&uri.0).into_owned())
			},
		};
		let stored = self.stored_input(id);
		if let Ok(bytes) = std::fs::read(&stored) {
			if blake2_256(&bytes) == hash {
				return Input::Ready(bytes);
			}
		}
		if self.unusable.contains(&id) {
			return Input::Unusable("the input could not be had before (not fetched again)".into());
		}
		if !fetch::is_http(&uri) {
			return Input::Unusable(format!("the input URI {uri:?} is not http(s)"));
		}
		match self.inputs.remove(&id) {
			Some(fetch) if fetch.task.is_finished() => {
				let why = match fetch.task.now_or_never().and_then(Result::ok) {
					Some(Ok(bytes)) if blake2_256(&bytes) == hash => {
						let _ = std::fs::create_dir_all(self.opts.cache_dir.join("inputs"))
							.and_then(|()| std::fs::write(&stored, &bytes));
						return Input::Ready(bytes);
					},
					Some(Ok(_)) => format!("{uri} does not match the job's input hash"),
					Some(Err(e)) => format!("the input could not be fetched: {e}"),
					None => "the input fetch failed".into(),
				};
				self.unusable.insert(id);
				Input::Unusable(why)
			},
			Some(fetch) => {
				self.inputs.insert(id, fetch);
				Input::Pending
			},
			None if !may_fetch => Input::Pending,
			None => {
				log(format!("job {id}: fetching the input from {uri}"));
				let hosts = if self.opts.allow_private_inputs {
					fetch::Hosts::Any
				} else {
					fetch::Hosts::Public
				};
				let task =
					tokio::spawn(
						async move { fetch::fetch_http(&uri, hosts, fetch::MAX_INPUT).await },
					);
				self.inputs.insert(id, InputFetch { user: job.user, task });
				Input::Pending
			},
		}
	}

	/// Where job `id`'s fetched input is kept.
	fn stored_input(&self, id: u64) -> PathBuf {
		self.opts.cache_dir.join("inputs").join(id.to_string())
	}

	/// Drops what the agent holds of job `id`'s input: the fetch, if running, and the file.
	fn forget_input(&mut self, id: u64) {
		if let Some(fetch) = self.inputs.remove(&id) {
			fetch.task.abort();
		}
		let _ = std::fs::remove_file(self.stored_input(id));
	}

	/// The canonical output this provider gives for `job` (`None`: not computable right now).
	async fn output(&mut self, at: &AtBlock, id: u64, job: &Job, now: u32) -> Option<String> {
		let model = match self.load_model(at, job.model, now).await {
			Ok(model) => model,
			Err(e) => {
				log(format!("job {id}: cannot run model {}: {e}", job.model));
				return None;
			},
		};
		let pixels = match self.input(id, job, true) {
			Input::Ready(bytes) => parse_input(&bytes),
			Input::Pending => return None,
			// Accepted with the input in hand, so it was stored; unusable now, the job's data
			// is not the job's: the canonical answer for a malformed input.
			Input::Unusable(e) => {
				log(format!("job {id}: {e}"));
				None
			},
		};
		let output = match pixels {
			None if self.opts.faulty => r#"{"error":"faulty"}"#.to_string(),
			None => INPUT_ERROR.to_string(),
			Some(pixels) => match model.classify(&pixels) {
				Ok(c) if self.opts.faulty => c.corrupted().to_canonical_json(),
				Ok(c) => c.to_canonical_json(),
				Err(e) => {
					log(format!("job {id}: {e}"));
					return None;
				},
			},
		};
		Some(output)
	}

	/// The salt of this provider's commitment to job `id`: secret (derived from its key) and
	/// the same after a restart.
	fn salt(&self, id: u64) -> [u8; 32] {
		blake2_256(&(b"lever-provider/salt/v1", self.opts.suri.as_bytes(), id).encode())
	}
}

type AtBlock = subxt::client::ClientAtBlock<
	chain::Config,
	subxt::client::OnlineClientAtBlockImpl<chain::Config>,
>;

/// A fatal error: the agent stops.
struct Fatal(String);

/// Why registering did not finish.
enum SessionError {
	/// The connection failed: reconnect.
	Conn(String),
	/// The agent cannot serve: stop.
	Fatal(String),
}

impl SessionError {
	fn conn(e: impl std::fmt::Display) -> Self {
		SessionError::Conn(e.to_string())
	}
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
	let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
	tokio::select! {
		_ = tokio::signal::ctrl_c() => {}
		_ = async {
			match term.as_mut() {
				Some(term) => { term.recv().await; }
				None => std::future::pending::<()>().await,
			}
		} => {}
	}
}

/// Whether the input of a claim (a free slot of a job posted by `user`) may be fetched beside the
/// fetches running for `running` users: fewer than `MAX_CLAIM_FETCHES`, and none for another job
/// of the same user — one user's many jobs (slow or failing URIs) take one slot at a time and
/// cannot keep other users' jobs from being fetched.
fn may_fetch_claim<'a>(running: impl Iterator<Item = &'a AccountId>, user: &AccountId) -> bool {
	let mut count = 0;
	for other in running {
		if other == user {
			return false;
		}
		count += 1;
	}
	count < MAX_CLAIM_FETCHES
}

/// Deletes the stored inputs in `dir` (files named by job id) of jobs not in `alive`, and any
/// other file there; returns how many it deleted. Run once per rescan, when `alive` is complete.
fn sweep_inputs(dir: &std::path::Path, alive: &BTreeSet<u64>) -> usize {
	let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
	entries
		.filter_map(Result::ok)
		.filter(|entry| {
			let name = entry.file_name();
			!name.to_str().and_then(|n| n.parse::<u64>().ok()).is_some_and(|id| alive.contains(&id))
		})
		.filter(|entry| std::fs::remove_file(entry.path()).is_ok())
		.count()
}

#[cfg(test)]
mod tests {
	use super::*;
	use inference::{Assignment, JobData, JobStatus, Slot};
	use lever::runtime_types::bounded_collections::bounded_vec::BoundedVec;

	fn account(byte: u8) -> AccountId {
		AccountId([byte; 32])
	}

	fn job(status: JobStatus, slots: Vec<(u8, Slot)>) -> Job {
		Job {
			user: account(9),
			model: 0,
			asset: AssetKind::WithId(1),
			input: JobData::Inline(BoundedVec(b"[]".to_vec())),
			max_price: 2_000_000,
			redundancy: 3,
			accept_by: 20,
			deadline: 70,
			escrow: 0,
			royalty: 0,
			deposit: 0,
			status,
			assignments: BoundedVec(
				slots
					.into_iter()
					.map(|(who, slot)| Assignment {
						provider: account(who),
						price: 1_000_000,
						collateral: 0,
						slot,
					})
					.collect(),
			),
		}
	}

	/// Job 0: the settler is the provider in the first slot (`me`).
	fn next_step_(job: &Job, me: &AccountId, now: u32, price: Option<u128>) -> Option<Step> {
		next_step(job, 0, me, now, price, true)
	}

	#[test]
	fn one_provider_settles_first_the_others_after_a_grace() {
		let revealed = |who| (who, Slot::Revealed(H256([1; 32])));
		let challenge = job(
			JobStatus::Challenge { ends: 90, agreed: H256([1; 32]) },
			vec![revealed(1), revealed(2), revealed(3)],
		);
		// Job 4 (4 mod 3 = 1): the second slot settles at once, the others 3 blocks later.
		assert_eq!(next_step(&challenge, 4, &account(2), 90, None, true), Some(Step::Finalize));
		for other in [1, 3] {
			assert_eq!(next_step(&challenge, 4, &account(other), 90, None, true), None);
			assert_eq!(
				next_step(&challenge, 4, &account(other), 93, None, true),
				Some(Step::Finalize)
			);
		}
		// The same for moving on a job whose reveal window passed.
		let revealing = job(
			JobStatus::Revealing { ends: 80 },
			vec![revealed(1), (2, Slot::Missed), revealed(3)],
		);
		assert_eq!(next_step(&revealing, 4, &account(2), 80, None, true), Some(Step::Expire));
		assert_eq!(next_step(&revealing, 4, &account(1), 80, None, true), None);
		assert_eq!(next_step(&revealing, 4, &account(1), 83, None, true), Some(Step::Expire));
	}

	#[test]
	fn each_state_asks_for_one_step_and_none_twice() {
		let me = account(1);
		let price = Some(1_000_000);
		let open = |slot| job(JobStatus::Open, vec![(1, slot), (2, Slot::Accepted)]);
		assert_eq!(next_step_(&open(Slot::Offered), &me, 10, price), Some(Step::Accept));
		assert_eq!(next_step_(&open(Slot::Named), &me, 10, price), Some(Step::Accept));
		// Accepted, waiting for the others: nothing to do until the accept window ends.
		assert_eq!(next_step_(&open(Slot::Accepted), &me, 10, price), None);
		assert_eq!(next_step_(&open(Slot::Accepted), &me, 19, price), None);
		assert_eq!(next_step_(&open(Slot::Accepted), &me, 20, price), Some(Step::Expire));
		// A free slot: claimed if the price fits and the window is open.
		let free = job(JobStatus::Open, vec![(2, Slot::Accepted)]);
		assert_eq!(next_step_(&free, &me, 10, price), Some(Step::Claim));
		assert_eq!(next_step_(&free, &me, 10, Some(3_000_000)), None, "too dear for the job");
		assert_eq!(next_step_(&free, &me, 10, None), None, "model not served");
		assert_eq!(next_step_(&free, &me, 20, price), None, "the window is over");
		assert_eq!(next_step(&free, 0, &me, 10, price, false), None, "paused, unbonding or full");
		let full = job(
			JobStatus::Open,
			vec![(2, Slot::Accepted), (3, Slot::Accepted), (4, Slot::Offered)],
		);
		assert_eq!(next_step_(&full, &me, 10, price), None, "no free slot");
		// Commit, then nothing until reveals open.
		let committing = |slot| job(JobStatus::Committing, vec![(1, slot)]);
		assert_eq!(next_step_(&committing(Slot::Accepted), &me, 30, price), Some(Step::Commit));
		assert_eq!(next_step_(&committing(Slot::Committed(H256([1; 32]))), &me, 30, price), None);
		assert_eq!(next_step_(&committing(Slot::Accepted), &me, 70, price), Some(Step::Expire));
		// Reveal, then nothing until the window ends.
		let revealing = |slot| job(JobStatus::Revealing { ends: 80 }, vec![(1, slot)]);
		assert_eq!(
			next_step_(&revealing(Slot::Committed(H256([1; 32]))), &me, 75, price),
			Some(Step::Reveal)
		);
		assert_eq!(next_step_(&revealing(Slot::Revealed(H256([1; 32]))), &me, 75, price), None);
		assert_eq!(
			next_step_(&revealing(Slot::Revealed(H256([1; 32]))), &me, 80, price),
			Some(Step::Expire)
		);
		// Settle after the challenge window.
		let challenge = job(
			JobStatus::Challenge { ends: 90, agreed: H256([1; 32]) },
			vec![(1, Slot::Revealed(H256([1; 32])))],
		);
		assert_eq!(next_step_(&challenge, &me, 89, price), None);
		assert_eq!(next_step_(&challenge, &me, 90, price), Some(Step::Finalize));
		// Not ours: nothing but claiming.
		assert_eq!(next_step_(&challenge, &account(7), 95, price), None);
	}

	#[test]
	fn the_commitment_is_the_pallets() {
		let ours = commitment(5, &account(1), &[2; 32], &[3; 32]);
		let pallets = pallet_lever_inference::commitment(
			5,
			&sp_core::crypto::AccountId32::new([1; 32]),
			&sp_core::H256([2; 32]),
			&sp_core::H256([3; 32]),
		);
		assert_eq!(ours, pallets.0);
		assert_ne!(ours, commitment(6, &account(1), &[2; 32], &[3; 32]));
	}

	#[test]
	fn a_sweep_keeps_only_the_inputs_of_open_jobs() {
		let dir = std::env::temp_dir().join(format!("lever-provider-sweep-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&dir);
		std::fs::create_dir_all(dir.join("a-directory")).unwrap();
		for name in ["5", "7", "not-a-job"] {
			std::fs::write(dir.join(name), b"input").unwrap();
		}
		let alive = BTreeSet::from([5, 9]);
		assert_eq!(sweep_inputs(&dir, &alive), 2, "job 7's input and the stray file");
		assert!(dir.join("5").exists(), "an open job's input stays");
		assert!(!dir.join("7").exists() && !dir.join("not-a-job").exists());
		assert!(dir.join("a-directory").is_dir(), "only files are removed");
		assert_eq!(sweep_inputs(&dir, &alive), 0, "nothing left to remove");
		std::fs::remove_dir_all(&dir).unwrap();
		assert_eq!(sweep_inputs(&dir, &alive), 0, "no directory: nothing to do");
	}

	#[test]
	fn one_users_many_jobs_take_one_claim_fetch_at_a_time() {
		let (mallory, alice) = (account(66), account(1));
		// Mallory's first job is being fetched: her next jobs wait, Alice's is fetched.
		assert!(may_fetch_claim([].iter(), &mallory));
		assert!(!may_fetch_claim([mallory].iter(), &mallory));
		assert!(may_fetch_claim([mallory].iter(), &alice));
		// Mallory with four identities fills the slots: nobody else's claim is fetched until one
		// ends (offers to the provider are fetched regardless).
		let four: Vec<_> = (60..64).map(account).collect();
		assert_eq!(four.len(), MAX_CLAIM_FETCHES);
		assert!(!may_fetch_claim(four.iter(), &alice));
		assert!(may_fetch_claim(four[..3].iter(), &alice));
	}

	#[tokio::test]
	async fn an_input_that_could_not_be_had_is_not_fetched_again() {
		let cache_dir =
			std::env::temp_dir().join(format!("lever-provider-unusable-{}", std::process::id()));
		let mut agent = Agent::new(Options {
			url: "ws://127.0.0.1:9".into(),
			suri: "//Bob".into(),
			stake: 0,
			offers: vec![(0, 1)],
			capacity: 1,
			endpoint: String::new(),
			cache_dir: cache_dir.clone(),
			follow: Follow::Finalized,
			faulty: false,
			dry_run: true,
			allow_private_inputs: true,
		})
		.unwrap();
		// A URI nobody serves (port 9, discard: refused on loopback).
		let mut posted = job(JobStatus::Open, vec![]);
		posted.input = JobData::Hash {
			hash: H256([7; 32]),
			uri: BoundedVec(b"http://127.0.0.1:9/input.json".to_vec()),
		};
		assert!(matches!(agent.input(3, &posted, true), Input::Pending));
		while !agent.inputs[&3].task.is_finished() {
			tokio::time::sleep(Duration::from_millis(10)).await;
		}
		assert!(
			matches!(agent.input(3, &posted, true), Input::Unusable(e) if e.contains("could not be fetched"))
		);
		// Asked again, later: refused at once, no new fetch (a failing URI takes a slot once).
		assert!(
			matches!(agent.input(3, &posted, true), Input::Unusable(e) if e.contains("not fetched again"))
		);
		assert!(agent.inputs.is_empty());
		let _ = std::fs::remove_dir_all(&cache_dir);
	}
}
