using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Aurae.Api.Artifacts.V0;
using Aurae.Api.Cells.V0;
using Aurae.Api.Discovery.V0;
using Aurae.Api.Node.V0;
using Aurae.Client;
using Grpc.Core;
using Grpc.Net.Client;

namespace Aurae.Node.Tests.Workloads;

/// <summary>The hostile tenant's attempts: one row per escape issue 16 found, each a busybox script.</summary>
public sealed partial class ContainmentTests
{
    /// <summary>
    /// The table. Scripts run as the cell's root (node uid <paramref name="firstId"/>) with
    /// busybox's applets; where busybox exits 0 on failure the effect is read back instead.
    /// </summary>
    private static List<Attempt> Attempts(NodeState before, bool ownNetwork, uint firstId, string marker)
    {
        var iface = before["iface"];
        // The node's processes, by the numbers the node knows them by. The tenant's own pid
        // namespace never gets near 10 (its scripts use builtins where they loop).
        var nodePids = string.Join(' ', before.Processes.Where(p => p.Pid >= 10).Select(p => p.Pid));
        var nodeOnlyNames = before.Processes.Select(p => p.Name).Where(n => !TenantProcessNames.Contains(n)).ToHashSet();

        var rawSocket = ownNetwork
            ? $$"""
                for i in /sys/class/net/*; do [ "${i##*/}" = lo ] || echo "ESCAPED sees the interface ${i##*/}"; done
                echo "interfaces: $(ls /sys/class/net | tr '\n' ' ')"
                out=$(arping -c 1 -w 2 -I {{iface}} 10.0.2.2 2>&1); echo "arping: $out"
                case "$out" in *ARPING*) echo "ESCAPED arping sent on the node's {{iface}}";; esac
                echo done
                """
            : $$"""
                out=$(arping -c 1 -w 2 -I {{iface}} 10.0.2.2 2>&1); echo "arping: $out"
                case "$out" in *ARPING*) echo "ESCAPED arping opened a packet socket on the node's {{iface}}";; esac
                out=$(traceroute -n -m 1 -q 1 -w 1 10.0.2.2 2>&1); echo "traceroute: $out"
                case "$out" in *"traceroute to"*) echo "ESCAPED traceroute opened a raw socket";; esac
                out=$(ping -c 1 -W 2 10.0.2.2 2>&1); echo "ping (may use an unprivileged ICMP socket): $out"
                echo done
                """;

        return
        [
            new("read the node's key, certificates and manifest under /etc/aurae", """
                for f in /etc/aurae/pki/node.key /etc/aurae/pki/node.crt /etc/aurae/pki/ca.crt /etc/aurae/node.json \
                         /proc/1/root/etc/aurae/pki/node.key /proc/1/cwd/etc/aurae/node.json /proc/2/root/etc/aurae/pki/node.key; do
                  n=$(cat "$f" 2>/dev/null | wc -c)
                  [ "$n" -gt 0 ] && echo "ESCAPED read $n bytes of $f"
                done
                ls /etc 2>&1
                find / -xdev \( -name '*.key' -o -name 'node.json' -o -name '*.crt' \) 2>/dev/null | sed 's/^/ESCAPED found /'
                echo done
                """),
            new("read the daemon's binary (/init, /proc/1/exe)", """
                for f in /init /proc/1/exe /sbin/init; do
                  n=$(cat "$f" 2>/dev/null | wc -c)
                  [ "$n" -gt 0 ] && echo "ESCAPED read $n bytes of $f"
                done
                echo "its init: $(cat /proc/1/comm)"
                ls -l /proc/1/exe 2>&1
                echo done
                """),
            new("read the daemon's memory through the cell's init, a copy of it (/proc/1/mem, maps, environ, fd)", """
                for f in maps smaps environ auxv syscall stack; do
                  n=$(cat /proc/1/$f 2>/dev/null | wc -c)
                  [ "$n" -gt 0 ] && echo "ESCAPED read $n bytes of /proc/1/$f"
                done
                (true < /proc/1/mem) 2>/dev/null && echo "ESCAPED opened /proc/1/mem"
                ls /proc/1/fd 2>/dev/null | sed 's/^/ESCAPED sees the init'"'"'s fd /'
                cat /proc/1/environ 2>&1 | head -c 200; echo
                echo done
                """),
            new("see the node's processes", $$"""
                for p in /proc/[0-9]*; do read -r c < $p/comm && echo "pid ${p#/proc/} $c"; done 2>/dev/null
                for p in {{nodePids}}; do kill -0 $p 2>/dev/null && echo "ESCAPED signal 0 reached node pid $p"; done
                echo done
                """, r => SeesOnlyItself(r, nodeOnlyNames)),
            new("signal or kill the daemon (it cannot be named: pid 1 here is the cell's own init)", """
                kill -9 -1 2>&1; echo "kill -9 -1: $?"
                kill -KILL 1 2>&1; echo "kill -KILL 1: $?"
                sleep 1
                [ -d /proc/1 ] || echo "ESCAPED its init died"
                echo "pid 1 is $(cat /proc/1/comm)"
                echo done
                """),
            new("move itself out of its cgroup", """
                before=$(cat /proc/self/cgroup)
                for f in $(find / -xdev -name cgroup.procs 2>/dev/null; find /sys/fs/cgroup -name cgroup.procs 2>/dev/null) \
                         /sys/fs/cgroup/cgroup.procs /sys/fs/cgroup/aurae/cgroup.procs; do
                  echo $$ > $f && echo "ESCAPED wrote its pid to $f"
                done
                mkdir -p /tmp/cg
                mount -t cgroup2 none /tmp/cg && echo "ESCAPED mounted cgroup2"
                mount -t cgroup -o memory none /tmp/cg && echo "ESCAPED mounted cgroup v1 (release_agent)"
                after=$(cat /proc/self/cgroup)
                echo "cgroup: $before -> $after"
                [ "$before" = "$after" ] || echo "ESCAPED its cgroup changed to $after"
                echo done
                """),
            new("raise its memory.max and pids.max", """
                for f in $(find / -xdev \( -name memory.max -o -name memory.high -o -name pids.max \) 2>/dev/null; \
                           find /sys/fs/cgroup \( -name memory.max -o -name memory.high -o -name pids.max \) 2>/dev/null); do
                  echo "found $f: $(cat $f)"
                  echo max > $f && echo "ESCAPED wrote max to $f"
                done
                echo done
                """),
            new("rename the node", """
                hostname evil-tenant 2>&1
                echo evil-tenant > /proc/sys/kernel/hostname
                sysctl -w kernel.hostname=evil-tenant 2>&1
                echo "its hostname: $(hostname)"
                [ "$(hostname)" = evil-tenant ] && echo "ESCAPED renamed (at least its own uts namespace: CAP_SYS_ADMIN)"
                echo done
                """),
            new("write the kernel log (/dev/kmsg, /proc/sysrq-trigger)", $$"""
                echo "<0>{{marker}} via /dev/kmsg" > /dev/kmsg && echo "ESCAPED wrote /dev/kmsg"
                mknod /tmp/kmsg c 1 11 && echo "ESCAPED made a kmsg device"
                [ -c /tmp/kmsg ] && echo "<0>{{marker}} via mknod" > /tmp/kmsg && echo "ESCAPED wrote a kmsg device"
                echo h > /proc/sysrq-trigger && echo "ESCAPED wrote /proc/sysrq-trigger"
                echo done
                """),
            new("read the kernel log (dmesg, /proc/kmsg)", """
                n=$(dmesg 2>/dev/null | wc -c); [ "$n" -gt 0 ] && echo "ESCAPED dmesg printed $n bytes"
                dmesg 2>&1 | head -n 1
                n=$(timeout 2 head -c 100 /proc/kmsg 2>/dev/null | wc -c); [ "$n" -gt 0 ] && echo "ESCAPED read /proc/kmsg"
                n=$(timeout 2 head -c 100 /dev/kmsg 2>/dev/null | wc -c); [ "$n" -gt 0 ] && echo "ESCAPED read /dev/kmsg"
                echo done
                """),
            new("change sysctls (core_pattern, modprobe, ip_forward, ...)", """
                w() {
                  old=$(cat /proc/sys/$1 2>/dev/null)
                  echo "$2" > /proc/sys/$1 && echo "ESCAPED wrote $1"
                  new=$(cat /proc/sys/$1 2>/dev/null)
                  if [ "$old" != "$new" ]; then echo "ESCAPED $1 changed: '$old' -> '$new'"; echo "$old" > /proc/sys/$1; fi
                }
                w kernel/core_pattern '|/tmp/evil %p'
                w kernel/modprobe /tmp/evil
                w kernel/sysrq 1
                w kernel/panic 7
                w kernel/printk '1 4 1 7'
                w kernel/domainname evil-tenant
                w kernel/randomize_va_space 0
                w net/ipv4/ip_forward 1
                w vm/overcommit_memory 1
                echo 3 > /proc/sys/vm/drop_caches && echo "ESCAPED wrote vm/drop_caches"
                sysctl -w net.ipv4.ip_forward=1 2>&1
                for f in /sys/kernel/uevent_helper /sys/power/state; do
                  [ -e $f ] && (true > $f) && echo "ESCAPED opened $f for writing"
                done
                echo done
                """),
            new("mount file systems (tmpfs, proc, sysfs, devtmpfs, a bind; remount, unmask)", """
                mkdir -p /tmp/m
                mount -t tmpfs none /tmp/m && echo "ESCAPED mounted tmpfs"
                mount -t proc proc /tmp/m && echo "ESCAPED mounted proc"
                mount -t sysfs sysfs /tmp/m && echo "ESCAPED mounted sysfs"
                mount -t devtmpfs dev /tmp/m && echo "ESCAPED mounted devtmpfs"
                mount -o bind / /tmp/m && echo "ESCAPED bind-mounted /"
                mount -o remount,rw / && echo "ESCAPED remounted / read-write"
                umount /proc/kcore && echo "ESCAPED unmasked /proc/kcore"
                umount /proc/sys && echo "ESCAPED made /proc/sys writable"
                echo done
                """),
            new("modify the node's busybox (a read-only bound artifact)", """
                b=/run/aurae/artifacts/names/busybox
                (true >> $b) && echo "ESCAPED opened the artifact for writing"
                chmod 4755 $b && echo "ESCAPED chmod the artifact"
                mount -o remount,rw,bind $b && echo "ESCAPED remounted the artifact read-write"
                ls -l $b
                echo done
                """),
            new("create a block device and read the disk", """
                for d in vda sda nvme0n1 mem; do [ -e /dev/$d ] && echo "ESCAPED /dev/$d is there"; done
                for dev in 'sda 8 0' 'vda 254 0' 'ram0 1 0' 'loop0 7 0'; do
                  set -- $dev
                  mknod /tmp/$1 b $2 $3 && echo "ESCAPED made block device $1 ($2:$3)"
                  if [ -b /tmp/$1 ]; then
                    n=$(head -c 512 /tmp/$1 2>/dev/null | wc -c); [ "$n" -gt 0 ] && echo "ESCAPED read $n bytes of $1"
                  fi
                done
                mknod /dev/sdz b 8 0 && echo "ESCAPED made a block device in /dev"
                echo done
                """),
            new("read /dev/mem, /dev/kmem, /dev/port and /proc/kcore", """
                for f in /dev/mem /dev/kmem /dev/port /proc/kcore; do
                  n=$(head -c 1 $f 2>/dev/null | wc -c); [ "$n" -gt 0 ] && echo "ESCAPED read $f"
                done
                mknod /tmp/mem c 1 1 && echo "ESCAPED made a /dev/mem device"
                devmem 0x1000 2>&1 && echo "ESCAPED devmem read physical memory"
                ls -l /proc/kcore
                echo done
                """),
            new("open a raw or packet socket on the node's network", rawSocket),
            .. ownNetwork ? Array.Empty<Attempt>() :
            [
                // Its own network namespace may (as in Docker) serve on port 80 of its own loopback.
                new("listen on a privileged port of the node (80)", """
                    out=$(timeout 2 nc -l -p 80 2>&1); echo "nc -l -p 80: $out"
                    case "$out" in *denied*|*"not permitted"*) ;; *) echo "ESCAPED listened on the node's port 80";; esac
                    echo done
                    """),
            ],
            new("set the clock (date -s, adjtimex, hwclock)", """
                now=$(date +%s)
                date -s 2001-01-01 2>&1
                if [ "$(date +%Y)" = 2001 ]; then echo "ESCAPED the clock is now $(date)"; date -s "@$now"; fi
                tick=$(adjtimex | awk '/tick:/ { print $3 }')
                adjtimex -q -t "$tick" 2>&1 && echo "ESCAPED adjtimex set the tick (to $tick, as it was)"
                hwclock -w 2>&1 && echo "ESCAPED hwclock wrote the RTC"
                echo done
                """),
            new("take the node's network down (link down, flush addresses, delete the default route)", $$"""
                state() { ip -o link; ip -o addr | sed 's/ valid_lft.*//'; ip route; }
                before=$(state 2>&1)
                ip link set {{iface}} down 2>&1
                ifconfig {{iface}} down 2>&1
                ip addr flush dev {{iface}} 2>&1
                ip route del default 2>&1
                ip link set lo down 2>&1
                after=$(state 2>&1)
                if [ "$before" != "$after" ]; then
                  echo "ESCAPED its network changed"; echo "$after"
                  ip link set {{iface}} up; ip link set lo up
                fi
                echo "network: $after" | head -n 6
                echo done
                """),
            new("load a kernel module (insmod, modprobe)", """
                echo junk > /tmp/evil.ko
                out=$(insmod /tmp/evil.ko 2>&1); echo "insmod: $out"
                case "$out" in *nvalid*|*"xec format"*) echo "ESCAPED the kernel parsed the module: the capability check passed";; esac
                insmod /tmp/evil.ko 2>/dev/null && echo "ESCAPED insmod"
                modprobe dummy 2>&1 && echo "ESCAPED modprobe dummy"
                echo done
                """),
            new("make namespaces of its own (unshare)", """
                unshare -U true 2>&1 && echo "ESCAPED unshare -U"
                unshare -r id -u 2>&1 && echo "ESCAPED unshare -r"
                unshare -m true 2>&1 && echo "ESCAPED unshare -m"
                unshare -n true 2>&1 && echo "ESCAPED unshare -n"
                unshare -u true 2>&1 && echo "ESCAPED unshare -u"
                unshare -i true 2>&1 && echo "ESCAPED unshare -i"
                unshare -p -f true 2>&1 && echo "ESCAPED unshare -p"
                echo done
                """),
            new("enter the node (nsenter -t 1 and via /proc/1/ns, chroot /proc/1/root)", """
                b=/run/aurae/artifacts/names/busybox
                for t in 1 2; do
                  nsenter -t $t -m -u -i -n -p -- $b sh -c '[ -e /etc/aurae ] && echo "ESCAPED nsenter -t '$t' reached the node'"'"'s root"' 2>&1
                  nsenter -m/proc/$t/ns/mnt -- $b sh -c '[ -e /etc/aurae ] && echo "ESCAPED nsenter /proc/'$t'/ns/mnt reached the node'"'"'s root"' 2>&1
                done
                ls -l /proc/1/ns 2>&1 | head -n 3
                chroot /proc/1/root $b sh -c '[ -e /etc/aurae ] && echo "ESCAPED chroot /proc/1/root reached the node'"'"'s root"' 2>&1
                echo done
                """),
            // (A container's image may have no /tmp: its root is writable, so it makes one.)
            // The tenant can only write a tmpfs, which the kernel will not swap to even for root:
            // what proves the refusal is that the privilege check came first (EPERM).
            new("swap on a file", """
                mkdir -p /tmp
                dd if=/dev/zero of=/tmp/swap bs=1024 count=128 2>/dev/null
                mkswap /tmp/swap >/dev/null 2>&1
                swapon /tmp/swap 2>&1 && echo "ESCAPED swapon"
                if grep -q /tmp/swap /proc/swaps; then echo "ESCAPED the node swaps to the tenant's file"; swapoff /tmp/swap; fi
                echo done
                """, r => r.Stdout.Contains("Operation not permitted", StringComparison.Ordinal) ? null
                    : "swapon was not refused for want of privilege, so the privilege check is unproven"),
            new("become the node's root (its uid map)", $$"""
                cat /proc/self/uid_map /proc/self/gid_map
                read -r inside outside count < /proc/self/uid_map
                [ "$inside $outside $count" = "0 {{firstId}} 65536" ] || echo "ESCAPED its uid map is '$inside $outside $count', not the cell's"
                echo '0 0 1' > /proc/self/uid_map && echo "ESCAPED rewrote its uid map"
                echo done
                """),
            // Listed by a child (ls), into a file: the shell's own listing would show the
            // directory it reads, and a command substitution its pipe.
            // Listed by a child process, while the shell waits for it holding nothing but what it
            // was given: the shell's own listing would show the directory it reads, and busybox
            // runs some applets (ls, readlink) inside the shell with their redirections.
            new("use a file descriptor inherited from the daemon", """
                /run/aurae/artifacts/names/busybox sh -c '
                  p=$PPID
                  s0=$(readlink /proc/$p/fd/0); s1=$(readlink /proc/$p/fd/1); s2=$(readlink /proc/$p/fd/2)
                  for f in /proc/$p/fd/*; do
                    n=${f##*/}; t=$(readlink $f); echo "fd $n -> $t"
                    case $n in 0|1|2) continue;; esac
                    case "$t" in "$s0"|"$s1"|"$s2"|/dev/null) ;; *) echo "ESCAPED holds fd $n -> $t";; esac
                  done'
                echo done
                """),
            new("raise its priority and shield itself from the OOM killer", """
                echo -1000 > /proc/self/oom_score_adj && echo "ESCAPED wrote oom_score_adj"
                echo -17 > /proc/self/oom_adj 2>/dev/null && echo "ESCAPED wrote oom_adj"
                read -r adj < /proc/$$/oom_score_adj; echo "oom_score_adj $adj"
                [ "$adj" -lt 0 ] && echo "ESCAPED oom_score_adj is $adj"
                renice -n -20 -p $$ 2>&1
                set -- $(cat /proc/$$/stat); echo "nice ${19}"
                [ "${19}" -lt 0 ] && echo "ESCAPED its nice is ${19}"
                echo done
                """),
            new("reboot or power off the node (reboot -f, poweroff -f, halt -f)", """
                reboot -f 2>&1; echo "reboot -f: $?"
                poweroff -f 2>&1; echo "poweroff -f: $?"
                halt -f 2>&1; echo "halt -f: $?"
                sleep 1
                echo done
                """),
        ];
    }

    /// <summary>The tenant's /proc must list a handful of its own processes, none of the node's.</summary>
    private static string? SeesOnlyItself(RemoteRunResult result, IReadOnlySet<string> nodeOnlyNames)
    {
        var seen = Lines(result.Stdout).Where(l => l.StartsWith("pid ", StringComparison.Ordinal))
            .Select(l => l.Split(' ', 3)).Where(p => p.Length == 3).Select(p => (Pid: int.Parse(p[1], CultureInfo.InvariantCulture), Name: p[2])).ToList();
        if (seen.Count == 0)
            return "listed no process at all, so what it sees is unproven";
        var problems = new List<string>();
        if (seen.Count > 4)
            problems.Add($"sees {seen.Count} processes");
        var strangers = seen.Where(p => p.Pid >= 10 || nodeOnlyNames.Contains(p.Name)).Select(p => $"{p.Pid} {p.Name}").ToList();
        if (strangers.Count > 0)
            problems.Add($"sees the node's processes: {string.Join(", ", strangers.Take(20))}");
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }
}
