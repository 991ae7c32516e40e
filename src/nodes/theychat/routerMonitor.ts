/**
 * `router_monitor`: the router's supervisor, on a node of its own. It traps exits, is
 * linked to the router, keeps the router's last table (`router_backup`), and when the
 * router dies restarts it on the router's node with that table. The router supervises it
 * the same way, so either restarts the other with its last state.
 */
import { type Body, type Pid, type Proc, TIMEOUT, formatReason, ioFormat, isExit } from "../../sim/index.js";
import { ROUTER_MONITOR, type Table, tagOf } from "./protocol.js";
import { Restarts } from "./restarts.js";
import { type RouterConfig, router } from "./router.js";

/**
 * ```erlang
 * init(Router, Table) ->
 *     process_flag(trap_exit, true),
 *     register(router_monitor, self()),
 *     loop(Router, Table).
 * loop(Router, Table) ->
 *     receive
 *         {router_backup, NewTable} -> loop(Router, NewTable);
 *         {'EXIT', Router, _} ->
 *             New = spawn_link(RouterNode, fun() -> router:init(Config, {Table, self()}) end),
 *             loop(New, Table)
 *     end.
 * ```
 */
export function routerMonitor(cfg: RouterConfig, initialRouter: Pid, initialTable: Table): Body {
  return function* router_monitor(p: Proc) {
    p.trapExit(true);
    p.register(ROUTER_MONITOR);
    let boss: Pid | null = initialRouter;
    let table = initialTable;
    const restarts = new Restarts<"router">(cfg.retryDelay);
    const restart = (): void => {
      // Without backup (the failing baseline) the router comes back knowing no topics.
      boss = p.spawnLink(router(cfg, { table: cfg.backup === false ? [] : table, monitor: p.self() }), { node: cfg.routerNode, label: "router" });
    };
    for (;;) {
      const after = restarts.timeout(p.now());
      const m = after === undefined ? yield* p.receive() : yield* p.receive(undefined, { after });
      if (m === TIMEOUT) {
        if (restarts.takeDue(p.now()).length > 0) restart();
        continue;
      }
      if (isExit(m)) {
        if (boss !== null && m.from === boss) {
          p.log(ioFormat("[router_monitor] router died (~s), restarting it with ~w topics", [formatReason(m.reason, p.nodeName()), table.length], p.nodeName()));
          boss = null;
          if (restarts.request("router", p.now())) restart();
        }
        continue;
      }
      if (tagOf(m) === "router_backup") {
        table = (m as { table: Table }).table;
        continue;
      }
      p.log(ioFormat("[router_monitor] Received unsupported message: ~w", [m], p.nodeName()));
    }
  };
}
