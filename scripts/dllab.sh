#!/usr/bin/env bash
# The two set-up commands of the README:
#   scripts/dllab.sh run   install what is missing, build, and open dllab on the default
#                          workspace with the demo dataset (headless demo when there is no display)
#   scripts/dllab.sh test  install what is missing, build, and run every test
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

install_packages() {
    local wanted missing=()
    mapfile -t wanted < <(grep -v '^#' scripts/packages.txt | sed '/^$/d')
    for pkg in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() { # preset
    # Paths relative to the checkout, so a fresh clone reuses the compiler cache.
    export CCACHE_BASEDIR="$here"
    cmake --preset "$1" >/dev/null
    cmake --build --preset "$1" -j "$(nproc)"
}

case "${1:-}" in
run)
    install_packages
    # The tests' build (Release): after `test`, `run` builds nothing.
    build ci
    bin=build/ci
    ws="${DLLAB_WORKSPACE:-${XDG_DATA_HOME:-$HOME/.local/share}/dllab}"
    if ! "$bin/app/cli/dllab-cli" dataset show demo >/dev/null 2>&1; then
        echo "importing the demo dataset (2,000 MNIST digits) into $ws"
        "$bin/app/cli/dllab-cli" dataset import resources/demo/mnist-2k-images-idx3-ubyte.gz \
            resources/demo/mnist-2k-labels-idx1-ubyte.gz --name demo --message "demo: 2,000 MNIST digits"
        "$bin/app/cli/dllab-cli" dataset split demo --val 0.1 --test 0.1 --seed 0 >/dev/null
    fi
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
        echo "No display (DISPLAY and WAYLAND_DISPLAY are unset): running the demo headless with dllab-cli."
        "$bin/app/cli/dllab-cli" dataset list
        "$bin/app/cli/dllab-cli" dataset show demo
        "$bin/app/cli/dllab-cli" dataset verify demo
        exit 0
    fi
    exec "$bin/app/gui/dllab" --select demo
    ;;
test)
    install_packages
    # ONNX Runtime (npm) checks our ONNX exports; without it those checks skip with a message.
    # Debian's nodejs comes without npm (a separate package, which a nodejs from elsewhere already
    # includes and would conflict with), so it is installed only where the command is missing.
    if ! command -v npm >/dev/null; then
        sudo=""
        [ "$(id -u)" -ne 0 ] && sudo=sudo
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends npm ||
            echo "npm could not be installed; the ONNX Runtime checks will skip"
    fi
    [ -d node_modules/onnxruntime-node ] || npm install --ignore-scripts --no-save --no-audit \
        --no-fund --prefix "$here" onnxruntime-node >/dev/null 2>&1 ||
        echo "onnxruntime-node could not be installed; the ONNX Runtime checks will skip"
    build ci
    ctest --preset ci
    ;;
*)
    echo "usage: scripts/dllab.sh run|test" >&2
    exit 2
    ;;
esac
