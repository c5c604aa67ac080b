// Writes the runtime's metadata (version 16, SCALE) from a running node to
// provider/metadata/lever.scale, the file `lever-provider` generates its typed client from:
//   node tests/tools/provider-metadata.mjs [ws://127.0.0.1:9944]
// The end-to-end suite checks the file against the node it tests, so a runtime change that
// forgets to run this fails the tests instead of the agent.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';

export const METADATA_VERSION = 16;
export const METADATA_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'provider', 'metadata', 'lever.scale');

/** The node's metadata at `METADATA_VERSION`, as the bytes subxt reads. */
export async function runtimeMetadata(api) {
  const opaque = await api.call.metadata.metadataAtVersion(METADATA_VERSION);
  if (opaque.isNone) throw new Error(`the runtime has no metadata version ${METADATA_VERSION}`);
  return opaque.unwrap().toU8a(true);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = process.argv[2] ?? 'ws://127.0.0.1:9944';
  const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true, throwOnConnect: true });
  const bytes = await runtimeMetadata(api);
  writeFileSync(METADATA_FILE, bytes);
  console.log(`wrote ${bytes.length} bytes of metadata v${METADATA_VERSION} to ${METADATA_FILE}`);
  await api.disconnect();
}
