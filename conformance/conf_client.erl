%% The handout's client.erl (section 1.2), scripted: the background task is the handout's
%% process_requests() clause by clause, and also records each screen line (with its time)
%% through conf_node:record/1; the main task takes the user's lines from the controller
%% ({type, Text}) instead of io:get_line("-> "). Text keeps get_line's trailing newline.
-module(conf_client).
-export([start/2]).

start(ServerPid, MyName) ->
    ClientPid = spawn(fun() -> init_client(ServerPid, MyName) end),
    process_commands(ServerPid, MyName, ClientPid).

init_client(ServerPid, MyName) ->
    ServerPid ! {client_join_req, MyName, self()},
    process_requests().

%% This is the background task logic
process_requests() ->
    receive
        {join, Name} ->
            show("[JOIN] ~s joined the chat~n", [Name]),
            process_requests();
        {leave, Name} ->
            show("[LEAVE] ~s left the chat~n", [Name]),
            process_requests();
        {message, Name, Text} ->
            show("[~s] ~s", [Name, Text]),
            process_requests();
        exit ->
            conf_node:record("(exit)"),
            ok;
        Error ->
            show("Received unsupported message: ~w~n", [Error])
    end.

%% The handout's io:format, and the same line on the recorded screen.
show(Fmt, Args) ->
    io:format(Fmt, Args),
    conf_node:record(lists:flatten(io_lib:format(Fmt, Args))).

%% This is the main task logic
process_commands(ServerPid, MyName, ClientPid) ->
    %% The controller types for the user.
    Text = receive {type, T} -> T end,
    if
        Text == "exit\n" ->
            ServerPid ! {client_leave_req, MyName, ClientPid},
            ok;
        true ->
            ServerPid ! {send, MyName, Text},
            process_commands(ServerPid, MyName, ClientPid)
    end.
