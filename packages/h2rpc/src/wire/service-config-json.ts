import { Code } from "../core/code.js";
import type {
  HedgingPolicy,
  MethodConfig,
  MethodName,
  RetryPolicy,
  RetryThrottling,
  ServiceConfig,
} from "../core/service-config.js";

type Json = Record<string, unknown>;

/**
 * Reads a service config in gRPC's JSON form (`{"methodConfig":[{"name":[{"service":"pkg.Svc"}],
 * "timeout":"1.5s","retryPolicy":{"maxAttempts":3,"initialBackoff":"0.1s","maxBackoff":"1s",
 * "backoffMultiplier":2,"retryableStatusCodes":["UNAVAILABLE"]}}],"retryThrottling":{...}}`).
 * Status codes may be names or numbers; durations are `"<seconds>s"`.
 * @throws TypeError naming the field that is wrong.
 */
export function parseServiceConfig(input: string | object): ServiceConfig {
  const json = typeof input === "string" ? (JSON.parse(input) as unknown) : input;
  const root = object(json, "service config");
  const out: ServiceConfig = {};
  if (root.methodConfig !== undefined) {
    out.methodConfig = array(root.methodConfig, "methodConfig").map((m, i) => methodConfig(m, `methodConfig[${i}]`));
  }
  if (root.retryThrottling !== undefined) out.retryThrottling = throttling(root.retryThrottling);
  return out;
}

function methodConfig(value: unknown, where: string): MethodConfig {
  const m = object(value, where);
  const out: MethodConfig = {
    name: array(m.name ?? [], `${where}.name`).map((n, i) => methodName(n, `${where}.name[${i}]`)),
  };
  if (m.timeout !== undefined) out.timeoutMs = duration(m.timeout, `${where}.timeout`);
  if (m.waitForReady !== undefined) out.waitForReady = bool(m.waitForReady, `${where}.waitForReady`);
  if (m.maxRequestMessageBytes !== undefined)
    out.maxRequestBytes = num(m.maxRequestMessageBytes, `${where}.maxRequestMessageBytes`);
  if (m.maxResponseMessageBytes !== undefined) {
    out.maxResponseBytes = num(m.maxResponseMessageBytes, `${where}.maxResponseMessageBytes`);
  }
  if (m.retryPolicy !== undefined && m.hedgingPolicy !== undefined) {
    throw new TypeError(`${where}: retryPolicy and hedgingPolicy cannot both be set`);
  }
  if (m.retryPolicy !== undefined) out.retryPolicy = retryPolicy(m.retryPolicy, `${where}.retryPolicy`);
  if (m.hedgingPolicy !== undefined) out.hedgingPolicy = hedgingPolicy(m.hedgingPolicy, `${where}.hedgingPolicy`);
  return out;
}

function methodName(value: unknown, where: string): MethodName {
  const n = object(value, where);
  const out: MethodName = {};
  if (n.service !== undefined) out.service = str(n.service, `${where}.service`);
  if (n.method !== undefined) out.method = str(n.method, `${where}.method`);
  return out;
}

function retryPolicy(value: unknown, where: string): RetryPolicy {
  const p = object(value, where);
  return {
    maxAttempts: num(p.maxAttempts, `${where}.maxAttempts`),
    initialBackoffMs: duration(p.initialBackoff, `${where}.initialBackoff`),
    maxBackoffMs: duration(p.maxBackoff, `${where}.maxBackoff`),
    backoffMultiplier: num(p.backoffMultiplier, `${where}.backoffMultiplier`),
    retryableStatusCodes: array(p.retryableStatusCodes, `${where}.retryableStatusCodes`).map((c, i) =>
      code(c, `${where}.retryableStatusCodes[${i}]`),
    ),
  };
}

function hedgingPolicy(value: unknown, where: string): HedgingPolicy {
  const p = object(value, where);
  return {
    maxAttempts: num(p.maxAttempts, `${where}.maxAttempts`),
    hedgingDelayMs: p.hedgingDelay === undefined ? 0 : duration(p.hedgingDelay, `${where}.hedgingDelay`),
    nonFatalStatusCodes: array(p.nonFatalStatusCodes ?? [], `${where}.nonFatalStatusCodes`).map((c, i) =>
      code(c, `${where}.nonFatalStatusCodes[${i}]`),
    ),
  };
}

function throttling(value: unknown): RetryThrottling {
  const t = object(value, "retryThrottling");
  return {
    maxTokens: num(t.maxTokens, "retryThrottling.maxTokens"),
    tokenRatio: num(t.tokenRatio, "retryThrottling.tokenRatio"),
  };
}

function object(value: unknown, where: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new TypeError(`${where} must be an object`);
  return value as Json;
}
function array(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${where} must be an array`);
  return value;
}
function str(value: unknown, where: string): string {
  if (typeof value !== "string") throw new TypeError(`${where} must be a string`);
  return value;
}
function bool(value: unknown, where: string): boolean {
  if (typeof value !== "boolean") throw new TypeError(`${where} must be true or false`);
  return value;
}
function num(value: unknown, where: string): number {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n)) throw new TypeError(`${where} must be a number`);
  return n;
}
function duration(value: unknown, where: string): number {
  if (typeof value !== "string" || !/^\d+(\.\d{1,9})?s$/.test(value)) {
    throw new TypeError(`${where} must be a duration like "1.5s", got ${JSON.stringify(value)}`);
  }
  return Number(value.slice(0, -1)) * 1000;
}
function code(value: unknown, where: string): Code {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 16) return value as Code;
  if (typeof value === "string" && value.toUpperCase() in Code) return Code[value.toUpperCase() as keyof typeof Code];
  throw new TypeError(
    `${where} must be a status code name like "UNAVAILABLE" or a number 0-16, got ${JSON.stringify(value)}`,
  );
}
