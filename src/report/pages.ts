/**
 * The report's pages: which scenario runs each page shows, which claims it settles, and
 * which student answers it sets beside them. Data only; `generate.ts` runs and renders.
 */
import type { Topic } from "./students.js";

/** A run shown on a page: scenario, label and `--set` pairs (seed 1). */
export interface ShownRun {
  readonly label: string;
  readonly scenario: string;
  readonly sets: readonly (readonly [string, string])[];
}

/** A page of the report. */
export interface Page {
  /** File name under `reports/`, without `.md`. */
  readonly file: string;
  readonly title: string;
  /** What the page answers, as the index shows it. */
  readonly kind: "milestone" | "question" | "failure" | "theychat" | "idle";
  /** The `question` field of the claims it settles. */
  readonly claims: readonly string[];
  readonly runs: readonly ShownRun[];
  /** Student answers shown beside the runs. */
  readonly students: readonly Topic[];
  /** Whether the scalability sweep is shown. */
  readonly scale?: boolean;
  /** Whether the knee's sweep over send cost and line rate is shown. */
  readonly knee?: boolean;
  /** Whether (j)'s side-by-side tables (the comparison and the failures) are shown. */
  readonly compare?: boolean;
  /** What a real deployment needs that the model leaves out, one point each. */
  readonly outside?: readonly string[];
}

const both = (scenario: string, extra: readonly (readonly [string, string])[] = []): ShownRun[] => [
  { label: "handout", scenario, sets: extra },
  { label: "fixed", scenario, sets: [...extra, ["variant", "fixed"]] },
];
const one = (scenario: string, label = "handout", sets: readonly (readonly [string, string])[] = []): ShownRun => ({ label, scenario, sets });

/** MS3 across machines: what real distributed Erlang needs before the first message, none of which the model has. */
const MS3_OUTSIDE: readonly string[] = [
  "Node names: each VM must be started with `-name chat@host` (or `-sname` on one network), and the host part must resolve on every other machine; the model's nodes simply have their names.",
  "Cookies: two nodes connect only if they share a magic cookie (`-setcookie`, or the same `~/.erlang.cookie`); the model has no cookie check, so a wrong cookie, which real nodes report as a refused connection, cannot happen in it.",
  "EPMD: each machine runs the Erlang port mapper (port 4369), which tells a connecting node the distribution port; firewalls must let both through. The model has no EPMD and no ports: a link is only latency, loss and ordering.",
];

/** A TheyChat failure's page: the system as built, and the failing baseline without state backup beside it. */
function theyChatFailure(file: string, title: string): Page {
  return { file, title, kind: "theychat", claims: [file], runs: [one(file, "TheyChat"), one(file, "baseline without state backup", [["backup", "no"]])], students: [] };
}

