using Aurae.Composer.Pki;

namespace Aurae.Composer.Tests.Pki;

/// <summary>Directories that are incomplete, garbled or inconsistent are refused, naming the file, and nothing is overwritten.</summary>
public sealed class PkiInitializerRefusalTests : IDisposable
{
    private readonly TempPki temp = new();
    private readonly NodeIdentity node = NodeIdentity.Parse("n1=10.0.0.5");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Ca_certificate_without_its_key_is_refused_and_nothing_is_written()
    {
        PkiInitializer.Init(temp.Dir, []);
        File.Delete(temp.PathOf("ca.key"));

        var error = Assert.Throws<PkiException>(() => PkiInitializer.Init(temp.Dir, [node]));

        Assert.Contains($"'{temp.PathOf("ca.key")}' is missing", error.Message);
        Assert.False(Directory.Exists(temp.PathOf("nodes")));
    }

    [Fact]
    public void Ca_key_without_its_certificate_is_refused()
    {
        PkiInitializer.Init(temp.Dir, []);
        File.Delete(temp.PathOf("ca.crt"));

        var error = Assert.Throws<PkiException>(() => PkiInitializer.Init(temp.Dir, []));

        Assert.Contains($"'{temp.PathOf("ca.key")}' exists but its certificate '{temp.PathOf("ca.crt")}' is missing", error.Message);
    }

    [Theory]
    [InlineData("ca.crt", "contains no PEM '-----BEGIN CERTIFICATE-----' block")]
    [InlineData("ca.key", "does not contain a valid PEM ECDSA private key")]
    [InlineData("operator.crt", "contains no PEM '-----BEGIN CERTIFICATE-----' block")]
    public void Garbled_files_are_refused_naming_the_file(string file, string expected)
    {
        PkiInitializer.Init(temp.Dir, []);
        File.WriteAllText(temp.PathOf(file), "garbage\n");

        var error = Assert.Throws<PkiException>(() => PkiInitializer.Init(temp.Dir, []));

        Assert.Equal($"'{temp.PathOf(file)}' {expected}", error.Message.Split(':')[0]);
    }

    [Fact]
    public void Corrupt_certificate_base64_is_refused_naming_the_file()
    {
        PkiInitializer.Init(temp.Dir, []);
        File.WriteAllText(temp.PathOf("ca.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        var error = Assert.Throws<PkiException>(() => PkiInitializer.Init(temp.Dir, []));

        Assert.StartsWith($"'{temp.PathOf("ca.crt")}' does not contain a valid certificate", error.Message);
    }

    [Fact]
    public void Ca_key_from_another_ca_is_refused()
    {
        using var other = new TempPki();
        PkiInitializer.Init(temp.Dir, []);
        PkiInitializer.Init(other.Dir, []);
        File.Copy(other.PathOf("ca.key"), temp.PathOf("ca.key"), overwrite: true);

        var error = Assert.Throws<PkiException>(() => PkiInitializer.Init(temp.Dir, []));

        Assert.Equal($"'{temp.PathOf("ca.key")}' is not the private key of '{temp.PathOf("ca.crt")}'", error.Message);
    }

    [Fact]
    public void Node_certificate_from_another_ca_is_refused()
    {
        using var other = new TempPki();
        PkiInitializer.Init(temp.Dir, []);
        PkiInitializer.Init(other.Dir, [node]);
        Directory.CreateDirectory(temp.PathOf("nodes"));
        File.Copy(other.PathOf("nodes/n1.crt"), temp.PathOf("nodes/n1.crt"));
        File.Copy(other.PathOf("nodes/n1.key"), temp.PathOf("nodes/n1.key"));

        var error = Assert.Throws<PkiException>(() => PkiInitializer.Init(temp.Dir, [node]));

        Assert.StartsWith($"'{temp.PathOf("nodes/n1.crt")}' was not issued by '{temp.PathOf("ca.crt")}'", error.Message);
    }

    [Fact]
    public void Leftover_operator_files_without_a_ca_are_refused()
    {
        PkiInitializer.Init(temp.Dir, []);
        File.Delete(temp.PathOf("ca.crt"));
        File.Delete(temp.PathOf("ca.key"));

        var error = Assert.Throws<PkiException>(() => PkiInitializer.Init(temp.Dir, []));

        Assert.StartsWith($"'{temp.PathOf("operator.crt")}' exists but the CA that issued it does not", error.Message);
        Assert.False(File.Exists(temp.PathOf("ca.crt")));
    }

    [Fact]
    public void Failed_write_rolls_back_the_key_and_leaves_no_temporary_files()
    {
        PkiInitializer.Init(temp.Dir, []);
        // A directory squatting on the certificate's name makes the final rename fail.
        Directory.CreateDirectory(temp.PathOf("nodes/n1.crt"));

        var error = Assert.Throws<PkiException>(() => PkiInitializer.Init(temp.Dir, [node]));

        Assert.StartsWith($"cannot create '{temp.PathOf("nodes/n1.crt")}'", error.Message);
        Assert.Equal([temp.PathOf("nodes/n1.crt")], Directory.GetFileSystemEntries(temp.PathOf("nodes")));
    }

    [Fact]
    public void Node_given_twice_is_refused()
    {
        var error = Assert.Throws<PkiException>(() => PkiInitializer.Init(temp.Dir, [node, new NodeIdentity("n1")]));

        Assert.Equal("node 'n1' is given more than once", error.Message);
    }
}
