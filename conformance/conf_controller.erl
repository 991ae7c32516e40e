%% Drives one or more conformance cases on real BEAM nodes and prints each result as one
%% JSON line ("CONFORMANCE-JSON {...}") on stdout.
%%
%%   erl -name ctl@127.0.0.1 -setcookie C -noshell -pa Ebin -run conf_controller main Case.conf ...
%%
%% A case file (written by src/conformance) holds {gap_ms, Ms}, {nodes, [Node]} and
%% {steps, [Step]}. Every node is its own VM, started with peer. Each step runs a gap
%% (Gap milliseconds) after the previous one has finished, far enough apart on loopback
%% that each step's messages have all arrived before the next begins, so the
%% interleaving is forced.
-module(conf_controller).
-export([main/1]).

main(Files) ->
    Ebin = filename:dirname(code:which(?MODULE)),
    [try run_case(F, Ebin)
     catch C:R:St ->
         Err = lists:flatten(io_lib:format("~w:~p ~p", [C, R, St])),
         io:put_chars(["CONFORMANCE-JSON ", json({obj, [{"case", {str, filename:basename(F, ".conf")}}, {"error", {str, Err}}]}), "\n"])
     end || F <- Files],
    erlang:halt(0).

run_case(File, Ebin) ->
    {ok, Terms} = file:consult(File),
    Name = proplists:get_value(name, Terms),
    Gap = proplists:get_value(gap_ms, Terms),
    Nodes = proplists:get_value(nodes, Terms),
    Steps = proplists:get_value(steps, Terms),
    Peers = maps:from_list(pmap(fun(N) -> {N, start_node(N, Ebin)} end, Nodes)),
    T0 = erlang:system_time(microsecond),
    S0 = #{peers => Peers, clients => #{}, old => #{}, dead => #{}, gap => Gap, t0 => T0, notes => []},
    %% Each step, then a gap: a step that takes long (starting a VM) delays the rest
    %% rather than crowding them.
    S1 = lists:foldl(fun(Step, S) -> S2 = step(Step, S), timer:sleep(Gap), S2 end, S0, Steps),
    Collected = [{N, collect(N, S1)} || N <- Nodes],
    [catch peer:stop(P) || P <- maps:values(maps:get(peers, S1))],
    Json = {obj, [{"case", {str, Name}},
                  {"otp", {str, erlang:system_info(otp_release)}},
                  {"gapMs", Gap},
                  {"nodes", {obj, [{atom_to_list(N), lines(P, T0)} || {N, {P, _}} <- Collected]}},
                  {"screens", {obj, [{atom_to_list(N), lines(Sc, T0)} || {N, {_, Sc}} <- Collected]}},
                  {"notes", {arr, [{str, X} || X <- lists:reverse(maps:get(notes, S1))]}}]},
    io:put_chars(["CONFORMANCE-JSON ", json(Json), "\n"]),
    ok.

%% Everything a node printed and recorded, across its incarnations (the dead ones first).
collect(N, S) ->
    {DeadP, DeadS} = maps:get(N, maps:get(dead, S), {[], []}),
    {P, Sc} = case catch erpc:call(N, conf_node, collect, [], 3000) of
                  {P0, S0} when is_list(P0) -> {P0, [{T, L} || {_, T, L} <- S0]};
                  _ -> {[], []}
              end,
    {DeadP ++ P, DeadS ++ Sc}.

lines(Ls, T0) -> {arr, [{arr, [{num, (T - T0) / 1000}, {str, L}]} || {T, L} <- Ls]}.

step({server, N}, S) ->
    shell(N, server, start, []), S;
step({server2, N}, S) ->
    shell(N, server2, start, []), S;
step({server2, N, Boot}, S) ->
    shell(N, server2, start, [{myserver, Boot}]), S;
step({client, N, Name, Server}, S) ->
    Main = shell(N, conf_client, start, [{myserver, Server}, Name]),
    S#{clients := (maps:get(clients, S))#{N => Main}};
