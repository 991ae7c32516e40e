/**
 * What the two student reports in `../shared/seeds/` answered, as data the report can set
 * beside the measured verdicts: per question (a–j) and milestone (MS1–MS5), a faithful
 * paraphrase, a short verbatim quote with its line number in the seed file, and a
 * machine-readable claim. Also what the reports observed in their runs, the fixes they
 * proposed, where their code departs from the handout, and what the Elixir report and the
 * TheyChat brief say about behaviour.
 *
 * This is transcription, not measurement: nothing here is a verdict. Every quote is checked
 * against its seed file by `test/report/students.test.ts`, so the data cannot drift from the
 * source. A question a report does not answer is left out, never guessed.
 */

/** A student report's id: the prefix of its seed file. */
export type StudentReportId = "000" | "001";

/** An open question of the handout (`002_…`, lines 179–184 and 284). */
export type Question = "a" | "b" | "c" | "d" | "e" | "f" | "g" | "h" | "i" | "j";

/** An experimental milestone of the handout (lines 174–176 and 280–281). */
export type Milestone = "MS1" | "MS2" | "MS3" | "MS4" | "MS5";

/** What an answer is about: a question or a milestone. */
export type Topic = Question | Milestone;

/** Every question, in handout order. */
export const QUESTIONS: readonly Question[] = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];

/** Every milestone, in handout order. */
export const MILESTONES: readonly Milestone[] = ["MS1", "MS2", "MS3", "MS4", "MS5"];

/** The chat system an answer or observation is about. */
export type StudentSystem = "server" | "server2";

/** A verbatim excerpt of a seed file: `text` occurs within line `line` (1-based). */
export interface Quote {
  readonly line: number;
  readonly text: string;
}

/** One student report. */
export interface StudentReport {
  readonly id: StudentReportId;
  /** The seed file's name in `../shared/seeds/`. */
  readonly file: string;
  /** Title-, author-free description. */
  readonly description: string;
  /** The year the report says it was written. */
  readonly year: number;
  /** How its questions and milestones map onto the current handout's. */
  readonly mapping: string;
}

/** The two student reports. */
export const STUDENT_REPORTS: readonly StudentReport[] = [
  {
    id: "000",
    file: "000_66074ae7afed13c4.txt",
    description: "2012 report (two authors)",
    year: 2012,
    mapping:
      "Written against the September 2012 handout (its reference [1], line 445), whose questions differ: " +
      "one ordering question stands for (c) and (d), there is no (e), the join/leave-timing question (f) is " +
      "asked again for the robust server, and (h) is asked only as 'in order?'. It has no milestone labels; " +
      "milestones are mapped by what the experiment did.",
  },
  {
    id: "001",
    file: "001_2fc5dc84426e1d9a.txt",
    description: "2016 report (three authors)",
    year: 2016,
    mapping:
      "Questions follow the current handout's (a)–(j) in order but unlabelled; its (h) calls (c), (d), (e) " +
      "'iii, iv, and v'. It has no milestone labels; milestones are mapped by what the experiment did.",
  },
];

/**
 * A claim an answer makes, in a form the runs can be compared against. `says` is what the
 * report asserts: for a property claim `holds` or `violated` (e.g. `clients-notified-on-disconnect`
 * `violated` = the clients are not told), `depends` when the report makes it conditional.
 */
interface ClaimSays {
  /** (a), (j): the design copes with more clients. */
  scales: "yes" | "no" | "depends";
  /** (j): clients see lower message latency than with one server. */
  "lower-latency": "yes" | "no" | "depends";
  /** (b): the clients are told when the server goes away. */
  "clients-notified-on-disconnect": "holds" | "violated" | "depends";
  /** (b), MS2: after the server is started again, the old clients chat again without re-joining. */
  "restart-restores-chat": "holds" | "violated" | "depends";
  /** (d): every line sent is delivered (no loss). */
  "delivery-guaranteed": "holds" | "violated" | "depends";
  /** (c), (h): one client's lines reach every client in the order sent. */
  "fifo-single-sender": "holds" | "violated" | "depends";
  /** (d), (h): lines from several clients reach every client in the order they were issued. */
  "issue-order": "holds" | "violated" | "depends";
  /** (d), (h): all clients see all lines in one common order. */
  "same-order-everywhere": "holds" | "violated" | "depends";
  /** (e), (h): no client sees a reply before the message it answers. */
  "reply-after-original": "holds" | "violated" | "depends";
  /** (f): a client that joins while a line is being broadcast gets that line. */
  "join-during-broadcast": "receives" | "does-not-receive" | "depends";
  /** (f): a client that leaves while a line is being broadcast gets that line. */
  "leave-during-broadcast": "receives" | "does-not-receive" | "depends";
  /** (g), MS5: a server2 server's clients are told when it leaves or fails. */
  "clients-notified-on-server-leave": "holds" | "violated" | "depends";
  /** (g): the other servers learn that a server crashed. */
  "servers-notified-on-server-crash": "holds" | "violated" | "depends";
  /** (g): clients of the other servers go on chatting when one server fails. */
  "other-clients-unaffected": "holds" | "violated" | "depends";
  /** (i): after concurrent server joins and leaves, the servers agree on the server list. */
  "server-lists-agree": "holds" | "violated" | "depends";
  /** (i): when a server joins or leaves, clients see its clients join or leave. */
  "clients-see-server-membership-change": "holds" | "violated" | "depends";
  /** (j): a broken link between servers cuts their clients off from each other. */
  "partition-isolates-clients": "holds" | "violated" | "depends";
  /** MS1, MS4: every client sees every line. */
  "everyone-sees-everything": "holds" | "violated" | "depends";
  /** (h): spreading the clients over several servers improves the order they see. */
  "distribution-improves-order": "yes" | "no" | "depends";
}

