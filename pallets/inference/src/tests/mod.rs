//! Unit tests of the job market, by topic. Every test runs the pallet's invariants at its end.

mod attacks;
mod errors;
mod lifecycle;
mod properties;
mod providers;

use crate::{mock::*, CloseReason, Event, JobId, Settlement};

/// The pallet's events so far.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Inference(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// The `JobClosed` event of `job`.
pub fn closed(job: JobId) -> (CloseReason, Settlement) {
	events()
		.into_iter()
		.find_map(|e| match e {
			Event::JobClosed { job: j, reason, settlement } if j == job => {
				Some((reason, settlement))
			},
			_ => None,
		})
		.expect("the job closed")
}

/// The providers on `job` (offered or accepted).
pub fn assigned(job: JobId) -> Vec<AccountId> {
	crate::Jobs::<Test>::get(job)
		.map(|j| j.assignments.iter().map(|a| a.provider).collect())
		.unwrap_or_default()
}
