//! Chain specifications: thin wrappers around the runtime's genesis presets.

use lever_runtime::WASM_BINARY;
use sc_service::ChainType;

/// The chain specification type of Lever (no client extensions).
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token properties polkadot.js reads to show LEV amounts.
fn properties() -> sc_chain_spec::Properties {
	let mut p = sc_chain_spec::Properties::new();
	p.insert("tokenSymbol".into(), "LEV".into());
	p.insert("tokenDecimals".into(), lever_runtime::LEV_DECIMALS.into());
	p.insert("ss58Format".into(), 42.into());
	p
}

fn wasm() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"The runtime's wasm was not built (SKIP_WASM_BUILD?): rebuild without it".to_string()
	})
}

/// `--dev`: one validator (Alice), the `development` preset.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("Lever Development")
		.with_id("lever_dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// `--chain local`: two validators (Alice and Bob), the `local_testnet` preset.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("Lever Local Testnet")
		.with_id("lever_local")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}