/**
 * The reason an answer gives for its claim, where a run can test it: `one-request-at-a-time`
 * (the server handles one request at a time, so the order holds), `no-shared-clock` (servers
 * share no clock and messages carry no timestamp, so the order is lost).
 */
export type Reasoning = "one-request-at-a-time" | "no-shared-clock";

/** The names of the claims in the vocabulary. */
export type ClaimName = keyof ClaimSays;

/** A claim and what the report says about it; `says` is typed per claim. */
export type ClaimStatement = { [C in ClaimName]: { readonly claim: C; readonly says: ClaimSays[C] } }[ClaimName];

/** Whether the report states the claim outright or it follows from what it says. */
export type Stance = "stated" | "implied";

interface AnswerBase {
  readonly report: StudentReportId;
  readonly topic: Topic;
  readonly system: StudentSystem;
  /** How the report phrased the question, where it quotes one (null for milestones). */
  readonly asked: Quote | null;
  /** Short faithful paraphrase of the answer. */
  readonly answer: string;
  /** Short verbatim quote (≤ 200 chars) of the answer. */
  readonly quote: Quote;
  /** Every line the answer spans (includes `quote.line`). */
  readonly lines: readonly number[];
  readonly stance: Stance;
  /**
   * Ids in `reports/claims.json` (with this `system`) that measure this claim; empty when
   * no measured claim matches. Checked against `CLAIMS` by the test.
   */
  readonly claimIds: readonly string[];
  /** Why the claim was read this way, or what the answer does not cover. */
  readonly note?: string;
  /** The reason the answer gives, where a run can test it. */
  readonly reasoning?: Reasoning;
}

/** What one report answered for one question or milestone, on one claim. */
export type StudentAnswer = AnswerBase & (ClaimStatement | { readonly claim: null; readonly says: null });

