/**
 * The BEAM outcomes of the conformance cases, recorded from a live run with
 * `npm run conformance -- --record` (generated; do not edit). When `erl` is not installed,
 * chatty-sim is compared with these instead, and the tests pin them.
 */
import type { Outcome } from "./outcome.js";

/** The OTP release and each case's normalised BEAM outcome. */
export const RECORDED: { readonly otp: string; readonly cases: Readonly<Record<string, Outcome>> } = {
  "otp": "25",
  "cases": {
    "three-clients": {
      "nodes": {
        "server_node@127.0.0.1": [],
        "john@127.0.0.1": [
          "[JOIN] John joined the chat",
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] hi from John",
          "[Mary] hi from Mary",
          "[Ana] hi from Ana",
          "[LEAVE] Ana left the chat",
          "[John] bye Ana"
        ],
        "mary@127.0.0.1": [
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] hi from John",
          "[Mary] hi from Mary",
          "[Ana] hi from Ana",
          "[LEAVE] Ana left the chat",
          "[John] bye Ana"
        ],
        "ana@127.0.0.1": [
          "[JOIN] Ana joined the chat",
          "[John] hi from John",
          "[Mary] hi from Mary",
          "[Ana] hi from Ana",
          "[LEAVE] Ana left the chat"
        ]
      },
      "screens": {
        "John": [
          "[JOIN] John joined the chat",
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] hi from John",
          "[Mary] hi from Mary",
          "[Ana] hi from Ana",
          "[LEAVE] Ana left the chat",
          "[John] bye Ana"
        ],
        "Mary": [
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] hi from John",
          "[Mary] hi from Mary",
          "[Ana] hi from Ana",
          "[LEAVE] Ana left the chat",
          "[John] bye Ana"
        ],
        "Ana": [
          "[JOIN] Ana joined the chat",
          "[John] hi from John",
          "[Mary] hi from Mary",
          "[Ana] hi from Ana",
          "[LEAVE] Ana left the chat",
          "(exit)"
        ]
      }
    },
    "server-disconnect": {
      "nodes": {
        "server_node@127.0.0.1": [],
        "john@127.0.0.1": [
          "[JOIN] John joined the chat",
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] before"
        ],
        "mary@127.0.0.1": [
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] before"
        ],
        "ana@127.0.0.1": [
          "[JOIN] Ana joined the chat",
          "[John] before"
        ]
      },
      "screens": {
        "John": [
          "[JOIN] John joined the chat",
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] before"
        ],
        "Mary": [
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] before"
        ],
        "Ana": [
          "[JOIN] Ana joined the chat",
          "[John] before"
        ]
      }
    },
    "unsupported-message": {
      "nodes": {
        "server_node@127.0.0.1": [
          "Received unsupported message: hello"
        ],
        "john@127.0.0.1": [
          "[JOIN] John joined the chat",
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] before"
        ],
        "mary@127.0.0.1": [
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] before"
        ],
        "ana@127.0.0.1": [
          "[JOIN] Ana joined the chat",
          "[John] before"
        ]
      },
      "screens": {
        "John": [
          "[JOIN] John joined the chat",
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] before"
        ],
        "Mary": [
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] before"
        ],
        "Ana": [
          "[JOIN] Ana joined the chat",
          "[John] before"
        ]
      }
    },
    "server2-three": {
      "nodes": {
        "server1@127.0.0.1": [
          "[SERVER UPDATE] [<R>,<L>]",
          "[SERVER UPDATE] [<R>,<R>,<L>]"
        ],
        "server2@127.0.0.1": [
          "[SERVER UPDATE] [<L>,<R>]",
          "[SERVER UPDATE] [<R>,<L>,<R>]"
        ],
        "server3@127.0.0.1": [
          "[SERVER UPDATE] [<L>,<R>,<R>]"
        ],
        "john@127.0.0.1": [
          "[JOIN] John joined the chat",
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] hi from John",
          "[Mary] hi from Mary",
          "[Ana] hi from Ana"
        ],
        "mary@127.0.0.1": [
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] hi from John",
          "[Mary] hi from Mary",
          "[Ana] hi from Ana"
        ],
        "ana@127.0.0.1": [
          "[JOIN] Ana joined the chat",
          "[John] hi from John",
          "[Mary] hi from Mary",
          "[Ana] hi from Ana"
        ]
      },
      "screens": {
        "John": [
          "[JOIN] John joined the chat",
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] hi from John",
          "[Mary] hi from Mary",
          "[Ana] hi from Ana"
        ],
        "Mary": [
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] hi from John",
          "[Mary] hi from Mary",
          "[Ana] hi from Ana"
        ],
        "Ana": [
          "[JOIN] Ana joined the chat",
          "[John] hi from John",
          "[Mary] hi from Mary",
          "[Ana] hi from Ana"
        ]
      }
    },
    "server2-disconnect": {
      "nodes": {
        "server1@127.0.0.1": [
          "[SERVER UPDATE] [<R>,<L>]",
          "[SERVER UPDATE] [<R>,<R>,<L>]",
          "[SERVER UPDATE] [<R>,<L>]"
        ],
        "server2@127.0.0.1": [
          "[SERVER UPDATE] [<L>,<R>]",
          "[SERVER UPDATE] [<R>,<L>,<R>]",
          "[SERVER UPDATE] [<L>,<R>]"
        ],
        "server3@127.0.0.1": [
          "[SERVER UPDATE] [<L>,<R>,<R>]"
        ],
        "john@127.0.0.1": [
          "[JOIN] John joined the chat",
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] before",
          "[John] John after",
          "[Mary] Mary after"
        ],
        "mary@127.0.0.1": [
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] before",
          "[John] John after",
          "[Mary] Mary after"
        ],
        "ana@127.0.0.1": [
          "[JOIN] Ana joined the chat",
          "[John] before"
        ]
      },
      "screens": {
        "John": [
          "[JOIN] John joined the chat",
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] before",
          "[John] John after",
          "[Mary] Mary after"
        ],
        "Mary": [
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] before",
          "[John] John after",
          "[Mary] Mary after"
        ],
        "Ana": [
          "[JOIN] Ana joined the chat",
          "[John] before"
        ]
      }
    },
    "server2-rejoin": {
      "nodes": {
        "server1@127.0.0.1": [
          "[SERVER UPDATE] [<R>,<L>]",
          "[SERVER UPDATE] [<R>,<R>,<L>]",
          "[SERVER UPDATE] [<R>,<R>,<R>,<L>]"
        ],
        "server2@127.0.0.1": [
          "[SERVER UPDATE] [<L>,<R>]",
          "[SERVER UPDATE] [<R>,<L>,<R>]",
          "[SERVER UPDATE] [<L>,<R>,<L>,<R>]"
        ],
        "server3@127.0.0.1": [
          "[SERVER UPDATE] [<L>,<R>,<R>]",
          "[SERVER UPDATE] [<R>,<L>,<R>,<R>]"
        ],
        "john@127.0.0.1": [
          "[JOIN] John joined the chat",
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] hi from John",
          "[John] John again",
          "[Ana] Ana again"
        ],
        "mary@127.0.0.1": [
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] hi from John"
        ],
        "ana@127.0.0.1": [
          "[JOIN] Ana joined the chat",
          "[John] hi from John",
          "[John] John again",
          "[Ana] Ana again"
        ]
      },
      "screens": {
        "John": [
          "[JOIN] John joined the chat",
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] hi from John",
          "[John] John again",
          "[Ana] Ana again"
        ],
        "Mary": [
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] hi from John"
        ],
        "Ana": [
          "[JOIN] Ana joined the chat",
          "[John] hi from John",
          "[John] John again",
          "[Ana] Ana again"
        ]
      }
    },
    "server2-unsupported-message": {
      "nodes": {
        "server1@127.0.0.1": [
          "[SERVER UPDATE] [<R>,<L>]",
          "[SERVER UPDATE] [<R>,<R>,<L>]"
        ],
        "server2@127.0.0.1": [
          "[SERVER UPDATE] [<L>,<R>]",
          "[SERVER UPDATE] [<R>,<L>,<R>]"
        ],
        "server3@127.0.0.1": [
          "[SERVER UPDATE] [<L>,<R>,<R>]"
        ],
        "john@127.0.0.1": [
          "[JOIN] John joined the chat",
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] before",
          "Received unsupported message: hello"
        ],
        "mary@127.0.0.1": [
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] before",
          "[Mary] Mary after",
          "[John] John after"
        ],
        "ana@127.0.0.1": [
          "[JOIN] Ana joined the chat",
          "[John] before",
          "[Mary] Mary after",
          "[John] John after"
        ]
      },
      "screens": {
        "John": [
          "[JOIN] John joined the chat",
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] before",
          "Received unsupported message: hello"
        ],
        "Mary": [
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] before",
          "[Mary] Mary after",
          "[John] John after"
        ],
        "Ana": [
          "[JOIN] Ana joined the chat",
          "[John] before",
          "[Mary] Mary after",
          "[John] John after"
        ]
      }
    },
    "unregistered-name": {
      "nodes": {
        "server_node@127.0.0.1": [
          "** exception error: bad argument"
        ],
        "john@127.0.0.1": []
      },
      "screens": {
        "John": []
      }
    },
    "old-incarnation": {
      "nodes": {
        "server_node@127.0.0.1": [],
        "john@127.0.0.1": [
          "[JOIN] John joined the chat",
          "[John] first"
        ],
        "mary@127.0.0.1": [
          "[JOIN] Mary joined the chat",
          "[John] second"
        ]
      },
      "screens": {
        "John": [
          "[JOIN] John joined the chat",
          "[John] first"
        ],
        "Mary": [
          "[JOIN] Mary joined the chat",
          "[John] second"
        ]
      }
    },
    "unsupported-string": {
      "nodes": {
        "server_node@127.0.0.1": [
          "Received unsupported message: [104,101,108,108,111]"
        ]
      },
      "screens": {}
    },
    "server2-rejoin-local": {
      "nodes": {
        "server1@127.0.0.1": [
          "[SERVER UPDATE] [<R>,<L>]",
          "[SERVER UPDATE] [<R>,<R>,<L>]",
          "[SERVER UPDATE] [<R>,<R>,<R>,<L>]"
        ],
        "server2@127.0.0.1": [
          "[SERVER UPDATE] [<L>,<R>]",
          "[SERVER UPDATE] [<R>,<L>,<R>]",
          "[SERVER UPDATE] [<L>,<R>,<L>,<R>]",
          "Discarding message {message,\"Mary\",\"Mary again\"} from <L> to <L> in an old incarnation (C) of this node (C)"
        ],
        "server3@127.0.0.1": [
          "[SERVER UPDATE] [<L>,<R>,<R>]",
          "[SERVER UPDATE] [<R>,<L>,<R>,<R>]"
        ],
        "john@127.0.0.1": [
          "[JOIN] John joined the chat",
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] hi from John",
          "[John] John again",
          "[Ana] Ana again",
          "[Mary] Mary again"
        ],
        "mary@127.0.0.1": [
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] hi from John"
        ],
        "ana@127.0.0.1": [
          "[JOIN] Ana joined the chat",
          "[John] hi from John",
          "[John] John again",
          "[Ana] Ana again",
          "[Mary] Mary again"
        ]
      },
      "screens": {
        "John": [
          "[JOIN] John joined the chat",
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] hi from John",
          "[John] John again",
          "[Ana] Ana again",
          "[Mary] Mary again"
        ],
        "Mary": [
          "[JOIN] Mary joined the chat",
          "[JOIN] Ana joined the chat",
          "[John] hi from John"
        ],
        "Ana": [
          "[JOIN] Ana joined the chat",
          "[John] hi from John",
          "[John] John again",
          "[Ana] Ana again",
          "[Mary] Mary again"
        ]
      }
    }
  }
};
