%% The broadcast benchmark on real Erlang/OTP, the reference for `chatty-sim bench broadcast`.
%%
%% The same workload as the simulator's: the handout's central server (`server:start/0` from
%% conformance/server.erl, the handout's server.erl as the conformance suite runs it), N client
%% background tasks that join it and then loop receiving, and one typist sending M
%% `{send, Name, Text}` lines; every line is delivered to every client. Run on one VM with one
%% scheduler (`erl +S 1`): local message passing, no distribution, the cheapest way Erlang can
%% do this work. Only the line phase is timed (N*M deliveries), as in the simulator. Prints
%% one JSON line. From the project's root:
%%
%%   erlc bench/broadcast.erl conformance/server.erl && erl +S 1 -noshell -eval 'broadcast:main(1000, 2000)' -s init stop
-module(broadcast).
-export([main/2]).

main(N, M) ->
    Bench = self(),
    true = server:start(),
    Clients = [spawn(fun() -> init_client(myserver, "client" ++ integer_to_list(I), Bench, M) end)
               || I <- lists:seq(1, N)],
    %% Join phase: every client has seen its own join, so the server has taken every join.
    [receive {joined, C} -> ok end || C <- Clients],
    T0 = erlang:monotonic_time(nanosecond),
    spawn(fun() -> [myserver ! {send, "bench", "hello"} || _ <- lists:seq(1, M)] end),
    [receive {done, C} -> ok end || C <- Clients],
    T1 = erlang:monotonic_time(nanosecond),
    Seconds = (T1 - T0) / 1.0e9,
    io:format("{\"clients\":~b,\"lines\":~b,\"deliveries\":~b,\"seconds\":~.9f,\"otp\":\"~s\",\"schedulers\":~b}~n",
              [N, M, N * M, Seconds, erlang:system_info(otp_release), erlang:system_info(schedulers_online)]).

%% The client's background task (client.erl) without the terminal output, counting lines so
%% that the benchmark knows when every line has arrived.
init_client(ServerPid, MyName, Bench, M) ->
    ServerPid ! {client_join_req, MyName, self()},
    process_requests(MyName, Bench, M, 0).

process_requests(MyName, Bench, M, Seen) ->
    receive
        {join, MyName} ->
            Bench ! {joined, self()},
            process_requests(MyName, Bench, M, Seen);
        {join, _Name} ->
            process_requests(MyName, Bench, M, Seen);
        {leave, _Name} ->
            process_requests(MyName, Bench, M, Seen);
        {message, _Name, _Text} when Seen + 1 =:= M ->
            Bench ! {done, self()},
            process_requests(MyName, Bench, M, Seen + 1);
        {message, _Name, _Text} ->
            process_requests(MyName, Bench, M, Seen + 1);
        exit ->
            ok;
        Error ->
            io:format("Received unsupported message: ~w~n", [Error])
    end.
