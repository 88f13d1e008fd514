import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../test-support/run-cli.js";
import { PACKAGE_DIR, startGreeterServer, type TestServer, tlsFixture } from "../test-support/servers.js";

const fixture = (name: string) => `${PACKAGE_DIR}../h2rpc/test-fixtures/tls/${name}`;

describe("h2rpc call over TLS", () => {
  let tls: TestServer;
  let mtls: TestServer;
  beforeAll(async () => {
    const cert = { cert: tlsFixture("server.crt"), key: tlsFixture("server.key") };
    tls = await startGreeterServer({}, { tls: cert });
    mtls = await startGreeterServer({}, { tls: { ...cert, ca: tlsFixture("ca.crt"), requireClientCert: true } });
  });
  afterAll(() => Promise.all([tls.close(), mtls.close()]));

  const sayHello = (target: string, ...flags: string[]) =>
    runCli(["call", target, "helloworld.Greeter/SayHello", '{"name":"tls"}', ...flags]);

  it("verifies the server against --cacert, with --servername when the target's name differs", async () => {
    expect((await sayHello(tls.target, "--cacert", fixture("ca.crt"))).stdout).toBe('{"message":"Hello, tls!"}\n');
    const port = tls.target.split(":")[1];
    const renamed = await sayHello(
      `127.0.0.1:${port}`,
      "--cacert",
      fixture("ca.crt"),
      "--servername",
      "server.test.h2rpc",
    );
    expect(renamed.stdout).toBe('{"message":"Hello, tls!"}\n');
  });

  it("fails UNAVAILABLE against an unknown CA unless --insecure, and in plaintext", async () => {
    const untrusted = await sayHello(tls.target, "--tls", "--timeout", "5s");
    expect(untrusted.exitCode).toBe(1);
    expect(untrusted.stderr).toMatch(/^ERROR: UNAVAILABLE: /);
    expect((await sayHello(tls.target, "--insecure")).exitCode).toBe(0);
    expect((await sayHello(tls.target, "--timeout", "5s")).exitCode).toBe(1);
  });

  it("presents a client certificate with --cert and --key (mutual TLS)", async () => {
    const withCert = ["--cacert", fixture("ca.crt"), "--cert", fixture("client.crt"), "--key", fixture("client.key")];
    expect(await sayHello(mtls.target, ...withCert)).toEqual({
      exitCode: 0,
      stdout: '{"message":"Hello, tls!"}\n',
      stderr: "",
    });
    expect((await runCli(["list", mtls.target, ...withCert])).stdout).toContain("helloworld.Greeter\n");
    expect((await sayHello(mtls.target, "--cacert", fixture("ca.crt"), "--timeout", "5s")).exitCode).toBe(1);
  });

  it("exits 1 when a certificate file cannot be read", async () => {
    expect(await sayHello(tls.target, "--cacert", "nope.pem")).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: "h2rpc call: --cacert: cannot read nope.pem: ENOENT\n",
    });
  });
});