step({type, N, Text}, S) ->
    maps:get(N, maps:get(clients, S)) ! {type, Text}, S;
step({shell_send, N, To, Msg}, S) ->
    %% `To ! Msg` typed at N's prompt (a bare local name: badarg if unregistered).
    shell(N, erlang, send, [To, Msg]), S;
step({kill, N}, S) ->
    %% Remember the incarnation's server pid and what it printed, then halt the VM at once.
    Old = erpc:call(N, erlang, whereis, [myserver]),
    Got = collect(N, S#{dead := maps:remove(N, maps:get(dead, S))}),
    Prev = maps:get(N, maps:get(dead, S), {[], []}),
    Dead = {element(1, Prev) ++ element(1, Got), element(2, Prev) ++ element(2, Got)},
    erpc:cast(N, erlang, halt, [137, [{flush, false}]]),
    wait_down(N),
    S#{old := (maps:get(old, S))#{N => Old}, dead := (maps:get(dead, S))#{N => Dead},
       peers := maps:remove(N, maps:get(peers, S))};
step({restart, N}, S) ->
    Ebin = filename:dirname(code:which(?MODULE)),
    S#{peers := (maps:get(peers, S))#{N => start_node(N, Ebin)}};
step({send_old, From, Target, Msg}, S) ->
    Old = maps:get(Target, maps:get(old, S)),
    shell(From, erlang, send, [Old, Msg]),
    S#{notes := [lists:flatten(io_lib:format("sent to the old incarnation's server ~w of ~s", [Old, Target])) | maps:get(notes, S)]}.

shell(N, M, F, A) -> erpc:call(N, conf_node, shell, [M, F, A]).

%% A peer VM named N (Name@127.0.0.1), with the capture set up. Retries while the name is
%% still held by a VM that just went away.
start_node(N, Ebin) ->
    [Short, Host] = string:split(atom_to_list(N), "@"),
    start_node(N, Short, Host, Ebin, 20).
start_node(N, Short, Host, Ebin, Tries) ->
    Opts = #{name => list_to_atom(Short), host => Host, longnames => true,
             args => ["-setcookie", atom_to_list(erlang:get_cookie()), "-pa", Ebin,
                      %% global's partition prevention would disconnect nodes when one
                      %% is killed and print warnings: not part of the chat's model.
                      "-kernel", "prevent_overlapping_partitions", "false"]},
    case catch peer:start(Opts) of
        {ok, Peer, N} ->
            {ok, _} = erpc:call(N, conf_node, setup, []),
            Peer;
        _ when Tries > 0 ->
            timer:sleep(100),
            start_node(N, Short, Host, Ebin, Tries - 1);
        Other ->
            erlang:error({cannot_start, N, Other})
    end.

wait_down(N) ->
    case lists:member(N, nodes()) of
        true -> timer:sleep(10), wait_down(N);
        false -> ok
    end.

pmap(F, L) ->
    Self = self(),
    Refs = [begin R = make_ref(), spawn_link(fun() -> Self ! {R, F(X)} end), R end || X <- L],
    [receive {R, V} -> V end || R <- Refs].

%% A minimal JSON encoder for {obj, [{Key, V}]}, {arr, [V]}, {str, S}, {num, N} and integers.
json({obj, KVs}) -> ["{", lists:join(",", [[json({str, K}), ":", json(V)] || {K, V} <- KVs]), "}"];
json({arr, Vs}) -> ["[", lists:join(",", [json(V) || V <- Vs]), "]"];
json({str, S}) -> [$", [esc(C) || C <- unicode:characters_to_list(S)], $"];
json({num, X}) when is_float(X) -> float_to_list(X, [{decimals, 3}, compact]);
json({num, X}) -> integer_to_list(X);
json(X) when is_integer(X) -> integer_to_list(X).

esc($") -> "\\\"";
esc($\\) -> "\\\\";
esc($\n) -> "\\n";
esc(C) when C < 32 -> io_lib:format("\\u~4.16.0b", [C]);
esc(C) -> unicode:characters_to_binary([C]).
