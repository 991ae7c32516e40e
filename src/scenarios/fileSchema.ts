/**
 * The JSON Schema of scenario files (`chatty-sim schema` prints it). It describes the shape;
 * `file.ts` checks the same shape and, beyond it, what a schema cannot say (a node named in
 * a link is a node of the world, a latency's min is not above its max), naming the place.
 */
import { VARIANTS } from "../nodes/index.js";
import { ORDERINGS, PROFILES } from "../sim/index.js";
import { CUSTOM_KINDS } from "./customChecks.js";
import { FILE_FORMAT, PLAIN_CHECKS } from "./file.js";

const duration = { description: 'a duration: "250us", "5ms", "1.5s", or an integer of microseconds', oneOf: [{ type: "string", pattern: "^\\s*\\d+(\\.\\d+)?\\s*(us|µs|ms|s)?\\s*$" }, { type: "integer", minimum: 0 }] };
const latency = { type: "string", description: 'a latency as on the command line: "5ms", "uniform:1ms..20ms", "exp:10ms", "exp:10ms+1ms", "lognormal:40ms,0.5"' };
const prob = { type: "number", minimum: 0, maximum: 1 };
const node = { type: "string", minLength: 1, description: "a node of the world, name@host" };
const nodes = { type: "array", items: node };
const text = { type: "string", minLength: 1 };
const closed = (properties: Record<string, unknown>, required: readonly string[] = []): Record<string, unknown> => ({ type: "object", additionalProperties: false, properties, required });
const link = { latency, loss: prob, duplicate: prob, ordering: { enum: ORDERINGS } };
const registered = closed({ name: { ...text, description: "a registered name (default myserver)" }, node }, ["node"]);
const fault = (op: string, props: Record<string, unknown>, required: readonly string[] = []): Record<string, unknown> => closed({ at: duration, op: { const: op }, ...props }, ["at", "op", ...required]);
const custom = (kind: string, props: Record<string, unknown> = {}, required: readonly string[] = []): Record<string, unknown> => closed({ kind: { const: kind }, ...props }, ["kind", ...required]);

const common = { $schema: { type: "string" }, format: { const: FILE_FORMAT }, name: text, title: text, about: text };
const network = (perLink: boolean): Record<string, unknown> => closed({ profile: { enum: Object.keys(PROFILES) }, ...link, ...(perLink ? { links: { type: "array", items: closed({ from: node, to: node, ...link }, ["from", "to"]) } } : {}) }, ["profile"]);
const until = { ...duration, description: "run until this time at the latest" };
const REQUIRED = ["format", "system", "network", "clients", "until", "checks"];
const crash = (key: string): Record<string, unknown> => closed({ at: duration, [key]: { const: "crash" }, reason: {} }, ["at", key]);
const faults = {
  type: "array",
  items: {
    oneOf: [
      fault("inject", { to: registered, msg: {} }, ["to", "msg"]),
      ...["crash", "restart", "pause", "resume"].map((op) => fault(op, { node }, ["node"])),
      fault("kill", { target: registered, reason: {} }, ["target"]),
      fault("partition", { a: nodes, b: nodes, oneWay: { type: "boolean" } }, ["a", "b"]),
      fault("heal", { a: nodes, b: nodes }),
      fault("set-loss", { from: nodes, to: nodes, p: prob }, ["p"]),
      fault("set-latency", { from: nodes, to: nodes, latency }, ["latency"]),
    ],
  },
};
const checks = {
  type: "array",
  items: {
    oneOf: [
      { enum: PLAIN_CHECKS },
      ...PLAIN_CHECKS.map((k) => custom(k)),
      custom("liveness", { from: duration }, ["from"]),
      ...CUSTOM_KINDS.map((k) => {
        switch (k) {
          case "clients-told":
            return custom(k, { name: text, since: duration, who: { type: "array", items: text }, server: node }, ["name", "since"]);
          case "server-survives":
            return custom(k, { node }, ["node"]);
          case "leaves-shown":
            return custom(k, { who: { type: "array", items: text }, since: duration }, ["who", "since"]);
          case "reach":
            return custom(k, { name: text, from: duration, until: duration, senders: { type: "array", items: text }, receivers: { type: "array", items: text } }, ["name", "from", "senders", "receivers"]);
          case "told-server-left":
            return custom(k, { cases: { type: "array", items: closed({ client: { type: "integer", minimum: 0 }, server: node, at: duration }, ["client", "server", "at"]) } }, ["cases"]);
          case "idle-user-kicked":
            return custom(k, { client: text, maxIdle: duration, checkPeriod: duration }, ["client", "maxIdle", "checkPeriod"]);
          case "others-told":
          case "active-users-kept":
            return custom(k, { client: text }, ["client"]);
          default:
            return custom(k);
        }
      }),
    ],
  },
};

