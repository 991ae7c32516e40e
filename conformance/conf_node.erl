%% Runs on every node of a conformance case. A capture process, registered as
%% conf_capture, is the group leader of everything the controller starts on the node, so
%% it sees each line the node's processes print (io:format), and a logger handler forwards
%% the runtime's own reports (e.g. "Discarding message ... in an old incarnation") to it.
%% Client background tasks also record their screen lines here. Times are in microseconds
%% of the OS clock, which all the VMs of one machine share.
-module(conf_node).
-export([setup/0, shell/3, record/1, collect/0]).
-export([log/2]). % logger handler callback

%% Starts the capture process and the logger handler. Called once per node incarnation.
setup() ->
    Self = self(),
    Pid = spawn(fun() -> register(conf_capture, self()), Self ! ready, loop([], [], []) end),
    receive ready -> ok end,
    %% The node's own reports go to the capture instead of the peer's stdout.
    _ = logger:remove_handler(default),
    ok = logger:add_handler(conf_capture, ?MODULE, #{}),
    {ok, Pid}.

%% Spawns a "shell" process that runs M:F(A) with the capture as its group leader, as a
%% command typed at this node's prompt would; an exception is printed as the shell does.
shell(M, F, A) ->
    Gl = whereis(conf_capture),
    Pid = spawn(fun() ->
        group_leader(Gl, self()),
        try apply(M, F, A)
        catch error:badarg -> io:format("** exception error: bad argument~n");
              C:R -> io:format("** exception ~w: ~w~n", [C, R])
        end
    end),
    Pid.

%% A screen line of a client's background task (called in that task).
record(Line) ->
    conf_capture ! {screen, self(), now_us(), Line},
    ok.

%% Everything captured so far: {Printed, Screens}, each line as {TimeUs, Text}.
collect() ->
    conf_capture ! {collect, self()},
    receive {collected, P, S} -> {P, S} after 2000 -> {[], []} end.

%% logger handler: the formatted report, one line per line of text.
log(#{msg := _} = Event, _Config) ->
    Text = lists:flatten(logger_formatter:format(Event, #{single_line => true, template => [msg]})),
    catch conf_capture ! {logged, now_us(), Text},
    ok.

now_us() -> erlang:system_time(microsecond).

%% The capture: an I/O server (put_chars only) and a store of lines.
loop(Printed, Screens, Partial) ->
    receive
        {io_request, From, ReplyAs, Req} ->
            {Chars, Reply} = chars(Req),
            From ! {io_reply, ReplyAs, Reply},
            {Lines, Rest} = split(Partial ++ Chars),
            T = now_us(),
            loop(lists:reverse([{T, L} || L <- Lines], Printed), Screens, Rest);
        {logged, T, Text} ->
            loop(lists:reverse([{T, L} || L <- string:split(Text, "\n", all), L =/= ""]) ++ Printed, Screens, Partial);
        {screen, Pid, T, Line} ->
            loop(Printed, [{Pid, T, Line} | Screens], Partial);
        {collect, From} ->
            From ! {collected, lists:reverse(Printed), lists:reverse(Screens)},
            loop(Printed, Screens, Partial);
        _ ->
            loop(Printed, Screens, Partial)
    end.

chars({put_chars, Enc, Chars}) -> {to_list(Enc, Chars), ok};
chars({put_chars, Chars}) -> {to_list(latin1, Chars), ok};
chars({put_chars, Enc, M, F, A}) -> {to_list(Enc, apply(M, F, A)), ok};
chars({put_chars, M, F, A}) -> {to_list(latin1, apply(M, F, A)), ok};
chars({requests, Rs}) -> {lists:append([element(1, chars(R)) || R <- Rs]), ok};
chars(_) -> {[], {error, enotsup}}.

to_list(unicode, Chars) -> unicode:characters_to_list(Chars);
to_list(_, Chars) when is_binary(Chars) -> binary_to_list(Chars);
to_list(_, Chars) -> lists:flatten(Chars).

split(S) -> split(S, [], []).
split([], Cur, Acc) -> {lists:reverse(Acc), lists:reverse(Cur)};
split([$\n | T], Cur, Acc) -> split(T, [], [lists:reverse(Cur) | Acc]);
split([C | T], Cur, Acc) -> split(T, [C | Cur], Acc).
