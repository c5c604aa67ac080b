//! Every pallet's `integrity_test`, on the runtime's real configuration.

use frame_support::traits::IntegrityTest;
use lever_runtime::AllPalletsWithSystem;

#[test]
fn every_pallet_passes_its_integrity_test() {
	crate::common::new_test_ext("development").execute_with(|| {
		AllPalletsWithSystem::integrity_test();
	});
}

#[test]
fn runtime_version_is_lever() {
	let version = lever_runtime::VERSION;
	assert_eq!(version.spec_name, "lever");
	assert!(version.spec_version > 0);
}

/// The default genesis config builds (the test construct_runtime generates for the unit-test
/// harness, which this crate does not build).
#[test]
fn the_default_genesis_config_builds() {
	use sp_runtime::BuildStorage;
	lever_runtime::RuntimeGenesisConfig::default()
		.build_storage()
		.expect("the default genesis config builds");
}