/** The schema, as a JSON value. */
/** A server role's code: a variant, or a module file written against the process API (see the README). */
const SERVER_CODE = { anyOf: [{ enum: VARIANTS }, { type: "string", pattern: "\\.(?:m?js|cjs|m?ts|cts)$" }] } as const;

export const SCENARIO_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "chatty-sim-scenario-1.schema.json",
  title: "chatty-sim scenario file",
  description: "A world of one system (server, server2, theychat or idle): nodes and roles, network, workload, fault timeline and checks. Run it with `chatty-sim run FILE.json`.",
  oneOf: [
    closed(
      {
        ...common,
        system: { enum: ["server", "server2"], description: "one central server, or replicated server2 servers" },
        variant: { enum: VARIANTS, description: "node code of every role (the default of --set variant)" },
        roles: {
          ...closed({ server: SERVER_CODE, server2: SERVER_CODE, client: { enum: VARIANTS } }),
          description: "node code per role, over `variant`: a variant, or (server, server2) a user's module file, relative to this file",
        },
        network: network(true),
        serverCosts: closed({ receiveCost: duration, sendCost: duration }),
        netTicktime: { ...duration, description: "every node's net_ticktime: a partition shorter than 3/4 of it loses nothing (Erlang's 60 s by default)" },
        servers: {
          type: "array",
          minItems: 1,
          items: closed({ node, at: { ...duration, description: "when start is typed" }, boot: { type: "integer", minimum: 0, description: "server2: index of an earlier server to join through" } }, ["node"]),
        },
        clients: {
          type: "array",
          minItems: 1,
          items: closed(
            {
              name: text,
              node,
              server: { type: "integer", minimum: 0, description: "index of the server it joins" },
              at: duration,
              actions: {
                type: "array",
                items: {
                  oneOf: [closed({ at: duration, do: { const: "send" }, text }, ["at", "do", "text"]), closed({ at: duration, do: { const: "leave" } }, ["at", "do"]), closed({ at: duration, do: { const: "crash" }, reason: {} }, ["at", "do"])],
                },
              },
              replies: { type: "array", items: closed({ from: text, text, think: duration, reply: text }, ["from", "text", "think", "reply"]) },
            },
            ["name", "node", "server"],
          ),
        },
        faults,
        until,
        checks,
      },
      [...REQUIRED, "servers"],
    ),
    closed(
      {
        ...common,
        system: { const: "theychat", description: "TheyChat: a router, its monitor and a supervised chat server per topic" },
        network: network(false),
        topics: { type: "array", minItems: 1, items: closed({ topic: text, node }, ["topic"]) },
        backup: { type: "boolean", description: "false: restarted processes start without their state (the failing baseline); default true" },
        clients: {
          type: "array",
          items: closed(
            {
              name: text,
              node,
              script: {
                type: "array",
                items: {
                  oneOf: [
                    closed({ at: duration, op: { enum: ["join", "leave"] }, topic: text }, ["at", "op", "topic"]),
                    closed({ at: duration, op: { const: "send" }, topic: text, text }, ["at", "op", "topic", "text"]),
                    crash("op"),
                  ],
                },
              },
            },
            ["name", "script"],
          ),
        },
        faults,
        until,
        checks,
      },
      [...REQUIRED, "topics"],
    ),
    closed(
      {
        ...common,
        system: { const: "idle", description: "the idle-timeout chat: telnet users, one main process, an idle updater" },
        network: network(false),
        maxIdle: duration,
        checkPeriod: duration,
        maxPseudoLength: { type: "integer", minimum: 1, maximum: 100 },
        clients: {
          type: "array",
          items: closed(
            {
              name: text,
              node,
              connectAt: duration,
              script: { type: "array", items: { oneOf: [closed({ at: duration, op: { const: "line" }, text: { type: "string" } }, ["at", "op", "text"]), closed({ at: duration, op: { const: "hangup" } }, ["at", "op"]), crash("op")] } },
            },
            ["name", "script"],
          ),
        },
        until,
        checks,
      },
      [...REQUIRED, "maxIdle", "checkPeriod", "maxPseudoLength"],
    ),
  ],
} as const;