/** What one report answered: one entry per (report, topic, claim), in report then topic order. */
export const STUDENT_ANSWERS: readonly StudentAnswer[] = [
  // ---------------------------------------------------------------- 000 (2012)
  {
    report: "000", topic: "a", system: "server",
    asked: { line: 397, text: "Does this solution scale when the number of users increase?" },
    answer: "It still worked with 10 users, but a single centralized server spread over distant locations will not scale; clients nearer the server get a different service.",
    quote: { line: 399, text: "by having only one centralized server this solution won't scale" },
    lines: [399], stance: "stated", claimIds: [],
    claim: "scales", says: "no",
    note: "The conclusion repeats it: 'The simple implementation was not scalable' (line 441). Its reason is geographic latency, not server load.",
  },
  {
    report: "000", topic: "b", system: "server",
    asked: { line: 401, text: "What happens if the server fails?" },
    answer: "The clients stay 'connected' but can no longer reach the others; nothing tells them the server is gone.",
    quote: { line: 403, text: "The clients stay in a *connected* state, although it's not possible to reach the other clients in the chat network." },
    lines: [403], stance: "implied", claimIds: ["q-b-clients-notified-on-disconnect", "server-crash-clients-notified"],
    claim: "clients-notified-on-disconnect", says: "violated",
    note: "Asked about a failure, not a `disconnect` message; the experiment behind it killed the server's Erlang instance (line 143).",
  },
  {
    report: "000", topic: "b", system: "server",
    asked: { line: 401, text: "What happens if the server fails?" },
    answer: "If the server comes back, the clients stay isolated because its client list starts empty.",
    quote: { line: 403, text: "If the server comes back, they'll still be isolated because the clients list on the server won't be populated." },
    lines: [403], stance: "stated", claimIds: ["server-restart-resumes"],
    claim: "restart-restores-chat", says: "violated",
  },
  {
    report: "000", topic: "d", system: "server",
    asked: { line: 405, text: "Are the messages guaranteed to be delivered in the order they were issued (hint: think on several clients sending messages concurrently)?" },
    answer: "Messages from clients in different places may not arrive in the order they were created; each client may see a different order depending on its distance from the server.",
    quote: { line: 407, text: "messages may not arrive in the same order that they where really created" },
    lines: [407], stance: "stated", claimIds: ["q-d-issue-order"],
    claim: "issue-order", says: "violated",
    note: "The 2012 question merges (c) and (d); the answer reasons only about several clients, so it is not read as an answer to (c).",
  },
  {
    report: "000", topic: "d", system: "server",
    asked: { line: 405, text: "Are the messages guaranteed to be delivered in the order they were issued (hint: think on several clients sending messages concurrently)?" },
    answer: "Each client may see the conversation in a different order, depending on how far it is from the server.",
    quote: { line: 407, text: "each client may experience the connection in a different way, depending on how far they are from the server" },
    lines: [407], stance: "implied", claimIds: ["q-d-same-order-everywhere"],
    claim: "same-order-everywhere", says: "violated",
    note: "The same answer's 'experience the connection in a different way' read as a claim that clients see different orders; judged apart from its (right) claim about issue order, so the answer is not agreed as a whole.",
  },
  {
    report: "000", topic: "d", system: "server",
    asked: { line: 405, text: "Are the messages guaranteed to be delivered in the order they were issued (hint: think on several clients sending messages concurrently)?" },
    answer: "Because the messages go over TCP, they are guaranteed to be delivered.",
    quote: { line: 407, text: "Since the messages are exchanged using TCP, they are guaranteed to be delivered." },
    lines: [407], stance: "stated", claimIds: [],
    claim: "delivery-guaranteed", says: "holds",
    note: "Erlang promises no delivery across a broken connection; runs with loss or partitions can test this.",
  },
  {
    report: "000", topic: "d", system: "server",
    asked: { line: 405, text: "Are the messages guaranteed to be delivered in the order they were issued (hint: think on several clients sending messages concurrently)?" },
    answer: "The server queues messages as they arrive and delivers them in that order, yet each client may experience the conversation differently.",
    quote: { line: 407, text: "The erlang interpreter will queue the messages that arrive to the server and it will be delivered on that order." },
    lines: [407], stance: "implied", claimIds: [],
    claim: null, says: null,
    note: "Read literally this says every client gets the server's arrival order (one common order), but the same answer says 'each client may experience the connection in a different way'; too ambiguous to record as same-order-everywhere.",
  },
  {
    report: "000", topic: "f", system: "server",
    asked: { line: 409, text: "Does it matter the time in which users join and leave the chat? Does this influence the order of message delivery?" },
    answer: "Depending on latency and server load, a client may leave while another sends it a new message: the one who left does not get it, while the sender sees the message sent before the leave.",
    quote: { line: 411, text: "The client that left will not receive the message, but the sender might see in his log that the message was sent and after that the other client left" },
    lines: [411], stance: "stated", claimIds: ["q-f-leave-during-broadcast"],
    claim: "leave-during-broadcast", says: "does-not-receive",
    note: "Speaks of leaving only; says nothing about a client joining.",
  },
  {
    report: "000", topic: "f", system: "server2",
    asked: { line: 431, text: "Does it matter the order and time which users join and leave the chat?" },
    answer: "Same as for the simple server, and now whole servers with their clients can join, leave or fail, so the experience depends on where a client is and which server it uses; client lists are not shared between servers.",
    quote: { line: 433, text: "Same as 4.1, but this time a new server with a group of clients can connect to the network" },
    lines: [433], stance: "implied", claimIds: [],
    claim: "leave-during-broadcast", says: "does-not-receive",
    note: "The 2012 handout asked this again for the robust server; the current handout's (h) does not. 'Same as 4.1' carries over the (f) answer.",
  },
  {
    report: "000", topic: "g", system: "server2",
    asked: { line: 423, text: "What happens if a server fails?" },
    answer: "Its clients stay 'connected' with nothing telling them the server is gone, leaving servers and clients inconsistent.",
    quote: { line: 425, text: "the clients will stay in the *connected* state, resulting an inconsistency between the members (servers and clients) of the chat network" },
    lines: [425], stance: "implied", claimIds: ["q-g-clients-notified-on-server-leave"],
    claim: "clients-notified-on-server-leave", says: "violated",
    note: "Asked about a failure; the current (g) asks about a disconnect. Section 3.2 says the same for a `{disconnect}` (line 238).",
  },
  {
    report: "000", topic: "g", system: "server2",
    asked: { line: 423, text: "What happens if a server fails?" },
    answer: "The other servers do not learn that it failed.",
    quote: { line: 425, text: "The other servers will not know it failed" },
    lines: [425], stance: "stated", claimIds: ["rejoin-server-lists-agree"],
    claim: "servers-notified-on-server-crash", says: "violated",
    note: "Measured by whether the lists, after the crash, still name the dead server.",
  },
  {
    report: "000", topic: "h", system: "server2",
    asked: { line: 427, text: "Are the messages guaranteed to be delivered in order?" },
    answer: "The same latency problem remains, though distributing the servers may improve it.",
    quote: { line: 429, text: "Still the same problem of latency can exist, but with a good possible enhancement brought by a distributed servers sets." },
    lines: [429], stance: "implied", claimIds: ["q-d-issue-order"],
    claim: "issue-order", says: "violated",
    note: "Carries over the (d) answer (order not guaranteed across clients); says nothing about (c) or (e).",
  },
  {
    report: "000", topic: "h", system: "server2",
    asked: { line: 427, text: "Are the messages guaranteed to be delivered in order?" },
    answer: "Distributing the servers may improve the order.",
    quote: { line: 429, text: "but with a good possible enhancement brought by a distributed servers sets" },
    lines: [429], stance: "stated", claimIds: ["q-h-same-order-everywhere", "q-h-reply-after-original"],
    claim: "distribution-improves-order", says: "yes",
    note: "Judged by what server2 does to the order claims that hold on one server.",
  },
  {
    report: "000", topic: "i", system: "server2",
    asked: { line: 435, text: "And for the servers, what happens if there are concurrent requests to join or leave the system?" },
    answer: "With no central coordinator or shared memory, a leave and a join issuing `update_servers` at the same time from different servers make the lists inconsistent; which list prevails is unpredictable.",
    quote: { line: 437, text: "it's impossible to predict what will happen to each server connected to the network regarding which list will prevail" },
    lines: [437], stance: "stated", claimIds: ["q-i-server-lists-agree"],
    claim: "server-lists-agree", says: "violated",
  },
  {
    report: "000", topic: "j", system: "server2",
    asked: { line: 415, text: "What are the advantages and disadvantages of this implementation regarding the previous one?" },
    answer: "Clients spread over several servers, so each server is less loaded and better able to handle messages and connections.",
    quote: { line: 419, text: "each server will be less loaded, and then more capable of handling the messages and connections" },
    lines: [417, 419], stance: "stated", claimIds: [],
    claim: "scales", says: "yes",
  },
  {
    report: "000", topic: "j", system: "server2",
    asked: { line: 415, text: "What are the advantages and disadvantages of this implementation regarding the previous one?" },
    answer: "Given good links between servers, latency can drop because each client can pick the server best for it.",
    quote: { line: 417, text: "considering a good connection between the servers, the latency between the messages sent and received by the clients can be enhanced/reduced" },
    lines: [417], stance: "stated", claimIds: [],
    claim: "lower-latency", says: "depends",
    note: "About network distance, not hop count; the current (j) asks for latency in hops.",
  },
  {
    report: "000", topic: "j", system: "server2",
    asked: { line: 415, text: "What are the advantages and disadvantages of this implementation regarding the previous one?" },
    answer: "If the link between servers breaks, their clients are cut off from each other.",
    quote: { line: 421, text: "if the connection between the servers for some reason breaks, the clients will be islanded from the others connected to different servers" },
    lines: [421], stance: "stated", claimIds: ["partition-short-cut-loses-nothing", "partition-long-cut-loses-nothing"],
    claim: "partition-isolates-clients", says: "holds",
    note: "Measured by the opposite claims: that a cut loses no line, when it is far shorter than net_ticktime (1 s: the connection never breaks) and when it is longer (90 s: it does).",
  },
  {
    report: "000", topic: "j", system: "server2",
    asked: { line: 415, text: "What are the advantages and disadvantages of this implementation regarding the previous one?" },
    answer: "A server can be taken out by a `{disconnect}` message and its clients stay 'connected', another source of inconsistency.",
    quote: { line: 421, text: "a server can be disconnected by receiving a {disconnect} message, creating another big possibility of inconsistency" },
    lines: [421], stance: "implied", claimIds: ["q-g-clients-notified-on-server-leave"],
    claim: "clients-notified-on-server-leave", says: "violated",
  },
  {
    report: "000", topic: "MS1", system: "server",
    asked: null,
    answer: "The simple server works as designed; in a test with 10 clients all could send and receive messages.",
    quote: { line: 145, text: "In a test running 10 clients connected to the server, all the clients were able to send and receive the messages without problems." },
    lines: [93, 145], stance: "stated", claimIds: ["ms1-everyone-sees-everything"],
    claim: "everyone-sees-everything", says: "holds",
    note: "The screens (figures 1–2) show one server and two clients, Leo and Peter, all at 127.0.0.1; figure 3 is missing from the text.",
  },
  {
    report: "000", topic: "MS2", system: "server",
    asked: null,
    answer: "When the server goes away (they killed its Erlang instance) the clients stay 'connected' without a connection, and after a restart they cannot reach the server again.",
    quote: { line: 143, text: "the clients stay in the connected state, but of course without any connection" },
    lines: [143], stance: "stated", claimIds: ["q-b-clients-notified-on-disconnect", "server-crash-clients-notified"],
    claim: "clients-notified-on-disconnect", says: "violated",
    note: "They killed the node rather than sending `disconnect`, so it is closer to a crash.",
  },
  {
    report: "000", topic: "MS2", system: "server",
    asked: null,
    answer: "Starting the server again does not bring the clients back.",
    quote: { line: 143, text: "Trying to run the server up again, the clients won't be able to reach back the sever." },
    lines: [143], stance: "stated", claimIds: ["server-restart-resumes"],
    claim: "restart-restores-chat", says: "violated",
  },
  {
    report: "000", topic: "MS4", system: "server2",
    asked: null,
    answer: "With two servers and a client on each, lines reach clients on both servers; it works for normal use.",
    quote: { line: 236, text: "the chat systems works well for a normal use of the system" },
    lines: [149, 236], stance: "stated", claimIds: ["ms4-everyone-sees-everything"],
    claim: "everyone-sees-everything", says: "holds",
    note: "Two servers (figures 4–5), not the three MS4 asks for.",
  },
  {
    report: "000", topic: "MS5", system: "server2",
    asked: null,
    answer: "After a `{disconnect}`, the server's clients stay 'connected'; once the server is back, they can still reach the others but are not reached, because the server's client list is empty.",
    quote: { line: 238, text: "the former clients that belonged to it can reach the chat network, but they can't be reached by the other's messages" },
    lines: [236, 238], stance: "stated", claimIds: ["q-g-clients-notified-on-server-leave"],
    claim: "clients-notified-on-server-leave", says: "violated",
  },
  {
    report: "000", topic: "MS5", system: "server2",
    asked: null,
    answer: "If a server is killed, its clients are left alone and the other servers do not learn it left; when it connects back it announces its pid again, creating another inconsistency.",
    quote: { line: 239, text: "all the other servers won't be aware that it left the chat network. If this server connects back, it will broadcast it's PID to the other servers" },
    lines: [239], stance: "stated", claimIds: ["rejoin-server-lists-agree"],
    claim: "server-lists-agree", says: "violated",
  },

  // ---------------------------------------------------------------- 001 (2016)
  {
    report: "001", topic: "a", system: "server",
    asked: { line: 433, text: "Does this solution scale when the number of users increase?" },
    answer: "No: every client depends on the one server, which cannot serve all requests once there are too many clients.",
    quote: { line: 435, text: "It won't scale well as all the clients rely on the same server." },
    lines: [435], stance: "stated", claimIds: [],
    claim: "scales", says: "no",
  },
  {
    report: "001", topic: "b", system: "server",
    asked: { line: 437, text: "What happens if the server fails?" },
    answer: "The chat stops working; as the server keeps no state, even after a restart the clients must join again.",
    quote: { line: 439, text: "even if the server started running again, the chat previously established wouldn't work and the clients would need to call again the join function" },
    lines: [439], stance: "stated", claimIds: ["server-restart-resumes"],
    claim: "restart-restores-chat", says: "violated",
    note: "Does not say whether the clients are told; asked about a failure, not a `disconnect` message.",
  },
  {
    report: "001", topic: "c", system: "server",
    asked: { line: 441, text: "Are the messages from a single client guaranteed to be delivered to any other client in the order they were issued?" },
    answer: "Yes, because they come from the same client.",
    quote: { line: 443, text: "Yes the order is guaranteed as they are from the same client." },
    lines: [443], stance: "stated", claimIds: ["q-c-fifo-single-sender"],
    claim: "fifo-single-sender", says: "holds",
  },
  {
    report: "001", topic: "d", system: "server",
    asked: { line: 445, text: "Are the messages sent concurrently by several clients guaranteed to be delivered to any other client in the order they were issued?" },
    answer: "Not guaranteed: the messages come from different processes, probably in different places.",
    quote: { line: 447, text: "In this case not guaranteed because the messages are sent from different processes and (probably) from different places." },
    lines: [447], stance: "stated", claimIds: ["q-d-issue-order"],
    claim: "issue-order", says: "violated",
    note: "Says nothing about whether all clients at least agree on one order.",
  },
  {
    report: "001", topic: "e", system: "server",
    asked: { line: 449, text: "Is it possible that a client receives a response to a message from another client before receiving the original message from a third client?" },
    answer: "Not possible: the server handles one request at a time, so it has broadcast the original before any reply.",
    quote: { line: 451, text: "It is not possible as the server can only address one request at a time." },
    lines: [451], stance: "stated", claimIds: ["q-e-reply-after-original"],
    claim: "reply-after-original", says: "holds",
    reasoning: "one-request-at-a-time",
  },
  {
    report: "001", topic: "f", system: "server",
    asked: { line: 453, text: "If a user joins or leaves the chat while the server is broadcasting a message, will he/she receive that message?" },
    answer: "Yes: the server finishes the broadcast before it takes the leave request.",
    quote: { line: 455, text: "Yes because the server is busy attending the broadcast request, so the \"leave chat\" request won't be received until the server finishes broadcasting the message." },
    lines: [455], stance: "stated", claimIds: ["q-f-leave-during-broadcast"],
    claim: "leave-during-broadcast", says: "receives",
  },
  {
    report: "001", topic: "f", system: "server",
    asked: { line: 453, text: "If a user joins or leaves the chat while the server is broadcasting a message, will he/she receive that message?" },
    answer: "The 'Yes' answers the question as asked, joins included.",
    quote: { line: 455, text: "Yes because the server is busy attending the broadcast request" },
    lines: [455], stance: "stated", claimIds: ["q-f-join-during-broadcast"],
    claim: "join-during-broadcast", says: "receives",
    note: "The reason given covers only leaving; by that same reason a joining client is not yet in the list and would not receive the line.",
  },
  {
    report: "001", topic: "g", system: "server2",
    asked: { line: 459, text: "What happens if a server fails?" },
    answer: "Only the clients of the failed server lose the chat; the others go on normally.",
    quote: { line: 461, text: "If the server fails the chat service will only stop working for the clients that joined the chat through the server that has failed." },
    lines: [461], stance: "stated", claimIds: ["fault-tolerance-others-chat"],
    claim: "other-clients-unaffected", says: "holds",
    note: "Does not say whether anyone is told; asked about a failure, not a disconnect.",
  },
  {
    report: "001", topic: "h", system: "server2",
    asked: { line: 463, text: "Do your answers to previous questions iii, iv, and v still hold in this implementation?" },
    answer: "(c) One client's lines are still delivered in order.",
    quote: { line: 465, text: "iii) Continues being guaranteed." },
    lines: [465], stance: "stated", claimIds: ["q-h-fifo-single-sender"],
    claim: "fifo-single-sender", says: "holds",
  },
  {
    report: "001", topic: "h", system: "server2",
    asked: { line: 463, text: "Do your answers to previous questions iii, iv, and v still hold in this implementation?" },
    answer: "(d) Unchanged: lines from several clients are not guaranteed to arrive in issue order.",
    quote: { line: 467, text: "iv) Continues the same." },
    lines: [467], stance: "implied", claimIds: ["q-d-issue-order"],
    claim: "issue-order", says: "violated",
  },
  {
    report: "001", topic: "h", system: "server2",
    asked: { line: 463, text: "Do your answers to previous questions iii, iv, and v still hold in this implementation?" },
    answer: "(e) A server may not broadcast messages in the order clients sent them, since servers share no clock and messages carry no timestamp.",
    quote: { line: 469, text: "it isn't guaranteed that a server is broadcasting a message in the same order that clients sent" },
    lines: [469], stance: "implied", claimIds: ["q-h-reply-after-original"],
    claim: "reply-after-original", says: "violated",
    note: "The leading 'Yes' is ambiguous ('yes, it still holds' or 'yes, it is possible'); the reason given says order is lost, so it is read as: a reply can now overtake its original.",
    reasoning: "no-shared-clock",
  },
  {
    report: "001", topic: "i", system: "server2",
    asked: { line: 471, text: "What happens if there are concurrent requests from servers to join or leave the system?" },
    answer: "Clients will see new clients join when a server joins, and clients go when a server leaves.",
    quote: { line: 473, text: "the clients will see that new clients have joined (in the case that the server joins), or some clients have gone in case the server leaves" },
    lines: [473], stance: "stated", claimIds: ["q-g-leaves-shown"],
    claim: "clients-see-server-membership-change", says: "holds",
    note: "Says nothing about the servers' lists themselves, which is what (i) asks. The leaving half is measured where a server disconnects ((g)); a joining server brings no clients with it, its clients join it afterwards.",
  },
  {
    report: "001", topic: "j", system: "server2",
    asked: { line: 475, text: "What are the advantages and disadvantages of this implementation regarding the previous one?" },
    answer: "It scales better: with N servers it could serve unlimited requests.",
    quote: { line: 477, text: "The main advantage is that it scales better, with N servers we would be able to attend infinite requests." },
    lines: [477], stance: "stated", claimIds: [],
    claim: "scales", says: "yes",
    note: "Names no disadvantage and says nothing about hops.",
  },
  {
    report: "001", topic: "j", system: "server2",
    asked: null,
    answer: "The replicated version gives some protection against server crashes.",
    quote: { line: 87, text: "Thus, the solution now provides a level of security against server crashes." },
    lines: [14, 87], stance: "implied", claimIds: ["fault-tolerance-others-chat"],
    claim: "other-clients-unaffected", says: "holds",
    note: "From the experiments section, not the answer to (j), which mentions only scalability.",
  },
  {
    report: "001", topic: "MS1", system: "server",
    asked: null,
    answer: "One server and four clients; posting messages showed everybody received the same message.",
    quote: { line: 20, text: "we started 1 server and started 4 clients. After that, we checked that chat was working posting messages and see everybody received the same message." },
    lines: [20], stance: "stated", claimIds: ["ms1-everyone-sees-everything"],
    claim: "everyone-sees-everything", says: "holds",
  },
  {
    report: "001", topic: "MS3", system: "server",
    asked: null,
    answer: "Erlang instances ran on different operating systems: two clients on openSUSE Linux and the others on Windows 7.",
    quote: { line: 59, text: "Two clients on Linux Open Suse and the other ones on Windows 7." },
    lines: [58, 59], stance: "stated", claimIds: [],
    claim: null, says: null,
    note: "Different machines are implied, not stated; the two client prompts shown (lines 62, 71) are both at 10.192.201.100.",
  },
  {
    report: "001", topic: "MS4", system: "server2",
    asked: null,
    answer: "With the replicated servers, all clients receive a line when one of them posts.",
    quote: { line: 427, text: "all clients can receive the same message when one of them posts something" },
    lines: [87, 427], stance: "stated", claimIds: ["ms4-everyone-sees-everything"],
    claim: "everyone-sees-everything", says: "holds",
    note: "The screens show two servers (line 171), not three.",
  },
];

