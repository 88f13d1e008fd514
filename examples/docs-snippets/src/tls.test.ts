import { fileURLToPath } from "node:url";
import { type ChannelOptions, Code, createChannel, type RpcError } from "h2rpc";
import { afterEach, expect, test } from "vitest";
import { createGreeterClient } from "./gen/helloworld/greeter.h2rpc.js";
import { type CertificatePaths, mtlsChannel, rotate, startTlsServer, tlsChannel } from "./tls.js";

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../../packages/h2rpc/test-fixtures/tls/${name}`, import.meta.url));
const paths: CertificatePaths = {
  ca: fixture("ca.crt"),
  serverCert: fixture("server.crt"),
  serverKey: fixture("server.key"),
  clientCert: fixture("client.crt"),
  clientKey: fixture("client.key"),
};

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

test("TLS: a client trusting the CA gets through, and after a certificate rotation too", async () => {
  const { server, port } = await startTlsServer(paths, false);
  cleanups.push(() => server.forceShutdown());
  const channel = tlsChannel(paths, port);
  cleanups.push(() => channel.close());
  expect(await createGreeterClient(channel).sayHello({ name: "Ada" })).toEqual({ message: "Hello, Ada!" });

  rotate(server, { ...paths, serverCert: fixture("server2.crt"), serverKey: fixture("server2.key") });
  const fresh = tlsChannel(paths, port);
  cleanups.push(() => fresh.close());
  expect(await createGreeterClient(fresh).sayHello({ name: "Ada" })).toEqual({ message: "Hello, Ada!" });
});

test("mutual TLS: the client certificate is required", async () => {
  const { server, port } = await startTlsServer(paths, true);
  cleanups.push(() => server.forceShutdown());
  const channel = mtlsChannel(paths, port);
  cleanups.push(() => channel.close());
  expect(await createGreeterClient(channel).sayHello({ name: "Ada" })).toEqual({ message: "Hello, Ada!" });

  const anonymous = tlsChannel(paths, port);
  cleanups.push(() => anonymous.close());
  const error = (await createGreeterClient(anonymous)
    .sayHello({ name: "Ada" })
    .catch((e: unknown) => e)) as RpcError;
  expect(error.code).toBe(Code.UNAVAILABLE);
  expect(error.rawMessage).toMatch(/client certificate/);
});

test("TLS mismatches and untrusted certificates fail with messages that say what to change", async () => {
  const { server, port } = await startTlsServer(paths, false);
  cleanups.push(() => server.forceShutdown());
  const cases: [ChannelOptions, RegExp][] = [
    [
      {},
      /^Connection to 127\.0\.0\.1:\d+ closed before the HTTP\/2 handshake completed \(if the server uses TLS, set the channel's tls option\)$/,
    ],
    [
      { tls: true },
      /^TLS certificate of 127\.0\.0\.1:\d+ rejected \(UNABLE_TO_VERIFY_LEAF_SIGNATURE: .*trust its CA with tls\.ca/,
    ],
  ];
  for (const [options, message] of cases) {
    const channel = createChannel(`127.0.0.1:${port}`, options);
    cleanups.push(() => channel.close());
    const error = (await createGreeterClient(channel)
      .sayHello({ name: "Ada" })
      .catch((e: unknown) => e)) as RpcError;
    expect(error.code).toBe(Code.UNAVAILABLE);
    expect(error.rawMessage).toMatch(message);
  }
});
