/**
 * `idle_updater`: the report's IDLE UPDATER. Every `checkPeriod` it has the main process
 * add the period to every user's idle counter (the main process alone holds the users),
 * and asks it to disconnect each user whose counter went past `maxIdle`. The main process
 * checks again when the kick arrives, since the user may have typed in between. So a
 * silent user is disconnected between `maxIdle` and `maxIdle + checkPeriod` after its
 * last line.
 */
import { type Body, type Pid, type Proc } from "../../sim/index.js";
import { type IdleChatParams, type IdleReport, msg, parseAs } from "./protocol.js";

/** The idle updater's body, working for `main`. */
export function idleUpdater(main: Pid, params: IdleChatParams): Body {
  return function* idle_updater(p: Proc) {
    for (;;) {
      yield* p.sleep(params.checkPeriod);
      p.send(main, msg.idleTick(params.checkPeriod, p.self()));
      const r = yield* p.receive((x): x is IdleReport => parseAs<IdleReport>(x, ["idle_report"]) !== null);
      for (const u of r.idle) if (u.idle > params.maxIdle) p.send(main, msg.kickIdle(u.pseudo));
    }
  };
}
