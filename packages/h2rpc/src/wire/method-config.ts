import { isCode } from "../core/code.js";
import type { HedgingPolicy, MethodConfig, RetryPolicy, ServiceConfig } from "../core/service-config.js";
import { parseServiceConfig } from "./service-config-json.js";

/** The config that applies to one method, after lookup. */
export interface EffectiveMethodConfig {
  timeoutMs?: number | undefined;
  waitForReady?: boolean | undefined;
  maxRequestBytes?: number | undefined;
  maxResponseBytes?: number | undefined;
  retryPolicy?: RetryPolicy | undefined;
  hedgingPolicy?: HedgingPolicy | undefined;
}

/** A checked service config with the attempt cap applied, and fast lookup by `:path`. */
export class ServiceConfigIndex {
  readonly #byMethod = new Map<string, MethodConfig>();
  readonly #byService = new Map<string, MethodConfig>();
  #default: MethodConfig | undefined;
  readonly #cache = new Map<string, EffectiveMethodConfig | undefined>();
  readonly throttling: ServiceConfig["retryThrottling"];

  /**
   * @param maxAttemptsCap attempts above this are lowered to it (gRFC A6 caps at 5 unless raised).
   * @throws TypeError for an invalid config, naming the field.
   */
  constructor(config: ServiceConfig | string | undefined, maxAttemptsCap: number) {
    const parsed = typeof config === "string" ? parseServiceConfig(config) : (config ?? {});
    for (const [i, m] of (parsed.methodConfig ?? []).entries()) {
      const checked = checkMethodConfig(m, `methodConfig[${i}]`, maxAttemptsCap);
      for (const name of m.name) {
        const service = name.service ?? "";
        if (service === "" && name.method !== undefined) {
          throw new TypeError(`methodConfig[${i}]: a method name needs its service`);
        }
        if (service === "") this.#default = checked;
        else if (name.method === undefined || name.method === "") this.#byService.set(service, checked);
        else this.#byMethod.set(`/${service}/${name.method}`, checked);
      }
    }
    const t = parsed.retryThrottling;
    if (t !== undefined && !(t.maxTokens > 0 && t.maxTokens <= 1000 && t.tokenRatio > 0)) {
      throw new TypeError("retryThrottling needs 0 < maxTokens <= 1000 and tokenRatio > 0");
    }
    this.throttling = t;
  }

  /** The config of the method at `path` (`/pkg.Service/Method`), or undefined. */
  lookup(path: string): EffectiveMethodConfig | undefined {
    if (this.#cache.has(path)) return this.#cache.get(path);
    const service = path.slice(1, path.lastIndexOf("/"));
    const found = this.#byMethod.get(path) ?? this.#byService.get(service) ?? this.#default;
    this.#cache.set(path, found);
    return found;
  }
}

function checkMethodConfig(m: MethodConfig, where: string, cap: number): MethodConfig {
  if (m.retryPolicy !== undefined && m.hedgingPolicy !== undefined) {
    throw new TypeError(`${where}: retryPolicy and hedgingPolicy cannot both be set`);
  }
  const out: MethodConfig = { ...m };
  if (m.timeoutMs !== undefined && !(m.timeoutMs > 0)) throw new TypeError(`${where}.timeoutMs must be positive`);
  const r = m.retryPolicy;
  if (r !== undefined) {
    if (!(Number.isInteger(r.maxAttempts) && r.maxAttempts >= 2))
      throw new TypeError(`${where}.retryPolicy.maxAttempts must be an integer >= 2`);
    if (!(r.initialBackoffMs > 0 && r.maxBackoffMs > 0 && r.backoffMultiplier > 0)) {
      throw new TypeError(`${where}.retryPolicy: initialBackoff, maxBackoff and backoffMultiplier must be positive`);
    }
    if (r.retryableStatusCodes.length === 0 || !r.retryableStatusCodes.every((c) => isCode(c) && c !== 0)) {
      throw new TypeError(`${where}.retryPolicy.retryableStatusCodes must list non-OK status codes`);
    }
    out.retryPolicy = { ...r, maxAttempts: Math.min(r.maxAttempts, cap) };
  }
  const h = m.hedgingPolicy;
  if (h !== undefined) {
    if (!(Number.isInteger(h.maxAttempts) && h.maxAttempts >= 2))
      throw new TypeError(`${where}.hedgingPolicy.maxAttempts must be an integer >= 2`);
    if (!(h.hedgingDelayMs >= 0)) throw new TypeError(`${where}.hedgingPolicy.hedgingDelayMs must be >= 0`);
    out.hedgingPolicy = { ...h, maxAttempts: Math.min(h.maxAttempts, cap) };
  }
  return out;
}
