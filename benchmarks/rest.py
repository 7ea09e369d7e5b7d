"""One JSON request to a Jupyter server's or JupyterHub's REST API: the benchmarks' shared helper."""

import json
import urllib.request


def api(base, path, token, data=None, method=None, timeout=120):
    """``path`` of the server at ``base`` with ``token``, ``data`` sent as JSON (a POST unless ``method``
    says otherwise); its JSON answer, None when it has none."""
    request = urllib.request.Request(
        f"{base}{path}",
        data=None if data is None else json.dumps(data).encode(),
        method=method or ("POST" if data is not None else "GET"),
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = response.read()
    return json.loads(body) if body else None
