"""`workflow=`: an Agent Builder export (Agents SDK Python) run as a streaming, multi-turn chat.

`load` finds `run_workflow` in a pasted export; `runner` makes every `Runner.run` the workflow
makes stream into the chat and see the thread's earlier turns; `run` is one answer to one message
(possibly paused for an approval or a client tool); `answer` shows what the workflow returned;
`approvals` is `approve()`, the Approve / Reject card; `server` is the ChatKit server.

This package's `__init__` imports nothing, so `from chatkit_notebook import approve` stays cheap.
"""
