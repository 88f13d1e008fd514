import { readFileSync } from "node:fs";
import { afterEach, describe, expect, test } from "vitest";
import { createClient } from "../client/create-client.js";
import { Code } from "../core/code.js";
import type { RpcError } from "../core/rpc-error.js";
import { createServer, type ServerOptions } from "../server/create-server.js";
import { TestService } from "../test-support/bytes-service.js";
import { rejection } from "../test-support/loopback.js";
import { type ChannelOptions, createChannel } from "./channel.js";

const pem = (name: string) => readFileSync(new URL(`../../test-fixtures/tls/${name}`, import.meta.url));
const ca = pem("ca.crt");
const serverCert = { cert: pem("server.crt"), key: pem("server.key") };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(options: ServerOptions) {
  const server = createServer({ ...options, onHandlerError: () => {} }).add(TestService, {
    unary: (_r, ctx) => ({ label: ctx.peer }),
    serverStream: () => [],
    clientStream: async () => ({}),
    bidi: () => [],
  });
  const port = await server.listen("127.0.0.1:0");
  cleanups.push(() => server.forceShutdown());
  return { server, port };
}

function client(target: string, options: ChannelOptions) {
  const channel = createChannel(target, { connectTimeoutMs: 2000, ...options });
  cleanups.push(() => channel.close());
  return createClient(TestService, channel);
}

describe("TLS", () => {
  test("TLS with ALPN h2: a client trusting the CA connects (IP target and host-name override)", async () => {
    const { port } = await serve({ tls: serverCert });
    await expect(client(`127.0.0.1:${port}`, { tls: { ca } }).unary({})).resolves.toBeDefined();
    await expect(client(`localhost:${port}`, { tls: { ca } }).unary({})).resolves.toBeDefined();
    await expect(
      client(`127.0.0.1:${port}`, { tls: { ca, serverName: "server.test.h2rpc" } }).unary({}),
    ).resolves.toBeDefined();
  });

  test("an untrusted certificate is refused with a message that says what to do", async () => {
    const { port } = await serve({ tls: serverCert });
    const error = (await rejection(client(`127.0.0.1:${port}`, { tls: true }).unary({}))) as RpcError;
    expect(error.code).toBe(Code.UNAVAILABLE);
    expect(error.message).toMatch(/certificate.*tls\.ca/);
    const wrongName = (await rejection(
      client(`127.0.0.1:${port}`, { tls: { ca, serverName: "other.example" } }).unary({}),
    )) as RpcError;
    expect(wrongName.code).toBe(Code.UNAVAILABLE);
  });

  test("mutual TLS: a client certificate from the trusted CA is required", async () => {
    const { port } = await serve({ tls: { ...serverCert, ca, requireClientCert: true } });
    const withCert = client(`127.0.0.1:${port}`, { tls: { ca, cert: pem("client.crt"), key: pem("client.key") } });
    await expect(withCert.unary({})).resolves.toBeDefined();
    const noCert = (await rejection(client(`127.0.0.1:${port}`, { tls: { ca } }).unary({}))) as RpcError;
    expect(noCert.code).toBe(Code.UNAVAILABLE);
    expect(noCert.message).toMatch(/client certificate/);
    const stranger = client(`127.0.0.1:${port}`, { tls: { ca, cert: pem("stranger.crt"), key: pem("stranger.key") } });
    expect(((await rejection(stranger.unary({}))) as RpcError).code).toBe(Code.UNAVAILABLE);
  });

  test("TLS/plaintext mismatches fail fast with UNAVAILABLE and say so", async () => {
    const plain = await serve({});
    const tlsToPlain = (await rejection(client(`127.0.0.1:${plain.port}`, { tls: { ca } }).unary({}))) as RpcError;
    expect(tlsToPlain.code).toBe(Code.UNAVAILABLE);
    expect(tlsToPlain.message).toMatch(/TLS/);
    const secure = await serve({ tls: serverCert });
    const t0 = Date.now();
    const plainToTls = (await rejection(client(`127.0.0.1:${secure.port}`, {}).unary({}))) as RpcError;
    expect(plainToTls.code).toBe(Code.UNAVAILABLE);
    expect(plainToTls.message).toMatch(/TLS/);
    expect(Date.now() - t0).toBeLessThan(2500);
  });

  test("certificates reload without a restart: new connections get the new one", async () => {
    const { server, port } = await serve({ tls: serverCert });
    const { connect } = await import("node:tls");
    const fingerprint = () =>
      new Promise<string>((resolve, reject) => {
        const socket = connect({ host: "127.0.0.1", port, ca, ALPNProtocols: ["h2"], servername: "localhost" }, () => {
          resolve(socket.getPeerCertificate().subject.CN as string);
          socket.destroy();
        });
        socket.on("error", reject);
      });
    expect(await fingerprint()).toBe("h2rpc test server");
    server.setTls({ cert: pem("server2.crt"), key: pem("server2.key") });
    expect(await fingerprint()).toBe("h2rpc test server (reloaded)");
    await expect(client(`127.0.0.1:${port}`, { tls: { ca } }).unary({})).resolves.toBeDefined();
    expect(() => createServer().setTls(serverCert)).toThrow(/tls option/);
  });

  test("https:// targets use TLS by default", async () => {
    const { port } = await serve({ tls: serverCert });
    const channel = createChannel(`https://127.0.0.1:${port}`, { tls: { ca } });
    cleanups.push(() => channel.close());
    await expect(createClient(TestService, channel).unary({})).resolves.toBeDefined();
  });
});
