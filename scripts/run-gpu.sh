#!/usr/bin/env bash
# The harness launcher inside a GPU bundle (scripts/gpu-bundle.sh copies it there as `harness`).
# It runs the bundled Java runtime and points DJL at the machine's own libtorch:
#
#   PYTORCH_LIBRARY_PATH  the folder holding libtorch*.so; default: the lib/ folder of python3's torch
#   PYTORCH_VERSION       that libtorch's version, e.g. 2.11.0; default: read from torch
#   PYTORCH_FLAVOR        cpu, or cuNNN for CUDA builds (DJL loads its CUDA libraries only for cu*);
#                         default: from torch.version.cuda
#   DJL_JNI_LIB           a libdjl_torch.so built for exactly that libtorch (DJL's JNI); it is put
#                         where DJL looks for it. Without one DJL would download a published JNI,
#                         which only exists for the libtorch versions DJL supports.
#
# Any harness command and option follows, e.g. `harness throughput --engine djl --device cuda --model M.pt`.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"

torch_version="" torch_cuda=""
if [ -z "${PYTORCH_LIBRARY_PATH:-}" ] && command -v python3 >/dev/null; then
    found="$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib")); print(torch.__version__); print(torch.version.cuda or "")' 2>/dev/null || true)"
    if [ -n "$found" ]; then
        PYTORCH_LIBRARY_PATH="$(sed -n 1p <<<"$found")"
        torch_version="$(sed -n 2p <<<"$found")"
        torch_cuda="$(sed -n 3p <<<"$found")"
        export PYTORCH_LIBRARY_PATH
    fi
fi
# Without a libtorch the harness still runs the mock engine; the djl engine then says what is missing.
if [ -n "${PYTORCH_LIBRARY_PATH:-}" ]; then
    if [ -z "$torch_version" ]; then
        torch_version="$(sed -n "s/^__version__ *= *['\"]\([^'\"]*\).*/\1/p" "$PYTORCH_LIBRARY_PATH/../version.py" 2>/dev/null || true)"
        torch_cuda="$(sed -n "s/^cuda *= *['\"]\([^'\"]*\).*/\1/p" "$PYTORCH_LIBRARY_PATH/../version.py" 2>/dev/null || true)"
    fi
    if [ -z "${PYTORCH_VERSION:-}" ] && [ -n "$torch_version" ]; then export PYTORCH_VERSION="${torch_version%%+*}"; fi
    if [ -z "${PYTORCH_FLAVOR:-}" ]; then
        if [ -n "$torch_cuda" ]; then PYTORCH_FLAVOR="cu${torch_cuda//./}"; else PYTORCH_FLAVOR=cpu; fi
        export PYTORCH_FLAVOR
    fi
    export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$here/djl-cache}"
    export OPT_OUT_TRACKING=true
    # Test libraries that pip's torch ships next to libtorch; DJL need not load them.
    export PYTORCH_LIBRARY_EXCLUSION="${PYTORCH_LIBRARY_EXCLUSION:-libjitbackend_test.so,libtorchbind_test.so,libaoti_custom_ops.so,libbackend_with_compiler.so}"
    if [ -n "${DJL_JNI_LIB:-}" ]; then
        jni_dir="$DJL_CACHE_DIR/pytorch/${PYTORCH_VERSION:-unknown}-$PYTORCH_FLAVOR-linux-x86_64"
        mkdir -p "$jni_dir"
        cp "$DJL_JNI_LIB" "$jni_dir/0.35.1-libdjl_torch.so"
        export DJL_OFFLINE="${DJL_OFFLINE:-true}"
    fi
fi

# shellcheck disable=SC2086
exec "$here/jdk/bin/java" --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true ${HARNESS_JAVA_OPTS:-} \
    -cp "$here/lib/*" io.jharness.harness.cli.HarnessCli "$@"