/** Something a report saw in its own runs (a figure or a described experiment). */
export interface StudentObservation {
  /** Stable slug, e.g. `000-fig9-rejoin-duplicates`. */
  readonly id: string;
  readonly report: StudentReportId;
  readonly topic: Topic;
  readonly system: StudentSystem;
  /** The figure it comes from, as the report names it; null for prose. */
  readonly figure: string | null;
  /** What was done and what was seen, paraphrased. */
  readonly what: string;
  /** Verbatim lines (screens or prose) that show it; each checked against the seed. */
  readonly evidence: readonly Quote[];
  /** The claim the observation bears on and what it shows, where one fits. */
  readonly shows: ClaimStatement | null;
  /** Ids in `reports/claims.json` (with this `system`) a run can set beside it. */
  readonly claimIds: readonly string[];
  readonly note?: string;
}

/** What the reports observed in their experiments. */
export const STUDENT_OBSERVATIONS: readonly StudentObservation[] = [
  {
    id: "000-fig2-leave-and-rejoin", report: "000", topic: "MS1", system: "server", figure: "Figure 2",
    what: "Two clients (Leo, Peter) on one server exchange lines; Leo leaves with `exit`, sees his own [LEAVE], joins again and is echoed.",
    evidence: [
      { line: 125, text: "[Peter] Hey Leo!" },
      { line: 131, text: "[LEAVE] Leo leaved the chat" },
      { line: 135, text: "I'm back" },
    ],
    shows: { claim: "everyone-sees-everything", says: "holds" }, claimIds: ["ms1-everyone-sees-everything"],
    note: "Figure 3 (the other client's window) is missing from the text.",
  },
  {
    id: "000-ten-clients", report: "000", topic: "MS1", system: "server", figure: null,
    what: "Ten clients on the simple server all sent and received messages.",
    evidence: [{ line: 145, text: "In a test running 10 clients connected to the server" }],
    shows: { claim: "everyone-sees-everything", says: "holds" }, claimIds: ["ms1-everyone-sees-everything"],
  },
  {
    id: "000-server-killed", report: "000", topic: "MS2", system: "server", figure: null,
    what: "The server's Erlang instance was killed: clients stayed 'connected' with no connection, and a restarted server could not be reached by them.",
    evidence: [{ line: 143, text: "e.g. you kill the erlang instance that is running the server" }],
    shows: { claim: "clients-notified-on-disconnect", says: "violated" }, claimIds: ["server-crash-clients-notified", "q-b-clients-notified-on-disconnect"],
  },
  {
    id: "000-fig7-two-servers", report: "000", topic: "MS4", system: "server2", figure: "Figures 4–7",
    what: "Two servers; Leo on server_node1 and Peter on server_node2 see each other's lines, and Peter sees Leo leave and join again.",
    evidence: [
      { line: 181, text: "[SERVER UPDATE] [<0.41.0>,<6569.45.0>]" },
      { line: 224, text: "client:start({myserver,'server_node2@127.0.0.1'}" },
      { line: 226, text: "[Leo] Hey again Peter!" },
      { line: 229, text: "[LEAVE] Leo leaved the chat" },
    ],
    shows: { claim: "everyone-sees-everything", says: "holds" }, claimIds: ["ms4-everyone-sees-everything"],
  },
  {
    id: "000-fig8-disconnect", report: "000", topic: "MS5", system: "server2", figure: "Figure 8",
    what: "server_node1 sent `{disconnect}` to server_node2, which was started again and rejoined; Peter, a client of server_node2, types lines that are not echoed on his own screen, yet Leo on server_node1 receives one of them.",
    evidence: [
      { line: 267, text: "{myserver, 'server_node2@127.0.0.1'} ! {disconnect}." },
      { line: 269, text: "SERVER UPDATE] [<0.45.0>]" },
      { line: 276, text: "SERVER UPDATE] [<0.56.0>,<6569.45.0>]" },
      { line: 308, text: "-> Anybody there?" },
      { line: 310, text: "-> Wow, am I alone here?" },
      { line: 322, text: "[Peter] Wow, am I alone here?" },
    ],
    shows: { claim: "clients-notified-on-server-leave", says: "violated" }, claimIds: ["q-g-clients-notified-on-server-leave"],
    note: "The report's own reading is at line 238; its code's disconnect clause matches `{disconnect}`, a tuple (line 61).",
  },
  {
    id: "000-fig9-rejoin-duplicates", report: "000", topic: "MS5", system: "server2", figure: "Figure 9",
    what: "server_node2 was killed (Ctrl+G, q), restarted and joined again: a server list prints the same pid twice among three entries, BEAM discards a message to a pid of the old incarnation, and a client's screen shows one of Leo's lines three times.",
    evidence: [
      { line: 339, text: "--> q" },
      { line: 351, text: "[SERVER UPDATE] [<6722.41.0>,<6722.41.0>,<0.41.0>]" },
      { line: 352, text: "in an old incarnation (2) of this node (3)" },
      { line: 386, text: "[Leo] wow, finally!" },
      { line: 387, text: "[Leo] wow, finally!" },
      { line: 388, text: "[Leo] wow, finally!" },
    ],
    shows: { claim: "server-lists-agree", says: "violated" }, claimIds: ["rejoin-server-lists-agree"],
    note: "OCR of overlapping windows; the report's own reading is at line 239. Pids of two incarnations print alike, so the repeated entry is the dead and the new server.",
  },
  {
    id: "001-ms1-four-clients", report: "001", topic: "MS1", system: "server", figure: null,
    what: "One server and four clients; each client's screen shows the others' lines and joins.",
    evidence: [
      { line: 20, text: "we started 1 server and started 4 clients" },
      { line: 27, text: "[JOIN] Dani joined the chat" },
      { line: 29, text: "[Aitor] It works!!!!" },
    ],
    shows: { claim: "everyone-sees-everything", says: "holds" }, claimIds: ["ms1-everyone-sees-everything"],
  },
  {
    id: "001-bare-node-name-badarg", report: "001", topic: "MS4", system: "server2", figure: null,
    what: "`server2:start('dan@10.192.201.100')` (a bare node name, not `{myserver, Node}`) crashed the new server process with `badarg`; with `{myserver, Node}` it worked.",
    evidence: [
      { line: 152, text: "server2:start('dan@10.192.201.100')." },
      { line: 156, text: "Error in process <0.42.0> on node 'server2@cgs309pc52.fib.upc.edu' with exit value: {bad" },
      { line: 169, text: "server2:start({myserver,'dan@10.192.201.100'})." },
      { line: 171, text: "[SERVER UPDATE] <0.41.0>,<6843.45.0>" },
    ],
    shows: null, claimIds: [],
    note: "Sending to an atom that is no registered local name raises badarg in the sender, as in Erlang.",
  },
  {
    id: "001-register-twice-badarg", report: "001", topic: "MS4", system: "server2", figure: null,
    what: "Calling `server2:start/1` a second time on the same node fails in `register/2` with `badarg`: `myserver` is taken.",
    evidence: [
      { line: 323, text: "server2:start([myserver,'dan13@10.192.201.100'])." },
      { line: 324, text: "** exception error: bad argument" },
      { line: 326, text: "called as register(myserver,<0.48.0>)" },
    ],
    shows: null, claimIds: [],
  },
  {
    id: "001-ms5-no-echo", report: "001", topic: "MS5", system: "server2", figure: null,
    what: "After a chat line saying the server is about to disconnect, lines the client types later appear with no echo on its screen.",
    evidence: [
      { line: 383, text: "[Client2] el server se va a dsconectar" },
      { line: 386, text: "-> ola" },
      { line: 387, text: "-> hola" },
    ],
    shows: null, claimIds: [],
    note: "Screens only: the report's text does not describe this experiment, so no claim is read into it.",
  },
];

