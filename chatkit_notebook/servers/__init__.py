"""The ChatKit servers a chat runs in the kernel, and what they share.

`base.NotebookServer` (cached request schema, `@chat.action` routes) underlies
`function.FunctionServer` (`respond=`) and `agent.AgentServer` (`agent=`); `output` turns what user
code returns into ChatKit events, `actions` runs widget actions, `models`, `converter` and
`client_tools` connect openai-agents.
"""
