"""A Jupyter server setting for a class's hub: the kernel websocket sends without Nagle's algorithm.

Put this file where the learners' servers read their configuration (for example /etc/jupyter/ in the
single-user image, or the folder JUPYTER_CONFIG_PATH names). docs/deployment.md says why, with the
figures measured by benchmarks/bench_class.py.

A slider drag sends its next update once the kernel has answered the last one. Without this, the
server holds the answer's last small packet until the browser acknowledges the one before it, and the
browser waits up to 40 ms to do so (TCP's delayed acknowledgement): each update of a drag waits about
40 ms more. jupyter_server has no setting for it, so this wraps the handler's ``open``, as tornado's
documentation advises for a websocket that sends small messages and waits for answers.
"""

from jupyter_server.services.kernels.websocket import KernelWebsocketHandler

_open = KernelWebsocketHandler.open


async def open(self, kernel_id):  # noqa: A001  the handler's method, replaced
    self.set_nodelay(True)
    return await _open(self, kernel_id)


KernelWebsocketHandler.open = open