/** A fix a report proposed. */
export interface StudentFix {
  readonly report: StudentReportId;
  readonly topic: Topic;
  readonly system: StudentSystem;
  /** The problem it addresses, paraphrased. */
  readonly problem: string;
  /** The fix, paraphrased. */
  readonly fix: string;
  readonly quote: Quote;
  readonly lines: readonly number[];
  /** The claim the fix should make hold. */
  readonly makesHold: ClaimName;
  readonly note?: string;
}

/** The fixes the reports proposed (only the 2012 report proposes any). */
export const STUDENT_FIXES: readonly StudentFix[] = [
  {
    report: "000", topic: "g", system: "server2",
    problem: "After a `{disconnect}` the server's clients stay 'connected' and, once it is back, cannot be reached.",
    fix: "The server sends a message to all its clients when it disconnects.",
    quote: { line: 238, text: "could be solved with a message being sent from the server, to all it's clients when it's disconnected" },
    lines: [238], makesHold: "clients-notified-on-server-leave",
  },
  {
    report: "000", topic: "g", system: "server2",
    problem: "A killed server leaves its clients alone, the other servers keep it in their lists, and rejoining adds its pid again.",
    fix: "Trap the exit and run a proper disconnect: tell the other servers and the clients that it is leaving.",
    quote: { line: 239, text: "This can be fixed by trapping the operating system's exit signal and performing a proper disconnection procedure" },
    lines: [239, 241], makesHold: "server-lists-agree",
    note: "Their code is in a tarball (seminar2/src/bis, line 241) that is not among the seeds. Ctrl+G q halts the VM at once, so nothing trapped in the dying node can run; only the other servers (by monitoring it) could notice.",
  },
];

