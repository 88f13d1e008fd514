// Samples of docs/retries.md. retries.test.ts runs them against a loopback server that fails on purpose.
import { type Channel, Code, createChannel, parseServiceConfig, RpcError, type ServiceConfig } from "h2rpc";
import { greeter } from "./calls.js";
import type { GreeterServer } from "./gen/helloworld/greeter.h2rpc.js";

/** A channel to `target` that retries the greeter's calls on UNAVAILABLE. */
export function retryingChannel(target: string): Channel {
  // #region retry-policy
  const channel = createChannel(target, {
    serviceConfig: {
      methodConfig: [
        {
          name: [{ service: "helloworld.Greeter" }], // every method of the service
          timeoutMs: 5000, // per call, all attempts included; an earlier deadline of the call wins
          retryPolicy: {
            maxAttempts: 4, // the first attempt included; capped at 5 (maxRetryAttempts)
            initialBackoffMs: 50, // the first retry waits a random time in [0, 50] ms
            maxBackoffMs: 1000,
            backoffMultiplier: 2,
            retryableStatusCodes: [Code.UNAVAILABLE],
          },
        },
      ],
      retryThrottling: { maxTokens: 10, tokenRatio: 0.1 }, // stop retrying while most calls fail
    },
  });
  // #endregion
  return channel;
}

/** The same policy in gRPC's JSON form, as grpc-go or a resolver would hand it over. */
export function jsonServiceConfig(): ServiceConfig {
  // #region json
  const json = `{
    "methodConfig": [{
      "name": [{ "service": "helloworld.Greeter", "method": "SayHello" }],
      "timeout": "5s",
      "retryPolicy": {
        "maxAttempts": 4, "initialBackoff": "0.05s", "maxBackoff": "1s", "backoffMultiplier": 2,
        "retryableStatusCodes": ["UNAVAILABLE"]
      }
    }]
  }`;
  const config = parseServiceConfig(json); // throws a TypeError naming the bad field
  // createChannel(target, { serviceConfig: config }) or, unparsed, { serviceConfig: json }
  // #endregion
  return config;
}

/** A channel that hedges SayHello: a second attempt after 100 ms if the first has not answered. */
export function hedgingChannel(target: string): Channel {
  // #region hedging
  const channel = createChannel(target, {
    serviceConfig: {
      methodConfig: [
        {
          name: [{ service: "helloworld.Greeter", method: "SayHello" }], // only idempotent methods!
          hedgingPolicy: { maxAttempts: 2, hedgingDelayMs: 100, nonFatalStatusCodes: [Code.UNAVAILABLE] },
        },
      ],
    },
  });
  // #endregion
  return channel;
}

/** A greeter whose SayHello fails with UNAVAILABLE `failures` times, then answers. */
export function flakyGreeter(failures: number): GreeterServer & { attempts: number } {
  const flaky = {
    ...greeter,
    attempts: 0,
    sayHello(request: { name: string }) {
      flaky.attempts++;
      if (flaky.attempts <= failures) throw new RpcError(Code.UNAVAILABLE, "warming up");
      return { message: `Hello, ${request.name}!` };
    },
  };
  return flaky;
}

/** A greeter whose first SayHello hangs until cancelled, and whose later ones answer at once. */
export function stuckOnceGreeter(): GreeterServer & { cancelled: boolean } {
  let calls = 0;
  const stuck = {
    ...greeter,
    cancelled: false,
    async sayHello(request: { name: string }, context: { signal: AbortSignal }) {
      if (++calls === 1) {
        await new Promise((resolve) => context.signal.addEventListener("abort", resolve));
        stuck.cancelled = true;
      }
      return { message: `Hello, ${request.name}! (attempt ${calls})` };
    },
  };
  return stuck;
}
