const CONNECTION = `Where the schema comes from:
  (default)               the server's reflection service (grpc.reflection.v1, else v1alpha)
  --proto <file>          local .proto files instead (repeatable); HOST:PORT is then only
                          needed by call
  -I, --import-path <dir> directories --proto files and their imports are looked up in
                          (repeatable)

Connection:
  -H, --header 'key: value'  request metadata, also sent to reflection (repeatable);
                          -bin keys take base64
  --timeout <duration>    deadline of the whole command: 5s, 500ms, 1m, or seconds
  --plaintext             h2c without TLS (default)
  --tls                   TLS, verified against the system's CAs
  --cacert <file>         TLS, verified against this CA (PEM)
  --cert <file> --key <file>  client certificate and key (mutual TLS)
  --servername <name>     name to verify the server certificate against (and SNI)
  --insecure              TLS without verifying the server certificate (tests only)
  -h, --help              show this help

Failures print "ERROR: <CODE_NAME>: <message>" for a gRPC status (exit code 1), the
problem otherwise (1), or the usage mistake (2).
`;

/** `h2rpc <command> --help` texts. */
export const HELP = {
  list: `Usage: h2rpc list HOST:PORT [SERVICE] [options]
       h2rpc list --proto <file> [SERVICE] [options]

Lists the services of a server, one full name a line; with SERVICE, lists its methods
(pkg.Service.Method).

${CONNECTION}`,
  describe: `Usage: h2rpc describe HOST:PORT [SYMBOL] [options]
       h2rpc describe --proto <file> [SYMBOL] [options]

Shows a service, method, message, enum or field as .proto source ("helloworld.Greeter is
a service:" then its definition). Without SYMBOL, shows every service.

${CONNECTION}`,
  call: `Usage: h2rpc call HOST:PORT pkg.Service/Method [JSON] [options]

Calls a method and prints each response as one line of JSON (canonical proto3 JSON).

Requests:
  JSON                    the request(s) as JSON; several values make a request stream
  -d, --data <json>       the same, as a flag
  -d @                    read requests from standard input: JSON values (one a line, or
                          one after another), sent as they arrive, for streaming methods
  -d @<file>              read requests from a file
  Without requests, a unary or server-streaming method gets {} and a client- or
  bidi-streaming method an empty stream.
  -v, --verbose           print response headers and trailers on standard error

Example:
  h2rpc call localhost:50051 helloworld.Greeter/SayHello '{"name":"Ada"}'
  printf '{"name":"a"}\\n{"name":"b"}\\n' | h2rpc call localhost:50051 helloworld.Greeter/Chat -d @

${CONNECTION}`,
} as const;