/** Every page, in index order. */
export const PAGES: readonly Page[] = [
  { file: "ms1", title: "MS1: three clients on one server", kind: "milestone", claims: ["ms1"], runs: [one("ms1")], students: ["MS1"] },
  { file: "ms2", title: "MS2: the server disconnects", kind: "milestone", claims: ["b"], runs: both("ms2"), students: ["MS2"] },
  { file: "ms3", title: "MS3: three clients on three machines over a WAN", kind: "milestone", claims: [], runs: [one("ms3")], students: ["MS3"], outside: MS3_OUTSIDE },
  { file: "ms4", title: "MS4: three server2 servers with clients on each", kind: "milestone", claims: ["ms4"], runs: [one("ms4")], students: ["MS4"] },
  { file: "ms5", title: "MS5: a server2 server disconnects", kind: "milestone", claims: [], runs: both("ms5"), students: ["MS5"] },
  { file: "q-a", title: "(a) Does the central server scale?", kind: "question", claims: [], runs: [one("q-a", "handout, 100 clients", [["clients", "100"]])], students: ["a"], scale: true, knee: true },
  { file: "q-b", title: "(b) What happens if the server disconnects?", kind: "question", claims: ["b"], runs: both("q-b"), students: ["b"] },
  { file: "q-c", title: "(c) Is one client's order kept?", kind: "question", claims: ["c"], runs: [one("q-c"), one("q-c", "ordering none", [["ordering", "none"]])], students: ["c"] },
  { file: "q-d", title: "(d) Are concurrent messages delivered in the order issued?", kind: "question", claims: ["d"], runs: [one("q-d", "server"), one("q-d", "server2", [["system", "server2"]])], students: ["d"] },
  { file: "q-e", title: "(e) Can a reply overtake the message it answers?", kind: "question", claims: ["e"], runs: [one("q-e", "server"), one("q-e", "server2", [["system", "server2"]])], students: ["e"] },
  { file: "q-f", title: "(f) Joining or leaving during a broadcast", kind: "question", claims: ["f"], runs: [one("q-f")], students: ["f"] },
  { file: "q-g", title: "(g) What happens if a server2 server disconnects?", kind: "question", claims: ["g"], runs: both("q-g"), students: ["g"] },
  { file: "q-h", title: "(h) Do (c), (d) and (e) still hold with server2?", kind: "question", claims: ["h"], runs: [one("q-h")], students: ["h"] },
  { file: "q-i", title: "(i) Concurrent server joins and leaves", kind: "question", claims: ["i"], runs: both("q-i"), students: ["i"] },
  { file: "q-j", title: "(j) server2 against server: scalability, fault tolerance, hops", kind: "question", claims: ["j"], runs: [one("q-j", "server2, 100 clients", [["clients", "100"]])], students: ["j"], scale: true, compare: true },
  { file: "unsupported-message", title: "A stray message to the server", kind: "failure", claims: ["unsupported-message"], runs: both("unsupported-message"), students: [] },
  { file: "server2-unsupported-message", title: "A stray message to a server2 server", kind: "failure", claims: ["server2-unsupported-message"], runs: both("server2-unsupported-message"), students: [] },
  { file: "server-crash", title: "The server's node crashes", kind: "failure", claims: ["server-crash"], runs: both("server-crash"), students: [] },
  { file: "server-restart", title: "The single server crashes and is started again", kind: "failure", claims: ["server-restart"], runs: both("server-restart"), students: [] },
  { file: "rejoin-after-crash", title: "A server2 node crashes, restarts and rejoins (figure 9)", kind: "failure", claims: ["rejoin-after-crash"], runs: both("rejoin-after-crash"), students: [] },
  { file: "partition", title: "server2 split by a partition, then healed", kind: "failure", claims: ["partition"], runs: [one("partition", "a 1 s cut, tick time 60 s"), one("partition", "a 90 s cut, longer than the tick time", [["cut", "90s"]])], students: [] },
  theyChatFailure("theychat-router-crash", "TheyChat: the router crashes"),
  theyChatFailure("theychat-router-monitor-crash", "TheyChat: the router monitor crashes"),
  theyChatFailure("theychat-server-crash", "TheyChat: a chat server crashes"),
  theyChatFailure("theychat-server-monitor-crash", "TheyChat: a server monitor crashes"),
  theyChatFailure("theychat-server-vm-crash", "TheyChat: the chat server's whole VM crashes"),
  theyChatFailure("theychat-router-vm-crash", "TheyChat: the router's whole VM crashes"),
  { file: "theychat-client-crash", title: "TheyChat: a client crashes", kind: "theychat", claims: ["theychat-client-crash"], runs: [one("theychat-client-crash", "TheyChat")], students: [] },
  { file: "theychat-topics", title: "TheyChat: several topics", kind: "theychat", claims: ["theychat-topics"], runs: [one("theychat-topics", "TheyChat")], students: [] },
  { file: "idle-chat", title: "The idle-timeout chat", kind: "idle", claims: ["idle"], runs: [one("idle-timeout", "idle timeout"), one("pseudonym-validation", "pseudonyms")], students: [] },
];
