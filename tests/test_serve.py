"""`make serve` on a chosen port, and a clear line (not a traceback) when the port is taken."""

from __future__ import annotations

import socket
import subprocess
import sys

from support import ROOT


def test_make_serve_takes_the_port_it_is_given():
    dry = subprocess.run(["make", "-n", "--no-print-directory", "serve", "PORT=8123"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert "mkdocs serve --strict -a 127.0.0.1:8123" in dry.stdout


def test_a_taken_port_stops_serve_with_the_command_to_use_instead_in_both_languages():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, str(ROOT / "scripts" / "port-free.py"), str(port)],
                                capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert f"Poort {port} is al in gebruik" in result.stderr and f"Port {port} is already in use" in result.stderr
    assert f"make serve PORT={port + 1}" in result.stderr
    assert "Traceback" not in result.stderr
