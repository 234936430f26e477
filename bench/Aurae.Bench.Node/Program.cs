using Aurae.Bench.Node;

// The node benchmarks' client side (bench/boot, bench/remote, bench/daemon and bench/container
// call it): figures on stdout as "key value" lines, progress on stderr.
const string usage = """
    usage: aurae-bench-node boot --console FILE (--line TEXT | --endpoint IP:PORT --node NAME --pki DIR) -- QEMU ARGV...
           aurae-bench-node remote --endpoint IP:PORT --node NAME --pki DIR --busybox PATH [--sequential N] [--parallel N] [--parallel-total N]
           aurae-bench-node container --endpoint IP:PORT --node NAME --pki DIR --image-archive FILE [--sequential N] [--parallel N] [--parallel-total N]
           aurae-bench-node rss --endpoint IP:PORT --node NAME --pki DIR --busybox PATH
    """;
try
{
    var arguments = new BenchArguments(args.Skip(1));
    var figures = args.FirstOrDefault() switch
    {
        "boot" => await BootTimer.RunAsync(arguments),
        "remote" => await RemoteCommandBench.RunAsync(arguments),
        "container" => await ContainerStartBench.RunAsync(arguments),
        "rss" => await DaemonMemoryProbe.RunAsync(arguments),
        _ => throw new ArgumentException(usage),
    };
    foreach (var (key, value) in figures)
        Console.WriteLine($"{key} {value}");
    return 0;
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException or TimeoutException or IOException or Grpc.Core.RpcException)
{
    Console.Error.WriteLine($"aurae-bench-node: {e.Message}");
    return 1;
}
