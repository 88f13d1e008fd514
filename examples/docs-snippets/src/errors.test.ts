import { createChannel, type Server } from "h2rpc";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { describeOutcome, explainFailure, startStrictInventory } from "./errors.js";

let server: Server;
let target: string;
beforeAll(async () => {
  const started = await startStrictInventory();
  server = started.server;
  target = `127.0.0.1:${started.port}`;
});
afterAll(() => server.close());

test("statuses, messages and trailing metadata reach the client", async () => {
  const channel = createChannel(target);
  expect(await describeOutcome(channel, "sku-1")).toBe("5 left");
  expect(await describeOutcome(channel, "")).toBe("bad request: sku is required");
  expect(await describeOutcome(channel, "nope")).toBe("unknown item (catalog 42)");
  channel.close();
});

test("an unexpected exception is UNKNOWN for the client and reaches onHandlerError", async () => {
  const errorLog = vi.spyOn(console, "error").mockImplementation(() => {});
  const channel = createChannel(target);
  try {
    expect(await describeOutcome(channel, "sku-bug")).toBe("UNKNOWN: Unexpected error in the server handler");
    expect(errorLog).toHaveBeenCalledTimes(1);
    expect(errorLog.mock.calls[0]?.[0]).toMatch(/^\/inventory.v1.Inventory\/GetStock from 127\.0\.0\.1:\d+ failed:$/);
    expect(errorLog.mock.calls[0]?.[1]).toBeInstanceOf(SyntaxError);
  } finally {
    channel.close();
    errorLog.mockRestore();
  }
});

test("rich error details, standard and custom, are found by type", async () => {
  const channel = createChannel(target);
  const explained = await explainFailure(channel, "sku-0");
  channel.close();
  expect(explained).toBe(
    "OUT_OF_STOCK: 0 left, retry in 30 s, see https://example.com/restock (" +
      "type.googleapis.com/google.rpc.ErrorInfo, type.googleapis.com/google.rpc.RetryInfo, " +
      "type.googleapis.com/google.rpc.Help, type.googleapis.com/inventory.v1.OutOfStock)",
  );
});
