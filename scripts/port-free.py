"""Stop `make serve` with one clear line when its port is taken, instead of MkDocs' traceback.

Usage: python scripts/port-free.py PORT
"""

from __future__ import annotations

import socket
import sys


def main(port: int) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            print(f"Poort {port} is al in gebruik (draait `make serve` al?). Kies een andere: make serve PORT={port + 1}\n"
                  f"Port {port} is already in use (is `make serve` running already?). Choose another: "
                  f"make serve PORT={port + 1}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1])))
