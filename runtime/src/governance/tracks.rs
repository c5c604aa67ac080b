//! Lever's referendum tracks. A track says which origin a referendum dispatches its call with,
//! the deposit that lets it be decided, how long it is prepared, decided, confirmed and how long
//! a passed call waits before it is enacted — the delay in which users see a change coming —
//! and the curves of approval and support it must meet.
//!
//! | id | track | origin | decision deposit | decision | confirm | enactment ≥ |
//! |---|---|---|---|---|---|---|
//! | 0 | root | root | 1,000 LEV | 14 days | 1 day | 1 day |
//! | 1 | risk | `RiskAdmin` | 100 LEV | 7 days | 12 hours | 1 day |
//! | 2 | treasury | `Treasurer` | 100 LEV | 7 days | 1 day | 1 day |
//! | 3 | arbitration | `Arbiter` | 10 LEV | 2 days | 1 hour | 10 minutes |
//!
//! On the dev chain (`Periods::Dev`, set by its genesis preset) every track prepares for one
//! block, decides within 20, confirms for 2 and enacts at least 2 blocks after passing.

use super::origins::pallet_custom_origins::{GovernancePeriods, Origin, Periods};
use crate::{
	Balance, BlockNumber, OriginCaller, Runtime, RuntimeOrigin, DAYS, HOURS, MINUTES, UNIT,
};
use alloc::borrow::Cow;
use pallet_referenda::{Curve, Track, TrackInfo};
use sp_runtime::Perbill;

/// A track's id.
pub type TrackId = u16;

/// Approval (conviction-weighted ayes among votes) falls from 100% to 50% over the decision.
const APPROVAL: Curve = Curve::LinearDecreasing {
	length: Perbill::from_percent(100),
	floor: Perbill::from_percent(50),
	ceil: Perbill::from_percent(100),
};
/// Support (ayes before conviction, of all LEV) falls from 50% to 1% over the decision; the
/// root track's from 50% to 5%.
const SUPPORT: Curve = Curve::LinearDecreasing {
	length: Perbill::from_percent(100),
	floor: Perbill::from_percent(1),
	ceil: Perbill::from_percent(50),
};
const ROOT_SUPPORT: Curve = Curve::LinearDecreasing {
	length: Perbill::from_percent(100),
	floor: Perbill::from_percent(5),
	ceil: Perbill::from_percent(50),
};

/// A track's name as the pallet stores it (25 bytes, zero-padded).
const fn name(s: &str) -> [u8; 25] {
	let bytes = s.as_bytes();
	let mut out = [0u8; 25];
	let mut i = 0;
	while i < bytes.len() {
		out[i] = bytes[i];
		i += 1;
	}
	out
}

/// A track as this file writes it down.
struct Spec {
	id: TrackId,
	name: &'static str,
	max_deciding: u32,
	deposit: Balance,
	/// Production periods: prepare, decision, confirm, enactment.
	periods: [BlockNumber; 4],
	support: Curve,
}

const TRACKS: [Spec; 4] = [
	Spec {
		id: 0,
		name: "root",
		max_deciding: 1,
		deposit: 1_000 * UNIT,
		periods: [2 * HOURS, 14 * DAYS, DAYS, DAYS],
		support: ROOT_SUPPORT,
	},
	Spec {
		id: 1,
		name: "risk",
		max_deciding: 10,
		deposit: 100 * UNIT,
		periods: [HOURS, 7 * DAYS, 12 * HOURS, DAYS],
		support: SUPPORT,
	},
	Spec {
		id: 2,
		name: "treasury",
		max_deciding: 10,
		deposit: 100 * UNIT,
		periods: [HOURS, 7 * DAYS, DAYS, DAYS],
		support: SUPPORT,
	},
	Spec {
		id: 3,
		name: "arbitration",
		max_deciding: 20,
		deposit: 10 * UNIT,
		periods: [10 * MINUTES, 2 * DAYS, HOURS, 10 * MINUTES],
		support: SUPPORT,
	},
];

/// The dev chain's periods, in blocks: prepare, decision, confirm, enactment.
const DEV_PERIODS: [BlockNumber; 4] = [1, 20, 2, 2];

/// Lever's tracks, with the periods the chain chose at genesis.
pub struct TracksInfo;

impl pallet_referenda::TracksInfo<Balance, BlockNumber> for TracksInfo {
	type Id = TrackId;
	type RuntimeOrigin = <RuntimeOrigin as frame_support::traits::OriginTrait>::PalletsOrigin;

	fn tracks() -> impl Iterator<Item = Cow<'static, Track<Self::Id, Balance, BlockNumber>>> {
		let dev = GovernancePeriods::<Runtime>::get() == Periods::Dev;
		TRACKS.iter().map(move |spec| {
			let [prepare, decision, confirm, enactment] =
				if dev { DEV_PERIODS } else { spec.periods };
			Cow::Owned(Track {
				id: spec.id,
				info: TrackInfo {
					name: name(spec.name),
					max_deciding: spec.max_deciding,
					decision_deposit: spec.deposit,
					prepare_period: prepare,
					decision_period: decision,
					confirm_period: confirm,
					min_enactment_period: enactment,
					min_approval: APPROVAL,
					min_support: spec.support.clone(),
				},
			})
		})
	}

	fn track_for(origin: &Self::RuntimeOrigin) -> Result<Self::Id, ()> {
		match origin {
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(0),
			OriginCaller::Origins(Origin::RiskAdmin) => Ok(1),
			OriginCaller::Origins(Origin::Treasurer) => Ok(2),
			OriginCaller::Origins(Origin::Arbiter) => Ok(3),
			_ => Err(()),
		}
	}
}
