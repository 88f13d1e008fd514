import { Code, createChannel, createServer, type RpcError } from "h2rpc";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createRouteGuideClient, RouteGuideService } from "./gen/routeguide/route_guide.h2rpc.js";
import { createRouteGuide } from "./route-guide-service.js";
import { tour } from "./tour.js";

let target = "";
let stop: () => Promise<void>;
beforeAll(async () => {
  const server = createServer().add(RouteGuideService, createRouteGuide());
  target = `127.0.0.1:${await server.listen("127.0.0.1:0")}`;
  stop = () => server.close();
});
afterAll(() => stop());

test("the tour: one call of each kind", async () => {
  const channel = createChannel(target);
  const lines = await tour(createRouteGuideClient(channel));
  channel.close();
  expect(lines).toEqual([
    "GetFeature: Ferry Building",
    "ListFeatures: Ferry Building",
    "ListFeatures: Coit Tower",
    "ListFeatures: Twin Peaks",
    "RecordRoute: 3 points, 3 features, 7971 m",
    "RouteChat: first",
  ]);
});

test("a rectangle without corners is INVALID_ARGUMENT", async () => {
  const channel = createChannel(target);
  const client = createRouteGuideClient(channel);
  let code: number | undefined;
  try {
    for await (const _ of client.listFeatures({}));
  } catch (e) {
    code = (e as RpcError).code;
  }
  channel.close();
  expect(code).toBe(Code.INVALID_ARGUMENT);
});