/** A place where a report's code departs from the handout's. */
export interface StudentDeviation {
  readonly report: StudentReportId;
  readonly system: StudentSystem;
  readonly what: string;
  readonly quote: Quote;
  readonly lines: readonly number[];
}

/** Departures from the handout in the code the reports print (only 000 prints code). */
export const STUDENT_DEVIATIONS: readonly StudentDeviation[] = [
  {
    report: "000", system: "server2",
    what: "The disconnect clause matches the tuple `{disconnect}`, not the atom `disconnect` (figure 8 sends `{disconnect}`).",
    quote: { line: 61, text: "{disconnect} ->" }, lines: [61],
  },
  {
    report: "000", system: "server2",
    what: "The leave clause does not send `exit` to the leaving client (the handout's `From ! exit`).",
    quote: { line: 48, text: "broadcast(Servers, {leave, Name})," }, lines: [46, 47, 48, 49],
  },
];

/** A behaviour claimed by the other seeds: the Elixir report (003) and the TheyChat brief (004). */
export interface OtherSeedClaim {
  readonly seed: "003" | "004";
  readonly file: string;
  readonly system: "idle" | "theychat";
  /** Requirement (the brief asks for it) or report (the authors say their system does it). */
  readonly kind: "requirement" | "report";
  readonly what: string;
  readonly quote: Quote;
}

