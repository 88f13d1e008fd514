// Samples of docs/tls.md. tls.test.ts runs them with the runtime's test certificates
// (packages/h2rpc/test-fixtures/tls: a CA, a server certificate for localhost/127.0.0.1, a client one).
import { readFileSync } from "node:fs";
import { type Channel, createChannel, createServer, type Server } from "h2rpc";
import { greeter } from "./calls.js";
import { GreeterService } from "./gen/helloworld/greeter.h2rpc.js";

/** Where the PEM files are. */
export interface CertificatePaths {
  /** The CA both sides trust. */
  readonly ca: string;
  /** The server's certificate chain and key. */
  readonly serverCert: string;
  readonly serverKey: string;
  /** The client's certificate and key, for mutual TLS. */
  readonly clientCert: string;
  readonly clientKey: string;
}

/** A TLS server; with `mutual`, clients must present a certificate from the CA. */
export async function startTlsServer(
  paths: CertificatePaths,
  mutual: boolean,
): Promise<{ server: Server; port: number }> {
  if (!mutual) {
    // #region server-tls
    const server = createServer({
      tls: { cert: readFileSync(paths.serverCert), key: readFileSync(paths.serverKey) }, // PEM chain and key
    }).add(GreeterService, greeter);
    // #endregion
    return { server, port: await server.listen("127.0.0.1:0") };
  }
  // #region server-mtls
  const server = createServer({
    tls: {
      cert: readFileSync(paths.serverCert),
      key: readFileSync(paths.serverKey),
      ca: readFileSync(paths.ca), // client certificates must chain to this CA...
      requireClientCert: true, // ...and are required: a client without one fails its handshake
    },
  }).add(GreeterService, greeter);
  // #endregion
  return { server, port: await server.listen("127.0.0.1:0") };
}

/** A channel that trusts the test CA (server authentication only). */
export function tlsChannel(paths: CertificatePaths, port: number): Channel {
  // #region client-tls
  const channel = createChannel(`localhost:${port}`, {
    tls: { ca: readFileSync(paths.ca) }, // or tls: true for Node's bundled CAs; or an https:// target
  });
  // #endregion
  return channel;
}

/** A channel that presents the test client certificate (mutual TLS). */
export function mtlsChannel(paths: CertificatePaths, port: number): Channel {
  // #region client-mtls
  const channel = createChannel(`127.0.0.1:${port}`, {
    // a function is called for every new connection: rotated files are picked up without a restart
    tls: () => ({
      ca: readFileSync(paths.ca),
      cert: readFileSync(paths.clientCert),
      key: readFileSync(paths.clientKey),
      serverName: "server.test.h2rpc", // verify (and send as SNI) this name instead of the target's host
    }),
  });
  // #endregion
  return channel;
}

/** Swaps a running TLS server's certificate. */
export function rotate(server: Server, paths: CertificatePaths): void {
  // #region rotate
  // new connections get the new certificate; open ones keep theirs
  server.setTls({
    cert: readFileSync(paths.serverCert),
    key: readFileSync(paths.serverKey),
    ca: readFileSync(paths.ca),
  });
  // #endregion
}
