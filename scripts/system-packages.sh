#!/usr/bin/env bash
# The Debian packages the test suite needs besides Python's: Chromium for the browser
# tests, nginx (with its brotli module) for the reference web server configuration (deploy/nginx/),
# Java and npm for the HTML checker.
# `make test` runs this first. It installs what is missing when it can (as root, or with
# sudo that asks no password) and otherwise stops at once with the one command to run.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
# Java and npm for the Nu HTML Checker (tests/test_html_valid.py, installed by make from tests/tools/)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# brotli for the reference configuration's deploy/nginx/brotli.conf
[ -f /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ] || missing+=(libnginx-mod-http-brotli-filter)
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "make test needs Chromium at /usr/bin/chromium and nginx; this is not Debian or Ubuntu: install them" \
       "with your system's package manager, then run make test again." >&2
  exit 1
fi
if [ "$(id -u)" = 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "make test needs the Debian packages ${missing[*]}. Install them once with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "make test: installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
  || { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq "${missing[@]}"; }
