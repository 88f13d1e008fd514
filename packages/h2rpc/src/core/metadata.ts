/** A metadata value: text for ordinary keys, bytes for keys ending in `-bin`. */
export type MetadataValue = string | Uint8Array;

/** What a {@link Metadata} can be built from: another Metadata, a plain object, or key/value pairs. */
export type MetadataInit =
  | Metadata
  | Readonly<Record<string, MetadataValue | readonly MetadataValue[] | undefined>>
  | Iterable<readonly [string, MetadataValue]>;

const keyPattern = /^[0-9a-z_.-]+$/;
const reservedKeys = new Set([
  "connection",
  "content-length",
  "content-type",
  "host",
  "keep-alive",
  "proxy-connection",
  "te",
  "transfer-encoding",
  "upgrade",
  "user-agent",
]);

/** True when `key` names a binary (`-bin`) metadata entry. */
export function isBinaryKey(key: string): boolean {
  return key.endsWith("-bin");
}

/**
 * Checks a metadata key and returns it lower-cased.
 * @throws TypeError saying what is wrong and what to do instead.
 */
export function normalizeMetadataKey(key: string): string {
  const lower = key.toLowerCase();
  if (!keyPattern.test(lower)) {
    throw new TypeError(
      `Invalid metadata key ${JSON.stringify(key)}: keys may contain only a-z, 0-9, "-", "_" and "."`,
    );
  }
  if (lower.startsWith("grpc-")) {
    throw new TypeError(
      `Metadata key ${JSON.stringify(key)} is reserved: keys starting with "grpc-" belong to the gRPC protocol; use call options (timeoutMs, deadline) or an RpcError (status, message) instead`,
    );
  }
  if (reservedKeys.has(lower)) {
    throw new TypeError(
      `Metadata key ${JSON.stringify(key)} is reserved: it is an HTTP/2 header that h2rpc sets itself; remove it from the metadata`,
    );
  }
  return lower;
}

function checkValue(key: string, value: MetadataValue): MetadataValue {
  if (isBinaryKey(key)) {
    if (!(value instanceof Uint8Array)) {
      throw new TypeError(
        `Metadata key ${JSON.stringify(key)} ends in "-bin", so its value must be a Uint8Array (Buffer), not ${typeof value}`,
      );
    }
    return value;
  }
  if (typeof value !== "string") {
    throw new TypeError(
      `Metadata key ${JSON.stringify(key)} takes a string value; binary values need a key ending in "-bin"`,
    );
  }
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      throw new TypeError(
        `Metadata value for ${JSON.stringify(key)} has a character outside printable ASCII at index ${i}; send it under a "-bin" key as bytes, or encode it first`,
      );
    }
  }
  return value;
}

/**
 * gRPC metadata: request headers, response headers or trailers.
 * Keys are case-insensitive (stored lower-case) and may hold several values.
 * Keys ending in `-bin` hold bytes (base64 on the wire); all others printable ASCII text.
 * Keys starting with `grpc-` and HTTP/2 connection headers are refused.
 */
export class Metadata implements Iterable<[string, MetadataValue]> {
  readonly #entries = new Map<string, MetadataValue[]>();

  /** Creates metadata, optionally filled from `init` (values are validated). */
  constructor(init?: MetadataInit) {
    if (init === undefined) return;
    if (init instanceof Metadata) {
      for (const [key, values] of init.#entries) this.#entries.set(key, [...values]);
    } else if (Symbol.iterator in init) {
      for (const [key, value] of init as Iterable<readonly [string, MetadataValue]>) this.append(key, value);
    } else {
      for (const [key, value] of Object.entries(init)) {
        if (value === undefined) continue;
        if (Array.isArray(value)) for (const v of value) this.append(key, v);
        else this.append(key, value as MetadataValue);
      }
    }
  }

  /** Replaces every value of `key` with `value`. */
  set(key: string, value: MetadataValue): this {
    const k = normalizeMetadataKey(key);
    this.#entries.set(k, [checkValue(k, value)]);
    return this;
  }

  /** Adds `value` to the values of `key`. */
  append(key: string, value: MetadataValue): this {
    const k = normalizeMetadataKey(key);
    const v = checkValue(k, value);
    const list = this.#entries.get(k);
    if (list === undefined) this.#entries.set(k, [v]);
    else list.push(v);
    return this;
  }

  /** The first value of `key`, or undefined. */
  get(key: string): MetadataValue | undefined {
    return this.#entries.get(key.toLowerCase())?.[0];
  }

  /** The first value of a text key as a string, or undefined (also for `-bin` keys). */
  getString(key: string): string | undefined {
    const v = this.get(key);
    return typeof v === "string" ? v : undefined;
  }

  /** The first value of a `-bin` key as bytes, or undefined. */
  getBinary(key: string): Uint8Array | undefined {
    const v = this.get(key);
    return v instanceof Uint8Array ? v : undefined;
  }

  /** Every value of `key`, in the order added (empty when absent). */
  getAll(key: string): MetadataValue[] {
    return [...(this.#entries.get(key.toLowerCase()) ?? [])];
  }

  /** True when `key` has at least one value. */
  has(key: string): boolean {
    return this.#entries.has(key.toLowerCase());
  }

  /** Removes every value of `key`. */
  delete(key: string): boolean {
    return this.#entries.delete(key.toLowerCase());
  }

  /** The number of distinct keys. */
  get size(): number {
    return this.#entries.size;
  }

  /** Distinct keys, lower-case. */
  keys(): IterableIterator<string> {
    return this.#entries.keys();
  }

  /** Adds every entry of `other` (values are appended, not replaced). `other` may be this Metadata itself. */
  merge(other: MetadataInit): this {
    // Iterate a snapshot: appending to the lists being iterated (other === this) would never end.
    for (const [k, v] of [...(other instanceof Metadata ? other : new Metadata(other))]) {
      const list = this.#entries.get(k);
      if (list === undefined) this.#entries.set(k, [v]);
      else list.push(v);
    }
    return this;
  }

  /** A copy that can be changed independently. */
  clone(): Metadata {
    return new Metadata(this);
  }

  /** Every (key, value) pair; a key with several values appears once per value. */
  *[Symbol.iterator](): IterableIterator<[string, MetadataValue]> {
    for (const [key, values] of this.#entries) for (const v of values) yield [key, v];
  }

  /** A plain object for logging: binary values become base64 strings. */
  toJSON(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [key, values] of this.#entries) {
      out[key] = values.map((v) => (typeof v === "string" ? v : bytesToBase64(v)));
    }
    return out;
  }

  /**
   * Adds an entry parsed off the wire, skipping the checks that refuse reserved keys.
   * @internal used by the wire layer only; not exported from the package.
   */
  appendTrusted(key: string, value: MetadataValue): void {
    const list = this.#entries.get(key);
    if (list === undefined) this.#entries.set(key, [value]);
    else list.push(value);
  }
}

/** Returns `init` as a Metadata (the same object if it already is one). */
export function toMetadata(init: MetadataInit | undefined): Metadata {
  if (init instanceof Metadata) return init;
  return new Metadata(init);
}

function bytesToBase64(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i] as number);
  return btoa(text);
}
