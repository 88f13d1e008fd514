// A test server in its own process (so tests can SIGKILL or SIGSTOP it), on the built runtime.
// Usage: node child-server.mjs [port]   → prints "LISTENING <port>"
import { createServer } from "../../dist/index.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const Text = {
  encode: (m) => ({ finish: () => encoder.encode(m.label ?? "") }),
  decode: (b) => ({ label: decoder.decode(b) }),
  fromPartial: (o) => ({ label: o.label ?? "" }),
};
const method = (name, requestStream, responseStream) => ({
  name,
  path: `/h2rpc.test.Child/${name}`,
  requestType: Text,
  responseType: Text,
  requestStream,
  responseStream,
});
const ChildService = {
  name: "Child",
  fullName: "h2rpc.test.Child",
  methods: { echo: method("Echo", false, false), ticks: method("Ticks", false, true) },
};
const server = createServer().add(ChildService, {
  echo: (req) => ({ label: `${process.pid}:${req.label}` }),
  async *ticks(_req, ctx) {
    for (let i = 0; !ctx.signal.aborted; i++) {
      yield { label: String(i) };
      await new Promise((r) => setTimeout(r, 50));
    }
  },
});
const port = await server.listen(`127.0.0.1:${process.argv[2] ?? 0}`);
console.log(`LISTENING ${port}`);
process.on("SIGTERM", () => void server.close({ graceMs: 500 }).then(() => process.exit(0)));
