# Shared by the benchmarks: inputs, timing, and one markdown table per script on stdout
# (progress and tool noise go to stderr). Targets are ratios against a baseline measured in
# the same run, never absolute times.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

# bench_prepare_composer: the cloud kernel package and out/bin (auraed, aurae-compose, aurae).
bench_prepare_composer() {
    "$AURAE_ROOT/scripts/fetch-kernel" >&2
    [ -x "$AURAE_ROOT/out/bin/aurae-compose" ] && [ -x "$AURAE_ROOT/out/bin/auraed" ] || "$AURAE_ROOT/scripts/build" >&2
}

# bench_workdir NAME: a fresh directory under out/bench/ (kept after the run, for inspection).
bench_workdir() {
    local dir="$AURAE_ROOT/out/bench/$1"
    rm -rf "$dir" && mkdir -p "$dir" && echo "$dir"
}

# bench_time COMMAND...: runs it (output to stderr), prints the wall time in nanoseconds.
bench_time() {
    local start end
    start=$(date +%s%N)
    "$@" >&2
    end=$(date +%s%N)
    echo $((end - start))
}

# bench_median N...: the median (the lower middle one for an even count).
bench_median() {
    printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# bench_min N...: the smallest.
bench_min() {
    printf '%s\n' "$@" | sort -n | head -n 1
}

# bench_seconds NS: nanoseconds as seconds with 2 decimals.
bench_seconds() {
    awk -v ns="$1" 'BEGIN { printf "%.2f", ns / 1e9 }'
}

# bench_list_seconds NS...: "1.23 1.25 1.30".
bench_list_seconds() {
    local out=() n
    for n in "$@"; do out+=("$(bench_seconds "$n")"); done
    echo "${out[*]}"
}

# bench_mib BYTES: bytes as MiB with 2 decimals.
bench_mib() {
    awk -v b="$1" 'BEGIN { printf "%.2f", b / 1048576 }'
}

# bench_table_header TITLE: the table's title line and its header.
bench_table_header() {
    printf '\n**%s**\n\n| measure | value | detail |\n| --- | --- | --- |\n' "$1"
}

# bench_table_row MEASURE VALUE DETAIL
bench_table_row() {
    printf '| %s | %s | %s |\n' "$1" "$2" "$3"
}

# bench_ratio_row LABEL OURS BASELINE TARGET: OURS/BASELINE as a ratio and its inverse, PASS when
# the ratio is at most TARGET (an awk expression such as 1/3).
bench_ratio_row() {
    local verdict
    verdict=$(awk -v o="$2" -v b="$3" -v t="$4" 'BEGIN { split(t, f, "/"); limit = (f[2] == "") ? f[1] : f[1] / f[2]; print (o / b <= limit) ? "PASS" : "MISS" }')
    bench_table_row "$1" "$(awk -v o="$2" -v b="$3" 'BEGIN { printf "%.3f (%.1f× faster)", o / b, b / o }')" "target ≤ $4: **$verdict**"
}

# bench_difference_row LABEL OURS_NS BASELINE_NS LIMIT_MS: OURS − BASELINE in milliseconds, PASS
# when at most LIMIT_MS (a target stated as "within so many ms of the baseline").
bench_difference_row() {
    local verdict
    verdict=$(awk -v o="$2" -v b="$3" -v l="$4" 'BEGIN { print ((o - b) / 1e6 <= l) ? "PASS" : "MISS" }')
    bench_table_row "$1" "$(awk -v o="$2" -v b="$3" 'BEGIN { printf "%+.1f ms", (o - b) / 1e6 }')" "target ≤ +$4 ms: **$verdict**"
}

# --- node benchmarks (bench/boot, bench/remote, bench/daemon, bench/container) ---

# bench_prepare_node_client: builds bench/Aurae.Bench.Node (the mTLS client side) once.
bench_prepare_node_client() {
    dotnet build -c Release "$AURAE_ROOT/bench/Aurae.Bench.Node" >&2
}

# bench_node_client ARGS...: runs it (see its usage); "key value" lines on stdout.
bench_node_client() {
    dotnet run --no-build -c Release --project "$AURAE_ROOT/bench/Aurae.Bench.Node" -- "$@"
}

# bench_figure KEY FILE: the value of a "key value" line the client printed.
bench_figure() {
    awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print; found = 1 } END { exit !found }' "$2"
}

# bench_free_port: a TCP port nothing listens on now.
bench_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# bench_compose_node DIR NAME: PKI (aurae-compose pki init) and the pxe output (vmlinuz,
# initramfs.img) of a node like examples/node.yaml (virtio_pci + virtio_net, DHCP, zstd) in DIR.
bench_compose_node() {
    local dir="$1" name="$2"
    "$AURAE_ROOT/out/bin/aurae-compose" pki init "$dir/pki" --node "$name" >/dev/null
    cat > "$dir/node.yaml" <<YAML
name: $name
kernel:
  deb: $AURAE_ROOT/.cache/kernels/linux-image-cloud-amd64.deb
  cmdline: "console=ttyS0 panic=-1"
  modules: [virtio_pci, virtio_net]
pki: $dir/pki
api:
  listen: 0.0.0.0:8080
network:
  dhcp: true
initramfs:
  compression: zstd
outputs: [pxe]
YAML
    "$AURAE_ROOT/out/bin/aurae-compose" build "$dir/node.yaml" -o "$dir/node" >&2
}

# bench_qemu_argv KERNEL INITRAMFS HOST_PORT: the one machine both sides of a boot comparison
# run on (TCG, 1 CPU, 1 GiB, virtio-net with user networking forwarding HOST_PORT to the
# guest's 8080), one argument per line for mapfile. The CPU is TCG's qemu64 plus RDRAND, which
# every x86-64 server CPU has had since 2012-2015: without it (and without virtio-rng) the
# kernel's CRNG needs about 1 s of timer jitter before its first reader (any TLS server, and the
# .NET runtime's hash seed) gets random bytes, a cost real machines do not have.
bench_qemu_argv() {
    printf '%s\n' qemu-system-x86_64 -nographic -no-reboot -m 1024 -smp 1 -accel tcg -cpu qemu64,+rdrand \
        -kernel "$1" -initrd "$2" -append "console=ttyS0 panic=-1" \
        -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$3-:8080" -device virtio-net-pci,netdev=n0
}

# bench_milliseconds NS: nanoseconds as milliseconds with 1 decimal.
bench_milliseconds() {
    awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1e6 }'
}
