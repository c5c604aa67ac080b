//! The pallets whose benchmarks the runtime exposes (`benchmark pallet`, frame-omni-bencher).

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_utility, Utility]
	[pallet_lever_oracle, Oracle]
	[pallet_lever_lending, Lending]
	[pallet_lever_inference, Inference]
);
