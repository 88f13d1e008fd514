import type * as tls from "node:tls";

/** TLS settings of a server (PEM). Node's secure defaults apply otherwise (TLS 1.2+, its cipher list). */
export interface ServerTlsOptions {
  /** The server's certificate chain. */
  cert: string | Buffer;
  /** The private key of `cert`. */
  key: string | Buffer;
  /** CAs that client certificates must chain to (mutual TLS). Default: Node's bundled roots. */
  ca?: string | Buffer | (string | Buffer)[];
  /** Mutual TLS: ask every client for a certificate and refuse connections without a valid one. Default false. */
  requireClientCert?: boolean;
}

/** The certificate part of the options, for a new secure context (also on reload). */
export function secureContextOptions(options: ServerTlsOptions): tls.SecureContextOptions {
  if (options.cert === undefined || options.key === undefined) {
    throw new TypeError("Server option tls needs both cert and key (PEM)");
  }
  const out: tls.SecureContextOptions = { cert: options.cert, key: options.key };
  if (options.ca !== undefined) out.ca = options.ca;
  return out;
}

/** Options for `http2.createSecureServer`: ALPN h2 only, client certificates when asked. */
export function secureServerOptions(options: ServerTlsOptions): tls.TlsOptions & { allowHTTP1: false } {
  const requireClientCert = options.requireClientCert ?? false;
  return {
    ...secureContextOptions(options),
    ALPNProtocols: ["h2"],
    allowHTTP1: false,
    requestCert: requireClientCert,
    rejectUnauthorized: requireClientCert,
  };
}
