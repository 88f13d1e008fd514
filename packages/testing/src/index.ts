// Public API of @h2rpc/testing. Everything not listed here is internal.

export { createDuplexPair } from "./duplex-pair.js";
export { createInProcessChannel, type InProcessChannelOptions } from "./in-process-channel.js";
export { type Leak, LeakError } from "./leak-error.js";
export { startTestServer, type TestServer, type TestServerOptions } from "./test-server.js";
export {
  type LeakCheckOptions,
  type LeakCheckTargets,
  type LeakTracker,
  trackLeaks,
} from "./track-leaks.js";
