"""The kernel side of the widget's comm: frames in, ChatKit requests run as tasks, frames out.

`core.Bridge` runs requests; `frames` are the wire shapes; `callbacks`, `events` and `ui` route
ChatKit's JS callbacks, DOM events and Python-initiated UI calls; `headless` runs turns with no
browser (`chat.ask()`).
"""
