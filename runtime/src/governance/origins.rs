//! The custom origins of Lever's referendum tracks, in the style of the Polkadot runtimes: a
//! referendum on the risk track dispatches its call with `Origins::RiskAdmin`, which the money
//! market, the oracle and the inference market accept for their risk parameters; the treasury
//! track with `Origins::Treasurer`, the arbitration track with `Origins::Arbiter`.
//!
//! The pallet also holds the chain's choice of governance periods (`Periods`): production
//! periods (days), or the dev chain's (blocks, so that a referendum passes in about a minute).
//! The genesis preset sets it; nothing changes it afterwards but a runtime upgrade.

#[frame_support::pallet]
pub mod pallet_custom_origins {
	use frame_support::pallet_prelude::*;

	/// The pallet holds no calls; its configuration is empty.
	#[pallet::config]
	pub trait Config: frame_system::Config {}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The origins of Lever's referendum tracks.
	#[derive(
		PartialEq,
		Eq,
		Clone,
		Copy,
		MaxEncodedLen,
		Encode,
		Decode,
		DecodeWithMemTracking,
		TypeInfo,
		Debug,
	)]
	#[pallet::origin]
	pub enum Origin {
		/// A passed referendum of the risk track: market parameters, oracle configuration and
		/// feeders, inference payment assets.
		RiskAdmin,
		/// A passed referendum of the treasury track: treasury spends, reserves and protocol
		/// fees.
		Treasurer,
		/// A passed referendum of the arbitration track: inference disputes.
		Arbiter,
	}

	/// Which periods the chain's tracks run with.
	#[derive(
		PartialEq,
		Eq,
		Clone,
		Copy,
		Default,
		MaxEncodedLen,
		Encode,
		Decode,
		DecodeWithMemTracking,
		TypeInfo,
		Debug,
		serde::Serialize,
		serde::Deserialize,
	)]
	pub enum Periods {
		/// Days: what a live chain runs.
		#[default]
		Production,
		/// Blocks: the dev chain's, so that a referendum passes in about a minute.
		Dev,
	}

	/// The periods the tracks run with; set at genesis.
	#[pallet::storage]
	pub type GovernancePeriods<T> = StorageValue<_, Periods, ValueQuery>;

	/// Genesis: the chain's periods.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Production (default) or dev-chain periods.
		pub periods: Periods,
		#[serde(skip)]
		pub _phantom: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			GovernancePeriods::<T>::put(self.periods);
		}
	}

	/// `EnsureOrigin`s for each origin: `EnsureRiskAdmin` accepts exactly `Origin::RiskAdmin`,
	/// and so on (root is added where a pallet's configuration wants it).
	macro_rules! ensure_origin {
		($($name:ident => $variant:ident),* $(,)?) => {$(
			#[doc = concat!("Accepts exactly `Origin::", stringify!($variant), "`.")]
			pub struct $name;
			impl<O: OriginTrait + From<Origin>> EnsureOrigin<O> for $name
			where
				for<'a> &'a O::PalletsOrigin: TryInto<&'a Origin>,
			{
				type Success = ();
				fn try_origin(o: O) -> Result<Self::Success, O> {
					match o.caller().try_into() {
						Ok(Origin::$variant) => return Ok(()),
						_ => (),
					}
					Err(o)
				}
				#[cfg(feature = "runtime-benchmarks")]
				fn try_successful_origin() -> Result<O, ()> {
					Ok(O::from(Origin::$variant))
				}
			}
		)*};
	}

	ensure_origin! {
		EnsureRiskAdmin => RiskAdmin,
		EnsureTreasurer => Treasurer,
		EnsureArbiter => Arbiter,
	}
}
