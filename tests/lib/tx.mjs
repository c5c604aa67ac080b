// Helpers to submit extrinsics and read their outcome the way a dapp does.

/**
 * Signs and sends `tx` as `signer`; resolves once it is in a (or a finalized) block with
 * `{ blockHash, events, dispatchError }`, where `dispatchError` is decoded
 * (`{ section, name, docs }`) or null when the call succeeded.
 */
export function submit(api, tx, signer) {
  return new Promise((ok, fail) => {
    let unsub;
    tx.signAndSend(signer, (result) => {
      const { status, events, dispatchError } = result;
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        unsub?.();
        fail(new Error(`transaction ${status.type}`));
        return;
      }
      // Instant sealing imports and finalizes a block at once: the pool may report Finalized
      // without InBlock first.
      if (!status.isInBlock && !status.isFinalized) return;
      unsub?.();
      ok({ blockHash: status.isInBlock ? status.asInBlock : status.asFinalized, events, dispatchError: dispatchError ? decodeError(api, dispatchError) : null });
    }).then((u) => { unsub = u; }, fail);
  });
}

/** A dispatch error as `{ section, name, docs }` (module errors) or `{ section: kind, name }`. */
export function decodeError(api, dispatchError) {
  if (dispatchError.isModule) {
    const { section, name, docs } = api.registry.findMetaError(dispatchError.asModule);
    return { section, name, docs: docs.join(' ') };
  }
  return { section: dispatchError.type, name: dispatchError.toString(), docs: '' };
}

/** The events of `section.method` among `events` (records from `submit`). */
export function eventsOf(events, section, method) {
  return events.map((r) => r.event).filter((e) => e.section === section && e.method === method);
}
