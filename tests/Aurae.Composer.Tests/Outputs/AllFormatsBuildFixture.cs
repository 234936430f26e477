using Aurae.Composer.Tests.Build;
using Aurae.Composer.Tests.CommandLine;

namespace Aurae.Composer.Tests.Outputs;

/// <summary>
/// One `aurae-compose build` of the real kernel asking for every output format, shared by the
/// tests in <see cref="AllFormatsBuildCollection"/>, which check each file with independent tools.
/// </summary>
public sealed class AllFormatsBuildFixture : IDisposable
{
    public const string AllOutputs = "[pxe, uki, iso, raw-efi, qcow2, vhd, vhd-dynamic, vmdk, gcp, microvm]";

    public AllFormatsBuildFixture()
    {
        Workspace = new BuildWorkspace();
        NodeYaml = Workspace.WriteNodeYaml(fileName: "all.yaml", outputs: AllOutputs);
        OutputDirectory = Workspace.OutputDirectory("all");
        Build = ComposeCli.Run("build", NodeYaml, "--output", OutputDirectory, "--daemon", Workspace.Daemon);
    }

    public BuildWorkspace Workspace { get; }

    public string NodeYaml { get; }

    public string OutputDirectory { get; }

    public CliResult Build { get; }

    /// <summary>A file the build wrote; fails the test with the build's output unless the build succeeded.</summary>
    public string File(string name)
    {
        Assert.True(Build.ExitCode == 0, Build.ToString());
        return Path.Combine(OutputDirectory, name);
    }

    /// <summary>A fresh directory for a test's scratch files.</summary>
    public string Scratch(string name)
    {
        var path = Path.Combine(Workspace.Root, "scratch", name);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose() => Workspace.Dispose();
}

[CollectionDefinition(Name)]
public sealed class AllFormatsBuildCollection : ICollectionFixture<AllFormatsBuildFixture>
{
    public const string Name = "Every output format of the real kernel";
}