/** What the Elixir report and the TheyChat brief claim about behaviour. */
export const OTHER_SEED_CLAIMS: readonly OtherSeedClaim[] = [
  {
    seed: "003", file: "003_5de6619f8b0809fa.txt", system: "idle", kind: "report",
    what: "The main process starts an idle updater that updates each user's idle counter.",
    quote: { line: 9, text: "it creates a new processor that will update the users idle counter [IDLE UPDATER]" },
  },
  {
    seed: "003", file: "003_5de6619f8b0809fa.txt", system: "idle", kind: "report",
    what: "An acceptor checks the requested pseudonym and asks the user to retry if it is invalid; a valid one gets its own user process.",
    quote: { line: 13, text: "ACCEPTOR will checks the user inquired pseudo and if it is wrong, it will ask to the user to retry." },
  },
  {
    seed: "003", file: "003_5de6619f8b0809fa.txt", system: "idle", kind: "report",
    what: "Only the main process knows the users; user processes talk to each other only through it.",
    quote: { line: 21, text: "Only MP stores the users in his memory. Other USER_PROCs don't know the existence of each other." },
  },
  {
    seed: "003", file: "003_5de6619f8b0809fa.txt", system: "idle", kind: "report",
    what: "A maximum idle time is enforced by forced disconnection, which the authors found hard to get right and did not fully refactor.",
    quote: { line: 40, text: "Making use of Elixir structures has also been difficult when handling idle timeout force disconnections." },
  },
  {
    seed: "004", file: "004_835cefcda72d7896.txt", system: "theychat", kind: "requirement",
    what: "router and router_monitor supervise each other; server_monitor restarts server_chat; a restarted process resumes with the state it had, e.g. the server's client list.",
    quote: { line: 19, text: "if a server process fails it must restart with the list of clients it had before crashing in such a way it can resume operation gracefully" },
  },
  {
    seed: "004", file: "004_835cefcda72d7896.txt", system: "theychat", kind: "requirement",
    what: "When a client fails, the server must notice and drop it from its client list.",
    quote: { line: 40, text: "When a client fails, the server must notice it and update the client list so it will stop sending messages to that client." },
  },
];

/** The entries of every report for one question or milestone, in report order. */
export function studentAnswers(topic: Topic): readonly StudentAnswer[] {
  return STUDENT_ANSWERS.filter((a) => a.topic === topic);
}

/** The observations of every report for one question or milestone, in report order. */
export function studentObservations(topic: Topic): readonly StudentObservation[] {
  return STUDENT_OBSERVATIONS.filter((o) => o.topic === topic);
}
